import { expect, test, type Browser } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { browserSessions } from './support/session';
import { ALL_VENUES, DARK_VENUES, LIT_VENUES, MarketPage } from './pages/MarketPage';
import { USERS, type DemoUser } from './pages/users';

let server: DeskServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});
const sessions = browserSessions(() => server.url);

/** A signed-in /market page (optionally on a symbol) in its own browser context. */
async function signIn(browser: Browser, user: DemoUser, symbol?: string): Promise<MarketPage> {
  const page = await sessions.signIn(browser, user, `/market${symbol ? `?symbol=${symbol}` : ''}`);
  const market = new MarketPage(page, server.url);
  await market.ready(symbol);
  return market;
}

test.describe.configure({ mode: 'serial' });

test('a trader picks MSFT and sees the book, per-venue ladders, a live chart and prints, without venue switches', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice);
  // No symbol asked for: the page opens one and says which in the URL.
  await expect(alice.page).toHaveURL(/\/market\?symbol=[A-Z.]+$/);

  await alice.pickWithKeyboard('MSFT');
  await expect(alice.page).toHaveURL(/\/market\?symbol=MSFT$/);
  await alice.ready('MSFT');
  await expect(alice.symbol).toHaveValue('MSFT');
  await expect(alice.quote.getByTestId('quote-last')).toContainText(/\d+\.\d{2}/);

  // Consolidated ladder: both sides present, asks drawn above bids, and the book is not crossed.
  await expect.poll(() => alice.bids.count()).toBeGreaterThanOrEqual(5);
  await expect.poll(() => alice.asks.count()).toBeGreaterThanOrEqual(5);
  expect(await alice.bids.count()).toBeLessThanOrEqual(10);
  expect(await alice.asks.count()).toBeLessThanOrEqual(10);
  const bestBid = await alice.bestBid();
  const bestAsk = await alice.bestAsk();
  expect(bestBid).toBeGreaterThan(300); // MSFT, not the previous instrument
  expect(bestBid).toBeLessThan(bestAsk);
  const askBox = await alice.asks.last().boundingBox();
  const bidBox = await alice.bids.first().boundingBox();
  expect(askBox!.y, 'the best ask is drawn above the best bid').toBeLessThan(bidBox!.y);
  // Bids fall and asks rise away from the spread.
  const bidPx = (await alice.bids.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-px'))))) as number[];
  expect([...bidPx].sort((a, b) => b - a)).toEqual(bidPx);

  // One ladder per lit venue; dark pools are cards with no depth.
  for (const v of LIT_VENUES) {
    await expect(alice.venueLadder(v)).toBeVisible();
    await expect(alice.venueLadder(v).getByTestId('venue-ladder-book')).toHaveAttribute('data-bids', /^[1-9]\d*$/);
  }
  for (const v of DARK_VENUES) {
    await expect(alice.darkCard(v)).toContainText('No pre-trade transparency');
    await expect(alice.venueLadder(v)).toHaveCount(0);
  }
  for (const v of ALL_VENUES) await alice.expectStatus(v, 'open');

  // The chart is a lightweight-charts canvas with a real size.
  const canvas = alice.chart.locator('canvas').first();
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box!.width).toBeGreaterThan(200);
  expect(box!.height).toBeGreaterThan(150);
  await expect(alice.page.getByTestId('chart-legend')).toContainText('VWAP');

  // Prints arrive: the count grows and the tape has rows, newest on top.
  const before = await alice.printCount();
  await expect.poll(() => alice.printCount(), { timeout: 15_000 }).toBeGreaterThan(before);
  await expect.poll(() => alice.tapeRows.count()).toBeGreaterThan(0);
  // Newest on top, as drawn: the rows inside the tape's viewport, top to bottom.
  // Polled, because a row ag-grid is moving out of the rendered window can
  // sit at a stale position for a moment just after prints arrive.
  const drawnTimes = () =>
    alice.tapeRows.evaluateAll((rows) => {
      const grid = rows[0]?.closest('[data-testid="tape-grid"]');
      if (!grid) return [];
      const top = (grid.querySelector('.ag-header') ?? grid).getBoundingClientRect().bottom;
      const bottom = grid.getBoundingClientRect().bottom;
      return rows
        .map((r) => ({ box: r.getBoundingClientRect(), t: r.querySelector('[col-id="time"]')?.textContent ?? '' }))
        .filter(({ box }) => box.bottom > top && box.top < bottom)
        .sort((a, b) => a.box.top - b.box.top)
        .map((r) => r.t);
    });
  await expect
    .poll(async () => {
      const times = await drawnTimes();
      const ok = times.length > 0 && times.every((t) => /^\d{2}:\d{2}:\d{2}\.\d{3}$/.test(t)) && [...times].sort().reverse().join() === times.join();
      return ok ? 'newest on top' : times;
    })
    .toBe('newest on top');

  // A trader has no venue switches at all.
  await expect(alice.venueSwitches).toHaveCount(0);
  await expect(alice.venueBoard.locator('[data-testid^="venue-controls-"]')).toHaveCount(0);
});

test('a supervisor halts IEX with a reason; both the supervisor and a trader see it halted, then resumed', async ({ browser }) => {
  const sam = await signIn(browser, USERS.sam, 'AAPL');
  const alice = await signIn(browser, USERS.alice, 'AAPL');
  await sam.expectStatus('IEX', 'open');
  await alice.expectStatus('IEX', 'open');
  await expect(sam.venueSwitches).not.toHaveCount(0);

  // Esc backs out of the reason form without changing anything.
  await sam.page.getByTestId('venue-halt-IEX').click();
  await expect(sam.page.getByTestId('venue-reason-IEX')).toBeFocused();
  await sam.page.keyboard.type('second thoughts');
  await sam.page.keyboard.press('Escape');
  await expect(sam.page.getByTestId('venue-form-IEX')).toHaveCount(0);
  await sam.page.waitForTimeout(500);
  await sam.expectStatus('IEX', 'open');

  await sam.switchVenue('IEX', 'halted', 'erroneous prints from IEX');
  await expect(sam.answer('IEX')).toHaveAttribute('data-kind', 'ok');
  await expect(sam.answer('IEX')).toContainText(/IEX halted · seq \d+/);
  await sam.expectStatus('IEX', 'halted');
  await alice.expectStatus('IEX', 'halted', 5_000);
  await expect(alice.page.getByTestId('venue-veil-IEX')).toBeVisible();
  // The other venues are untouched.
  for (const v of ['NYSE', 'NASDAQ', 'BATS', 'MIDX', 'BLOCK']) await alice.expectStatus(v, 'open');
  // A halted venue offers Resume, not Halt.
  await expect(sam.page.getByTestId('venue-halt-IEX')).toHaveCount(0, { timeout: 10_000 });

  await sam.switchVenue('IEX', 'open', 'prints verified');
  await expect(sam.answer('IEX')).toContainText(/IEX resumed · seq \d+/);
  await sam.expectStatus('IEX', 'open');
  await alice.expectStatus('IEX', 'open', 5_000);
  await expect(alice.page.getByTestId('venue-veil-IEX')).toHaveCount(0);
  await expect(alice.venueSwitches).toHaveCount(0);
});

test('the picker switches instrument by name or symbol, and the URL carries ?symbol= for links, reloads and back', async ({ browser }) => {
  // A link with ?symbol= opens that instrument.
  const alice = await signIn(browser, USERS.alice, 'NVDA');
  await expect(alice.symbol).toHaveValue('NVDA');

  // Part of a name works too: "exxon" finds XOM.
  await alice.pickWithKeyboard('exxon');
  await expect(alice.page).toHaveURL(/\/market\?symbol=XOM$/);
  await alice.ready('XOM');
  await expect(alice.page.getByTestId('market-picker')).toContainText('Exxon Mobil');
  expect(await alice.bestBid()).toBeLessThan(await alice.bestAsk());

  // Arrow keys choose from the list: "BR", ↓, Enter → BRK.B. The box was left and taken back at
  // once (`/`), and the pause lets the leaving's delayed revert come due: what was typed stays.
  await alice.pickWithKeyboard('BR', 1, 400);
  await expect(alice.page).toHaveURL(/\/market\?symbol=BRK\.B$/);
  await alice.ready('BRK.B');

  await alice.page.reload();
  await alice.ready('BRK.B');
  await expect(alice.symbol).toHaveValue('BRK.B');

  await alice.page.goBack();
  await expect(alice.page).toHaveURL(/\/market\?symbol=XOM$/);
  await alice.ready('XOM');

  // An unknown symbol in a link says so and falls back to a real instrument.
  await alice.goto('ZZZZ');
  await expect(alice.page.getByTestId('market-error')).toContainText('"ZZZZ" is not a desk instrument');
  await alice.ready();
});

test('Enter before the instrument list has arrived opens what was typed once it does', async ({ browser }) => {
  const alice = await signIn(browser, USERS.alice, 'AAPL');
  // The page opened afresh with its instrument list held back (a slow first load), and the trader
  // types a symbol and presses Enter straight away.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let heldBack = 0;
  await alice.page.route(/\/api\/trpc\/[^?]*engine\.instruments/, async (route) => {
    heldBack++;
    await held;
    await route.continue();
  });
  await alice.page.reload();
  await alice.ready('AAPL');
  await alice.pickWithKeyboard('MSFT');
  await expect(alice.symbol).toHaveValue('MSFT');
  expect(heldBack).toBeGreaterThan(0);
  await expect(alice.page).toHaveURL(/\/market\?symbol=AAPL$/);
  release();
  await expect(alice.page).toHaveURL(/\/market\?symbol=MSFT$/);
  await alice.ready('MSFT');
});
