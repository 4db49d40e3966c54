import { expect, type Locator, type Page } from '@playwright/test';

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
