import { expect, test } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { ParentsPage } from './pages/ParentsPage';
import { RoutingPage } from './pages/RoutingPage';
import { BPS_TEXT, TcaPage, TcaPrintPage } from './pages/TcaPage';
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

// alice's NVDA buy and AMZN sell parents, shared by the serial tests below.
let nvda = '';
let amzn = '';
const num = (s: string) => Number(s.replace(/,/g, '').replace('\u2212', '-'));

test('a trader’s fills show up live on the TCA page: coloured slippage, totals, shortfall, charts; CSV and the printable report', async ({ browser }) => {
  test.setTimeout(120_000);
  const tca = new TcaPage(await sessions.signIn(browser, USERS.alice, '/tca'), server.url);
  await tca.ready();
  // Nothing yet: the page says what to do.
  await expect(tca.empty('parents')).toContainText('stage orders on the Orders page');
  await expect(tca.noFills).toContainText('no fills yet');
  await expect(tca.page.getByTestId('tca-shortfall-empty')).toBeVisible();
  await expect(tca.distChart).toContainText('No fills yet');

  // Two parents at critical urgency: they trade at once.
  nvda = await tca.parentOf(await tca.submitAccepted({ symbol: 'NVDA', side: 'buy', qty: 4_000, urgency: 'critical' }));
  amzn = await tca.parentOf(await tca.submitAccepted({ symbol: 'AMZN', side: 'sell', qty: 3_000, urgency: 'critical' }));
  await expect(tca.row('parents', nvda)).toBeVisible({ timeout: 10_000 });
  await expect(tca.row('parents', amzn)).toBeVisible();

  // Fills arrive: the parent's slippage vs VWAP is a signed figure, right-aligned and coloured by its sign.
  await expect(tca.cell('parents', nvda, 'vsVwap')).toHaveText(BPS_TEXT, { timeout: 40_000 });
  await expect(tca.noFills).toHaveCount(0);
  const vs = tca.cell('parents', nvda, 'vsVwap');
  await expect(vs).toHaveClass(/ag-right-aligned-cell/);
  const v = num(await vs.innerText());
  if (v > 0) await expect(vs).toHaveClass(/tone-pos/);
  if (v < 0) await expect(vs).toHaveClass(/tone-neg/);
  // Every signed figure in the grid is green when positive and red when negative.
  await expect
    .poll(async () =>
      tca.grid('parents').locator('.ag-cell[col-id="vsVwap"], .ag-cell[col-id="vsArrival"]').evaluateAll((cells) =>
        cells.every((c) => {
          const t = (c.textContent ?? '').trim();
          if (t.startsWith('+')) return c.classList.contains('tone-pos');
          if (t.startsWith('\u2212')) return c.classList.contains('tone-neg');
          return true;
        }),
      ),
    )
    .toBe(true);
  await expect(tca.cell('parents', nvda, 'strategy')).toHaveText('IS');

  // The TOTAL line: her parents' shares summed.
  await expect(tca.totalCell('parents', 'parentId')).toContainText('TOTAL');
  await expect
    .poll(async () => {
      const rows = await tca.table('parents');
      const total = num(await tca.totalCell('parents', 'filled').innerText());
      return total === rows.reduce((n, r) => n + num(r.filled || '0'), 0) && total > 0;
    }, { timeout: 10_000 })
    .toBe(true);
  await expect(tca.totalCell('parents', 'vsVwap')).toHaveText(BPS_TEXT);

  // The tiles: desk (her) totals.
  await expect.poll(() => tca.tileValue('vwap')).toMatch(BPS_TEXT);
  await expect.poll(async () => num(await tca.tileValue('executed'))).toBeGreaterThan(0);
  await expect(tca.tile('shortfall').locator('.tca-tile-sub')).toContainText(/(cost|gain) \$/);
  await expect(tca.tile('crossed')).toContainText('%');

  // A click on a parent breaks its shortfall down; the four components add up to the total.
  await tca.cell('parents', nvda, 'symbol').click();
  await expect(tca.shortfall).toHaveAttribute('data-scope', nvda);
  await expect(tca.page.getByTestId('tca-shortfall-parent')).toHaveText(nvda);
  const parts = await tca.waterfall.locator('[data-component]').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-component'), Number(r.getAttribute('data-usd'))])));
  expect(Object.keys(parts)).toEqual(['delay', 'execution', 'opportunity', 'fees', 'total']);
  expect(parts.delay + parts.execution + parts.opportunity + parts.fees).toBeCloseTo(parts.total, 1);
  await tca.page.getByTestId('tca-shortfall-all').click();
  await expect(tca.shortfall).toHaveAttribute('data-scope', 'all');

  // The children: a broker's report, each child against the VWAP while it was out, with a TOTAL line.
  await tca.showTab('children');
  await expect(tca.rows('children').first()).toBeVisible();
  const child = (await tca.table('children'))[0];
  expect(child.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  expect(child.venue).toMatch(/^(NYSE|NASDAQ|BATS|IEX|MIDX|BLOCK)$/);
  expect(child.kind).toMatch(/^(LMT|IOC|MID)$/);
  expect(child.avgPx).toMatch(/^\d{1,3}(,\d{3})*\.\d{2,4}$/);
  expect(child.vwap).toMatch(/^\d{1,3}(,\d{3})*\.\d{4}$/);
  expect(child.vsVwap).toMatch(BPS_TEXT);
  await expect(tca.totalCell('children', 'childId')).toContainText('TOTAL');
  await expect(tca.totalCell('children', 'vsVwap')).toHaveText(BPS_TEXT);
  await tca.showTab('orders');
  await expect(tca.rows('orders')).toHaveCount(2);

  // The charts are drawn: slippage over time (canvas), its distribution, by venue and by strategy.
  await expect(tca.timeChart.locator('canvas').first()).toBeVisible();
  await expect.poll(async () => Number(await tca.timeChart.getAttribute('data-points'))).toBeGreaterThan(0);
  await expect.poll(async () => Number(await tca.distChart.getAttribute('data-buckets'))).toBeGreaterThan(0);
  await expect.poll(async () => Number(await tca.venueChart.getAttribute('data-rows'))).toBeGreaterThan(0);
  await expect(tca.strategyChart.locator('.tca-bar-row[data-key="is"]')).toBeVisible();

  // CSV: a header like a broker's report and a TOTAL line, her rows only.
  const children = await tca.exportCsv('children');
  expect(children.name).toMatch(/^tca-children-\d{14}\.csv$/);
  expect(children.lines[0]).toBe('child_id,parent_id,placed_utc,end_utc,symbol,side,venue,order_type,logic,qty,filled,avg_px,arrival_px,vwap,vs_vwap_bps,vs_arrival_bps,fees_usd,working');
  expect(children.lines.length).toBeGreaterThan(2);
  const total = children.lines.at(-1)!.split(',');
  expect(total[0]).toBe('TOTAL');
  expect(total[14]).toMatch(/^-?\d+\.\d{2}$/);
  expect(children.lines.slice(1, -1).every((l) => [nvda, amzn].includes(l.split(',')[1]))).toBe(true);
  const parents = await tca.exportCsv('parents');
  expect(parents.lines[0].startsWith('parent_id,symbol,side,status,strategy,routing,owners')).toBe(true);
  expect(parents.lines.at(-1)!.startsWith('TOTAL,2 parents,')).toBe(true);

  // The printable report: every section, the parents' TOTAL line, no desk chrome on paper.
  await tca.printLink.click();
  const print = new TcaPrintPage(tca.page, server.url);
  await expect(tca.page).toHaveURL(/\/tca\/print$/);
  await print.ready();
  for (const s of ['summary', 'charts', 'parents', 'orders', 'children'] as const) await expect(print.section(s)).toBeVisible();
  await expect(print.section('parents').locator('tbody tr')).toHaveCount(2);
  await expect(tca.page.getByTestId('tca-print-parents-total')).toContainText('TOTAL · 2 parents');
  await expect(tca.page.getByTestId('tca-print-kpis')).toContainText('VWAP slippage');
  await expect(print.section('charts').locator('svg rect').first()).toBeAttached();
  await tca.page.emulateMedia({ media: 'print' });
  await expect(tca.page.getByTestId('top-bar')).toBeHidden();
  await expect(tca.page.getByTestId('tca-print-button')).toBeHidden();
  await expect(print.section('summary')).toBeVisible();
  await tca.page.emulateMedia({ media: 'screen' });
  await tca.page.getByTestId('tca-print-back').click();
  await tca.ready();
});

test('another trader sees none of it; a supervisor sees it all', async ({ browser }) => {
  const bob = new TcaPage(await sessions.signIn(browser, USERS.bob, '/tca'), server.url);
  await bob.ready();
  await expect(bob.root).toHaveAttribute('data-scope', 'own');
  await expect(bob.row('parents', nvda)).toHaveCount(0);
  await expect(bob.empty('parents')).toBeVisible();
  const csv = await bob.exportCsv('parents');
  expect(csv.lines).toHaveLength(2); // header and an empty TOTAL
  expect(csv.lines.join('\n')).not.toContain(nvda);

  const sam = new TcaPage(await sessions.signIn(browser, USERS.sam, '/tca'), server.url);
  await sam.ready();
  await expect(sam.root).toHaveAttribute('data-scope', 'desk');
  await expect(sam.row('parents', nvda)).toBeVisible();
  await expect(sam.row('parents', amzn)).toBeVisible();
});

test('the Parents and Routing blotters carry the live VWAP slippage, coloured by sign', async ({ browser }) => {
  const page = await sessions.signIn(browser, USERS.alice, '/parents');
  const parents = new ParentsPage(page, server.url);
  await parents.ready();
  await page.getByTestId('parents-filter-all').click();
  const cell = page.locator(`.ag-row[row-id="${nvda}"] .ag-cell[col-id="vwapSlip"] .tca-slip-cell`);
  await expect(cell).toHaveText(BPS_TEXT, { timeout: 15_000 });
  const v = num(await cell.innerText());
  await expect(cell).toHaveClass(v > 0 ? /pos/ : v < 0 ? /neg/ : /flat/);

  const routing = new RoutingPage(page, server.url);
  await routing.goto(nvda);
  await expect
    .poll(async () => (await routing.table()).some((r) => BPS_TEXT.test(r.vwapSlip ?? '')), { timeout: 15_000 })
    .toBe(true);
});
