import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { LoginPage } from './pages/LoginPage';
import { OrdersPage } from './pages/OrdersPage';
import { PolishPage, trpc } from './pages/PolishPage';
import { USERS, type DemoUser } from './pages/users';

let server: DeskServer;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await server?.stop();
});

/** A signed-in /orders page in its own browser context (its own cookies). */
async function signIn(browser: Browser, user: DemoUser): Promise<OrdersPage> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const login = new LoginPage(page, server.url);
  await login.goto('/orders');
  await login.loginAs(user);
  const orders = new OrdersPage(page, server.url);
  await orders.ready();
  return orders;
}

test.describe.configure({ mode: 'serial' });

let aliceOrderId = '';

test('a trader submits an order with the keyboard only; it is acknowledged and listed as new', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  // The ticket is ready to type into without touching the mouse.
  await expect(alice.symbol).toBeFocused();
  await alice.expectRowCount(0);

  await alice.enterOrderWithKeyboard({ symbol: 'AAPL', qty: 100, limit: '227.50' });
  aliceOrderId = await alice.expectAck();
  // Focus stays in the ticket so the next order can follow at once.
  expect(await alice.focusInTicket()).toBe(true);

  const row = alice.row(aliceOrderId);
  await expect(row).toBeVisible();
  await expect(alice.cell(aliceOrderId, 'status')).toHaveText('new');
  await expect(alice.cell(aliceOrderId, 'symbol')).toHaveText('AAPL');
  await expect(alice.cell(aliceOrderId, 'side')).toHaveText('BUY');
  await expect(alice.cell(aliceOrderId, 'qty')).toHaveText('100');
  await expect(alice.cell(aliceOrderId, 'limit')).toHaveText('227.50');
  await expect(alice.cell(aliceOrderId, 'source')).toHaveText('ticket');
  await expect(alice.cell(aliceOrderId, 'owner')).toHaveText('alice');
  await expect(alice.cell(aliceOrderId, 'leaves')).toHaveText('100');
  await expect(alice.cell(aliceOrderId, 'clOrdId')).toHaveText(/^T-/);
  // Long client ids and the Avg Px header explain themselves on hover (native titles: the blotter draws no tooltip features).
  const clOrdId = (await alice.cell(aliceOrderId, 'clOrdId').textContent())!.trim();
  await expect(alice.cell(aliceOrderId, 'clOrdId').locator('span[title]')).toHaveAttribute('title', clOrdId);
  await expect(alice.page.locator('[data-testid="orders-blotter"] .ag-header-cell[col-id="avgPrice"] [title]')).toHaveAttribute('title', /average fill price/i);
  await alice.expectRowCount(1);

  // A second order right away, still keyboard only: a market sell via S.
  await alice.enterOrderWithKeyboard({ symbol: 'MSFT', qty: '250', side: 'sell' });
  const second = await alice.expectAck();
  expect(second).not.toBe(aliceOrderId);
  await expect(alice.cell(second, 'side')).toHaveText('SELL');
  await expect(alice.cell(second, 'limit')).toHaveText('MKT');
  await alice.expectRowCount(2);
  await alice.page.context().close();
});

test('a supervisor in another browser sees a trader order within 1 s of its acknowledgement', async ({ browser }) => {
  const sam = await signIn(browser, USERS.sam);
  // The supervisor sees every desk's orders, including alice's from before.
  await expect(sam.row(aliceOrderId)).toBeVisible();
  await expect(sam.cell(aliceOrderId, 'owner')).toHaveText('alice');
  await sam.recordRowArrivals();

  const alice = await signIn(browser, USERS.alice);
  await alice.recordAcks();
  await alice.enterOrderWithKeyboard({ symbol: 'NVDA', qty: 300, limit: '120.25' });
  const id = await alice.expectAck();

  await expect(sam.row(id)).toBeVisible({ timeout: 5_000 });
  const ackAt = await alice.ackTime(id);
  const seenAt = await sam.rowArrivalTime(id);
  expect(ackAt, 'trader ack time recorded').toBeGreaterThan(0);
  expect(seenAt, 'supervisor row time recorded').toBeGreaterThan(0);
  const lag = seenAt - ackAt;
  test.info().annotations.push({ type: 'supervisor lag', description: `${lag} ms` });
  expect(lag, `supervisor saw ${id} ${lag} ms after the trader's ack`).toBeLessThan(1_000);
  await expect(sam.cell(id, 'status')).toHaveText('new');
  await expect(sam.cell(id, 'owner')).toHaveText('alice');
});

test('a trader does not see another trader order, and each sees their own', async ({ browser }) => {
  const bob = await signIn(browser, USERS.bob);
  // Alice has orders by now; none of them reach bob.
  await bob.expectRowCount(0);
  await expect(bob.row(aliceOrderId)).toHaveCount(0);

  await bob.enterOrderWithKeyboard({ symbol: 'JPM', qty: 40 });
  const bobsOrder = await bob.expectAck();
  await expect(bob.row(bobsOrder)).toBeVisible();
  await bob.expectRowCount(1);

  const alice = await signIn(browser, USERS.alice);
  await expect(alice.row(aliceOrderId)).toBeVisible();
  await expect(alice.row(bobsOrder)).toHaveCount(0);
  const ids = await alice.rowIds();
  expect(ids).not.toContain(bobsOrder);
  expect(ids.length).toBeGreaterThan(0);
});

test('a bad order shows the reject reason in the ticket and adds no row', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  const before = Number(await alice.count.getAttribute('data-count'));
  expect(before).toBeGreaterThan(0);

  // Off the AAPL tick grid of 0.01.
  await alice.enterOrderWithKeyboard({ symbol: 'AAPL', qty: 100, limit: '227.555' });
  await alice.expectReject(/not on the AAPL tick grid of 0\.01/);
  await expect(alice.status).toContainText('REJECT');

  // Not a multiple of the BRK.B lot of 100.
  await alice.enterOrderWithKeyboard({ symbol: 'BRK.B', qty: 50 });
  await alice.expectReject(/not a multiple of the BRK\.B lot of 100/);

  // Unknown instrument.
  await alice.enterOrderWithKeyboard({ symbol: 'ZZZZ', qty: 10 });
  await alice.expectReject(/unknown instrument "ZZZZ"/);

  // Give a stray row time to arrive (the stream conflates for 100 ms), then count.
  await alice.page.waitForTimeout(500);
  await alice.expectRowCount(before);

  // The same ticket still sends a good order afterwards.
  await alice.enterOrderWithKeyboard({ symbol: 'BRK.B', qty: 200 });
  const id = await alice.expectAck();
  await expect(alice.row(id)).toBeVisible();
  await alice.expectRowCount(before + 1);
});

test('a duplicate is flagged by pre-trade risk and can be sent anyway on purpose', async ({ browser }) => {
  // The duplicate window is engine time, and this desk runs at 10×: widen it to ten engine minutes.
  const sam = await signIn(browser, USERS.sam);
  const widened = await sam.page.request.post(`${server.url}/api/trpc/risk.setLimits`, {
    data: { limits: { duplicateWindowMs: 600_000 }, reason: 'e2e: human-speed duplicate window' },
    headers: { origin: server.url },
  });
  expect(widened.status()).toBe(200);
  const alice = await signIn(browser, USERS.alice);
  const before = Number(await alice.count.getAttribute('data-count'));
  await alice.enterOrderWithKeyboard({ symbol: 'JPM', qty: 700, limit: '240.10' });
  await alice.expectAck();
  await alice.enterOrderWithKeyboard({ symbol: 'JPM', qty: 700, limit: '240.10' });
  await alice.expectReject(/same buy 700 JPM by alice .* ago; confirm to send it anyway/);
  await alice.page.getByTestId('ticket-send-anyway').click();
  const id = await alice.expectAck();
  await expect(alice.row(id)).toBeVisible();
  await alice.expectRowCount(before + 2);
});

test('keyboard: S switches side to sell, B back to buy, Esc clears the ticket', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  const kb = alice.page.keyboard;
  await expect(alice.side).toHaveAttribute('data-side', 'buy');

  await alice.symbol.focus();
  // In the symbol box letters are symbol text, not side keys.
  await kb.type('BRK.B');
  await expect(alice.symbol).toHaveValue('BRK.B');
  await expect(alice.side).toHaveAttribute('data-side', 'buy');

  await alice.qty.focus();
  await kb.type('300');
  await kb.press('s');
  await expect(alice.side).toHaveAttribute('data-side', 'sell');
  await expect(alice.ticket).toHaveAttribute('data-side', 'sell');
  await expect(alice.qty).toHaveValue('300'); // the S was not typed into the quantity
  await alice.limit.focus();
  await kb.type('410.10');
  await kb.press('B');
  await expect(alice.side).toHaveAttribute('data-side', 'buy');
  await kb.press('S');
  await expect(alice.side).toHaveAttribute('data-side', 'sell');
  await expect(alice.limit).toHaveValue('410.10');
  await expect(alice.page.getByTestId('ticket-notional')).toHaveText('$123,030.00');

  await kb.press('Escape');
  await expect(alice.symbol).toHaveValue('');
  await expect(alice.qty).toHaveValue('');
  await expect(alice.limit).toHaveValue('');
  await expect(alice.side).toHaveAttribute('data-side', 'buy');
  await expect(alice.urgency).toHaveValue('medium');
  await expect(alice.symbol).toBeFocused();
});

test('rows follow the header: every cell lines up under its column when the grid scrolls sideways, a column is resized or hidden; ↓ moves the focused row, Enter opens its parent', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  const polish = new PolishPage(alice.page, server.url);
  const ids = await alice.rowIds();
  expect(ids.length).toBeGreaterThan(1);
  // Each header cell against the same column's cell in every drawn row: where they differ, and columns a row lacks.
  const misaligned = () =>
    alice.blotter.evaluate((grid) => {
      const out: string[] = [];
      const headers = [...grid.querySelectorAll<HTMLElement>('.ag-header-cell[col-id]')];
      for (const row of grid.querySelectorAll<HTMLElement>('.ag-row[row-id]')) {
        const cells = row.querySelectorAll('.ag-cell[col-id]');
        if (cells.length !== headers.length) out.push(`${row.getAttribute('row-id')}: ${cells.length} cells, ${headers.length} columns`);
        for (const h of headers) {
          const colId = h.getAttribute('col-id')!;
          const cell = row.querySelector(`.ag-cell[col-id="${colId}"]`);
          const a = h.getBoundingClientRect();
          const b = cell?.getBoundingClientRect();
          if (!b || Math.abs(a.left - b.left) > 1 || Math.abs(a.width - b.width) > 1) out.push(`${row.getAttribute('row-id')} ${colId}: header ${a.left}+${a.width}, cell ${b ? `${b.left}+${b.width}` : 'none'}`);
        }
      }
      return out;
    });
  await expect.poll(misaligned).toEqual([]);

  await alice.blotter.locator('.ag-grid-viewport').evaluate((v) => (v.scrollLeft = 240));
  await expect.poll(() => alice.blotter.locator('.ag-grid-viewport').evaluate((v) => v.scrollLeft)).toBeGreaterThan(0);
  await expect.poll(misaligned).toEqual([]);
  await alice.blotter.locator('.ag-grid-viewport').evaluate((v) => (v.scrollLeft = 0));

  await polish.resizeColumn(alice.blotter, 'symbol', 60);
  await expect.poll(() => alice.cell(ids[0], 'symbol').evaluate((c) => c.getBoundingClientRect().width)).toBeGreaterThan(120);
  await expect.poll(misaligned).toEqual([]);
  await polish.setColumnShown('orders', 'clOrdId', false);
  await alice.page.keyboard.press('Escape');
  await expect(alice.cell(ids[0], 'clOrdId')).toHaveCount(0);
  await expect.poll(misaligned).toEqual([]);
  await polish.resetLayout('orders');
  await alice.page.keyboard.press('Escape');
  await expect(alice.cell(ids[0], 'clOrdId')).toHaveCount(1);
  await expect.poll(misaligned).toEqual([]);

  // The keyboard: the focused row moves with ↓, and Enter opens the order's parent.
  await alice.cell(ids[0], 'symbol').click();
  await expect(alice.row(ids[0])).toHaveClass(/ag-row-focus/);
  await alice.page.keyboard.press('ArrowDown');
  await expect(alice.row(ids[1])).toHaveClass(/ag-row-focus/);
  await expect(alice.row(ids[0])).not.toHaveClass(/ag-row-focus/);
  await expect(alice.cell(ids[1], 'parent')).toHaveText(/^P\d+/);
  const parentId = (await alice.cell(ids[1], 'parent').innerText()).trim();
  await alice.page.keyboard.press('Enter');
  await alice.page.waitForURL((u) => u.pathname === `/parents/${parentId}`);
});

test('a trader cancels one order from the keyboard (Delete on its row, which keeps the focus as rows land above it) and another with its Cancel button; Delete on a finished order says why', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  await expect(alice.blotter.locator('.pr-hint')).toContainText('Del cancel');
  // Buy limits well under the market: they rest, unfilled, until cancelled.
  await alice.enterOrderWithKeyboard({ symbol: 'AAPL', qty: 300, limit: '200' });
  const byKey = await alice.expectAck();
  await alice.cell(byKey, 'symbol').click();
  await expect(alice.row(byKey)).toHaveClass(/ag-row-focus/);

  // A program's order lands above the focused row (newest first): the focus stays on the row picked.
  const sent = await trpc<{ accepted: boolean; orderId?: string }>(alice.page, server.url, 'orders.submit', { clOrdId: 'program-cancel-1', symbol: 'MSFT', side: 'buy', qty: 200, limitPrice: 350 });
  expect(sent.accepted).toBe(true);
  const byButton = sent.orderId!;
  await expect(alice.row(byButton)).toHaveAttribute('row-index', '0');
  await expect(alice.row(byKey)).toHaveClass(/ag-row-focus/);
  await expect(alice.row(byButton)).toHaveClass(/ag-row-no-focus/);

  const notice = alice.page.getByTestId('blotter-notice');
  await alice.page.keyboard.press('Delete');
  await expect(notice).toHaveText(`Cancel sent for ${byKey}`);
  await expect(alice.cell(byKey, 'status')).toHaveText('cancelled');
  await expect(alice.cell(byKey, 'leaves')).toHaveText('0');
  await expect(alice.row(byKey).getByTestId('cancel-order')).toHaveCount(0);
  // The other order was not touched by the key.
  await expect(alice.cell(byButton, 'status')).toHaveText('new');

  await alice.row(byButton).getByTestId('cancel-order').click();
  await expect(notice).toHaveText(`Cancel sent for ${byButton}`);
  await expect(alice.cell(byButton, 'status')).toHaveText('cancelled');

  await alice.cell(byKey, 'symbol').click();
  await alice.page.keyboard.press('Delete');
  await expect(notice).toHaveText(`${byKey} is cancelled: nothing left to cancel`);
  await alice.page.context().close();
});

test('a basket landing on the blotter: every new row gets its cells within a few frames, at most a dozen rows drawn a frame', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  const before = (await alice.rowIds()).length;
  // Count, per animation frame, the rows whose cells get drawn (a drawn row gets its cells in one go).
  await alice.blotter.evaluate((grid) => {
    const w = window as unknown as { __frame: number; __drawn: number[] };
    w.__frame = 0;
    w.__drawn = [0];
    const tick = () => {
      w.__drawn[++w.__frame] = 0;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver((list) => {
      for (const m of list) if ((m.target as Element).classList?.contains('ag-drawn-row') && m.addedNodes.length > 0) w.__drawn[w.__frame]++;
    }).observe(grid, { subtree: true, childList: true });
  });
  const lines = ['KO', 'XOM', 'JPM', 'MSFT', 'AAPL', 'AMZN', 'NVDA', 'GOOGL', 'SIRI', 'BRK.B'].flatMap((s, i) => [1, 2, 3, 4, 5, 6].map((k) => `${s},${k % 2 ? 'buy' : 'sell'},${(s === 'SIRI' || s === 'BRK.B' ? 100 : 1) * (k + 10 * i)},low`));
  await trpc(alice.page, server.url, 'orders.uploadBasket', { name: 'landing', csv: ['symbol,side,qty,urgency', ...lines].join('\n') });
  await expect.poll(async () => (await alice.rowIds()).length - before).toBeGreaterThan(20);
  // Every row in view has all its cells.
  await expect
    .poll(() =>
      alice.blotter.evaluate((grid) => {
        const columns = grid.querySelectorAll('.ag-header-cell[col-id]').length;
        return [...grid.querySelectorAll('.ag-row[row-id]')].filter((r) => r.querySelectorAll('.ag-cell[col-id]').length !== columns).length;
      }),
    )
    .toBe(0);
  const drawn = await alice.page.evaluate(() => (window as unknown as { __drawn: number[] }).__drawn);
  expect(drawn.reduce((a, b) => a + b, 0)).toBeGreaterThan(12);
  expect(Math.max(...drawn)).toBeLessThanOrEqual(12);
  // The vertical scrollbar follows the rows' new height (synced in the next frame: components/data/scrollSync.ts).
  await expect
    .poll(() =>
      alice.blotter.evaluate((grid) => {
        const rows = grid.querySelector('.ag-grid-viewport') as HTMLElement;
        const bar = grid.querySelector('.ag-body-vertical-scroll-viewport') as HTMLElement;
        const thumb = grid.querySelector('.ag-body-vertical-scroll-container') as HTMLElement;
        return Math.abs(parseFloat(thumb.style.height) - (rows.scrollHeight - (rows.clientHeight - bar.clientHeight)));
      }),
    )
    .toBeLessThanOrEqual(2);
});
