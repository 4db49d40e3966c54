import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export { submitViaApi, type ApiOrder, type SubmitAnswer } from './DeskPage';

/** /supervisor: overview strip, kill switches, restricted list, risk limits and venues. */
export class SupervisorPage extends DeskPage {
  readonly root: Locator;
  readonly deskKill: Locator;
  readonly reasonInput: Locator;
  readonly readonlyNote: Locator;
  readonly limits: Locator;
  readonly limitsReason: Locator;
  readonly limitsSave: Locator;
  /** Every control that changes something: buttons, fields and the reason forms. */
  readonly controls: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('supervisor-page');
    this.deskKill = page.getByTestId('desk-kill');
    this.reasonInput = page.getByTestId('reason-input');
    this.readonlyNote = page.getByTestId('supervisor-readonly');
    this.limits = page.getByTestId('limits-panel');
    this.limitsReason = page.getByTestId('limits-reason');
    this.limitsSave = page.getByTestId('limits-save');
    this.controls = this.root.locator('button:not(.sv-answer), input, select');
  }

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/supervisor`);
    await expect(this.root).toBeVisible();
  }

  /** Waits for the live feed, the session and the first risk state. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.root).toHaveAttribute('data-ready', 'true');
  }

  answer(panel: 'kill' | 'restricted' | 'limits' | 'venues' | 'overrides'): Locator {
    return this.page.getByTestId(`answer-${panel}`);
  }

  userRow(user: string): Locator {
    return this.page.getByTestId(`kill-user-${user}`);
  }

  symbolRow(symbol: string): Locator {
    return this.page.getByTestId(`kill-symbol-${symbol}`);
  }

  restrictedRow(symbol: string): Locator {
    return this.page.getByTestId(`restricted-${symbol}`);
  }

  limitField(key: string): Locator {
    return this.page.getByTestId(`limit-${key}`);
  }

  /** Types the reason into the open reason form and confirms with Enter. */
  async giveReason(reason: string): Promise<void> {
    await expect(this.reasonInput).toBeFocused();
    await this.page.keyboard.type(reason);
    await this.page.keyboard.press('Enter');
    await expect(this.reasonInput).toHaveCount(0);
  }

  /** Flips one user's kill switch with a reason. */
  async toggleUser(user: string, reason: string): Promise<void> {
    await this.page.getByTestId(`kill-user-toggle-${user}`).click();
    await this.giveReason(reason);
  }

  /** Flips one instrument's kill switch with a reason. */
  async toggleSymbol(symbol: string, reason: string): Promise<void> {
    await this.page.getByTestId(`kill-symbol-toggle-${symbol}`).click();
    await this.giveReason(reason);
  }

  async toggleDesk(reason: string): Promise<void> {
    await this.page.getByTestId('desk-kill-toggle').click();
    await this.giveReason(reason);
  }

  async restrict(symbol: string, reason: string): Promise<void> {
    await this.page.getByTestId('restrict-symbol').selectOption(symbol);
    await this.page.getByTestId('restrict-add').click();
    await this.giveReason(reason);
  }

  async unrestrict(symbol: string, reason: string): Promise<void> {
    await this.page.getByTestId(`restricted-remove-${symbol}`).click();
    await this.giveReason(reason);
  }

  overrideRow(scope: 'parent' | 'trader' | 'desk', target: string): Locator {
    return this.page.getByTestId(`override-${scope}-${target}`);
  }

  /** Overrides a trader's or a desk's parents with an urgency preset, with a reason. */
  async setOverride(scope: 'trader' | 'desk', target: string, urgency: 'low' | 'medium' | 'high' | 'critical', reason: string): Promise<void> {
    await this.page.getByTestId('override-scope').selectOption(scope);
    await this.page.getByTestId('override-target').fill(target);
    await this.page.getByTestId('override-urgency').selectOption(urgency);
    await this.page.getByTestId('override-add').click();
    await this.giveReason(reason);
  }

  async releaseOverride(scope: 'parent' | 'trader' | 'desk', target: string, reason: string): Promise<void> {
    await this.page.getByTestId(`override-release-${scope}-${target}`).click();
    await this.giveReason(reason);
  }

  /** Types new values into the limits form, gives a reason and saves with Enter. */
  async setLimits(values: Record<string, string>, reason: string): Promise<void> {
    for (const [key, value] of Object.entries(values)) await this.limitField(key).fill(value);
    await this.limitsReason.fill(reason);
    await this.limitsReason.press('Enter');
  }
}
