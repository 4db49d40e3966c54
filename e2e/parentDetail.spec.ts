import { expect, test, type Browser } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { ParentDetailPage } from './pages/ParentDetailPage';
import { ParentsPage } from './pages/ParentsPage';
import { SupervisorPage } from './pages/SupervisorPage';
import { USERS, type DemoUser } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});
const sessions = browserSessions(() => server.url);

test.describe.configure({ mode: 'serial' });

// alice's KO parent, shared by the serial tests below. High urgency: Implementation
// Shortfall over 30 engine minutes (three wall minutes at the tests' 10×), front-loaded,
// so fills come within seconds and the parent is still working at the end.
let parentId = '';

/** A signed-in page on the parent's detail page, in its own browser context. */
async function openDetail(browser: Browser, user: DemoUser): Promise<ParentDetailPage> {
  const detail = new ParentDetailPage(await sessions.signIn(browser, user, `/parents/${parentId}`), server.url);
  await detail.ready(parentId);
  return detail;
}

test('a trader sends an order, follows the parent link from the blotter and sees the schedule, the fills and the progress live', async ({ browser }) => {
  const parents = new ParentsPage(await sessions.signIn(browser, USERS.alice, '/parents'), server.url);
  await parents.ready();
  await parents.submitAccepted({ symbol: 'KO', side: 'buy', qty: 3000, urgency: 'high' });
  await parents.expectRowCount(1);
  [parentId] = await parents.rowIds();

  // The blotter shows how it is worked and where the plan wants it by now.
  await expect(parents.cell(parentId, 'strategy')).toHaveText('IS');
  await expect(parents.cell(parentId, 'progress').getByTestId('parent-progress')).toHaveAttribute('data-planned-pct', /^\d+$/);

  // The side panel of the selected parent links to it too.
  await parents.select(parentId);
  await expect(parents.page.getByTestId('parent-detail-open')).toHaveAttribute('href', `/parents/${parentId}`);
  await parents.openDetail(parentId);
  const detail = new ParentDetailPage(parents.page, server.url);
  await detail.ready(parentId);
  await expect(detail.page.locator('.topnav a.active')).toHaveText('Parents');
  await expect(detail.root).toHaveAttribute('data-status', 'working');
  await expect(detail.stat('strategy')).toContainText('IS');
  await expect(detail.stat('window')).toHaveText(/^\d{2}:\d{2}:\d{2} → \d{2}:\d{2}:\d{2}/);
  await expect(detail.chart).toHaveAttribute('data-points', /^[1-9]\d*$/);

  // Fills arrive: chart, progress, average price and children follow without a reload.
  await expect.poll(async () => Number(await detail.chart.getAttribute('data-fills')), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => Number(await detail.progress.getAttribute('data-pct'))).toBeGreaterThan(0);
  await expect(detail.stat('done')).toHaveText(/^[\d,]+ \/ 3,000/);
  await expect(detail.stat('avg')).toHaveText(/^\d+\.\d{2}/);
  await expect(detail.page.getByTestId('chart-legend')).toContainText('mkt VWAP');
  await expect(detail.childRows.first()).toBeVisible();
  await expect(detail.childRows.first().locator('[col-id="venue"]')).toHaveText(/^[A-Z]+$/);
  // What working the rest would cost, per strategy, at the point in force.
  await expect(detail.estimate).toHaveAttribute('data-state', 'ready');
  await expect(detail.page.getByTestId('estimate-is')).toContainText('$');
});

test('the trader moves the trilemma point — a preset, the arrow keys, a typed weight — and each applied point takes effect; a refused strategy says why', async ({ browser }) => {
  const alice = await openDetail(browser, USERS.alice);
  // High urgency is the preset impact 20 / risk 40 / completion 40.
  await alice.expectPointInForce([20, 40, 40]);
  await alice.expectEditing([20, 40, 40]);
  await expect(alice.preset('high')).toHaveAttribute('aria-pressed', 'true');
  await expect(alice.applyPoint).toBeDisabled();
  await expect(alice.supervisor).toHaveCount(0);

  await alice.preset('low').click();
  await alice.expectEditing([60, 20, 20]);
  await expect(alice.triangle.getByTestId('trilemma-handle')).toBeVisible();
  await alice.applyPoint.click();
  await expect(alice.pointVerdict).toHaveAttribute('data-kind', 'ok');
  await alice.expectPointInForce([60, 20, 20]);

  // Keyboard: → slides from risk to completion, Shift+↓ moves away from impact; Enter applies.
  await alice.triangle.focus();
  await alice.page.keyboard.press('ArrowRight');
  await alice.page.keyboard.press('ArrowRight');
  await alice.page.keyboard.press('Shift+ArrowDown');
  await alice.expectEditing([50, 21, 29]);
  await alice.page.keyboard.press('Enter');
  await alice.expectPointInForce([50, 21, 29]);

  // A typed weight: the other two share the rest in their proportion.
  await alice.weight('completion').fill('50');
  await alice.expectEditing([35, 15, 50]);
  await alice.applyPoint.click();
  await alice.expectPointInForce([35, 15, 50]);
  await expect(alice.applyPoint).toBeDisabled();

  // The engine refuses a minimum slice above the maximum, and the picker says why.
  await alice.page.getByTestId('strategy-min-slice').fill('9000');
  await alice.applyStrategy.click();
  await expect(alice.strategyVerdict).toHaveAttribute('data-kind', 'error');
  await expect(alice.strategyVerdict).toContainText('minimum slice 9000 is above the maximum');
  await alice.page.getByTestId('strategy-reset').click();
  // VWAP over the same window instead.
  await alice.strategyButton('vwap').click();
  await alice.applyStrategy.click();
  await expect(alice.strategyVerdict).toHaveAttribute('data-kind', 'ok');
  await expect(alice.stat('strategy')).toContainText('VWAP');
  await expect(alice.strategy).toHaveAttribute('data-strategy', 'vwap');
});

test("a supervisor overrides the parent with a reason: the trader's page shows the banner and the override's point until the supervisor releases it", async ({ browser }) => {
  const alice = await openDetail(browser, USERS.alice);
  await expect(alice.banner).toHaveCount(0);
  await alice.expectPointInForce([35, 15, 50]);

  const sam = await openDetail(browser, USERS.sam);
  await expect(sam.supervisor).toBeVisible();
  // Nothing happens without a reason.
  await expect(sam.page.getByTestId('override-apply')).toBeDisabled();
  await sam.overrideChoice('critical').click();
  await sam.supervise('override-apply', 'Fed minutes at 14:00: finish first', /overridden: Critical/);
  await expect(sam.bannerText).toHaveText('Overridden by sam (parent): Fed minutes at 14:00: finish first');

  // The trader's open page follows: banner, the override's point in force, their own point kept.
  await expect(alice.bannerText).toHaveText('Overridden by sam (parent): Fed minutes at 14:00: finish first');
  await expect(alice.root).toHaveAttribute('data-overridden', 'true');
  await alice.expectPointInForce([5, 35, 60]);
  await expect(alice.overrideNote).toContainText('Override wins');
  await expect(alice.triangle.getByTestId('trilemma-marker')).toHaveClass(/ovr/);
  await alice.expectEditing([35, 15, 50]);
  await expect(alice.applyPoint).toHaveText('Save my point');

  // Pause and resume, each with a reason, show on the trader's page too.
  await sam.supervise('parent-pause', 'checking a fat finger', /paused/);
  await expect(alice.pausedBanner).toContainText('Paused by sam: checking a fat finger');
  await sam.supervise('parent-resume', 'all clear', /resumed/);
  await expect(alice.pausedBanner).toHaveCount(0);

  await sam.supervise('override-release', 'minutes are out', /override released/);
  await expect(sam.banner).toHaveCount(0);
  await expect(alice.banner).toHaveCount(0);
  await alice.expectPointInForce([35, 15, 50]);
  await expect(alice.applyPoint).toHaveText('Apply point');
});

test("on the Supervisor page, an override for a trader steers all of the trader's parents until it is released", async ({ browser }) => {
  const alice = await openDetail(browser, USERS.alice);
  const sam = new SupervisorPage(await sessions.signIn(browser, USERS.sam, '/supervisor'), server.url);
  await sam.ready();
  await expect(sam.page.getByTestId('overrides-count')).toHaveAttribute('data-count', '0');

  await sam.setOverride('trader', 'alice', 'high', 'alice is behind on the rebalance');
  await expect(sam.answer('overrides')).toHaveAttribute('data-kind', 'ok');
  await expect(sam.overrideRow('trader', 'alice')).toContainText('High');
  await expect(sam.overrideRow('trader', 'alice')).toContainText('alice is behind on the rebalance');

  await expect(alice.bannerText).toHaveText('Overridden by sam (trader): alice is behind on the rebalance');
  await alice.expectPointInForce([20, 40, 40]);

  await sam.releaseOverride('trader', 'alice', 'caught up');
  await expect(sam.overrideRow('trader', 'alice')).toHaveCount(0);
  await expect(alice.banner).toHaveCount(0);
  await alice.expectPointInForce([35, 15, 50]);
});
