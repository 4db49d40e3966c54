import { expect, test } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { DeskPage } from './pages/DeskPage';
import { LoginPage } from './pages/LoginPage';
import { USERS } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('signed out, a desk page sends you to login and back to it after signing in', async ({ page }) => {
  await page.goto(`${server.url}/tca`);
  await expect(page).toHaveURL(/\/login\?next=%2Ftca$/);
  const login = new LoginPage(page, server.url);

  await login.fill('alice', 'not-her-password');
  await expect(login.error).toHaveText('wrong username or password');
  await expect(page).toHaveURL(/\/login/);

  await login.fill(USERS.alice.username, USERS.alice.password);
  await page.waitForURL((u) => u.pathname === '/tca');
  const desk = new DeskPage(page, server.url);
  await expect(page.getByTestId('tca-page')).toBeVisible();
  await desk.expectLive();
});

test('login ignores a next that leaves the site', async ({ page }) => {
  const login = new LoginPage(page, server.url);
  await login.goto('//example.com/steal');
  await login.loginAs(USERS.sam, '/orders');
});

test('top bar: sections, engine clock, badge, user and log out', async ({ page }) => {
  const login = new LoginPage(page, server.url);
  await login.goto();
  await login.loginAs(USERS.sam);
  const desk = new DeskPage(page, server.url);
  await desk.expectLive();
  await expect(desk.userChip).toContainText('Sam Supervisor');
  await expect(desk.userChip).toContainText('supervisor');

  // The clock is engine time in New York, HH:MM:SS, and it moves.
  const first = await desk.clockText();
  expect(first).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  await expect.poll(() => desk.clockText(), { timeout: 5_000 }).not.toBe(first);

  // The TCA page is live: tiles and blotters, not a placeholder.
  await desk.nav.getByRole('link', { name: 'TCA', exact: true }).click();
  await expect(page).toHaveURL(/\/tca$/);
  await expect(page.getByTestId('tca-page')).toBeVisible();
  await expect(page.getByTestId('section-placeholder')).toHaveCount(0);
  await expect(desk.nav.getByRole('link', { name: 'TCA', exact: true })).toHaveAttribute('aria-current', 'page');
  // The Routing and Venues pages are live: the child blotter and the scorecard, not placeholders.
  await desk.nav.getByRole('link', { name: 'Routing', exact: true }).click();
  await expect(page).toHaveURL(/\/routing$/);
  await expect(page.getByTestId('routing-blotter')).toBeVisible();
  await expect(page.getByTestId('section-placeholder')).toHaveCount(0);
  await desk.nav.getByRole('link', { name: 'Venues', exact: true }).click();
  await expect(page).toHaveURL(/\/venues$/);
  await expect(page.getByTestId('venues-page')).toBeVisible();
  await expect(desk.nav.getByRole('link', { name: 'Venues', exact: true })).toHaveAttribute('aria-current', 'page');
  // The Parents page is live: its blotter, not a placeholder.
  await desk.nav.getByRole('link', { name: 'Parents', exact: true }).click();
  await expect(page).toHaveURL(/\/parents$/);
  await expect(page.getByTestId('parents-blotter')).toBeVisible();
  await expect(page.getByTestId('section-placeholder')).toHaveCount(0);
  // The Supervisor page is live: its controls, not a placeholder.
  await desk.nav.getByRole('link', { name: 'Supervisor', exact: true }).click();
  await expect(page).toHaveURL(/\/supervisor$/);
  await expect(page.getByTestId('supervisor-page')).toBeVisible();
  await expect(page.getByTestId('section-placeholder')).toHaveCount(0);
  // The Audit page is live: the journal search, not a placeholder.
  await desk.nav.getByRole('link', { name: 'Audit', exact: true }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId('audit-page')).toBeVisible();
  await expect(page.getByTestId('section-placeholder')).toHaveCount(0);
  // The Market page is live: it opens on an instrument.
  await desk.nav.getByRole('link', { name: 'Market', exact: true }).click();
  await expect(page).toHaveURL(/\/market\?symbol=/);
  await expect(page.getByTestId('market-page')).toBeVisible();
  // Client-side navigation keeps the same socket: still live.
  await desk.expectLive();
  await desk.nav.getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByTestId('orders-blotter')).toBeVisible();

  await desk.logout();
  await page.goto(`${server.url}/orders`);
  await expect(page).toHaveURL(/\/login\?next=%2Forders$/);
});
