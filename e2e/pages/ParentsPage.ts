import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

/** /parents: the parent orders blotter, the selected parent's detail and the internal crosses. */
export class ParentsPage extends DeskPage {
  readonly root: Locator;
  readonly blotter: Locator;
  readonly count: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly reason: Locator;
  readonly detailRows: Locator;
  readonly detailCount: Locator;
  readonly hidden: Locator;
  readonly crossing: Locator;
  readonly crossCount: Locator;
  readonly crossRows: Locator;
  readonly crossTotals: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('parents-page');
    this.blotter = page.getByTestId('parents-blotter');
    this.count = page.getByTestId('parents-count');
    // Body rows carry their row id (the parent id); header rows are not .ag-row.
    this.rows = this.blotter.locator('.ag-row[row-id]');
    this.detail = page.getByTestId('parent-detail');
    this.reason = page.getByTestId('parent-reason');
    this.detailRows = page.getByTestId('parent-orders').locator('.ag-row[row-id]');
    this.detailCount = page.getByTestId('parent-detail-count');
    this.hidden = page.getByTestId('parent-hidden');
    this.crossing = page.getByTestId('crossing-panel');
    this.crossCount = page.getByTestId('cross-count');
    this.crossRows = page.getByTestId('cross-grid').locator('.ag-row[row-id]');
    this.crossTotals = page.getByTestId('cross-totals');
  }

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/parents`);
    await expect(this.root).toBeVisible();
  }

  /** Waits for the live feed, the first snapshot and the grid. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.root).toHaveAttribute('data-ready', 'true');
    await expect(this.blotter.locator('.ag-root')).toBeVisible();
  }

  filter(which: 'working' | 'completed' | 'all'): Locator {
    return this.page.getByTestId(`parents-filter-${which}`);
  }

  async show(which: 'working' | 'completed' | 'all'): Promise<void> {
    await this.filter(which).click();
    await expect(this.filter(which)).toHaveAttribute('aria-pressed', 'true');
    await expect(this.blotter).toHaveAttribute('data-filter', which);
  }

  row(parentId: string): Locator {
    return this.blotter.locator(`.ag-row[row-id="${parentId}"]`);
  }

  cell(parentId: string, colId: string): Locator {
    return this.row(parentId).locator(`.ag-cell[col-id="${colId}"]`);
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('row-id') ?? ''));
  }

  /** Row ids top to bottom as displayed (the DOM keeps rows in the order they were drawn, not sorted). */
  async displayedRowIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) =>
      els
        .map((e) => [Number(e.getAttribute('row-index')), e.getAttribute('row-id') ?? ''] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, id]) => id),
    );
  }

  /** Rows shown under the current filter: the header count and the grid agree. */
  async expectRowCount(n: number): Promise<void> {
    await expect(this.count).toHaveAttribute('data-count', String(n));
    await expect(this.rows).toHaveCount(n);
  }

  async select(parentId: string): Promise<void> {
    await this.cell(parentId, 'symbol').click();
    await expect(this.detail).toHaveAttribute('data-parent-id', parentId);
  }

  /** Follows the parent id link in the blotter to the parent's own page. */
  async openDetail(parentId: string): Promise<void> {
    await this.cell(parentId, 'parentId').getByTestId('parent-link').click();
    await this.page.waitForURL((u) => u.pathname === `/parents/${parentId}`);
  }

  /** The selected parent's constituent row for an order. */
  detailRow(orderId: string): Locator {
    return this.page.getByTestId('parent-orders').locator(`.ag-row[row-id="${orderId}"]`);
  }

  detailCell(orderId: string, colId: string): Locator {
    return this.detailRow(orderId).locator(`.ag-cell[col-id="${colId}"]`);
  }

  async detailOrderIds(): Promise<string[]> {
    await expect(this.detail).toHaveAttribute('data-state', 'ready');
    return this.detailRows.evaluateAll((els) => els.map((e) => e.getAttribute('row-id') ?? ''));
  }

  crossRow(crossId: string): Locator {
    return this.page.getByTestId('cross-grid').locator(`.ag-row[row-id="${crossId}"]`);
  }

  /** Crosses as shown, top row first. */
  async crosses(): Promise<Array<Record<string, string>>> {
    return this.crossRows.evaluateAll((rows) =>
      rows
        .map((r) => ({ top: r.getBoundingClientRect().top, r }))
        .sort((a, b) => a.top - b.top)
        .map(({ r }) => {
          const out: Record<string, string> = { crossId: r.getAttribute('row-id') ?? '' };
          for (const c of r.querySelectorAll('.ag-cell[col-id]')) out[c.getAttribute('col-id')!] = (c.textContent ?? '').trim();
          return out;
        }),
    );
  }
}
