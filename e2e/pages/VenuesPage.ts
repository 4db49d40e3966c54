import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

/** /venues: the venue scorecard, one venue's minutes and fill probabilities, and (supervisors) its status switches. */
export class VenuesPage extends DeskPage {
  readonly root: Locator;
  readonly grid: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly chart: Locator;
  readonly fillTable: Locator;
  readonly controls: Locator;
  readonly readonlyNote: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('venues-page');
    this.grid = page.getByTestId('scorecard-grid');
    this.rows = this.grid.locator('.ag-row[row-id]');
    this.detail = page.getByTestId('venue-detail');
    this.chart = page.getByTestId('venue-chart');
    this.fillTable = page.getByTestId('fill-rate-table');
    this.controls = page.getByTestId('venue-status-controls');
    this.readonlyNote = page.getByTestId('venue-status-readonly');
  }

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/venues`);
    await this.ready();
  }

  /** Waits for the feed, the first scorecard and its six venues. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.root).toHaveAttribute('data-ready', 'true');
    await expect(this.rows).toHaveCount(6);
  }

  row(venue: string): Locator {
    return this.grid.locator(`.ag-row[row-id="${venue}"]`);
  }

  cell(venue: string, colId: string): Locator {
    return this.row(venue).locator(`.ag-cell[col-id="${colId}"]`);
  }

  /** The status a venue's row shows (open, halted, down). */
  status(venue: string): Locator {
    return this.cell(venue, 'status').getByTestId(`venue-badge-${venue}`);
  }

  async select(venue: string): Promise<void> {
    await this.cell(venue, 'venue').click();
    await expect(this.detail).toHaveAttribute('data-venue', venue);
    await expect(this.chart).toHaveAttribute('data-venue', venue);
  }

  /** Supervisor: switches the selected venue with a reason and waits for the server's yes. */
  async switchVenue(venue: string, to: 'halt' | 'resume' | 'down', reason: string): Promise<void> {
    await this.controls.getByTestId(`venue-${to}-${venue}`).click();
    await this.page.getByTestId(`venue-reason-${venue}`).fill(reason);
    await this.page.getByTestId(`venue-reason-${venue}`).press('Enter');
    await expect(this.page.getByTestId(`venue-answer-${venue}`)).toHaveAttribute('data-kind', 'ok');
  }
}
