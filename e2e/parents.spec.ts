import { expect, test, type Browser } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { ParentsPage } from './pages/ParentsPage';
import { USERS, type DemoUser } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});
const sessions = browserSessions(() => server.url);

/** A signed-in /parents page in its own browser context (its own cookies). */
async function signIn(browser: Browser, user: DemoUser): Promise<ParentsPage> {
  const parents = new ParentsPage(await sessions.signIn(browser, user, '/parents'), server.url);
  await parents.ready();
  return parents;
}

test.describe.configure({ mode: 'serial' });

// Shared by the serial tests below: alice's KO parent and its orders.
let parentId = '';
let aliceFirst = '';
let aliceSecond = '';
let bobSell = '';

test('two compatible API buys of KO from one trader become ONE working parent, with the reason and both constituents', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  await alice.expectRowCount(0);
  await expect(alice.page.getByTestId('parents-empty')).toBeVisible();
  await expect(alice.detail).toHaveAttribute('data-state', 'none');

  // Different sizes: the same owner, side, symbol and size within 5 s is a duplicate.
  aliceFirst = await alice.submitAccepted({ symbol: 'KO', side: 'buy', qty: 300 });
  aliceSecond = await alice.submitAccepted({ symbol: 'KO', side: 'buy', qty: 200 });

  // Both join one parent: it arrives live on the open page.
  await alice.expectRowCount(1);
  [parentId] = await alice.rowIds();
  expect(parentId).toMatch(/^P\d+$/);
  await expect(alice.cell(parentId, 'symbol')).toHaveText('KO');
  await expect(alice.cell(parentId, 'side')).toHaveText('BUY');
  await expect(alice.cell(parentId, 'status')).toHaveText('working');
  await expect(alice.cell(parentId, 'orders')).toHaveText('2');
  await expect(alice.cell(parentId, 'owners')).toHaveText('alice');
  await expect(alice.cell(parentId, 'qty')).toHaveText('500');
  await expect(alice.cell(parentId, 'crossed')).toHaveText('0');
  await expect(alice.cell(parentId, 'open')).toHaveText('500');
  await expect(alice.cell(parentId, 'progress')).toContainText('0%');
  await expect(alice.cell(parentId, 'created')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  await expect(alice.cell(parentId, 'reason')).toHaveText(/buy KO, low urgency/);

  // Selecting it explains the grouping and lists both constituents.
  await alice.select(parentId);
  await expect(alice.page.getByTestId('parent-why')).toContainText('Why grouped:');
  await expect(alice.reason).toHaveText(/^buy KO, low urgency, price-insensitive .*strategy: desk choice$/);
  await expect(alice.detail).toHaveAttribute('data-orders', '2');
  expect((await alice.detailOrderIds()).sort()).toEqual([aliceFirst, aliceSecond].sort());
  await expect(alice.detailCell(aliceFirst, 'qty')).toHaveText('300');
  await expect(alice.detailCell(aliceSecond, 'qty')).toHaveText('200');
  await expect(alice.detailCell(aliceFirst, 'owner')).toHaveText('alice');
  await expect(alice.detailCell(aliceFirst, 'source')).toHaveText('api');
  await expect(alice.detailCell(aliceFirst, 'limit')).toHaveText('MKT');
  await expect(alice.detailCell(aliceFirst, 'status')).toHaveText('new');
  await expect(alice.hidden).toHaveCount(0);
});

test('an opposing sell from another trader crosses at the midpoint: the cross and the crossed quantity appear live; the seller sees no parent', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  await alice.select(parentId);
  await expect(alice.crossCount).toHaveAttribute('data-count', '0');
  // Mark the document: whatever changes below must arrive without a reload.
  await alice.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const bob = await signIn(browser, USERS.bob);
  await bob.show('all');
  await bob.expectRowCount(0);

  bobSell = await bob.submitAccepted({ symbol: 'KO', side: 'sell', qty: 150 });

  // Alice's parent: 150 of 500 crossed, live.
  await expect(alice.cell(parentId, 'crossed')).toHaveText('150');
  await expect(alice.cell(parentId, 'open')).toHaveText('350');
  await expect(alice.cell(parentId, 'status')).toHaveText('working');
  await expect(alice.cell(parentId, 'progress').getByTestId('parent-progress')).toHaveAttribute('data-pct', '30');
  // The oldest buy took the cross; the detail refreshed with it.
  await expect(alice.detailCell(aliceFirst, 'crossed')).toHaveText('150');
  await expect(alice.detailCell(aliceFirst, 'leaves')).toHaveText('150');
  await expect(alice.detailCell(aliceFirst, 'avgPrice')).toHaveText(/^\d+\.\d{2,4}$/);
  await expect(alice.detailCell(aliceSecond, 'leaves')).toHaveText('200');

  // The crossing panel lists it with what it saved.
  await expect(alice.crossCount).toHaveAttribute('data-count', '1');
  await expect(alice.crossTotals).toHaveAttribute('data-qty', '150');
  await expect(alice.page.getByTestId('cross-total-qty')).toHaveText('150');
  const [x] = await alice.crosses();
  expect(x.symbol).toBe('KO');
  expect(x.qty).toBe('150');
  expect(x.buy).toBe(aliceFirst);
  expect(x.sell).toBe(bobSell);
  expect(Number(x.px)).toBeGreaterThan(30);
  expect(x.spread).toMatch(/^\$\d+\.\d{2}$/);
  expect(x.fees).toMatch(/^\$\d+\.\d{2}$/);
  expect(x.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  expect(Number(await alice.crossTotals.getAttribute('data-saved'))).toBeGreaterThan(0);
  // It belongs to the selected parent, so it is marked.
  await expect(alice.crossRow(x.crossId)).toHaveClass(/xr-selected/);
  expect(await alice.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // Bob's sell crossed in full: it joined no parent, so he sees none, but he sees his cross.
  await expect(bob.crossCount).toHaveAttribute('data-count', '1');
  await bob.page.waitForTimeout(300);
  await bob.expectRowCount(0);
  expect(await bob.rowIds()).not.toContain(parentId);
});

test('a supervisor sees every parent and every owner; traders see only parents holding their orders, and others\' orders are counted, not shown', async ({ browser }) => {
  const bob = await signIn(browser, USERS.bob);
  // A compatible buy joins alice's parent (nothing opposite rests to cross with); an MSFT sell starts bob's own.
  const bobBuy = await bob.submitAccepted({ symbol: 'KO', side: 'buy', qty: 100 });
  await bob.submitAccepted({ symbol: 'MSFT', side: 'sell', qty: 50 });
  await bob.expectRowCount(2);
  const bobParent = (await bob.rowIds()).find((id) => id !== parentId)!;
  await expect(bob.cell(bobParent, 'symbol')).toHaveText('MSFT');
  await expect(bob.cell(bobParent, 'side')).toHaveText('SELL');
  await expect(bob.cell(parentId, 'owners')).toHaveText('alice, bob');
  await bob.select(parentId);
  await expect(bob.detail).toHaveAttribute('data-orders', '1');
  expect(await bob.detailOrderIds()).toEqual([bobBuy]);
  await expect(bob.hidden).toHaveText('+2 orders of other traders');

  const sam = await signIn(browser, USERS.sam);
  await sam.expectRowCount(2);
  await expect(sam.cell(parentId, 'owners')).toHaveText('alice, bob');
  await expect(sam.cell(parentId, 'orders')).toHaveText('3');
  await expect(sam.cell(parentId, 'qty')).toHaveText('600');
  await expect(sam.cell(bobParent, 'owners')).toHaveText('bob');
  await expect(sam.count).toContainText('all desks');

  // Keyboard: ↓ selects the top row (newest first: bob's MSFT parent), ↓ the next, ↑ back.
  await sam.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await sam.page.keyboard.press('ArrowDown');
  await expect(sam.detail).toHaveAttribute('data-parent-id', bobParent);
  await expect(sam.row(bobParent)).toHaveClass(/ag-row-selected/);
  await sam.page.keyboard.press('ArrowDown');
  await expect(sam.detail).toHaveAttribute('data-parent-id', parentId);
  await expect(sam.row(parentId)).toHaveClass(/ag-row-selected/);
  // The supervisor sees every constituent, none hidden.
  expect((await sam.detailOrderIds()).sort()).toEqual([aliceFirst, aliceSecond, bobBuy].sort());
  await expect(sam.hidden).toHaveCount(0);
  await expect(sam.crossCount).toHaveAttribute('data-count', '1');
  await sam.page.keyboard.press('ArrowUp');
  await expect(sam.detail).toHaveAttribute('data-parent-id', bobParent);

  // Alice still sees only her parent, now with one order that is not hers.
  const alice = await signIn(browser, USERS.alice);
  await alice.expectRowCount(1);
  expect(await alice.rowIds()).toEqual([parentId]);
  await alice.select(parentId);
  await expect(alice.detail).toHaveAttribute('data-orders', '2');
  await expect(alice.hidden).toHaveText('+1 order of another trader');
});

test('when crosses leave nothing open the parent completes; the working / completed / all filters follow it live', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  await alice.select(parentId);
  await expect(alice.cell(parentId, 'open')).toHaveText('450');

  // The supervisor sells what is open: 150 + 200 of alice's, 100 of bob's.
  const sam = await signIn(browser, USERS.sam);
  await sam.submitAccepted({ symbol: 'KO', side: 'sell', qty: 450 });

  // Working is the default view: the completed parent leaves it.
  await expect(alice.filter('working')).toHaveAttribute('aria-pressed', 'true');
  await alice.expectRowCount(0);
  await expect(alice.detail).toHaveAttribute('data-parent-id', parentId);
  await expect(alice.page.getByTestId('parent-detail-status')).toHaveText('completed');
  await expect(alice.detailCell(aliceSecond, 'status')).toHaveText('filled');
  await expect(alice.crossCount).toHaveAttribute('data-count', '3');
  await expect(alice.crossTotals).toHaveAttribute('data-qty', '500');

  await alice.show('completed');
  await alice.expectRowCount(1);
  await expect(alice.cell(parentId, 'status')).toHaveText('completed');
  await expect(alice.cell(parentId, 'crossed')).toHaveText('600');
  await expect(alice.cell(parentId, 'open')).toHaveText('0');
  await expect(alice.cell(parentId, 'progress')).toContainText('100%');
  await expect(alice.row(parentId)).toHaveClass(/ag-row-selected/);

  await alice.show('all');
  await alice.expectRowCount(1);
  await expect(alice.count).toHaveAttribute('data-working', '0');

  // The supervisor sees bob's MSFT parent still working, alice's completed.
  await sam.expectRowCount(1);
  await sam.show('all');
  await sam.expectRowCount(2);
});
