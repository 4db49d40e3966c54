/** TCA formatting: basis points and dollars with a sign, fixed decimals and thousands separators. */

const fmt = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const f2 = fmt(2);
const f1 = fmt(1);
const f0 = fmt(0);
const f4 = fmt(4);

const MINUS = '\u2212';

/** Signed bps, one decimal, like every bps on the desk: "+1,234.5", "−0.4", "0.0"; an em dash when unknown. */
export { formatBps } from '@/components/data/format';

/** Dollars with two decimals and a real minus sign: "12,345.67", "−3.20"; blank when unknown. */
export function formatUsd(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  const s = (digits === 0 ? f0 : f2).format(Math.abs(n));
  return n < 0 && Number(s.replace(/,/g, '')) !== 0 ? `${MINUS}${s}` : s;
}

/** "$12.3K", "$1.25M", "$950.00": a tile's headline money. */
export function formatUsdShort(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  const sign = n < 0 ? MINUS : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${sign}$${(a / 1e3).toFixed(1)}K`;
  return `${sign}$${f2.format(a)}`;
}

/** Prices with four decimals (benchmarks are averages, not ticks). */
export const formatPx4 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '' : f4.format(n));

/** A share 0..1 as "23.4%". */
export const formatShare = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);

/** Below this many bps a number shows as 0.0 (one decimal) and is neutral, not green or red. */
export const FLAT_BPS = 0.05;

/** Slippage: green better than the benchmark, red worse, grey flat or unknown. */
export function slipTone(bps: number | null | undefined): 'pos' | 'neg' | 'flat' {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return 'flat';
  return bps >= FLAT_BPS ? 'pos' : bps <= -FLAT_BPS ? 'neg' : 'flat';
}

/** A cost (shortfall, fees): red when it cost, green when it gained. */
export const costTone = (x: number | null | undefined) => slipTone(x === null || x === undefined ? x : -x);

export const STRATEGY_LABEL: Record<string, string> = { twap: 'TWAP', vwap: 'VWAP', pov: 'POV', is: 'IS' };
export const strategyLabel = (s: string | null | undefined) => (s ? (STRATEGY_LABEL[s] ?? s.toUpperCase()) : 'None');
