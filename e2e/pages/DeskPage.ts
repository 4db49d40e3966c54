import { expect, type Locator, type Page } from '@playwright/test';

export interface ApiOrder {
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  limitPrice?: number;
  urgency?: 'low' | 'medium' | 'high' | 'critical';
}

export type SubmitAnswer = { accepted: true; orderId: string } | { accepted: false; code: string; reason: string };

let clOrdNo = 0;

/**
 * Submits an order straight at the API with a page's session cookie (as an
 * API client would) and returns the engine's answer.
 */
export async function submitViaApi(page: Page, baseUrl: string, o: ApiOrder): Promise<SubmitAnswer> {
  const res = await page.request.post(`${baseUrl}/api/trpc/orders.submit`, {
    data: { clOrdId: `E2E-${Date.now().toString(36)}-${++clOrdNo}`, urgency: 'low', source: 'api', ...o },
    headers: { origin: baseUrl },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: SubmitAnswer } }).result.data;
}

/** The top bar every signed-in page shares. */
export class DeskPage {
  readonly badge: Locator;
  readonly clock: Locator;
  readonly userChip: Locator;
  readonly logoutButton: Locator;
  readonly nav: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.badge = page.getByTestId('connection-badge');
    this.clock = page.getByTestId('engine-clock');
    this.userChip = page.getByTestId('user-chip');
    this.logoutButton = page.getByTestId('logout');
    this.nav = page.getByRole('navigation', { name: 'Desk sections' });
  }

  /** Submits an order at the API with this page's session cookie and insists it is accepted; returns its order id. */
  async submitAccepted(o: ApiOrder): Promise<string> {
    const r = await submitViaApi(this.page, this.baseUrl, o);
    expect(r.accepted, `order refused: ${r.accepted ? '' : r.reason}`).toBe(true);
    return r.accepted ? r.orderId : '';
  }

  /** The parent an order joined, once it has (orders.list as this page's user). */
  async parentOf(orderId: string): Promise<string> {
    let parentId = '';
    await expect
      .poll(
        async () => {
          const res = await this.page.request.get(`${this.baseUrl}/api/trpc/orders.list`);
          const rows = ((await res.json()) as { result: { data: { rows: Array<{ orderId: string; parentId: string | null }> } } }).result.data.rows;
          parentId = rows.find((r) => r.orderId === orderId)?.parentId ?? '';
          return parentId;
        },
        { message: `order ${orderId} joins a parent` },
      )
      .not.toBe('');
    return parentId;
  }

  async expectLive(timeout = 10_000): Promise<void> {
    await expect(this.badge).toHaveAttribute('data-state', 'live', { timeout });
  }

  /** The clock's HH:MM:SS text. */
  async clockText(): Promise<string> {
    return (await this.clock.locator('.engine-clock-time').innerText()).trim();
  }

  async logout(): Promise<void> {
    await this.logoutButton.click();
    await this.page.waitForURL((u) => u.pathname === '/login');
  }
}
