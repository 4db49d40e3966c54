import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export type AuditField = 'orderId' | 'parentId' | 'user' | 'from' | 'to';

/** /audit: filter bar, results grid, event detail and the CSV export link. */
export class AuditPage extends DeskPage {
  readonly root: Locator;
  readonly grid: Locator;
  readonly count: Locator;
  readonly apply: Locator;
  readonly clear: Locator;
  readonly typeSelect: Locator;
  readonly exportLink: Locator;
  readonly loadOlder: Locator;
  readonly detail: Locator;
  readonly detailJson: Locator;
  readonly forbidden: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('audit-page');
    this.grid = page.getByTestId('audit-grid');
    this.count = page.getByTestId('audit-count');
    this.apply = page.getByTestId('audit-apply');
    this.clear = page.getByTestId('audit-clear');
    this.typeSelect = page.getByTestId('audit-filter-type');
    this.exportLink = page.getByTestId('audit-export');
    this.loadOlder = page.getByTestId('audit-load-older');
    this.detail = page.getByTestId('audit-detail');
    this.detailJson = page.getByTestId('audit-detail-json');
    this.forbidden = page.getByTestId('audit-forbidden');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/audit${query ? `?${query}` : ''}`);
    await expect(this.root).toBeVisible();
  }

  /** Waits for the live feed and a finished search. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  field(name: AuditField): Locator {
    return this.page.getByTestId(`audit-filter-${name}`);
  }

  /** Types a filter value and applies the search with Enter. */
  async filterBy(name: AuditField, value: string): Promise<void> {
    await this.field(name).fill(value);
    await this.field(name).press('Enter');
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  /** Every result row: ag-grid gives each its row id (the seq); header rows are not .ag-row. It renders only rows in view; searches here are small. */
  rows(): Locator {
    return this.grid.locator('.ag-row[row-id]');
  }

  /** The result rows of one event type. */
  rowsOfType(type: string): Locator {
    return this.rows().filter({ has: this.page.locator('[col-id="type"]', { hasText: new RegExp(`^${type}$`) }) });
  }

  cell(row: Locator, colId: 'seq' | 'time' | 'type' | 'actor' | 'orderIds' | 'parentId' | 'summary'): Locator {
    return row.locator(`[col-id="${colId}"]`);
  }

  /** The event types shown, top to bottom (newest first). */
  async types(): Promise<string[]> {
    const rows = await this.rows().all();
    const withIndex = await Promise.all(
      rows.map(async (r) => ({ i: Number(await r.getAttribute('row-index')), t: (await r.locator('[col-id="type"]').innerText()).trim() })),
    );
    return withIndex.sort((a, b) => a.i - b.i).map((x) => x.t);
  }
}
