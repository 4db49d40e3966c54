import { expect, test } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { LoginPage } from './pages/LoginPage';
import { OrdersPage } from './pages/OrdersPage';
import { USERS } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

const order = (clOrdId: string) => ({ clOrdId, symbol: 'AAPL', side: 'buy', qty: 100, urgency: 'medium', source: 'api' });

test('a viewer sees a disabled ticket and the API refuses their orders with 403', async ({ page }) => {
  const login = new LoginPage(page, server.url);
  await login.goto();
  await login.loginAs(USERS.vic);
  const desk = new OrdersPage(page, server.url);
  await desk.ready();
  await expect(desk.userChip).toHaveAttribute('data-role', 'viewer');

  await expect(desk.readOnlyNote).toBeVisible();
  await expect(desk.readOnlyNote).toContainText(/read-only/i);
  for (const field of [desk.symbol, desk.qty, desk.limit, desk.urgency, desk.submitButton])
    await expect(field).toBeDisabled();
  await expect(desk.page.getByTestId('side-sell')).toBeDisabled();

  // Straight at the API with the viewer's own session cookie.
  const res = await page.request.post(`${server.url}/api/trpc/orders.submit`, {
    data: order('VIEWER-1'),
    headers: { origin: server.url },
  });
  expect(res.status()).toBe(403);
  const body = await res.json();
  expect(JSON.stringify(body)).toMatch(/FORBIDDEN/);
  expect(JSON.stringify(body)).toMatch(/viewer may not submit orders/);

  // Nothing reached the blotter.
  await page.waitForTimeout(300);
  await desk.expectRowCount(0);
});

test('the same API call is accepted for a trader and refused signed out (the 403 is about the role)', async ({ browser, playwright }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const login = new LoginPage(page, server.url);
  await login.goto();
  await login.loginAs(USERS.alice);
  const ok = await page.request.post(`${server.url}/api/trpc/orders.submit`, { data: order('API-1'), headers: { origin: server.url } });
  expect(ok.status()).toBe(200);
  expect(JSON.stringify(await ok.json())).toMatch(/"accepted":true/);
  await context.close();

  const anon = await playwright.request.newContext();
  const res = await anon.post(`${server.url}/api/trpc/orders.submit`, { data: order('ANON-1'), headers: { origin: server.url } });
  expect(res.status()).toBe(401);
  await anon.dispose();
});
