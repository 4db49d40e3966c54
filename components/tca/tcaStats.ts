import type { ChildTcaRow, ParentTcaRow } from '@/server/trpc/tca';
import { strategyLabel } from './tcaFormat';

/** What the TCA charts draw, worked out from the rows the page holds: slippage against a benchmark, weighted by shares filled. */

/** The benchmark a chart measures against: the interval VWAP or the arrival mid. */
export type Bench = 'vwap' | 'arrival';
type Slipped = { slippageVsVwapBps: number | null; slippageVsArrivalBps: number | null };
export const slipOf = (r: Slipped, bench: Bench) => (bench === 'vwap' ? r.slippageVsVwapBps : r.slippageVsArrivalBps);

interface Acc {
  qty: number;
  sum: number;
}
const add = (a: Acc, qty: number, bps: number | null) => {
  if (bps === null || !Number.isFinite(bps) || qty <= 0) return;
  a.qty += qty;
  a.sum += qty * bps;
};
const mean = (a: Acc) => (a.qty > 0 ? a.sum / a.qty : null);

export interface MinuteSlip {
  /** Minute start, epoch ms. */
  t: number;
  /** Shares filled by children placed in that minute. */
  qty: number;
  /** Their quantity-weighted slippage, bps. */
  bps: number | null;
  /** The day's running quantity-weighted slippage up to the end of that minute. */
  cumBps: number | null;
}

const MINUTE = 60_000;

/** Child slippage minute by minute (by when each child was placed), and the running total. */
export function slippageByMinute(children: Iterable<ChildTcaRow>, bench: Bench = 'vwap'): MinuteSlip[] {
  const by = new Map<number, Acc>();
  for (const c of children) {
    const t = Math.floor(c.placedAt / MINUTE) * MINUTE;
    let a = by.get(t);
    if (!a) by.set(t, (a = { qty: 0, sum: 0 }));
    add(a, c.filled, slipOf(c, bench));
  }
  const out: MinuteSlip[] = [];
  const run: Acc = { qty: 0, sum: 0 };
  for (const t of [...by.keys()].sort((a, b) => a - b)) {
    const a = by.get(t)!;
    run.qty += a.qty;
    run.sum += a.sum;
    out.push({ t, qty: a.qty, bps: mean(a), cumBps: mean(run) });
  }
  return out;
}

export interface Bucket {
  /** [from, to) in bps; the first and last are open-ended. */
  from: number;
  to: number;
  label: string;
  qty: number;
  children: number;
  openLow: boolean;
  openHigh: boolean;
}

export interface Distribution {
  buckets: Bucket[];
  width: number;
  /** Decimals that show a bucket edge exactly. */
  digits: number;
  /** Quantity-weighted mean and the median child (by shares), bps. */
  mean: number | null;
  median: number | null;
  children: number;
}

const NICE = [0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 500];

/**
 * The distribution of child slippage, in shares filled per bucket: buckets of a
 * round width, about 16 across the bulk (at least ±1 bps around zero), the tails
 * folded into the end buckets.
 */
export function slippageDistribution(children: Iterable<ChildTcaRow>, bench: Bench = 'vwap', target = 16): Distribution {
  const pts: Array<{ bps: number; qty: number }> = [];
  for (const c of children) {
    const bps = slipOf(c, bench);
    if (bps !== null && Number.isFinite(bps) && c.filled > 0) pts.push({ bps, qty: c.filled });
  }
  if (pts.length === 0) return { buckets: [], width: 0, digits: 0, mean: null, median: null, children: 0 };
  pts.sort((a, b) => a.bps - b.bps);
  const total = pts.reduce((n, p) => n + p.qty, 0);
  const at = (q: number) => {
    let run = 0;
    for (const p of pts) if ((run += p.qty) >= q * total) return p.bps;
    return pts[pts.length - 1].bps;
  };
  // The bulk: 2nd to 98th percentile by shares, always spanning at least ±1 bps around zero.
  const lo = Math.min(-1, at(0.02));
  const hi = Math.max(1, at(0.98));
  const span = Math.max(hi - lo, 1);
  const width = NICE.find((w) => span / w <= target) ?? NICE[NICE.length - 1];
  const start = Math.floor(lo / width) * width;
  const end = Math.max(Math.ceil(hi / width) * width, start + width);
  const n = Math.max(1, Math.round((end - start) / width));
  const digits = width < 1 ? 2 : width % 1 ? 1 : 0;
  const num = (x: number) => (x > 0 ? `+${x.toFixed(digits)}` : x < 0 ? `\u2212${Math.abs(x).toFixed(digits)}` : '0');
  const buckets: Bucket[] = [];
  for (let i = 0; i < n; i++) {
    const from = start + i * width;
    const to = from + width;
    buckets.push({ from, to, label: `${num(from)} to ${num(to)}`, qty: 0, children: 0, openLow: i === 0, openHigh: i === n - 1 });
  }
  for (const p of pts) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((p.bps - start) / width)));
    buckets[i].qty += p.qty;
    buckets[i].children++;
  }
  buckets[0].label = pts[0].bps < start ? `below ${num(start + width)}` : buckets[0].label;
  const last = buckets[n - 1];
  if (pts[pts.length - 1].bps >= end) last.label = `${num(last.from)} and above`;
  const acc: Acc = { qty: 0, sum: 0 };
  for (const p of pts) add(acc, p.qty, p.bps);
  return { buckets, width, digits, mean: mean(acc), median: at(0.5), children: pts.length };
}

export interface Breakdown {
  key: string;
  label: string;
  /** Shares filled. */
  qty: number;
  /** Rows with a fill. */
  count: number;
  bps: number | null;
  /** Against the other benchmark, for the tooltip. */
  otherBps: number | null;
}

/** Child slippage by venue, busiest first. */
export function byVenue(children: Iterable<ChildTcaRow>, bench: Bench = 'vwap'): Breakdown[] {
  const by = new Map<string, { vwap: Acc; arr: Acc; count: number }>();
  for (const c of children) {
    if (c.filled <= 0) continue;
    let g = by.get(c.venue);
    if (!g) by.set(c.venue, (g = { vwap: { qty: 0, sum: 0 }, arr: { qty: 0, sum: 0 }, count: 0 }));
    add(g.vwap, c.filled, slipOf(c, bench));
    add(g.arr, c.filled, slipOf(c, bench === 'vwap' ? 'arrival' : 'vwap'));
    g.count++;
  }
  return [...by.entries()]
    .map(([venue, g]) => ({ key: venue, label: venue, qty: g.vwap.qty || g.arr.qty, count: g.count, bps: mean(g.vwap), otherBps: mean(g.arr) }))
    .sort((a, b) => b.qty - a.qty || (a.key < b.key ? -1 : 1));
}

/** Parent slippage by strategy (parents with a market fill), in a fixed order. */
export function byStrategy(parents: Iterable<ParentTcaRow>, bench: Bench = 'vwap'): Breakdown[] {
  const by = new Map<string, { vwap: Acc; arr: Acc; count: number }>();
  for (const p of parents) {
    if (p.filled <= 0) continue;
    const key = p.strategy ?? 'none';
    let g = by.get(key);
    if (!g) by.set(key, (g = { vwap: { qty: 0, sum: 0 }, arr: { qty: 0, sum: 0 }, count: 0 }));
    add(g.vwap, p.filled, slipOf(p, bench));
    add(g.arr, p.filled, slipOf(p, bench === 'vwap' ? 'arrival' : 'vwap'));
    g.count++;
  }
  const order = ['vwap', 'twap', 'pov', 'is', 'none'];
  return [...by.entries()]
    .map(([key, g]) => ({ key, label: key === 'none' ? 'None' : strategyLabel(key), qty: g.vwap.qty || g.arr.qty, count: g.count, bps: mean(g.vwap), otherBps: mean(g.arr) }))
    .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}
