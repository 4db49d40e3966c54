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

const fixedFmts = new Map<number, Intl.NumberFormat>();
/** One formatter per number of decimals, made once: grids format thousands of cells a second. */
function fixed(digits: number): Intl.NumberFormat {
  let f = fixedFmts.get(digits);
  if (!f) fixedFmts.set(digits, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

const MINUS = '\u2212';

/** A number with exactly `digits` decimals and thousands separators; blank when unknown. A real minus sign. */
export function formatFixed(n: number | null | undefined, digits: number): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  const s = fixed(digits).format(Math.abs(n));
  return n < 0 && /[1-9]/.test(s) ? `${MINUS}${s}` : s;
}

/** Shares: whole, with thousands separators. */
export const formatQty = (n: number | null | undefined) => formatFixed(n, 0);

/** Decimals of each instrument's tick ("0.01" → 2, "0.0001" → 4), filled from engine.instruments by the desk shell. */
const tickDigits = new Map<string, number>();
const tickListeners = new Set<() => void>();

export function registerTicks(instruments: ReadonlyArray<{ symbol: string; tick: number }>): void {
  let changed = false;
  for (const i of instruments) {
    const digits = Math.max(2, decimalsOf(i.tick));
    if (tickDigits.get(i.symbol) !== digits) (tickDigits.set(i.symbol, digits), (changed = true));
  }
  if (changed) for (const l of tickListeners) l();
}

/** Runs `listener` when an instrument's tick becomes known, so grids redraw its prices. */
export function onTicks(listener: () => void): () => void {
  tickListeners.add(listener);
  return () => tickListeners.delete(listener);
}

function decimalsOf(x: number): number {
  const s = String(x);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Decimals a price of `symbol` is shown with: its tick's, at least 2 (2 until the instruments are known). */
export const priceDigits = (symbol: string | null | undefined) => (symbol ? (tickDigits.get(symbol) ?? 2) : 2);

/** A price on the instrument's tick grid: 2 decimals, or the tick's (SIRI trades in 0.0001). */
export function formatPrice(n: number | null | undefined, symbol?: string | null): string {
  return formatFixed(n, priceDigits(symbol));
}

/** Averages and benchmarks (avg fill, VWAP, arrival mid) are not on the tick grid: always 4 decimals. */
export const AVG_PRICE_DIGITS = 4;
export const formatAvgPrice = (n: number | null | undefined) => formatFixed(n, AVG_PRICE_DIGITS);

/** Basis points with a sign and one decimal: "+12.3", "−0.4", "0.0"; a dash when unknown. */
export function formatBps(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const s = fixed(digits).format(Math.abs(n));
  if (!/[1-9]/.test(s)) return s;
  return n > 0 ? `+${s}` : `${MINUS}${s}`;
}

/** A share 0..1 as a percentage with one decimal: "23.4%"; a dash when unknown. */
export const formatPct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${fixed(digits).format(x * 100)}%`);

/** Dollars with two decimals, separators and a real minus sign: "12,345.67", "−3.20". */
export const formatUsd = (n: number | null | undefined) => formatFixed(n, 2);

/**
 * Sign of a figure where more is better (slippage vs a benchmark, markouts),
 * as it reads once rounded: under half the last decimal shown (`flat`) it
 * shows as zero and is neither green nor red.
 */
export function toneOf(n: number | null | undefined, flat = 0.05): 'pos' | 'neg' | 'flat' {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'flat';
  return n >= flat ? 'pos' : n <= -flat ? 'neg' : 'flat';
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
