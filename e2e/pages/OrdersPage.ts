import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export interface TicketInput {
  symbol: string;
  qty: string | number;
  limit?: string | number;
  side?: 'buy' | 'sell';
}

/** /orders: the order ticket and the Staged Orders blotter (ag-grid). */
export class OrdersPage extends DeskPage {
  readonly ticket: Locator;
  readonly symbol: Locator;
  readonly qty: Locator;
  readonly limit: Locator;
  readonly urgency: Locator;
  readonly side: Locator;
  readonly submitButton: Locator;
  readonly status: Locator;
  readonly orderId: Locator;
  readonly readOnlyNote: Locator;
  readonly blotter: Locator;
  readonly count: Locator;
  readonly rows: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.ticket = page.getByTestId('order-ticket');
    this.symbol = page.getByTestId('ticket-symbol');
    this.qty = page.getByTestId('ticket-qty');
    this.limit = page.getByTestId('ticket-limit');
    this.urgency = page.getByTestId('ticket-urgency');
    this.side = page.getByTestId('ticket-side');
    this.submitButton = page.getByTestId('ticket-submit');
    this.status = page.getByTestId('ticket-status');
    this.orderId = page.getByTestId('ticket-order-id');
    this.readOnlyNote = page.getByTestId('ticket-readonly');
    this.blotter = page.getByTestId('orders-blotter');
    this.count = page.getByTestId('blotter-count');
    // The grid's body rows: ag-grid gives each its row id (the order id); header rows are not .ag-row.
    this.rows = this.blotter.locator('.ag-row[row-id]');
  }

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/orders`);
    await expect(this.blotter).toBeVisible();
  }

  /** Waits until the first snapshot is on screen and the feed is live. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.count).toHaveAttribute('data-count', /\d+/);
    await expect(this.blotter.locator('.ag-root')).toBeVisible();
  }

  /**
   * Fills the ticket with the keyboard only: Esc to start clean, type the
   * symbol, Tab to the side toggle (B/S), Tab to quantity, Tab to limit, Enter
   * to send. No mouse, no fill(): every character is a key press.
   */
  async enterOrderWithKeyboard(o: TicketInput): Promise<void> {
    const kb = this.page.keyboard;
    if (!(await this.focusInTicket())) await this.symbol.focus();
    await kb.press('Escape'); // clears the ticket and puts the cursor in the symbol box
    await expect(this.symbol).toBeFocused();
    await kb.type(o.symbol);
    await kb.press('Tab'); // -> side toggle
    if (o.side) await kb.press(o.side === 'buy' ? 'b' : 's');
    await kb.press('Tab'); // -> quantity
    await kb.type(String(o.qty));
    if (o.limit !== undefined) {
      await kb.press('Tab'); // -> limit
      await kb.type(String(o.limit));
    }
    await kb.press('Enter');
  }

  /** Waits for the acknowledgement and returns the new order id. */
  async expectAck(): Promise<string> {
    await expect(this.status).toHaveAttribute('data-kind', 'ack');
    const id = (await this.orderId.innerText()).trim();
    expect(id).not.toBe('');
    return id;
  }

  async expectReject(reason: RegExp | string): Promise<void> {
    await expect(this.status).toHaveAttribute('data-kind', 'reject');
    await expect(this.status).toContainText(reason);
  }

  /** The blotter row of an order: ag-grid puts the row id (= order id) in row-id. */
  row(orderId: string): Locator {
    return this.blotter.locator(`.ag-row[row-id="${orderId}"]`);
  }

  cell(orderId: string, colId: string): Locator {
    return this.row(orderId).locator(`.ag-cell[col-id="${colId}"]`);
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('row-id') ?? ''));
  }

  async expectRowCount(n: number): Promise<void> {
    await expect(this.count).toHaveAttribute('data-count', String(n));
    await expect(this.rows).toHaveCount(n);
  }

  /**
   * Records, in the page, the wall time each grid row first appears (by row id).
   * Both browsers run on this machine's clock, so times compare across pages.
   */
  async recordRowArrivals(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __rowSeen?: Record<string, number> };
      w.__rowSeen = {};
      const seen = w.__rowSeen;
      const scan = () => {
        const now = Date.now();
        for (const el of document.querySelectorAll('.ag-row[row-id]')) {
          const id = el.getAttribute('row-id')!;
          seen[id] ??= now;
        }
      };
      scan();
      new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['row-id'] });
    });
  }

  async rowArrivalTime(orderId: string): Promise<number> {
    await expect(this.row(orderId)).toBeVisible();
    return this.page.evaluate((id) => (window as unknown as { __rowSeen: Record<string, number> }).__rowSeen[id], orderId);
  }

  /** Records, in the page, the wall time the ticket shows each acknowledgement. */
  async recordAcks(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __ackAt?: Record<string, number> };
      w.__ackAt = {};
      const acks = w.__ackAt;
      const scan = () => {
        const el = document.querySelector('[data-testid="ticket-status"][data-kind="ack"] [data-testid="ticket-order-id"]');
        const id = el?.textContent?.trim();
        if (id) acks[id] ??= Date.now();
      };
      new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }

  async ackTime(orderId: string): Promise<number> {
    return this.page.evaluate((id) => (window as unknown as { __ackAt: Record<string, number> }).__ackAt[id], orderId);
  }

  /** True when the element with focus is inside the ticket. */
  async focusInTicket(): Promise<boolean> {
    return this.ticket.evaluate((t) => t.contains(document.activeElement) && document.activeElement !== document.body);
  }
}
