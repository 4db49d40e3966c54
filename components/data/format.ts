/** Display formatting shared by the desk UI. Engine times are epoch ms shown in New York time. */

const nyTime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** HH:MM:SS in America/New_York. */
export function formatNyTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '--:--:--';
  return nyTime.format(ms);
}

const qtyFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const formatQty = (n: number | null | undefined) => (n === null || n === undefined ? '' : qtyFmt.format(n));

/** Prices keep at least 2 decimals and up to 4 (SIRI trades in 0.0001). */
export function formatPrice(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
}

export function formatNotional(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `$${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `$${(n / 1e6).toFixed(2)}M`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * Parses a share quantity as a trader types it: "1500", "1,500", "1.5k", "2m".
 * Returns NaN for anything else; the engine judges lots and whole numbers.
 */
export function parseQty(text: string): number {
  const t = text.trim().replace(/,/g, '').toLowerCase();
  const m = /^(\d+(?:\.\d+)?|\.\d+)([km]?)$/.exec(t);
  if (!m) return Number.NaN;
  const mult = m[2] === 'k' ? 1_000 : m[2] === 'm' ? 1_000_000 : 1;
  // Round away binary noise from the multiplication ("1.1k" -> 1100), not real fractions.
  return Math.round(Number(m[1]) * mult * 1e6) / 1e6;
}

/** Parses a limit price; blank means a market order (undefined). */
export function parsePrice(text: string): number | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return undefined;
  return /^(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}
