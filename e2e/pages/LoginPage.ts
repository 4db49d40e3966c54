import { expect, type Locator, type Page } from '@playwright/test';
import type { DemoUser } from './users';

export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.username = page.getByLabel('Username');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.error = page.getByTestId('login-error');
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await expect(this.username).toBeVisible();
  }

  async fill(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.password.press('Enter');
  }

  /** Signs in from the login page and waits for the desk to load. */
  async loginAs(user: DemoUser, expectPath = '/orders'): Promise<void> {
    await this.fill(user.username, user.password);
    await this.page.waitForURL((u) => u.pathname === expectPath);
    await expect(this.page.getByTestId('user-chip')).toContainText(user.display);
  }
}
