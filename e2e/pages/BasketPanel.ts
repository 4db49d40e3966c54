import { expect, type Locator, type Page } from '@playwright/test';

export type BasketLineStatus = 'accepted' | 'rejected' | 'unreadable';

/** The basket upload on /orders: the dock button beside the ticket and the panel it opens. */
export class BasketPanel {
  readonly openButton: Locator;
  readonly panel: Locator;
  readonly fileInput: Locator;
  readonly csv: Locator;
  readonly name: Locator;
  readonly uploadButton: Locator;
  readonly status: Locator;
  readonly error: Locator;
  readonly templateLink: Locator;
  readonly report: Locator;
  readonly lines: Locator;
  readonly warnings: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByTestId('basket-open');
    this.panel = page.getByTestId('basket-panel');
    this.fileInput = page.getByTestId('basket-file');
    this.csv = page.getByTestId('basket-csv');
    this.name = page.getByTestId('basket-name');
    this.uploadButton = page.getByTestId('basket-upload');
    this.status = page.getByTestId('basket-status');
    this.error = page.getByTestId('basket-error');
    this.templateLink = page.getByTestId('basket-template');
    this.report = page.getByTestId('basket-report');
    this.lines = this.report.getByTestId('basket-line');
    this.warnings = page.getByTestId('basket-warnings');
  }

  async open(): Promise<void> {
    if ((await this.openButton.getAttribute('aria-expanded')) !== 'true') await this.openButton.click();
    await expect(this.panel).toBeVisible();
  }

  /** Chooses a CSV "file" made from text, the way the file picker would. */
  async chooseFile(fileName: string, text: string): Promise<void> {
    await this.fileInput.setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await expect(this.page.getByTestId('basket-file-name')).toContainText(fileName);
  }

  /** Drops a CSV "file" onto the open panel, as a drag from the desktop would. */
  async dropFile(fileName: string, text: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ fileName, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], fileName, { type: 'text/csv' }));
        return dt;
      },
      { fileName, text },
    );
    await this.panel.dispatchEvent('dragenter', { dataTransfer });
    await expect(this.panel).toHaveAttribute('data-dragging', 'true');
    await this.panel.dispatchEvent('dragover', { dataTransfer });
    await this.panel.dispatchEvent('drop', { dataTransfer });
    await expect(this.panel).not.toHaveAttribute('data-dragging', 'true');
  }

  async upload(): Promise<void> {
    await expect(this.uploadButton).toBeEnabled();
    await this.uploadButton.click();
    await expect(this.report).toBeVisible();
  }

  total(kind: 'accepted' | 'rejected' | 'unreadable' | 'lines'): Locator {
    return this.page.getByTestId(`basket-total-${kind}`);
  }

  async expectTotals(t: { accepted: number; rejected: number; unreadable: number; lines?: number }): Promise<void> {
    await expect(this.total('accepted')).toHaveAttribute('data-value', String(t.accepted));
    await expect(this.total('rejected')).toHaveAttribute('data-value', String(t.rejected));
    await expect(this.total('unreadable')).toHaveAttribute('data-value', String(t.unreadable));
    if (t.lines !== undefined) await expect(this.total('lines')).toHaveAttribute('data-value', String(t.lines));
  }

  /** Shows every line (the report starts on problems only when there are any). */
  async showAll(): Promise<void> {
    await this.page.getByTestId('basket-filter-all').click();
  }

  async showProblems(): Promise<void> {
    await this.page.getByTestId('basket-filter-problems').click();
  }

  /** The report row of a CSV line number (1 = the header). */
  line(lineNo: number): Locator {
    return this.report.locator(`[data-testid="basket-line"][data-line="${lineNo}"]`);
  }

  /** Status of every row in table order. */
  async lineStatuses(): Promise<BasketLineStatus[]> {
    return this.lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-status') as BasketLineStatus));
  }

  /** Order ids of the accepted rows on screen. */
  async acceptedOrderIds(): Promise<string[]> {
    return this.report
      .locator('[data-testid="basket-line"][data-status="accepted"] .bk-order-id')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  }
}
