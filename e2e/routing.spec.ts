import { expect, test } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { ParentDetailPage } from './pages/ParentDetailPage';
import { RoutingPage, VENUES } from './pages/RoutingPage';
import { VenuesPage } from './pages/VenuesPage';
import { USERS } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});
const sessions = browserSessions(() => server.url);

test.describe.configure({ mode: 'serial' });

// alice's KO buy parent (two orders grouped) and her NVDA sell parent, shared by the serial tests below.
let koParent = '';
let nvdaParent = '';
const VENUE = new RegExp(`^(${VENUES.join('|')})$`);

test('a trader’s orders form a parent; its children route live in the blotter, and the venue map shows where its quantity is', async ({ browser }) => {
  const alice = new RoutingPage(await sessions.signIn(browser, USERS.alice, '/routing'), server.url);
  await alice.ready();
  await expect(alice.empty).toContainText('No child orders yet');
  await expect(alice.mapEmpty).toContainText('Click a child order');

  // Two KO buys at high urgency group into one parent; an NVDA sell makes a second one.
  const first = await alice.submitAccepted({ symbol: 'KO', side: 'buy', qty: 2_000, urgency: 'high' });
  const second = await alice.submitAccepted({ symbol: 'KO', side: 'buy', qty: 1_500, urgency: 'high' });
  koParent = await alice.parentOf(first);
  expect(await alice.parentOf(second)).toBe(koParent);
  nvdaParent = await alice.parentOf(await alice.submitAccepted({ symbol: 'NVDA', side: 'sell', qty: 3_000, urgency: 'critical' }));

  // Children appear without a reload, each at a venue with a status.
  await expect(alice.rowsOf(koParent).first()).toBeVisible({ timeout: 20_000 });
  await expect(alice.rowsOf(nvdaParent).first()).toBeVisible({ timeout: 20_000 });
  const childId = (await alice.rowsOf(koParent).first().getAttribute('row-id'))!;
  await expect(alice.cell(childId, 'symbol')).toHaveText('KO');
  await expect(alice.cell(childId, 'side')).toHaveText('BUY');
  await expect(alice.cell(childId, 'venue')).toHaveText(VENUE);
  await expect(alice.cell(childId, 'kind')).toHaveText(/^(LMT|IOC|MID)$/);
  await expect(alice.cell(childId, 'logic')).toHaveText(/^(SEQ|PAR|SEEK)/);
  await expect(alice.cell(childId, 'px')).toHaveText(/^\d+\.\d{2,4}$/);
  await expect(alice.cell(childId, 'status')).toHaveText(/^(pending|live|filled|cancelled|rejected|possibly live)/);
  // Round trips come back in microseconds.
  await expect.poll(async () => (await alice.table()).some((r) => /^[\d,]+ µs$/.test(r.latency)), { timeout: 15_000 }).toBe(true);
  await expect(alice.count).toHaveAttribute('data-total', /^[1-9]\d*$/);

  // Picking the KO parent filters the blotter to its children and maps its venues.
  await alice.pickParent(koParent);
  await expect.poll(async () => (await alice.table()).every((r) => r.parentId === koParent)).toBe(true);
  await expect(alice.mapLogic).toHaveText(/^(Sequential|Parallel|Liquidity-seeking)$/);
  await expect(alice.mapChosenBy).toHaveText('chosen by the trilemma');
  await expect(alice.map.getByTestId('vm-group-lit').locator('[data-testid^="vm-venue-"]')).toHaveCount(4);
  await expect(alice.map.getByTestId('vm-group-dark').locator('[data-testid^="vm-venue-"]')).toHaveCount(2);
  await expect(alice.venue('MIDX')).toHaveAttribute('data-kind', 'dark');
  // Its quantity shows up at venues: working, in flight or filled.
  await expect
    .poll(async () => {
      const s = await alice.mapShares();
      return s.working + s.inFlight + s.filled;
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect(alice.mapTotals).toContainText('working');

  // Back to every parent; a click on one of the NVDA children maps that parent instead.
  await alice.parentFilter.selectOption('');
  await expect(alice.blotter).toHaveAttribute('data-parent', '');
  await alice.rowsOf(nvdaParent).first().locator('.ag-cell[col-id="venue"]').click();
  await alice.expectMapped(nvdaParent);
  await expect(alice.page).toHaveURL(new RegExp(`/routing\\?parent=${nvdaParent}$`));
});

test('another trader sees none of those children', async ({ browser }) => {
  const bob = new RoutingPage(await sessions.signIn(browser, USERS.bob, '/routing'), server.url);
  await bob.ready();
  await expect(bob.count).toHaveAttribute('data-total', '0');
  await expect(bob.rowsOf(koParent)).toHaveCount(0);
  await expect(bob.parentFilter.locator(`option[value="${koParent}"]`)).toHaveCount(0);
});

test('on the parent page the trader picks the routing logic; the venue map says it was chosen on the parent, until handed back to the trilemma', async ({ browser }) => {
  const detail = new ParentDetailPage(await sessions.signIn(browser, USERS.alice, `/parents/${koParent}`), server.url);
  await detail.ready(koParent);
  const picker = detail.page.getByTestId('routing-picker');
  await expect(picker).toHaveAttribute('data-chosen-by', 'trilemma');
  await expect(detail.page.getByTestId('routing-in-force')).toContainText('chosen by the trilemma');
  await expect(detail.page.getByTestId('routing-auto')).toHaveClass(/live/);

  await detail.page.getByTestId('routing-sequential').click();
  await detail.applyStrategy.click();
  await expect(detail.strategyVerdict).toHaveAttribute('data-kind', 'ok');
  await expect(picker).toHaveAttribute('data-logic', 'sequential');
  await expect(picker).toHaveAttribute('data-chosen-by', 'plan');
  await expect(detail.page.getByTestId('status-routing')).toContainText('Sequential');

  const routing = new RoutingPage(detail.page, server.url);
  await detail.page.getByTestId('status-routing-map').click();
  await routing.expectMapped(koParent);
  await expect(routing.mapLogic).toHaveText('Sequential');
  await expect(routing.mapChosenBy).toHaveText('chosen on the parent');

  await detail.page.goBack();
  await detail.ready(koParent);
  await detail.page.getByTestId('routing-auto').click();
  await detail.applyStrategy.click();
  await expect(detail.strategyVerdict).toHaveAttribute('data-kind', 'ok');
  await expect(picker).toHaveAttribute('data-chosen-by', 'trilemma');
});

test('the Venues page shows the scorecard to a viewer, who cannot change a venue’s status; a supervisor halts and resumes one with a reason', async ({ browser }) => {
  const vic = new VenuesPage(await sessions.signIn(browser, USERS.vic, '/venues'), server.url);
  await vic.ready();
  await expect(vic.page.locator('.topnav a.active')).toHaveText('Venues');
  // The children routed above taught the scorecard something.
  await expect.poll(async () => {
    let n = 0;
    for (const v of VENUES) n += Number((await vic.cell(v, 'children').innerText()).replace(/,/g, ''));
    return n;
  }, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(vic.cell('NYSE', 'fees')).toHaveText('−20 / 30');
  await expect(vic.cell('BATS', 'fees')).toHaveText('10 / −5');
  await expect(vic.cell('MIDX', 'spread')).toHaveText('—');
  await expect(vic.status('IEX')).toHaveAttribute('data-status', 'open');
  // The picked venue's minutes and fill probabilities.
  await vic.select('NASDAQ');
  await expect(vic.chart.locator('canvas').first()).toBeVisible();
  await expect(vic.fillTable).toHaveAttribute('data-venue', 'NASDAQ');
  await expect(vic.fillTable.locator('thead th')).toHaveCount(5);
  // Status only: no switches, and the API refuses a viewer.
  await expect(vic.readonlyNote).toBeVisible();
  await expect(vic.controls).toHaveCount(0);
  await expect(vic.page.getByTestId('venue-halt-NASDAQ')).toHaveCount(0);
  const refused = await vic.page.request.post(`${server.url}/api/trpc/market.setVenueStatus`, {
    data: { venue: 'IEX', status: 'halted', reason: 'viewer try' },
    headers: { origin: server.url },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('a viewer may not halt or resume venues');

  const sam = new VenuesPage(await sessions.signIn(browser, USERS.sam, '/venues'), server.url);
  await sam.ready();
  await sam.select('IEX');
  await sam.switchVenue('IEX', 'halt', 'IEX feed check');
  await expect(sam.status('IEX')).toHaveAttribute('data-status', 'halted');
  await expect(vic.status('IEX')).toHaveAttribute('data-status', 'halted');
  await sam.switchVenue('IEX', 'resume', 'feed fine');
  await expect(sam.status('IEX')).toHaveAttribute('data-status', 'open');
  await expect(vic.status('IEX')).toHaveAttribute('data-status', 'open');
});
