import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export type Urgency = 'low' | 'medium' | 'high' | 'critical';
export type Weight = 'impact' | 'risk' | 'completion';

/**
 * /parents/[parentId]: one parent's schedule against fills, status strip,
 * children, changes of course, the trilemma and strategy controls and, for a
 * supervisor, override / pause / cancel.
 */
export class ParentDetailPage extends DeskPage {
  readonly root: Locator;
  readonly banner: Locator;
  readonly bannerText: Locator;
  readonly pausedBanner: Locator;
  readonly status: Locator;
  readonly chart: Locator;
  readonly progress: Locator;
  readonly children: Locator;
  readonly childRows: Locator;
  readonly recalibrations: Locator;
  readonly trilemma: Locator;
  readonly triangle: Locator;
  readonly inForce: Locator;
  readonly overrideNote: Locator;
  readonly applyPoint: Locator;
  readonly pointVerdict: Locator;
  readonly strategy: Locator;
  readonly applyStrategy: Locator;
  readonly strategyVerdict: Locator;
  readonly estimate: Locator;
  readonly supervisor: Locator;
  readonly reason: Locator;
  readonly supervisorVerdict: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('parent-page');
    this.banner = page.getByTestId('override-banner');
    this.bannerText = page.getByTestId('override-banner-text');
    this.pausedBanner = page.getByTestId('paused-banner');
    this.status = page.getByTestId('parent-status');
    this.chart = page.getByTestId('schedule-chart');
    this.progress = this.status.getByTestId('parent-progress');
    this.children = page.getByTestId('children-grid');
    this.childRows = this.children.locator('.ag-row[row-id]');
    this.recalibrations = page.getByTestId('recalibration-log');
    this.trilemma = page.getByTestId('trilemma');
    this.triangle = page.getByTestId('trilemma-triangle');
    this.inForce = page.getByTestId('trilemma-in-force');
    this.overrideNote = page.getByTestId('trilemma-override-note');
    this.applyPoint = page.getByTestId('trilemma-apply');
    this.pointVerdict = page.getByTestId('trilemma-verdict');
    this.strategy = page.getByTestId('strategy-picker');
    this.applyStrategy = page.getByTestId('strategy-apply');
    this.strategyVerdict = page.getByTestId('strategy-verdict');
    this.estimate = page.getByTestId('pretrade-estimate');
    this.supervisor = page.getByTestId('supervisor-panel');
    this.reason = page.getByTestId('supervisor-reason');
    this.supervisorVerdict = page.getByTestId('supervisor-verdict');
  }

  async goto(parentId: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/parents/${parentId}`);
    await this.ready(parentId);
  }

  /** Waits for the live feed and the parent's first snapshot, with the chart drawn. */
  async ready(parentId?: string): Promise<void> {
    await this.expectLive();
    if (parentId) await expect(this.root).toHaveAttribute('data-parent-id', parentId);
    await expect(this.root).toHaveAttribute('data-state', 'ready');
    await expect(this.chart.locator('canvas').first()).toBeVisible();
  }

  stat(name: 'strategy' | 'routing' | 'window' | 'progress' | 'behind' | 'action' | 'inflight' | 'avg' | 'done'): Locator {
    return this.page.getByTestId(`status-${name}`);
  }

  /** The point in force, "impact,risk,completion" in whole percent. */
  async expectPointInForce(w: [number, number, number]): Promise<void> {
    await expect(this.root).toHaveAttribute('data-point', w.join(','));
    await expect(this.inForce).toContainText(w.join('/'));
  }

  /** The point being edited, as the triangle and the fields show it. */
  async expectEditing(w: [number, number, number]): Promise<void> {
    await expect(this.trilemma).toHaveAttribute('data-value', w.join(','));
    await expect(this.weight('impact')).toHaveValue(String(w[0]));
    await expect(this.weight('risk')).toHaveValue(String(w[1]));
    await expect(this.weight('completion')).toHaveValue(String(w[2]));
  }

  preset(u: Urgency): Locator {
    return this.page.getByTestId(`trilemma-preset-${u}`);
  }

  weight(k: Weight): Locator {
    return this.page.getByTestId(`trilemma-${k}`);
  }

  strategyButton(s: 'twap' | 'vwap' | 'pov' | 'is'): Locator {
    return this.page.getByTestId(`strategy-${s}`);
  }

  overrideChoice(c: Urgency | 'point'): Locator {
    return this.page.getByTestId(`override-choice-${c}`);
  }

  /** Supervisor: gives the reason, then presses one of the panel's buttons and waits for the server's yes. */
  async supervise(button: 'override-apply' | 'override-release' | 'parent-pause' | 'parent-resume', reason: string, okText: RegExp): Promise<void> {
    await this.reason.fill(reason);
    await this.page.getByTestId(button).click();
    await expect(this.supervisorVerdict).toHaveAttribute('data-kind', 'ok');
    await expect(this.supervisorVerdict).toContainText(okText);
    await expect(this.reason).toHaveValue('');
  }
}
