import { test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import type { DemoUser } from '../pages/users';

/**
 * Each test signs its users in afresh, each in a browser context of its own (its
 * own cookies), and their browsers close when the test ends — pages that stream
 * and draw charts must not pile up on a 2-core machine.
 */
export function browserSessions(url: () => string) {
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });
  return {
    /** A page signed in as `user`, landed on `path` (login redirects back there); `prepare` runs on its context before any page opens. */
    async signIn(browser: Browser, user: DemoUser, path = '/orders', options?: BrowserContextOptions, prepare?: (context: BrowserContext) => Promise<void>): Promise<Page> {
      const context = await browser.newContext(options);
      contexts.push(context);
      await prepare?.(context);
      const page = await context.newPage();
      const login = new LoginPage(page, url());
      await login.goto(path === '/orders' ? undefined : path);
      await login.loginAs(user, path.split('?')[0]);
      return page;
    },
  };
}
