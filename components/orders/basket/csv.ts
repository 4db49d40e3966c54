/**
 * Client-side helpers for basket CSV files. The server (server/intake/basket.ts)
 * reads and judges every line; these only help the trader before sending.
 */

export const TEMPLATE_HEADER = 'symbol,side,qty,limit,urgency,clOrdId';

/** The downloadable template: the header and two example lines (a limit buy, a market sell). */
export const TEMPLATE_CSV = [TEMPLATE_HEADER, 'AAPL,buy,1200,227.40,medium,REB-0001', 'MSFT,sell,800,,high,REB-0002', ''].join('\n');

export const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE_CSV)}`;

/** The server's limit on a basket file. */
export const MAX_CSV_BYTES = 1_000_000;

/** Order lines in a CSV text the way the server counts them: non-blank, not # comments, after the header. */
export function countOrderLines(text: string): number {
  let n = 0;
  let header = false;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const t = raw.trim();
    if (!t || t.startsWith('#')) continue;
    if (!header) header = true;
    else n++;
  }
  return n;
}

/** A basket name from a file name: without its .csv/.txt extension, at most 80 characters. */
export function nameFromFile(fileName: string): string {
  return fileName.replace(/\.(csv|txt)$/i, '').trim().slice(0, 80) || 'basket';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** UTF-8 size of a string, as the server will measure its length limit (characters, close enough). */
export const byteLength = (s: string) => new Blob([s]).size;
