import { expect, test, type Browser, type Page, type WebSocketRoute } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { PolishPage, trpc } from './pages/PolishPage';
import { ParentsPage } from './pages/ParentsPage';
import { OrdersPage } from './pages/OrdersPage';
import { USERS, type DemoUser } from './pages/users';

/**
 * The polish a trader expects (issue 9): figures formatted and aligned, sides
 * and signs coloured, grids driven from the keyboard, column layouts kept per
 * user on the server, toasts for fills, rejects and overrides, a progress bar
 * per parent, the clock and market status on every page, and empty states that
 * say what to do. One server; the tests run in order (the first needs it empty).
 */
let server: DeskServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});
const sessions = browserSessions(() => server.url);
test.describe.configure({ mode: 'serial' });

const SECTIONS = ['/orders', '/parents', '/routing', '/venues', '/market', '/tca', '/supervisor', '/audit'];
const GREEN = 'rgb(34, 197, 94)';
const RED = 'rgb(240, 72, 72)';

/** Where the keyboard focus is and what the grids show as focused and selected: for a failure's message. */
function focusReport(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const row = el?.closest('.ag-row');
    const grid = (sel: string) => [...document.querySelectorAll(sel)].map((r) => `${r.getAttribute('row-id')}@${r.getAttribute('row-index')}`).join(',');
    return JSON.stringify({
      active: el ? `${el.tagName}.${el.className}` : null,
      row: row ? `${row.getAttribute('row-id')}@${row.getAttribute('row-index')}` : null,
      col: el?.getAttribute('col-id') ?? null,
      selectedRows: grid('.ag-row-selected'),
      focusedRows: grid('.ag-row-focus'),
    });
  });
}

async function signIn(browser: Browser, user: DemoUser, path = '/orders'): Promise<Page> {
  return sessions.signIn(browser, user, path);
}

test('empty desk: every grid says what to do, and says it to the role — a viewer is not told to enter orders', async ({ browser }) => {
  const alice = new PolishPage(await signIn(browser, USERS.alice), server.url);
  const ordersEmpty = alice.page.getByTestId('orders-empty');
  await expect(ordersEmpty).toContainText('No orders yet');
  await expect(ordersEmpty).toContainText(/ticket/);
  await expect(ordersEmpty).toContainText(/basket/);

  await alice.page.goto(`${server.url}/parents`);
  const parentsEmpty = alice.page.getByTestId('parents-empty');
  await expect(parentsEmpty).toContainText('No parents hold your orders yet');
  // The way there is one click away.
  await parentsEmpty.getByRole('link', { name: /Orders/ }).click();
  await alice.page.waitForURL((u) => u.pathname === '/orders');

  await alice.page.goto(`${server.url}/routing`);
  await expect(alice.page.getByTestId('routing-empty')).toContainText('No child orders yet');
  await expect(alice.page.getByTestId('routing-empty').getByRole('link')).toHaveAttribute('href', '/orders');

  const vic = new PolishPage(await signIn(browser, USERS.vic), server.url);
  const vicEmpty = vic.page.getByTestId('orders-empty');
  await expect(vicEmpty).toContainText('No orders on the desk yet');
  await expect(vicEmpty).not.toContainText(/ticket|basket|enter one/i);
  await vic.page.goto(`${server.url}/parents`);
  await expect(vic.page.getByTestId('parents-empty')).toContainText('No parent orders yet');
  await expect(vic.page.getByTestId('parents-empty').getByRole('link')).toHaveCount(0);
});

test('the sim clock and the market status with its speed are in the top bar of every page; the desk kill switch shows HALTED', async ({ browser }) => {
  const sam = new PolishPage(await signIn(browser, USERS.sam), server.url);
  for (const path of SECTIONS) {
    await sam.page.goto(`${server.url}${path}`);
    await expect(sam.clock.locator('.engine-clock-time'), path).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
    await expect(sam.marketStatus, path).toBeVisible();
    await expect(sam.marketStatus, path).toHaveAttribute('data-state', 'open');
    await expect(sam.marketStatus, path).toContainText('OPEN');
    await expect(sam.speed, path).toHaveText('×10');
  }
  // The clock runs (×10: ten engine seconds a wall second).
  const t0 = await sam.clockText();
  await expect.poll(() => sam.clockText()).not.toBe(t0);

  const alice = new PolishPage(await signIn(browser, USERS.alice, '/market'), server.url);
  await expect(alice.marketStatus).toHaveAttribute('data-state', 'open');
  await trpc(sam.page, server.url, 'risk.setKillSwitch', { scope: 'desk', on: true, reason: 'polish e2e: halt' });
  await expect(alice.marketStatus).toHaveAttribute('data-state', 'halted');
  await expect(alice.marketStatus).toContainText('HALTED');
  await trpc(sam.page, server.url, 'risk.setKillSwitch', { scope: 'desk', on: false, reason: 'polish e2e: resume' });
  await expect(alice.marketStatus).toHaveAttribute('data-state', 'open');
});

test('a reject that happened while the connection was down is toasted once the page reconnects', async ({ browser }) => {
  // The desk's socket runs through Playwright, so the test can drop it and keep it down: while
  // down, a reconnect reaches nothing (held open to no server) until the test lets it through.
  const sockets: WebSocketRoute[] = [];
  const held: WebSocketRoute[] = [];
  let down = false;
  const page = await sessions.signIn(browser, USERS.alice, '/parents', undefined, (context) =>
    context.routeWebSocket(/\/api\/ws$/, (ws) => {
      if (down) return void held.push(ws);
      ws.connectToServer();
      sockets.push(ws);
    }),
  );
  const alice = new PolishPage(page, server.url);
  await alice.expectLive();

  down = true;
  for (const ws of sockets) await ws.close();
  await expect.poll(() => held.length, { message: 'the page tries to reconnect' }).toBeGreaterThan(0);
  await expect(alice.badge).not.toHaveAttribute('data-state', 'live', { timeout: 10_000 });
  // Over HTTP, while the page's socket is down: refused.
  const r = await trpc<{ accepted: boolean }>(page, server.url, 'orders.submit', { clOrdId: 'POLISH-AWAY-1', symbol: 'NOPE', side: 'sell', qty: 123, urgency: 'low', source: 'api' });
  expect(r.accepted).toBe(false);
  await page.waitForTimeout(500);
  await expect(alice.toast('reject')).toHaveCount(0);

  down = false;
  for (const ws of held) await ws.close();
  await alice.expectLive(20_000);
  const reject = alice.toast('reject');
  await expect(reject).toBeVisible();
  await expect(reject.getByTestId('toast-title')).toHaveText('Rejected: SELL 123 NOPE');
  await expect(reject.getByTestId('toast-body')).toContainText('UNKNOWN_INSTRUMENT');
});

test('a reject toasts its owner with the rule and reason, nobody else; fills toast too, a burst as one toast', async ({ browser }) => {
  const alice = new PolishPage(await signIn(browser, USERS.alice, '/parents'), server.url);
  const bob = new PolishPage(await signIn(browser, USERS.bob, '/parents'), server.url);
  await alice.expectLive();
  await bob.expectLive();

  const r = await trpc<{ accepted: boolean }>(alice.page, server.url, 'orders.submit', { clOrdId: 'POLISH-BAD-1', symbol: 'NOPE', side: 'sell', qty: 100, urgency: 'low', source: 'api' });
  expect(r.accepted).toBe(false);
  const reject = alice.toast('reject');
  await expect(reject).toBeVisible();
  await expect(reject.getByTestId('toast-title')).toHaveText('Rejected: SELL 100 NOPE');
  await expect(reject.getByTestId('toast-body')).toContainText('UNKNOWN_INSTRUMENT');
  await expect(reject).toHaveAttribute('role', 'alert');
  // Non-blocking: the page under it still takes clicks, and it goes by itself.
  await expect(alice.page.getByTestId('parents-filter-all')).toBeEnabled();
  await alice.page.getByTestId('parents-filter-all').click();
  await expect(reject).toHaveCount(0, { timeout: 15_000 });
  expect(await bob.toasts.count()).toBe(0);

  // A critical market buy fills quickly: its owner hears of it.
  await alice.submitAccepted({ symbol: 'KO', side: 'buy', qty: 400, urgency: 'critical' });
  const fill = alice.toast('fill');
  await expect(fill).toBeVisible({ timeout: 40_000 });
  await expect(fill.getByTestId('toast-title')).toHaveText(/^(BUY [\d,]+ KO @ \d+\.\d{4}|[\d,]+ fills? on [\d,]+ orders?)$/);
  expect(await bob.toast('fill').count()).toBe(0);

  // Many orders filling at once: one toast counts them, rather than a toast each.
  const csv = ['symbol,side,qty,urgency', ...['KO', 'XOM', 'JPM', 'MSFT', 'AAPL', 'AMZN', 'NVDA', 'GOOGL'].map((s) => `${s},buy,300,critical`)].join('\n');
  await trpc(alice.page, server.url, 'orders.uploadBasket', { name: 'polish-burst', csv });
  await expect.poll(async () => (await alice.toasts.allInnerTexts()).some((t) => /[\d,]+ fills on [2-9]\d* orders/.test(t)), { timeout: 45_000, message: 'a toast counts fills on several orders' }).toBe(true);
  expect(await alice.toasts.count()).toBeLessThanOrEqual(4);
});

test('a supervisor override of a trader’s parent toasts that trader', async ({ browser }) => {
  const alice = new PolishPage(await signIn(browser, USERS.alice, '/orders'), server.url);
  await alice.expectLive();
  const orderId = await alice.submitAccepted({ symbol: 'XOM', side: 'sell', qty: 90_000, urgency: 'low' });
  const parentId = await alice.parentOf(orderId);
  const sam = await signIn(browser, USERS.sam, '/supervisor');
  await trpc(sam, server.url, 'parents.override', { scope: 'parent', target: parentId, urgency: 'critical', reason: 'close is near' });
  const t = alice.toast('override');
  await expect(t).toBeVisible();
  await expect(t.getByTestId('toast-title')).toHaveText(`sam overrode ${parentId}`);
  await expect(t.getByTestId('toast-body')).toContainText('close is near');
});

test('figures: right-aligned tabular numbers, fixed decimals by kind and tick, sides coloured', async ({ browser }) => {
  const alice = new OrdersPage(await signIn(browser, USERS.alice), server.url);
  await alice.ready();
  const instruments = await trpc<Array<{ symbol: string; tick: number; refPrice: number }>>(alice.page, server.url, 'engine.instruments', undefined, 'GET');
  const siri = instruments.find((i) => i.symbol === 'SIRI')!;
  expect(siri.tick).toBeLessThan(0.01);
  const ko = await alice.submitAccepted({ symbol: 'KO', side: 'buy', qty: 12_300, limitPrice: 50.1, urgency: 'low' });
  const sub = await alice.submitAccepted({ symbol: 'SIRI', side: 'sell', qty: 2_000, limitPrice: Number((siri.refPrice * 1.02).toFixed(4)), urgency: 'low' });
  const cell = (orderId: string, col: string) => alice.blotter.locator(`.ag-row[row-id="${orderId}"] .ag-cell[col-id="${col}"]`);

  await expect(cell(ko, 'qty')).toHaveText('12,300');
  await expect(cell(ko, 'limit')).toHaveText('50.10');
  await expect(cell(sub, 'limit')).toHaveText(/^\d+\.\d{4}$/);
  for (const col of ['qty', 'limit', 'filled', 'leaves']) {
    const style = await cell(ko, col).evaluate((el) => {
      const cs = getComputedStyle(el);
      return { align: cs.textAlign, figures: cs.fontVariantNumeric, justify: cs.justifyContent };
    });
    expect(style.figures, col).toContain('tabular-nums');
    expect(['right', 'end'].includes(style.align) || style.justify === 'flex-end', `${col} right-aligned: ${JSON.stringify(style)}`).toBe(true);
  }
  // The header of a figure column lines up with its figures.
  await expect(alice.blotter.locator('.ag-header-cell[col-id="qty"]')).toHaveClass(/ag-right-aligned-header/);

  await expect(cell(ko, 'side')).toHaveText('BUY');
  await expect(cell(ko, 'side')).toHaveCSS('color', GREEN);
  await expect(cell(sub, 'side')).toHaveText('SELL');
  await expect(cell(sub, 'side')).toHaveCSS('color', RED);

  // The same kinds on the other blotters: parents' quantities and sides.
  const parents = new ParentsPage(alice.page, server.url);
  await parents.goto();
  await parents.ready();
  const koParent = await alice.parentOf(ko);
  await expect(parents.cell(koParent, 'qty')).toHaveText('12,300');
  await expect(parents.cell(koParent, 'qty')).toHaveClass(/ag-right-aligned-cell/);
  await expect(parents.cell(koParent, 'side')).toHaveCSS('color', GREEN);
});

test('keyboard: arrows walk the Parents blotter, Escape lets go, Enter opens the parent, Tab leaves the grid', async ({ browser }) => {
  const parents = new ParentsPage(await signIn(browser, USERS.alice, '/parents'), server.url);
  await parents.ready();
  await parents.show('all');
  // Two parents of its own at least, whatever ran before.
  let ids0: string[] = [];
  const mine = [
    await parents.parentOf(await parents.submitAccepted({ symbol: 'JPM', side: 'buy', qty: 30_000, urgency: 'low' })),
    await parents.parentOf(await parents.submitAccepted({ symbol: 'GOOGL', side: 'sell', qty: 20_000, urgency: 'low' })),
  ];
  // Both on screen before the rows are read: newest first.
  await expect.poll(async () => mine.every((id) => ids0.includes(id)) || (ids0 = await parents.displayedRowIds(), mine.every((id) => ids0.includes(id)))).toBe(true);
  const ids = ids0;
  const kb = parents.page.keyboard;
  // From nowhere in particular: the arrow starts at the top row and the grid takes the keyboard.
  await parents.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // An arrow has done nothing, rarely, under load: the failure says where the keyboard was.
  const selected = (id: string) =>
    expect(parents.page.getByTestId('parents-page'))
      .toHaveAttribute('data-selected', id)
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nkeyboard focus then: ${await focusReport(parents.page)}`);
      });
  await kb.press('ArrowDown');
  await selected(ids[0]);
  await expect.poll(() => parents.page.evaluate(() => !!document.activeElement?.closest('.ag-root-wrapper'))).toBe(true);
  await kb.press('ArrowDown');
  await selected(ids[1]);
  await expect(parents.detail).toHaveAttribute('data-parent-id', ids[1]);
  await kb.press('ArrowUp');
  await selected(ids[0]);
  // Escape closes what the selection opened.
  await kb.press('Escape');
  await expect(parents.page.getByTestId('parents-page')).toHaveAttribute('data-selected', '');
  await expect(parents.detail).toHaveAttribute('data-state', 'none');
  // Tab leaves the grid rather than walking its cells.
  await kb.press('ArrowDown');
  await expect.poll(() => parents.page.evaluate(() => !!document.activeElement?.closest('[data-testid="parents-blotter"] .ag-root-wrapper'))).toBe(true);
  await kb.press('Tab');
  // One Tab and the focus is past the grid (the next control on the page), not on its next cell.
  await expect.poll(() => parents.page.evaluate(() => !document.activeElement?.closest('[data-testid="parents-blotter"] .ag-root-wrapper'))).toBe(true);
  // Back in the grid, Enter opens the selected parent's page.
  await parents.cell(ids[1], 'symbol').click();
  await expect(parents.page.getByTestId('parents-page')).toHaveAttribute('data-selected', ids[1]);
  await kb.press('Enter');
  await parents.page.waitForURL((u) => u.pathname === `/parents/${ids[1]}`);
});

test('a parent’s progress bar: crossed, filled, in flight and remaining, the filled width its filled share — in the blotter and the detail', async ({ browser }) => {
  const parents = new ParentsPage(await signIn(browser, USERS.alice, '/parents'), server.url);
  await parents.ready();
  await parents.show('all');
  // Some parent of alice's has market fills by now (the critical orders above).
  let target = '';
  await expect
    .poll(
      async () => {
        for (const id of await parents.rowIds()) {
          const bar = parents.cell(id, 'progress').getByTestId('parent-progress');
          if (Number(await bar.getAttribute('data-filled')) > 0) return (target = id);
        }
        return '';
      },
      { timeout: 30_000 },
    )
    .not.toBe('');
  const check = async (bar: ReturnType<typeof parents.page.locator>) => {
    const m = await bar.evaluate((el) => {
      // The segments ease to a new width over 0.3 s (a CSS transition): measure where they are going, not where they are.
      for (const a of el.getAnimations({ subtree: true })) a.finish();
      const track = el.querySelector('.pr-progress-track')!.getBoundingClientRect().width;
      const part = (tid: string) => el.querySelector(`[data-testid="${tid}"]`)!.getBoundingClientRect().width;
      const n = (a: string) => Number(el.getAttribute(a));
      return { track, filled: part('progress-filled'), crossed: part('progress-crossed'), inflight: part('progress-inflight'), qty: n('data-qty'), f: n('data-filled'), c: n('data-crossed'), i: n('data-inflight'), pct: n('data-pct') };
    });
    expect(m.track).toBeGreaterThan(20);
    // Widths within a pixel of the shares, plus 2 % of slack.
    expect(Math.abs(m.filled / m.track - m.f / m.qty)).toBeLessThan(0.02 + 1 / m.track);
    expect(Math.abs(m.crossed / m.track - m.c / m.qty)).toBeLessThan(0.02 + 1 / m.track);
    expect(Math.abs(m.inflight / m.track - m.i / m.qty)).toBeLessThan(0.02 + 1 / m.track);
    expect(m.filled + m.crossed + m.inflight).toBeLessThanOrEqual(m.track + 1);
    expect(Math.abs(m.pct - Math.round(((m.f + m.c) / m.qty) * 100))).toBeLessThanOrEqual(2);
  };
  await check(parents.cell(target, 'progress').getByTestId('parent-progress'));
  await parents.openDetail(target);
  await check(parents.page.getByTestId('parent-progress').first());
});

test('column layouts are saved on the server per user: they survive logout and a fresh browser, do not leak to another user, and reset', async ({ browser }) => {
  const alice = new PolishPage(await signIn(browser, USERS.alice), server.url);
  const orders = new OrdersPage(alice.page, server.url);
  await orders.ready();
  const grid = orders.blotter;
  await expect(grid.locator('.ag-header-cell[col-id="clOrdId"]')).toHaveCount(1);
  const before = await alice.headerWidth(grid, 'symbol');

  await alice.setColumnShown('orders', 'clOrdId', false);
  await alice.page.keyboard.press('Escape');
  await expect(grid.locator('.ag-header-cell[col-id="clOrdId"]')).toHaveCount(0);
  await alice.resizeColumn(grid, 'symbol', 60);
  await expect.poll(() => alice.headerWidth(grid, 'symbol')).toBeGreaterThan(before + 40);
  await grid.locator('.ag-header-cell[col-id="qty"] .ag-header-cell-label').click();
  await expect(grid.locator('.ag-header-cell[col-id="qty"]')).toHaveAttribute('aria-sort', 'ascending');

  // Saved on the server, as alice's.
  await expect
    .poll(async () => {
      const l = (await alice.savedLayouts()).orders ?? [];
      return { hidden: !!l.find((c) => c.colId === 'clOrdId')?.hide, wide: (l.find((c) => c.colId === 'symbol')?.width ?? 0) > before + 40, sorted: l.find((c) => c.colId === 'qty')?.sort ?? null };
    })
    .toEqual({ hidden: true, wide: true, sorted: 'asc' });
  const savedWidth = (await alice.savedLayouts()).orders!.find((c) => c.colId === 'symbol')!.width!;
  await alice.logout();

  // Bob sees the desk's own layout, and has none saved.
  const bob = new PolishPage(await signIn(browser, USERS.bob), server.url);
  const bobOrders = new OrdersPage(bob.page, server.url);
  await bobOrders.ready();
  await expect(bobOrders.blotter.locator('.ag-header-cell[col-id="clOrdId"]')).toHaveCount(1);
  expect(Math.abs((await bob.headerWidth(bobOrders.blotter, 'symbol')) - before)).toBeLessThan(2);
  expect((await bob.savedLayouts()).orders).toBeUndefined();

  // Alice, in a fresh browser context (no storage of the first), finds her layout.
  const again = new PolishPage(await signIn(browser, USERS.alice), server.url);
  const againOrders = new OrdersPage(again.page, server.url);
  await againOrders.ready();
  await expect(againOrders.blotter.locator('.ag-header-cell[col-id="clOrdId"]')).toHaveCount(0);
  await expect.poll(() => again.headerWidth(againOrders.blotter, 'symbol')).toBeGreaterThan(savedWidth - 2);
  await expect(againOrders.blotter.locator('.ag-header-cell[col-id="qty"]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(again.layoutMenu('orders')).toHaveAttribute('data-customised', 'true');

  // Reset: the desk's own columns again, here and on the server.
  await again.resetLayout('orders');
  await expect(againOrders.blotter.locator('.ag-header-cell[col-id="clOrdId"]')).toHaveCount(1);
  await expect.poll(async () => Math.abs((await again.headerWidth(againOrders.blotter, 'symbol')) - before)).toBeLessThan(2);
  await expect(againOrders.blotter.locator('.ag-header-cell[col-id="qty"]')).not.toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await again.savedLayouts()).orders).toBeUndefined();
});
