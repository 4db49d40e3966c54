import type { Engine } from '../engine';
import { PRICE_SCALE } from '../instruments';
import type { Child } from '../execution/children';
import type { Parent } from '../aggregation/parents';
import type { Side, SmallOrder } from '../orders/types';
import type { Tape } from '../market/tape';
import { implementationShortfall, slippageBps, weightedBps, type Shortfall } from './metrics';

/**
 * Transaction cost analysis of the desk as it stands at `asOf`, read from engine
 * state and each name's tape — nothing of its own to keep, so it is the same live,
 * after recovery and in a headless run. Prices and money are dollars here.
 *
 * Benchmarks, for a child, a parent and a small order alike:
 * - arrival: the mid when it arrived (a child: when it was sent; a parent: when it
 *   was created; a small order: when the desk accepted it);
 * - interval VWAP: every print of the name over its execution window (arrival, end],
 *   where end is when it finished, or `asOf` while it works;
 * - TWAP: the mean of the per-second mids over that window;
 * - close: the last print of the session, once the market has closed.
 * Slippage is in bps, positive better than the benchmark (metrics.ts).
 */
export interface ChildTca {
  childId: string;
  parentId: string;
  symbol: string;
  side: Side;
  venue: string;
  kind: Child['kind'];
  logic: string | null;
  placedAt: number;
  endAt: number;
  working: boolean;
  qty: number;
  filled: number;
  avgPx: number | null;
  arrivalPx: number | null;
  vwap: number | null;
  slippageVsVwapBps: number | null;
  slippageVsArrivalBps: number | null;
  /** Dollars; negative is a rebate. */
  fees: number;
}

export interface ShortfallUsd {
  delay: number;
  execution: number;
  opportunity: number;
  fees: number;
  total: number;
  bps: Shortfall['bps'];
}

export interface Benchmarked {
  arrivalPx: number | null;
  vwapBenchmark: number | null;
  twapBenchmark: number | null;
  closePx: number | null;
  avgPx: number | null;
  slippageVsArrivalBps: number | null;
  slippageVsVwapBps: number | null;
  slippageVsTwapBps: number | null;
  slippageVsCloseBps: number | null;
  shortfall: ShortfallUsd | null;
}

export interface ParentTca extends Benchmarked {
  parentId: string;
  symbol: string;
  side: Side;
  status: Parent['status'];
  strategy: string | null;
  routing: string | null;
  /** What the parent had to do on the market: what joined it less what crossed inside it. */
  qty: number;
  filled: number;
  crossed: number;
  createdAt: number;
  /** The first child, or creation when none was sent. */
  startAt: number;
  endAt: number;
  fees: number;
  children: number;
}

export interface OrderTca extends Benchmarked {
  orderId: string;
  parentId: string | null;
  owner: string;
  symbol: string;
  side: Side;
  status: SmallOrder['status'];
  qty: number;
  filled: number;
  crossed: number;
  createdAt: number;
  endAt: number;
}

export interface TcaTotals {
  /** Shares executed on the market (children's fills) and crossed inside. */
  marketQty: number;
  crossedQty: number;
  /** Weighted by executed quantity: every child fill against its own interval VWAP and arrival. */
  childVsVwapBps: number | null;
  childVsArrivalBps: number | null;
  /** Weighted by filled quantity over the parents. */
  parentVsVwapBps: number | null;
  parentVsArrivalBps: number | null;
  /** Σ over the small orders: the desk's cost to the people who sent them. */
  orders: { paperUsd: number; shortfallUsd: number; shortfallBps: number | null; feesUsd: number };
}

export interface TcaReport {
  asOf: number;
  marketClosed: boolean;
  children: ChildTca[];
  parents: ParentTca[];
  orders: OrderTca[];
  totals: TcaTotals;
}

const usd = (px: number | undefined | null): number | null => (px === undefined || px === null ? null : px / PRICE_SCALE);
const finished = (c: Child) => c.status === 'filled' || c.status === 'cancelled' || c.status === 'rejected';

/** The report for every child with a fill, every parent and every small order. */
export function tcaReport(engine: Engine, asOf: number = engine.clock.now()): TcaReport {
  const market = engine.market;
  const closed = !!market && asOf >= market.close;
  const tapeOf = (symbol: string) => market?.tape(symbol);
  const closeOf = (symbol: string) => (closed ? tapeOf(symbol)?.lastPx(market!.close) : undefined);
  // The mid at an instant: the market's own for now, the tape's per-second sample for the past.
  const midAt = (symbol: string, t: number) => (t >= asOf && !closed ? (market?.mid(symbol) ?? tapeOf(symbol)?.midAt(t)) : tapeOf(symbol)?.midAt(t));

  const byParent = new Map<string, Child[]>();
  for (const c of engine.children.all()) {
    let list = byParent.get(c.parentId);
    if (!list) byParent.set(c.parentId, (list = []));
    list.push(c);
  }

  const children: ChildTca[] = [];
  for (const c of engine.children.all()) if (c.filledQty > 0) children.push(childTca(c, tapeOf(c.symbol), asOf));

  const parents: ParentTca[] = [];
  /** Per parent: when and at what mid its trading started, its market fees, and its market fills. */
  const started = new Map<string, { at: number; px: number | undefined; fees: number; filled: number }>();
  for (const p of engine.parents.all()) {
    const kids = byParent.get(p.parentId) ?? [];
    let first: Child | undefined;
    let filled = 0;
    let value = 0;
    let fees = 0;
    for (const c of kids) {
      if (!first || c.placedAt < first.placedAt) first = c;
      filled += c.filledQty;
      value += c.filledValue;
      fees += c.fees;
    }
    const startAt = first?.placedAt ?? p.createdAt;
    const startPx = first ? (first.arrivalMid ?? tapeOf(p.symbol)?.midAt(startAt)) : p.arrivalPx;
    started.set(p.parentId, { at: startAt, px: startPx, fees, filled });
    const endAt = p.status === 'completed' ? p.updatedAt : asOf;
    const qty = p.joinedQty - p.crossed;
    const plan = engine.executor?.plan(p.parentId);
    parents.push({
      parentId: p.parentId,
      symbol: p.symbol,
      side: p.side,
      status: p.status,
      strategy: plan?.strategy ?? null,
      routing: engine.executor?.routingOf(p.parentId)?.logic ?? null,
      qty,
      filled,
      crossed: p.crossed,
      createdAt: p.createdAt,
      startAt,
      endAt,
      fees: fees / PRICE_SCALE,
      children: kids.length,
      ...benchmark({
        side: p.side,
        qty,
        filled,
        value,
        fees,
        arrivalPx: p.arrivalPx,
        startPx,
        endPx: midAt(p.symbol, endAt),
        tape: tapeOf(p.symbol),
        from: startAt,
        to: endAt,
        closePx: closeOf(p.symbol),
      }),
    });
  }

  const orders: OrderTca[] = [];
  for (const o of engine.orders.all()) {
    const final = o.status === 'filled' || o.status === 'cancelled';
    const endAt = final ? o.updatedAt : asOf;
    const parent = o.parentId ? started.get(o.parentId) : undefined;
    // Trading for this order began when its parent's did, or on arrival if the parent was already at work.
    const waited = parent !== undefined && parent.at > o.createdAt;
    const marketFilled = o.filledQty - o.crossedQty;
    // Fees are shared out as the fills are: pro rata to the shares the order was allocated.
    const fees = parent && parent.filled > 0 ? (parent.fees * marketFilled) / parent.filled : 0;
    orders.push({
      orderId: o.orderId,
      parentId: o.parentId ?? null,
      owner: o.owner,
      symbol: o.symbol,
      side: o.side,
      status: o.status,
      qty: o.qty,
      filled: o.filledQty,
      crossed: o.crossedQty,
      createdAt: o.createdAt,
      endAt,
      ...benchmark({
        side: o.side,
        qty: o.qty,
        filled: o.filledQty,
        value: o.filledValue,
        fees,
        arrivalPx: o.arrivalPx,
        startPx: waited ? parent.px : o.arrivalPx,
        endPx: midAt(o.symbol, endAt),
        tape: tapeOf(o.symbol),
        from: o.createdAt,
        to: endAt,
        closePx: closeOf(o.symbol),
      }),
    });
  }

  return { asOf, marketClosed: closed, children, parents, orders, totals: totals(children, parents, orders) };
}

export function childTca(c: Child, tape: Tape | undefined, asOf: number): ChildTca {
  const working = !finished(c);
  const endAt = working ? asOf : c.updatedAt;
  const avg = c.filledQty ? c.filledValue / c.filledQty : undefined;
  const vwap = tape?.vwap(c.placedAt, endAt);
  return {
    childId: c.childId,
    parentId: c.parentId,
    symbol: c.symbol,
    side: c.side,
    venue: c.venue,
    kind: c.kind,
    logic: c.logic ?? null,
    placedAt: c.placedAt,
    endAt,
    working,
    qty: c.qty,
    filled: c.filledQty,
    avgPx: usd(avg),
    arrivalPx: usd(c.arrivalMid),
    vwap: usd(vwap),
    slippageVsVwapBps: avg !== undefined && vwap ? slippageBps(c.side, avg, vwap) : null,
    slippageVsArrivalBps: avg !== undefined && c.arrivalMid ? slippageBps(c.side, avg, c.arrivalMid) : null,
    fees: c.fees / PRICE_SCALE,
  };
}

export interface BenchmarkInput {
  side: Side;
  qty: number;
  filled: number;
  /** Σ px × qty of the fills, price units × shares; fees likewise. */
  value: number;
  fees: number;
  arrivalPx: number | undefined;
  startPx: number | undefined;
  endPx: number | undefined;
  tape: Tape | undefined;
  from: number;
  to: number;
  closePx: number | undefined;
}

export function benchmark(i: BenchmarkInput): Benchmarked {
  const avg = i.filled > 0 ? i.value / i.filled : undefined;
  const vwap = i.tape?.vwap(i.from, i.to);
  const twap = i.tape?.twap(i.from, i.to);
  const slip = (bench: number | undefined) => (avg !== undefined && bench ? slippageBps(i.side, avg, bench) : null);
  let shortfall: ShortfallUsd | null = null;
  if (i.arrivalPx && i.qty > 0) {
    const s = implementationShortfall({
      side: i.side,
      qty: i.qty,
      decisionPx: i.arrivalPx,
      startPx: i.startPx ?? i.arrivalPx,
      // Without a mid at the end (no market), what is left is valued where it began.
      endPx: i.endPx ?? i.arrivalPx,
      filledQty: i.filled,
      filledValue: i.value,
      fees: i.fees,
    });
    shortfall = { delay: s.delay / PRICE_SCALE, execution: s.execution / PRICE_SCALE, opportunity: s.opportunity / PRICE_SCALE, fees: s.fees / PRICE_SCALE, total: s.total / PRICE_SCALE, bps: s.bps };
  }
  return {
    arrivalPx: usd(i.arrivalPx),
    vwapBenchmark: usd(vwap),
    twapBenchmark: usd(twap),
    closePx: usd(i.closePx),
    avgPx: usd(avg),
    slippageVsArrivalBps: slip(i.arrivalPx),
    slippageVsVwapBps: slip(vwap),
    slippageVsTwapBps: slip(twap),
    slippageVsCloseBps: slip(i.closePx),
    shortfall,
  };
}

function totals(children: readonly ChildTca[], parents: readonly ParentTca[], orders: readonly OrderTca[]): TcaTotals {
  let paperUsd = 0;
  let shortfallUsd = 0;
  let feesUsd = 0;
  let crossedQty = 0;
  for (const o of orders) {
    crossedQty += o.crossed;
    if (!o.shortfall || o.arrivalPx === null) continue;
    paperUsd += o.qty * o.arrivalPx;
    shortfallUsd += o.shortfall.total;
    feesUsd += o.shortfall.fees;
  }
  return {
    marketQty: children.reduce((a, c) => a + c.filled, 0),
    crossedQty,
    childVsVwapBps: weightedBps(children.map((c) => ({ qty: c.filled, bps: c.slippageVsVwapBps }))),
    childVsArrivalBps: weightedBps(children.map((c) => ({ qty: c.filled, bps: c.slippageVsArrivalBps }))),
    parentVsVwapBps: weightedBps(parents.map((p) => ({ qty: p.filled, bps: p.slippageVsVwapBps }))),
    parentVsArrivalBps: weightedBps(parents.map((p) => ({ qty: p.filled, bps: p.slippageVsArrivalBps }))),
    orders: { paperUsd, shortfallUsd, shortfallBps: paperUsd > 0 ? (shortfallUsd * 10_000) / paperUsd : null, feesUsd },
  };
}

/**
 * The value of aggregation: the same orders on the same seeded market, once
 * through the desk (aggregated, netted, crossed) and once each worked alone
 * (Engine option `aggregation: false`). Cost is the small orders' implementation
 * shortfall against their own arrival mids, fees included; positive savings mean
 * the desk cost less.
 */
export interface AggregationValue {
  smallOrders: number;
  parents: number;
  crossedQty: number;
  /** Crossed inside, as a share of all the shares the small orders asked for. */
  crossedShare: number;
  naiveCostBps: number | null;
  aggregatedCostBps: number | null;
  savingsBps: number | null;
  savingsUsd: number;
}

export function aggregationValue(aggregated: TcaReport, naive: TcaReport): AggregationValue {
  const asked = aggregated.orders.reduce((a, o) => a + o.qty, 0);
  const a = aggregated.totals.orders;
  const n = naive.totals.orders;
  return {
    smallOrders: aggregated.orders.length,
    parents: aggregated.parents.length,
    crossedQty: aggregated.totals.crossedQty,
    crossedShare: asked > 0 ? aggregated.totals.crossedQty / asked : 0,
    naiveCostBps: n.shortfallBps,
    aggregatedCostBps: a.shortfallBps,
    savingsBps: n.shortfallBps !== null && a.shortfallBps !== null ? n.shortfallBps - a.shortfallBps : null,
    savingsUsd: n.shortfallUsd - a.shortfallUsd,
  };
}
