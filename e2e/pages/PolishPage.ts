import { expect, type Locator, type Page } from '@playwright/test';
import { DeskPage } from './DeskPage';

/** A trpc call with the page's session cookie (and our Origin, as a browser would send on a POST). */
export async function trpc<T>(page: Page, baseUrl: string, path: string, input?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  const res =
    method === 'POST'
      ? await page.request.post(`${baseUrl}/api/trpc/${path}`, { data: input ?? {}, headers: { origin: baseUrl } })
      : await page.request.get(`${baseUrl}/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`);
  const text = await res.text();
  expect(res.status(), text).toBe(200);
  return (JSON.parse(text) as { result: { data: T } }).result.data;
}

/**
 * What every desk page shares beyond the top bar's clock and badge: the
 * market status, the toasts, and each grid's Columns menu.
 */
export class PolishPage extends DeskPage {
  readonly marketStatus: Locator;
  readonly speed: Locator;
  readonly toasts: Locator;

  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
    this.marketStatus = page.getByTestId('market-status');
    this.speed = page.getByTestId('engine-speed');
    this.toasts = page.getByTestId('toasts').getByTestId('toast');
  }

  toast(kind: 'fill' | 'reject' | 'override'): Locator {
    return this.page.getByTestId('toasts').locator(`[data-testid="toast"][data-kind="${kind}"]`);
  }

  /** A grid's Columns menu by its layout name ("orders", "parents", "tca.parents"…). */
  layoutMenu(grid: string): Locator {
    return this.page.getByTestId(`layout-menu-${grid}`);
  }

  async openColumns(grid: string): Promise<Locator> {
    const menu = this.layoutMenu(grid);
    const button = menu.getByTestId('layout-open');
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await expect(menu.getByRole('dialog')).toBeVisible();
    return menu;
  }

  async setColumnShown(grid: string, colId: string, shown: boolean): Promise<void> {
    const menu = await this.openColumns(grid);
    const box = menu.getByTestId(`layout-col-${colId}`);
    if ((await box.isChecked()) !== shown) await box.click();
    await expect(box).toBeChecked({ checked: shown });
  }

  async resetLayout(grid: string): Promise<void> {
    const menu = await this.openColumns(grid);
    await menu.getByTestId('layout-reset').click();
    await expect(menu).toHaveAttribute('data-customised', 'false');
  }

  /** The signed-in user's saved layouts, as the server holds them. */
  async savedLayouts(): Promise<Record<string, Array<{ colId: string; width?: number; hide?: boolean | null; sort?: string | null }>>> {
    return trpc(this.page, this.baseUrl, 'prefs.layouts', undefined, 'GET');
  }

  /** Drags a column's right edge in a grid by `dx` pixels, as a user resizes it. */
  async resizeColumn(grid: Locator, colId: string, dx: number): Promise<void> {
    const handle = grid.locator(`.ag-header-cell[col-id="${colId}"] .ag-header-cell-resize`);
    // After a column is hidden or shown, ag-grid slides the header cells to their new places: grab
    // the handle where it comes to rest, not where it was a frame ago.
    let box = (await handle.boundingBox())!;
    for (let i = 0; i < 40; i++) {
      await this.page.waitForTimeout(50);
      const now = (await handle.boundingBox())!;
      if (now.x === box.x && now.y === box.y) break;
      box = now;
    }
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 });
    await this.page.mouse.move(x + dx, y, { steps: 4 });
    await this.page.mouse.up();
  }

  async headerWidth(grid: Locator, colId: string): Promise<number> {
    return (await grid.locator(`.ag-header-cell[col-id="${colId}"]`).boundingBox())!.width;
  }
}
