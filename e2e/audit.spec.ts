import fs from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { AuditPage } from './pages/AuditPage';
import { LoginPage } from './pages/LoginPage';
import { USERS, type DemoUser } from './pages/users';

let server: DeskServer;
const contexts: BrowserContext[] = [];
/** The order alice submits and sam cancels; every test reads its trail. */
let orderId = '';

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
  await server?.stop();
});

test.describe.configure({ mode: 'serial' });

/** A page signed in as `user` in its own browser context (its own cookies), left on `path`. */
async function signIn(browser: Browser, user: DemoUser, path = '/orders'): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const login = new LoginPage(page, server.url);
  await login.goto(path === '/orders' ? undefined : path);
  await login.loginAs(user, path);
  return page;
}

/** A tRPC mutation straight at the API with the page's session cookie, as an API client would call it. */
async function mutate<T>(page: Page, proc: string, body: unknown): Promise<T> {
  const res = await page.request.post(`${server.url}/api/trpc/${proc}`, { data: body, headers: { origin: server.url } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

test('a viewer finds one order’s whole trail by its id: who accepted, grouped and cancelled it, each event as journaled, the search in the URL', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  const sub = await mutate<{ accepted: boolean; orderId: string }>(alice, 'orders.submit', {
    clOrdId: `E2E-AUD-${Date.now().toString(36)}`,
    symbol: 'KO',
    side: 'buy',
    qty: 1200,
    urgency: 'low',
    source: 'api',
  });
  expect(sub.accepted).toBe(true);
  orderId = sub.orderId;
  const sam = await signIn(browser, USERS.sam);
  expect(await mutate<{ cancelled: boolean }>(sam, 'orders.cancel', { orderId, reason: 'client asked' })).toEqual({ cancelled: true });

  const vicPage = await signIn(browser, USERS.vic, '/audit');
  const vic = new AuditPage(vicPage, server.url);
  await vic.ready();
  // The whole journal to start with, newest first; the type list comes from it.
  await expect(vic.rowsOfType('OrderAccepted').first()).toBeVisible();
  await expect(vic.typeSelect.locator('option[value="OrderCancelled"]')).toHaveCount(1);

  await vic.filterBy('orderId', orderId);
  await expect(vicPage).toHaveURL(new RegExp(`/audit\\?orderId=${orderId}$`));
  await expect(vic.count).toHaveAttribute('data-count', '3');
  await expect(vic.count).toContainText('3 events');
  expect(await vic.types()).toEqual(['OrderCancelled', 'OrderJoinedParent', 'OrderAccepted']);

  const cancelled = vic.rowsOfType('OrderCancelled');
  await expect(vic.cell(cancelled, 'actor')).toHaveText('sam');
  await expect(vic.cell(cancelled, 'summary')).toContainText('client asked');
  await expect(vic.cell(cancelled, 'orderIds')).toHaveText(orderId);
  await expect(vic.cell(cancelled, 'time')).toHaveText(/^\d{2}:\d{2}:\d{2}\.\d{3}$/);
  await expect(vic.cell(cancelled, 'type').locator('.au-pill')).toHaveAttribute('data-family', 'order');
  const accepted = vic.rowsOfType('OrderAccepted');
  await expect(vic.cell(accepted, 'actor')).toHaveText('alice');
  await expect(vic.cell(accepted, 'summary')).toContainText('buy 1200 KO');
  const joined = vic.rowsOfType('OrderJoinedParent');
  await expect(vic.cell(joined, 'type').locator('.au-pill')).toHaveAttribute('data-family', 'parent');
  const parentId = (await vic.cell(joined, 'parentId').innerText()).trim();
  expect(parentId).not.toBe('');

  // A row shows its event as journaled.
  await expect(vic.page.getByTestId('audit-detail-empty')).toBeVisible();
  await vic.cell(cancelled, 'summary').click();
  await expect(vic.detail).toHaveAttribute('data-seq', (await vic.cell(cancelled, 'seq').innerText()).trim());
  await expect(vic.detailJson).toContainText('"type": "OrderCancelled"');
  await expect(vic.detailJson).toContainText(`"orderId": "${orderId}"`);
  await expect(vic.detailJson).toContainText('"by": "sam"');
  await expect(vic.detailJson).toContainText('"reason": "client asked"');
  // ↓ walks to the next (older) event.
  await vic.page.keyboard.press('ArrowDown');
  await expect(vic.detailJson).toContainText('"type": "OrderJoinedParent"');

  // The link reproduces the search in a fresh tab.
  const again = new AuditPage(await vicPage.context().newPage(), server.url);
  await again.goto(`orderId=${orderId}`);
  await again.ready();
  await expect(again.field('orderId')).toHaveValue(orderId);
  expect(await again.types()).toEqual(['OrderCancelled', 'OrderJoinedParent', 'OrderAccepted']);
  await again.page.close();

  // A time window in engine time (New York): nothing this order did is after 15:59…
  await vic.filterBy('from', '15:59');
  await expect(vicPage).toHaveURL(/[?&]from=15%3A59/);
  await expect(vic.count).toHaveAttribute('data-count', '0');
  await expect(vic.page.getByTestId('audit-empty')).toBeVisible();
  // …everything is after 00:00; a time that is not a time is refused in place.
  await vic.field('from').fill('25:00');
  await vic.field('from').press('Enter');
  await expect(vic.page.getByTestId('audit-filter-error')).toContainText('HH:MM');
  await vic.filterBy('from', '00:00');
  await expect(vic.count).toHaveAttribute('data-count', '3');

  // Clicking the parent drills into it: the search becomes that parent.
  await vic.cell(joined, 'parentId').getByRole('button').click();
  await expect(vicPage).toHaveURL(new RegExp(`/audit\\?parentId=${parentId}$`));
  await expect(vic.root).toHaveAttribute('data-state', 'ready');
  await expect(vic.rowsOfType('ParentCreated')).toHaveCount(1);
  await expect(vic.rowsOfType('OrderJoinedParent')).toHaveCount(1);

  // By type, then clicking an order id drills into that order.
  await vic.clear.click();
  await expect(vicPage).toHaveURL(/\/audit$/);
  await vic.typeSelect.selectOption('OrderCancelled');
  await vic.apply.click();
  await expect(vicPage).toHaveURL(/\/audit\?type=OrderCancelled$/);
  await expect(vic.root).toHaveAttribute('data-state', 'ready');
  const link = vic.rows().getByTestId('audit-order-link').filter({ hasText: new RegExp(`^${orderId}$`) });
  await link.click();
  await expect(vicPage).toHaveURL(new RegExp(`/audit\\?orderId=${orderId}$`));
  await expect(vic.count).toHaveAttribute('data-count', '3');
  await expect(vic.field('orderId')).toHaveValue(orderId);
  await expect(vic.typeSelect).toHaveValue('');
});

test('Load older pages back through a long trail, 200 events at a time, before the oldest row shown', async ({ browser }) => {
  // Enough orders for more than a page: each is accepted (or refused) and joins a parent.
  const bob = await signIn(browser, USERS.bob);
  const symbols = ['AAPL', 'MSFT', 'KO', 'NVDA', 'XOM'];
  for (let i = 0; i < 150; i++) {
    await mutate(bob, 'orders.submit', {
      clOrdId: `E2E-PG-${Date.now().toString(36)}-${i}`,
      symbol: symbols[i % symbols.length],
      side: i % 2 ? 'sell' : 'buy',
      qty: 100 * (1 + Math.floor(i / symbols.length)),
      urgency: 'low',
      source: 'api',
    });
  }
  const page = await signIn(browser, USERS.vic, '/audit');
  const vic = new AuditPage(page, server.url);
  await vic.ready();
  await expect(vic.count).toHaveAttribute('data-count', '200');
  await expect(vic.count).toHaveAttribute('data-more', 'true');
  await expect(vic.loadOlder).toBeEnabled();
  const range = page.getByTestId('audit-range');
  const oldest = Number(await range.getAttribute('data-oldest'));
  const newest = Number(await range.getAttribute('data-newest'));
  expect(newest - oldest).toBe(199);

  // What the next page should hold, asked of the server directly.
  const res = await page.request.get(`${server.url}/api/trpc/audit.search?input=${encodeURIComponent(JSON.stringify({ beforeSeq: oldest, limit: 1000 }))}`);
  expect(res.status()).toBe(200);
  const older = ((await res.json()) as { result: { data: Array<{ seq: number }> } }).result.data;
  expect(older[0]!.seq).toBe(oldest - 1);

  await vic.loadOlder.click();
  await expect(vic.count).toHaveAttribute('data-count', String(200 + Math.min(200, older.length)));
  await expect(range).toHaveAttribute('data-newest', String(newest));
  await expect(range).toHaveAttribute('data-oldest', String(older[Math.min(200, older.length) - 1]!.seq));
  if (older.length < 200) {
    await expect(vic.count).toHaveAttribute('data-more', 'false');
    await expect(vic.loadOlder).toBeDisabled();
    await expect(vic.loadOlder).toHaveText('Start of trail');
  }
  // Paging is not a new search: the URL stays as it was.
  await expect(page).toHaveURL(/\/audit$/);
});

test('Export CSV downloads the same search as CSV: its header and one line per event', async ({ browser }) => {
  expect(orderId, 'the first test submits the order').not.toBe('');
  const page = await signIn(browser, USERS.vic, '/audit');
  const vic = new AuditPage(page, server.url);
  await vic.goto(`orderId=${orderId}`);
  await vic.ready();
  await expect(vic.count).toHaveAttribute('data-count', '3');
  await expect(vic.exportLink).toHaveAttribute('href', `/api/audit/export.csv?orderId=${orderId}`);

  const [download] = await Promise.all([page.waitForEvent('download'), vic.exportLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-[\d-]+\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('seq,time_utc,type,actor,order_ids,parent_id,summary');
  expect(lines).toHaveLength(4);
  expect(lines[1]).toMatch(new RegExp(`^\\d+,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,OrderCancelled,sam,${orderId},,cancelled: client asked$`));
  expect(lines[2]).toContain(',OrderJoinedParent,desk,');
  expect(lines[3]).toContain(',OrderAccepted,alice,');
});

test('a trader opening /audit is told it is for compliance and supervisors only, and sees no grid', async ({ browser }) => {
  const page = await signIn(browser, USERS.alice, '/audit');
  const alice = new AuditPage(page, server.url);
  await expect(alice.root).toHaveAttribute('data-state', 'forbidden');
  await expect(alice.forbidden).toBeVisible();
  await expect(alice.forbidden).toContainText('Compliance and supervisors only');
  await expect(alice.forbidden).toContainText('a trader may not read the audit trail');
  await expect(page.locator('.ag-row, .ag-header')).toHaveCount(0);
  await expect(page.getByTestId('audit-grid')).toHaveCount(0);
  await expect(alice.exportLink).toHaveCount(0);
  // The server refuses her whatever the page shows.
  const csv = await page.request.get(`${server.url}/api/audit/export.csv`);
  expect(csv.status()).toBe(403);
  const search = await page.request.get(`${server.url}/api/trpc/audit.search?input=${encodeURIComponent(JSON.stringify({ limit: 5 }))}`);
  expect(search.status()).toBe(403);
  expect(await search.text()).toContain('a trader may not read the audit trail');
});
