import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { BasketPanel } from './pages/BasketPanel';
import { LoginPage } from './pages/LoginPage';
import { OrdersPage } from './pages/OrdersPage';
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

test.describe.configure({ mode: 'serial' });

async function signIn(browser: Browser, user: DemoUser): Promise<{ orders: OrdersPage; basket: BasketPanel }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const login = new LoginPage(page, server.url);
  await login.goto('/orders');
  await login.loginAs(user);
  const orders = new OrdersPage(page, server.url);
  await orders.ready();
  return { orders, basket: new BasketPanel(page) };
}

const SYMBOLS = ['AAPL', 'MSFT', 'AMZN', 'NVDA', 'GOOGL', 'JPM', 'XOM', 'KO'];

/**
 * 30 good lines (every quantity different, so the 5 s duplicate check cannot
 * fire) and 3 bad ones at known line numbers. Line 1 is the header; the extra
 * "account" column is ignored with a warning.
 */
function basketCsv() {
  const rows = ['symbol,side,qty,limit,urgency,clOrdId,account'];
  const good: string[] = [];
  for (let i = 0; i < 30; i++) {
    const clOrdId = `E2E-BK-${String(i + 1).padStart(2, '0')}`;
    good.push(clOrdId);
    // Market orders, and buys limited far below the market (passive, so inside the price collar); lot-1 names only.
    const limit = i % 4 === 0 ? '10.00' : '';
    rows.push(`${SYMBOLS[i % SYMBOLS.length]},${i % 2 ? 'sell' : 'buy'},${100 + i * 7},${limit},${i % 5 === 0 ? 'high' : ''},${clOrdId},PM-1`);
  }
  rows.push('ZZZZ,buy,100,,,E2E-BK-BAD-1,PM-1'); // line 32
  rows.push('AAPL,buy,abc,,,E2E-BK-BAD-2,PM-1'); // line 33
  rows.push('BRK.B,buy,150,,,E2E-BK-BAD-3,PM-1'); // line 34
  return { text: `${rows.join('\n')}\n`, good };
}

test('a trader uploads a CSV basket: 30 accepted, 3 refused with their reasons, 30 basket rows in the blotter', async ({ browser }) => {
  const { orders, basket } = await signIn(browser, USERS.alice);
  await orders.expectRowCount(0);

  await basket.open();
  await expect(basket.templateLink).toHaveAttribute('href', /^data:text\/csv/);
  const { text, good } = basketCsv();
  await basket.chooseFile('rebalance-am.csv', text);
  // The name defaults to the file name; the CSV is loaded for a look before sending.
  await expect(basket.name).toHaveValue('rebalance-am');
  await expect(basket.uploadButton).toContainText('33 lines');
  await basket.upload();

  await basket.expectTotals({ accepted: 30, rejected: 2, unreadable: 1, lines: 33 });
  await expect(basket.warnings).toContainText('ignored unknown column(s): account');

  // Problems first: only the three bad lines, with the engine's and the reader's exact reasons.
  await expect(basket.lines).toHaveCount(3);
  expect(await basket.lineStatuses()).toEqual(['unreadable', 'rejected', 'rejected']);
  await expect(basket.line(32)).toHaveAttribute('data-status', 'rejected');
  await expect(basket.line(32)).toContainText('E2E-BK-BAD-1');
  await expect(basket.line(32)).toContainText('UNKNOWN_INSTRUMENT');
  await expect(basket.line(32).getByTestId('basket-line-detail')).toContainText('unknown instrument "ZZZZ"');
  await expect(basket.line(33)).toHaveAttribute('data-status', 'unreadable');
  await expect(basket.line(33).getByTestId('basket-line-detail')).toHaveText('quantity "abc" is not a number');
  await expect(basket.line(34)).toHaveAttribute('data-status', 'rejected');
  await expect(basket.line(34)).toContainText('NOT_LOT_MULTIPLE');
  await expect(basket.line(34).getByTestId('basket-line-detail')).toContainText('quantity 150 is not a multiple of the BRK.B lot of 100');

  // All 33 lines: problems still on top, then the 30 accepted ones with their order ids.
  await basket.showAll();
  await expect(basket.lines).toHaveCount(33);
  const statuses = await basket.lineStatuses();
  expect(statuses.slice(0, 3)).toEqual(['unreadable', 'rejected', 'rejected']);
  expect(statuses.slice(3).every((s) => s === 'accepted')).toBe(true);
  await expect(basket.line(2)).toContainText(good[0]);
  const ids = await basket.acceptedOrderIds();
  expect(ids).toHaveLength(30);
  expect(new Set(ids).size).toBe(30);

  // Esc closes the panel and gives focus back to the button.
  await basket.csv.focus();
  await orders.page.keyboard.press('Escape');
  await expect(basket.panel).toHaveCount(0);
  await expect(basket.openButton).toBeFocused();

  // The blotter gains exactly the 30 accepted orders, all from source basket.
  await orders.expectRowCount(30);
  expect((await orders.rowIds()).sort()).toEqual([...ids].sort());
  for (const id of ids.slice(0, 5)) {
    await expect(orders.cell(id, 'source')).toHaveText('basket');
    await expect(orders.cell(id, 'owner')).toHaveText('alice');
  }
  const sources = await orders.rows.locator('.ag-cell[col-id="source"]').allInnerTexts();
  expect(sources).toHaveLength(30);
  expect(sources.every((s) => s.trim() === 'basket')).toBe(true);
  const clIds = await orders.rows.locator('.ag-cell[col-id="clOrdId"]').allInnerTexts();
  expect(clIds.map((s) => s.trim()).sort()).toEqual([...good].sort());
});

test('pasted CSV text uploads with the keyboard; a bad header is reported; a dropped file loads; a throttle refusal is shown', async ({ browser }) => {
  const { orders, basket } = await signIn(browser, USERS.bob);
  const kb = orders.page.keyboard;
  await basket.openButton.focus();
  await kb.press('Enter');
  await expect(basket.panel).toBeVisible();
  await expect(orders.page.getByTestId('basket-choose')).toBeFocused();

  // A header that misses a required column: one unreadable line, nothing accepted.
  await basket.csv.focus();
  await basket.csv.fill('symbol,side\nAAPL,buy\n');
  await kb.press('Control+Enter');
  await basket.expectTotals({ accepted: 0, rejected: 0, unreadable: 1 });
  await expect(basket.line(1)).toContainText('header must name the columns qty');
  await expect(orders.page.getByTestId('basket-total-accepted')).toHaveAttribute('data-zero', 'true');

  // Good pasted text: the name is typed, Ctrl+Enter sends it.
  await basket.csv.fill('symbol,side,quantity,limit_price,client_order_id\nKO,buy,410,60.00,BOB-P-1\nXOM,sell,320,,BOB-P-2\n');
  await basket.name.fill('bob paste');
  await basket.name.focus();
  await kb.press('Control+Enter');
  await basket.expectTotals({ accepted: 2, rejected: 0, unreadable: 0 });
  await expect(basket.report).toContainText('bob paste');
  await expect(basket.lines).toHaveCount(2); // nothing to filter: all lines shown

  // A file dropped onto the panel is loaded like a chosen one.
  await basket.dropFile('eod-hedge.csv', 'symbol,side,qty\nJPM,sell,90\n');
  await expect(orders.page.getByTestId('basket-file-name')).toContainText('eod-hedge.csv');
  await expect(basket.name).toHaveValue('eod-hedge');
  await expect(basket.uploadButton).toContainText('1 line');

  // A refusal of the whole basket (the message throttle) shows the server's message, and no report changes.
  await orders.page.route('**/api/trpc/orders.uploadBasket**', (route) =>
    route.fulfill({
      status: 429,
      contentType: 'application/json',
      body: JSON.stringify([{ error: { message: 'bob sent 50 messages in the last second; the limit is 50', code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 } } }]),
    }),
  );
  await basket.uploadButton.click();
  await expect(basket.error).toContainText('TOO_MANY_REQUESTS');
  await expect(basket.error).toContainText('bob sent 50 messages in the last second; the limit is 50');
  await expect(basket.report).toContainText('bob paste');
  await orders.page.unroute('**/api/trpc/orders.uploadBasket**');

  await kb.press('Escape');
  await expect(basket.panel).toHaveCount(0);
  await orders.expectRowCount(2);
});

test('a viewer gets a disabled upload button, and the API refuses their basket with 403', async ({ browser }) => {
  const { orders, basket } = await signIn(browser, USERS.vic);
  await expect(orders.userChip).toHaveAttribute('data-role', 'viewer');
  await expect(basket.openButton).toBeVisible();
  await expect(basket.openButton).toBeDisabled();
  await expect(basket.panel).toHaveCount(0);

  const res = await orders.page.request.post(`${server.url}/api/trpc/orders.uploadBasket`, {
    data: { name: 'viewer basket', csv: 'symbol,side,qty\nAAPL,buy,100\n' },
    headers: { origin: server.url },
  });
  expect(res.status()).toBe(403);
  expect(JSON.stringify(await res.json())).toMatch(/FORBIDDEN/);
});
