import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export const VENUES = ['NYSE', 'NASDAQ', 'BATS', 'IEX', 'MIDX', 'BLOCK'] as const;

/** /routing: the live child-order blotter and the venue map of one parent. */
export class RoutingPage extends DeskPage {
  readonly root: Locator;
  readonly blotter: Locator;
  readonly count: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly parentFilter: Locator;
  readonly map: Locator;
  readonly mapEmpty: Locator;
  readonly mapLogic: Locator;
  readonly mapChosenBy: Locator;
  readonly mapTotals: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('routing-page');
    this.blotter = page.getByTestId('routing-blotter');
    this.count = page.getByTestId('routing-count');
    this.rows = this.blotter.locator('.ag-row[row-id]');
    this.empty = page.getByTestId('routing-empty');
    this.parentFilter = page.getByTestId('routing-parent-filter');
    this.map = page.getByTestId('venue-map');
    this.mapEmpty = page.getByTestId('venue-map-empty');
    this.mapLogic = page.getByTestId('venue-map-logic');
    this.mapChosenBy = page.getByTestId('venue-map-chosen-by');
    this.mapTotals = page.getByTestId('venue-map-totals');
  }

  async goto(parentId?: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/routing${parentId ? `?parent=${parentId}` : ''}`);
    await this.ready();
  }

  /** Waits for the live feed, the first snapshot of children and the grid. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.root).toHaveAttribute('data-ready', 'true');
    await expect(this.blotter.locator('.ag-root')).toBeVisible();
  }

  filter(which: 'working' | 'all'): Locator {
    return this.page.getByTestId(`routing-filter-${which}`);
  }

  row(childId: string): Locator {
    return this.blotter.locator(`.ag-row[row-id="${childId}"]`);
  }

  cell(childId: string, colId: string): Locator {
    return this.row(childId).locator(`.ag-cell[col-id="${colId}"]`);
  }

  /** Rows of one parent's children, as displayed. */
  rowsOf(parentId: string): Locator {
    return this.rows.filter({ has: this.page.locator('.ag-cell[col-id="parentId"]', { hasText: parentId }) });
  }

  /** The cells of the displayed rows, as text by column id. */
  async table(): Promise<Array<Record<string, string>>> {
    return this.rows.evaluateAll((rows) =>
      rows.map((r) => {
        const out: Record<string, string> = { childId: r.getAttribute('row-id') ?? '' };
        for (const c of r.querySelectorAll('.ag-cell[col-id]')) out[c.getAttribute('col-id')!] = (c.textContent ?? '').trim();
        return out;
      }),
    );
  }

  /** Picks a parent in the blotter's filter: the blotter shows its children and the map shows its venues. */
  async pickParent(parentId: string): Promise<void> {
    await this.parentFilter.selectOption(parentId);
    await expect(this.blotter).toHaveAttribute('data-parent', parentId);
    await this.expectMapped(parentId);
  }

  async expectMapped(parentId: string): Promise<void> {
    await expect(this.root).toHaveAttribute('data-mapped', parentId);
    await expect(this.map).toHaveAttribute('data-parent-id', parentId);
    await expect(this.map).toHaveAttribute('data-state', 'ready');
  }

  /** One venue's stacked bar in the map. */
  venue(venue: string): Locator {
    return this.map.getByTestId(`vm-venue-${venue}`);
  }

  /** Shares the map shows for the parent, over all venues: working, in flight, filled. */
  async mapShares(): Promise<{ working: number; inFlight: number; filled: number }> {
    const out = { working: 0, inFlight: 0, filled: 0 };
    for (const v of VENUES) {
      const bar = this.venue(v);
      out.working += Number(await bar.getAttribute('data-working'));
      out.inFlight += Number(await bar.getAttribute('data-inflight'));
      out.filled += Number(await bar.getAttribute('data-filled'));
    }
    return out;
  }
}
