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

test('after a server crash and restart the page reconnects by itself and the order is still listed', async ({ page }) => {
  test.setTimeout(120_000);
  const login = new LoginPage(page, server.url);
  await login.goto('/orders');
  await login.loginAs(USERS.alice);
  const desk = new OrdersPage(page, server.url);
  await desk.ready();

  await desk.enterOrderWithKeyboard({ symbol: 'XOM', qty: 500, limit: '112.40' });
  const id = await desk.expectAck();
  await expect(desk.cell(id, 'status')).toHaveText('new');
  const clockBefore = await desk.clockText();

  // SIGKILL: no goodbye to the browser. The badge must notice on its own.
  const restarting = server.restart('SIGKILL');
  await expect(desk.badge).toHaveAttribute('data-state', /reconnecting|stale/, { timeout: 5_000 });
  await expect(desk.blotter).not.toHaveAttribute('data-conn', 'live');
  server = await restarting;

  // No reload: the socket comes back, the heartbeat resumes, the badge returns to live.
  await desk.expectLive(20_000);
  await expect(desk.blotter).toHaveAttribute('data-conn', 'live');
  await expect(desk.row(id)).toBeVisible();
  await expect(desk.cell(id, 'status')).toHaveText('new');
  await expect.poll(() => desk.clockText(), { message: 'engine clock ticks again' }).not.toBe(clockBefore);

  // The order stream resumed too: a new order shows up without a reload.
  await desk.enterOrderWithKeyboard({ symbol: 'XOM', qty: 100 });
  const after = await desk.expectAck();
  await expect(desk.row(after)).toBeVisible();

  // And a fresh page load lists both from the journal, live.
  await page.reload();
  await desk.ready();
  await expect(desk.row(id)).toBeVisible();
  await expect(desk.cell(id, 'limit')).toHaveText('112.40');
  await expect(desk.row(after)).toBeVisible();
  await desk.expectRowCount(2);
});
