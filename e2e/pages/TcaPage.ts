import fs from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

export type TcaLevel = 'parents' | 'children' | 'orders';

/** Signed bps as the desk shows them, one decimal: "+1,234.5", "−0.4", "0.0". */
export const BPS_TEXT = /^([+\u2212]?\d{1,3}(,\d{3})*\.\d|0\.0)$/;

/** /tca: tiles, the parents / children / small orders blotters with their TOTAL line, the shortfall waterfall, the charts and the exports. */
export class TcaPage extends DeskPage {
  readonly root: Locator;
  readonly tiles: Locator;
  readonly blotter: Locator;
  readonly shortfall: Locator;
  readonly waterfall: Locator;
  readonly noFills: Locator;
  readonly timeChart: Locator;
  readonly distChart: Locator;
  readonly venueChart: Locator;
  readonly strategyChart: Locator;
  readonly printLink: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('tca-page');
    this.tiles = page.getByTestId('tca-tiles');
    this.blotter = page.getByTestId('tca-blotter');
    this.shortfall = page.getByTestId('tca-shortfall');
    this.waterfall = page.getByTestId('tca-waterfall');
    this.noFills = page.getByTestId('tca-nofills');
    this.timeChart = page.getByTestId('tca-chart-time');
    this.distChart = page.getByTestId('tca-chart-dist');
    this.venueChart = page.getByTestId('tca-chart-venue');
    this.strategyChart = page.getByTestId('tca-chart-strategy');
    this.printLink = page.getByTestId('tca-print-link');
  }

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/tca`);
    await this.ready();
  }

  /** Waits for the live feed, the first TCA snapshot and the grid. */
  async ready(): Promise<void> {
    await this.expectLive();
    await expect(this.root).toHaveAttribute('data-ready', 'true');
    await expect(this.blotter.locator('.ag-root')).toBeVisible();
  }

  tile(id: 'vwap' | 'arrival' | 'shortfall' | 'fees' | 'crossed' | 'executed'): Locator {
    return this.page.getByTestId(`tca-tile-${id}`);
  }

  async tileValue(id: Parameters<TcaPage['tile']>[0]): Promise<string> {
    return (await this.tile(id).locator('.tca-tile-value b').innerText()).trim();
  }

  async showTab(level: TcaLevel): Promise<void> {
    await this.page.getByTestId(`tca-tab-${level}`).click();
    await expect(this.blotter).toHaveAttribute('data-tab', level);
    await expect(this.grid(level).locator('.ag-root')).toBeVisible();
  }

  grid(level: TcaLevel): Locator {
    return this.page.getByTestId(`tca-${level}`);
  }

  empty(level: TcaLevel): Locator {
    return this.page.getByTestId(`tca-${level}-empty`);
  }

  /** The grid's body rows (not the pinned TOTAL line, which ag-grid 36 keeps in a container of its own). */
  rows(level: TcaLevel): Locator {
    return this.grid(level).locator('.ag-grid-scrolling-container .ag-row[row-id]');
  }

  row(level: TcaLevel, id: string): Locator {
    return this.grid(level).locator(`.ag-grid-scrolling-container .ag-row[row-id="${id}"]`);
  }

  cell(level: TcaLevel, id: string, colId: string): Locator {
    return this.grid(level).locator(`.ag-row[row-id="${id}"] .ag-cell[col-id="${colId}"]`);
  }

  /** A cell of the pinned TOTAL line. */
  totalCell(level: TcaLevel, colId: string): Locator {
    return this.grid(level).locator(`.ag-grid-pinned-bottom-rows-container .ag-row-pinned .ag-cell[col-id="${colId}"]`);
  }

  /** The displayed body rows' cells as text by column id. */
  async table(level: TcaLevel): Promise<Array<Record<string, string>>> {
    return this.rows(level).evaluateAll((rows) =>
      rows.map((r) => {
        const out: Record<string, string> = { id: r.getAttribute('row-id') ?? '' };
        for (const c of r.querySelectorAll('.ag-cell[col-id]')) out[c.getAttribute('col-id')!] = (c.textContent ?? '').trim();
        return out;
      }),
    );
  }

  /** Downloads one level's CSV from the page's export button; returns its lines. */
  async exportCsv(level: TcaLevel): Promise<{ name: string; lines: string[] }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`tca-export-${level}`).click()]);
    const file = await download.path();
    const text = await fs.readFile(file!, 'utf8');
    return { name: download.suggestedFilename(), lines: text.trimEnd().split('\n') };
  }
}

/** /tca/print: the printable report. */
export class TcaPrintPage extends DeskPage {
  readonly root: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.root = page.getByTestId('tca-print-page');
  }

  async ready(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-ready', 'true');
  }

  section(id: 'summary' | 'charts' | 'parents' | 'orders' | 'children'): Locator {
    return this.page.getByTestId(`tca-print-${id}`);
  }
}
