import { expect, test, type Browser } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { submitViaApi, SupervisorPage, type ApiOrder } from './pages/SupervisorPage';
import { USERS, type DemoUser } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});
const sessions = browserSessions(() => server.url);

/** A signed-in /supervisor page in its own browser context (its own cookies). */
async function signIn(browser: Browser, user: DemoUser): Promise<SupervisorPage> {
  const sup = new SupervisorPage(await sessions.signIn(browser, user, '/supervisor'), server.url);
  await sup.ready();
  return sup;
}

/** A trader signed in for API calls only (the session cookie lives in the context). */
async function apiUser(browser: Browser, user: DemoUser): Promise<(o: ApiOrder) => ReturnType<typeof submitViaApi>> {
  const page = await sessions.signIn(browser, user);
  return (o) => submitViaApi(page, server.url, o);
}

test.describe.configure({ mode: 'serial' });

test("a supervisor pulls bob's kill switch with a reason: his two orders are cancelled, his next submit is refused, and released he trades again", async ({ browser }) => {
  const bob = await apiUser(browser, USERS.bob);
  const alice = await apiUser(browser, USERS.alice);
  // Different symbols: the same owner, side, symbol and size within 5 s is a duplicate.
  expect((await bob({ symbol: 'AAPL', side: 'buy', qty: 100 })).accepted).toBe(true);
  expect((await bob({ symbol: 'MSFT', side: 'buy', qty: 200 })).accepted).toBe(true);
  expect((await alice({ symbol: 'KO', side: 'buy', qty: 300 })).accepted).toBe(true);

  const sam = await signIn(browser, USERS.sam);
  await expect(sam.root).toHaveAttribute('data-readonly', 'false');
  await expect(sam.readonlyNote).toHaveCount(0);
  // The order stream lists every trader, with their working orders.
  await expect(sam.userRow('bob')).toHaveAttribute('data-on', 'false');
  await expect(sam.userRow('bob').locator('td').nth(1)).toHaveText('2');
  await expect(sam.userRow('alice').locator('td').nth(1)).toHaveText('1');
  await expect(sam.page.getByTestId('overview-working')).toHaveText('3');
  await expect(sam.page.getByTestId('overview-parents')).toHaveText('3');
  await expect(sam.page.getByTestId('overview-notional')).toHaveText(/^\$\d/);

  // Esc backs out of the reason form without changing anything, focus back on the switch.
  const toggle = sam.page.getByTestId('kill-user-toggle-bob');
  await toggle.click();
  await expect(sam.reasonInput).toBeFocused();
  await sam.page.keyboard.type('second thoughts');
  await sam.page.keyboard.press('Escape');
  await expect(sam.page.getByTestId('reason-form')).toHaveCount(0);
  await expect(toggle).toBeFocused();
  await expect(sam.userRow('bob')).toHaveAttribute('data-on', 'false');

  // Enter confirms: the answer says how many orders the switch cancelled.
  await sam.toggleUser('bob', 'bob reported a runaway algo');
  await expect(sam.answer('kill')).toHaveAttribute('data-kind', 'ok');
  await expect(sam.answer('kill')).toHaveText('✓ bob killed · 2 orders cancelled');
  await expect(sam.userRow('bob')).toHaveAttribute('data-on', 'true');
  await expect(sam.page.getByTestId('kill-user-toggle-bob')).toHaveText('Release');
  await expect(sam.page.getByTestId('overview-switches')).toHaveText('1');
  // Only bob's orders went: alice's is still working.
  await expect(sam.page.getByTestId('overview-working')).toHaveText('1');
  await expect(sam.userRow('bob').locator('td').nth(1)).toHaveText('0');

  const refused = await bob({ symbol: 'NVDA', side: 'buy', qty: 100 });
  expect(refused).toEqual({ accepted: false, code: 'KILL_SWITCH', reason: 'the kill switch is on for bob' });
  // Alice is not affected.
  expect((await alice({ symbol: 'NVDA', side: 'buy', qty: 100 })).accepted).toBe(true);

  await sam.toggleUser('bob', 'algo fixed and verified');
  await expect(sam.answer('kill')).toHaveText('✓ bob released');
  await expect(sam.userRow('bob')).toHaveAttribute('data-on', 'false');
  await expect(sam.page.getByTestId('overview-switches')).toHaveText('0');
  expect((await bob({ symbol: 'NVDA', side: 'buy', qty: 100 })).accepted).toBe(true);
  await expect(sam.userRow('bob').locator('td').nth(1)).toHaveText('1');

  // A user not yet seen on the stream can be killed by name, and released from the list.
  await sam.page.getByTestId('kill-user-input').fill('carol');
  await sam.page.getByTestId('kill-user-add').click();
  await sam.giveReason('new joiner, not yet approved');
  await expect(sam.answer('kill')).toHaveText('✓ carol killed · 0 orders cancelled');
  await expect(sam.userRow('carol')).toHaveAttribute('data-on', 'true');
  await sam.toggleUser('carol', 'approved');
  await expect(sam.answer('kill')).toHaveText('✓ carol released');
});

test('a supervisor restricts XOM with a reason: an XOM order is refused with RESTRICTED until it comes off the list', async ({ browser }) => {
  const alice = await apiUser(browser, USERS.alice);
  const sam = await signIn(browser, USERS.sam);
  await expect(sam.page.getByTestId('restricted-empty')).toBeVisible();

  await sam.restrict('XOM', 'merger talks: inside information');
  await expect(sam.answer('restricted')).toHaveText('✓ XOM restricted');
  await expect(sam.restrictedRow('XOM')).toContainText('Exxon Mobil');
  await expect(sam.page.getByTestId('restricted-count')).toHaveAttribute('data-count', '1');
  await expect(sam.page.getByTestId('overview-restricted')).toHaveText('1');
  // XOM can no longer be picked to restrict again.
  await expect(sam.page.getByTestId('restrict-symbol').locator('option[value="XOM"]')).toHaveCount(0);

  const refused = await alice({ symbol: 'XOM', side: 'buy', qty: 100 });
  expect(refused).toEqual({ accepted: false, code: 'RESTRICTED', reason: 'XOM is on the restricted list' });
  expect((await alice({ symbol: 'JPM', side: 'buy', qty: 100 })).accepted).toBe(true);

  await sam.unrestrict('XOM', 'deal announced, restriction lifted');
  await expect(sam.answer('restricted')).toHaveText('✓ XOM removed from the restricted list');
  await expect(sam.restrictedRow('XOM')).toHaveCount(0);
  expect((await alice({ symbol: 'XOM', side: 'buy', qty: 100 })).accepted).toBe(true);
});

test('a supervisor lowers the max order quantity to 1,000 with a reason: only that field is sent, 2,000 is refused with MAX_QTY, and the form keeps it after a reload', async ({ browser }) => {
  const alice = await apiUser(browser, USERS.alice);
  const sam = await signIn(browser, USERS.sam);
  // Current limits, formatted with their units.
  await expect(sam.limitField('maxOrderQty')).toHaveValue('500,000');
  await expect(sam.limitField('maxOrderNotional')).toHaveValue('25,000,000');
  await expect(sam.limitField('collarBps')).toHaveValue('500');
  await expect(sam.limitField('duplicateWindowMs')).toHaveValue('5,000');
  await expect(sam.limitField('duplicateWindowFixMs')).toHaveValue('off');
  await expect(sam.limitField('maxMessagesPerSecond')).toHaveValue('50');
  await expect(sam.limits).toContainText('msgs/s');
  await expect(sam.limitsSave).toBeDisabled();

  const sent = sam.page.waitForRequest((r) => r.url().includes('risk.setLimits') && r.method() === 'POST');
  await sam.setLimits({ maxOrderQty: '1000' }, 'fat-finger incident this morning');
  const body = JSON.parse((await sent).postData() ?? '{}') as Record<string, { limits: Record<string, number>; reason: string }>;
  const input = body['0'] ?? (body as unknown as { limits: Record<string, number>; reason: string });
  expect(input.limits).toEqual({ maxOrderQty: 1000 });
  expect(input.reason).toBe('fat-finger incident this morning');
  await expect(sam.answer('limits')).toHaveAttribute('data-kind', 'ok');
  await expect(sam.answer('limits')).toHaveText('✓ limits saved · max order quantity 500,000 sh → 1,000 sh');
  await expect(sam.limitField('maxOrderQty')).toHaveValue('1,000');

  const refused = await alice({ symbol: 'AMZN', side: 'buy', qty: 2_000 });
  expect(refused.accepted).toBe(false);
  expect(refused.accepted === false && refused.code).toBe('MAX_QTY');
  expect((await alice({ symbol: 'AMZN', side: 'buy', qty: 1_000 })).accepted).toBe(true);

  await sam.page.reload();
  await sam.ready();
  await expect(sam.limitField('maxOrderQty')).toHaveValue('1,000');
  await expect(sam.page.getByTestId('limit-row-maxOrderQty')).toHaveAttribute('data-value', '1000');

  // A bad value is caught in the form, and nothing is sent without a reason.
  await sam.limitField('collarBps').fill('-5');
  await expect(sam.page.getByTestId('limit-was-collarBps')).toHaveText('must be above zero');
  await expect(sam.limitsSave).toBeDisabled();
  await sam.limitField('collarBps').press('Escape');
  await expect(sam.limitField('collarBps')).toHaveValue('500');
  // A rule that 0 turns off says so.
  await sam.limitField('duplicateWindowFixMs').fill('-1');
  await expect(sam.page.getByTestId('limit-was-duplicateWindowFixMs')).toHaveText('must be 0 (off) or more');
  await sam.limitField('duplicateWindowFixMs').fill('2000');
  await expect(sam.page.getByTestId('limit-was-duplicateWindowFixMs')).toHaveText('was off');
  await sam.limitField('duplicateWindowFixMs').press('Escape');
  await expect(sam.limitField('duplicateWindowFixMs')).toHaveValue('off');
});

test('a trader opening /supervisor sees the state read-only: no switches, no forms, a note; the desk switch shows up live when a supervisor pulls it', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  await expect(alice.root).toHaveAttribute('data-readonly', 'true');
  await expect(alice.readonlyNote).toContainText('Only a supervisor can pull kill switches');
  await expect(alice.controls).toHaveCount(0);
  // The state itself is there: limits (as the last test left them), switches, instruments, venues.
  await expect(alice.limitField('maxOrderQty')).toHaveText('1,000 sh');
  await expect(alice.limitField('maxOrderNotional')).toHaveText('$25,000,000');
  await expect(alice.limitField('collarBps')).toHaveText('500 bps');
  await expect(alice.limitField('duplicateWindowFixMs')).toHaveText('off');
  await expect(alice.deskKill).toHaveAttribute('data-on', 'false');
  await expect(alice.symbolRow('XOM')).toBeVisible();
  await expect(alice.page.getByTestId('sv-venue-NYSE')).toHaveAttribute('data-status', 'open');
  await expect(alice.page.getByTestId('overview-credit')).toContainText('$100.00M');

  // A supervisor pulls the desk switch: the read-only page follows within a poll.
  const sam = await signIn(browser, USERS.sam);
  await sam.toggleDesk('market-wide circuit breaker');
  await expect(sam.answer('kill')).toHaveText(/^✓ desk killed · \d+ orders? cancelled$/);
  await expect(sam.deskKill).toHaveAttribute('data-on', 'true');
  await expect(alice.deskKill).toHaveAttribute('data-on', 'true', { timeout: 5_000 });
  await expect(alice.page.getByTestId('overview-desk')).toHaveText('KILLED');
  await expect(alice.page.getByTestId('overview-working')).toHaveText('0');
  const refused = await submitViaApi(alice.page, server.url, { symbol: 'KO', side: 'buy', qty: 100 });
  expect(refused).toEqual({ accepted: false, code: 'KILL_SWITCH', reason: 'the desk kill switch is on: no new orders' });
  await expect(alice.controls).toHaveCount(0);

  await sam.toggleDesk('circuit breaker lifted');
  await expect(sam.answer('kill')).toHaveText('✓ desk released');
  await expect(alice.deskKill).toHaveAttribute('data-on', 'false', { timeout: 5_000 });
});
