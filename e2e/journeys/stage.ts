import type { Browser, BrowserContext, Page } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import type { DemoUser } from '../pages/users';

/**
 * Where a journey is played: by the Playwright tests (e2e/journeys.spec.ts) or by
 * `npm run demo` (scripts/demo.ts). The journey only drives pages and checks what
 * a person would check; the stage decides what "a moment to look" means — nothing
 * in a test, a pause and a screenshot in the demo.
 */
export interface Stage {
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A moment a person would stop and look at `page`: `name` is a file-safe step name, `caption` says what to see. */
  look(page: Page, name: string, caption: string): Promise<void>;
  /** Things the stage should know about, e.g. how long the override took to reach the trader. */
  note(text: string): void;
}

/** The users' browser contexts of one journey, each with its own cookies; closed together. */
export class Cast {
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly stage: Stage) {}

  /** A page signed in as `user` through the login form, landed on `path`. */
  async signIn(user: DemoUser, path: string): Promise<Page> {
    const context = await this.stage.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    this.contexts.push(context);
    const page = await context.newPage();
    const login = new LoginPage(page, this.stage.baseUrl);
    await login.goto(path === '/orders' ? undefined : path);
    await login.loginAs(user, path.split('?')[0]);
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => {});
  }
}
