import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export const LIT_VENUES = ['NYSE', 'NASDAQ', 'BATS', 'IEX'] as const;
export const DARK_VENUES = ['MIDX', 'BLOCK'] as const;
export const ALL_VENUES = [...LIT_VENUES, ...DARK_VENUES] as const;
export type VenueStatus = 'open' | 'halted' | 'down';

/** /market: instrument picker, quote strip, depth ladders, chart, tape and venue board. */
export class MarketPage extends DeskPage {
  readonly root: Locator;
  readonly symbol: Locator;
  readonly suggestions: Locator;
  readonly quote: Locator;
  readonly ladder: Locator;
  readonly bids: Locator;
  readonly asks: Locator;
  readonly chart: Locator;
  readonly tapeCount: Locator;
  readonly tapeRows: Locator;
  readonly venueBoard: Locator;
  /** Every halt, resume or down switch on the page. */
  readonly venueSwitches: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('market-page');
    this.symbol = page.getByTestId('market-symbol');
    this.suggestions = page.getByTestId('market-symbol-list');
    this.quote = page.getByTestId('market-quote');
    this.ladder = page.getByTestId('consolidated-ladder');
    this.bids = this.ladder.getByTestId('ladder-bid');
    this.asks = this.ladder.getByTestId('ladder-ask');
    this.chart = page.getByTestId('price-chart');
    this.tapeCount = page.getByTestId('tape-count');
    this.tapeRows = page.getByTestId('tape-grid').locator('.ag-row[row-id]');
    this.venueBoard = page.getByTestId('venue-board');
    this.venueSwitches = this.venueBoard.locator('[data-testid^="venue-halt-"], [data-testid^="venue-resume-"], [data-testid^="venue-down-"]');
  }

  async goto(symbol?: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/market${symbol ? `?symbol=${encodeURIComponent(symbol)}` : ''}`);
    await expect(this.root).toBeVisible();
  }

  /** Waits for the live feed and the first snapshot of the shown instrument. */
  async ready(symbol?: string): Promise<void> {
    await this.expectLive();
    if (symbol) await expect(this.root).toHaveAttribute('data-symbol', symbol);
    await expect(this.root).toHaveAttribute('data-ready', 'true');
  }

  /** Keyboard only: `/` jumps to the picker, type, ↓ `arrowsDown` times, Enter opens the instrument; `pauseMs` after typing, as a trader reading the list would. */
  async pickWithKeyboard(text: string, arrowsDown = 0, pauseMs = 0): Promise<void> {
    // From wherever focus is: leave any field, then the page-wide shortcut.
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press('/');
    await expect(this.symbol).toBeFocused();
    await this.page.keyboard.type(text);
    if (pauseMs) await this.page.waitForTimeout(pauseMs);
    for (let i = 0; i < arrowsDown; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
  }

  async bestBid(): Promise<number> {
    return Number(await this.bids.first().getAttribute('data-px'));
  }

  /** The best ask is the lowest ask: the last ask row, next to the spread. */
  async bestAsk(): Promise<number> {
    return Number(await this.asks.last().getAttribute('data-px'));
  }

  async printCount(): Promise<number> {
    return Number(await this.tapeCount.getAttribute('data-count'));
  }

  venue(venue: string): Locator {
    return this.page.getByTestId(`venue-${venue}`);
  }

  venueBadge(venue: string): Locator {
    return this.page.getByTestId(`venue-badge-${venue}`);
  }

  venueLadder(venue: string): Locator {
    return this.page.getByTestId(`venue-ladder-${venue}`);
  }

  darkCard(venue: string): Locator {
    return this.page.getByTestId(`venue-card-${venue}`);
  }

  answer(venue: string): Locator {
    return this.page.getByTestId(`venue-answer-${venue}`);
  }

  async expectStatus(venue: string, status: VenueStatus, timeout = 5_000): Promise<void> {
    await expect(this.venueBadge(venue)).toHaveAttribute('data-status', status, { timeout });
    await expect(this.venue(venue)).toHaveAttribute('data-status', status, { timeout });
  }

  /** Opens the switch for `to`, types the reason and confirms with Enter. */
  async switchVenue(venue: string, to: VenueStatus, reason: string): Promise<void> {
    const id = to === 'open' ? 'resume' : to === 'halted' ? 'halt' : 'down';
    await this.page.getByTestId(`venue-${id}-${venue}`).click();
    const input = this.page.getByTestId(`venue-reason-${venue}`);
    await expect(input).toBeFocused();
    await this.page.keyboard.type(reason);
    await this.page.keyboard.press('Enter');
  }
}
