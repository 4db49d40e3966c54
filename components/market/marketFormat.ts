/** Market page formatting on top of components/data/format. Engine times are epoch ms shown in New York. */

const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const nyHm = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** HH:MM:SS.mmm in America/New_York. */
export function formatNyMillis(ms: number): string {
  const frac = String(((ms % 1000) + 1000) % 1000 | 0).padStart(3, '0');
  return `${nyParts.format(ms)}.${frac}`;
}

/** HH:MM in America/New_York. */
export const formatNyHm = (ms: number) => nyHm.format(ms);

/** Quantities short enough for a compact ladder: 950, 12,400, 152K, 1.25M. */
export function formatQtyShort(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 1 : 2)}M`;
  if (n >= 100_000) return `${Math.round(n / 1_000)}K`;
  return n.toLocaleString('en-US');
}

const px2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const px4 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** Prices on an instrument's tick grid: 2 decimals, or 4 for sub-penny ticks. Formatters are made once: charts call this a lot. */
export function formatPx(n: number | null | undefined, tick = 0.01): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return (tick < 0.01 ? px4 : px2).format(n);
}

/** A signed number with an explicit + and a real minus sign. */
export function signed(n: number, digits: number): string {
  const s = Math.abs(n).toFixed(digits);
  if (Number(s) === 0) return s;
  return n > 0 ? `+${s}` : `\u2212${s}`;
}

/** Fees arrive in $/share; shown in mils ($0.0001/share), negative is a rebate. */
export function formatMils(n: number): string {
  const mils = Math.round(n * 10_000 * 10) / 10;
  return mils < 0 ? `\u2212${Math.abs(mils)}` : String(mils);
}
