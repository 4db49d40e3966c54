import { z } from 'zod';
import { tcaReport, type ChildTca, type OrderTca, type ParentTca, type ShortfallUsd, type TcaReport } from '../../engine/tca/report';
import { weightedBps } from '../../engine/tca/metrics';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import { authed, router } from './init';
import { canSee } from './orders';
import { canSeeParent } from './parents';
import { canSeeChild } from './routing';

/**
 * Transaction cost analysis on the desk (engine/tca/report.ts), live.
 *
 * One hub per desk computes the report at most once a second while anyone
 * watches, and works out which rows changed since the last one; every
 * subscriber takes its rows from that shared tick, filtered by the desk's own
 * visibility rules (a trader sees the parents holding their orders, those
 * parents' children, and their own small orders; supervisors and viewers see
 * everything). Prices and money are dollars; bps positive = better than the
 * benchmark; shortfall positive = a cost.
 */

export const TCA_LEVELS = ['children', 'parents', 'orders'] as const;
export type TcaLevel = (typeof TCA_LEVELS)[number];

export type ChildTcaRow = ChildTca;
/** A parent's TCA with who it works for (visibility, and the blotter's Owners column). */
export type ParentTcaRow = ParentTca & { owners: string[]; orders: number };
export type OrderTcaRow = OrderTca;

/**
 * The total line of a TCA table: quantities, fees and dollars summed; slippage
 * weighted by filled quantity; the shortfall summed in dollars, its bps of the
 * summed paper notional (quantity × arrival price) of the rows that have one.
 */
export interface TcaTotalRow {
  rows: number;
  qty: number;
  filled: number;
  crossed: number;
  /** Σ filled × average price, dollars. */
  notional: number;
  fees: number;
  slippageVsArrivalBps: number | null;
  slippageVsVwapBps: number | null;
  slippageVsTwapBps: number | null;
  slippageVsCloseBps: number | null;
  /** Σ qty × arrival price over the rows with a shortfall, dollars. */
  paperUsd: number;
  shortfall: ShortfallUsd | null;
}

/** The figures the TCA page's tiles show, over the rows this user may see. */
export interface TcaSummary {
  asOf: number;
  marketClosed: boolean;
  /** desk: every row; own: a trader's parents, their children and the trader's own small orders. */
  scope: 'desk' | 'own';
  counts: { children: number; parents: number; workingParents: number; orders: number };
  /** Shares executed on the market (children's fills), crossed inside, and asked for by the small orders. */
  marketQty: number;
  crossedQty: number;
  askedQty: number;
  /** crossed / asked, or null before any order. */
  crossedShare: number | null;
  childVsVwapBps: number | null;
  childVsArrivalBps: number | null;
  parentVsVwapBps: number | null;
  parentVsArrivalBps: number | null;
  /** Σ over the small orders: the desk's cost to the people who sent them (same as TcaReport.totals.orders). */
  orders: { paperUsd: number; shortfallUsd: number; shortfallBps: number | null; feesUsd: number };
  totals: { children: TcaTotalRow; parents: TcaTotalRow; orders: TcaTotalRow };
}

/** One message of tca.stream: a snapshot of every visible row, or the rows that changed since the last message. The summary is always whole. */
export interface TcaMessage {
  kind: 'snapshot' | 'delta';
  /** The hub's tick this message brings the subscriber up to. */
  tick: number;
  summary: TcaSummary;
  children: ChildTcaRow[];
  parents: ParentTcaRow[];
  orders: OrderTcaRow[];
}

/** Who may see which TCA rows: the rules of the Parents, Routing and Orders streams, reused. */
export interface TcaVisibility {
  /** Users that see the same rows share a key (and a cached summary per tick). */
  key: string;
  all: boolean;
  child: (row: Pick<ChildTcaRow, 'parentId'>) => boolean;
  parent: (row: Pick<ParentTcaRow, 'owners'>) => boolean;
  order: (row: Pick<OrderTcaRow, 'owner'>) => boolean;
}

export function tcaVisibility(desk: Desk, user: User): TcaVisibility {
  const all = user.role !== 'trader';
  return { key: all ? '*' : `trader:${user.username}`, all, child: canSeeChild(desk, user), parent: canSeeParent(user), order: canSee(user) };
}

// ---------------------------------------------------------------------------
// Totals

type Benchmarked = Pick<ParentTca, 'qty' | 'filled' | 'avgPx' | 'arrivalPx' | 'slippageVsArrivalBps' | 'slippageVsVwapBps' | 'slippageVsTwapBps' | 'slippageVsCloseBps' | 'shortfall'> & {
  crossed: number;
};

function shortfallTotal(rows: ReadonlyArray<{ qty: number; arrivalPx: number | null; shortfall: ShortfallUsd | null }>): { paperUsd: number; shortfall: ShortfallUsd | null } {
  let paperUsd = 0;
  const s = { delay: 0, execution: 0, opportunity: 0, fees: 0, total: 0 };
  let any = false;
  for (const r of rows) {
    if (!r.shortfall || r.arrivalPx === null) continue;
    any = true;
    paperUsd += r.qty * r.arrivalPx;
    s.delay += r.shortfall.delay;
    s.execution += r.shortfall.execution;
    s.opportunity += r.shortfall.opportunity;
    s.fees += r.shortfall.fees;
    s.total += r.shortfall.total;
  }
  if (!any) return { paperUsd, shortfall: null };
  const bps = (x: number) => (paperUsd > 0 ? (x * 10_000) / paperUsd : 0);
  return { paperUsd, shortfall: { ...s, bps: { delay: bps(s.delay), execution: bps(s.execution), opportunity: bps(s.opportunity), fees: bps(s.fees), total: bps(s.total) } } };
}

/** The total line of parents or small orders. */
export function benchmarkedTotal(rows: ReadonlyArray<Benchmarked & { fees?: number }>, feesOf: (r: Benchmarked & { fees?: number }) => number): TcaTotalRow {
  let qty = 0;
  let filled = 0;
  let crossed = 0;
  let notional = 0;
  let fees = 0;
  for (const r of rows) {
    qty += r.qty;
    filled += r.filled;
    crossed += r.crossed;
    if (r.avgPx !== null) notional += r.filled * r.avgPx;
    fees += feesOf(r);
  }
  const w = (pick: (r: Benchmarked) => number | null) => weightedBps(rows.map((r) => ({ qty: r.filled, bps: pick(r) })));
  return {
    rows: rows.length,
    qty,
    filled,
    crossed,
    notional,
    fees,
    slippageVsArrivalBps: w((r) => r.slippageVsArrivalBps),
    slippageVsVwapBps: w((r) => r.slippageVsVwapBps),
    slippageVsTwapBps: w((r) => r.slippageVsTwapBps),
    slippageVsCloseBps: w((r) => r.slippageVsCloseBps),
    ...shortfallTotal(rows),
  };
}

/** The total line of child orders: a broker's TCA report's last line. */
export function childTotal(rows: readonly ChildTcaRow[]): TcaTotalRow {
  let qty = 0;
  let filled = 0;
  let notional = 0;
  let fees = 0;
  for (const r of rows) {
    qty += r.qty;
    filled += r.filled;
    if (r.avgPx !== null) notional += r.filled * r.avgPx;
    fees += r.fees;
  }
  return {
    rows: rows.length,
    qty,
    filled,
    crossed: 0,
    notional,
    fees,
    slippageVsArrivalBps: weightedBps(rows.map((r) => ({ qty: r.filled, bps: r.slippageVsArrivalBps }))),
    slippageVsVwapBps: weightedBps(rows.map((r) => ({ qty: r.filled, bps: r.slippageVsVwapBps }))),
    slippageVsTwapBps: null,
    slippageVsCloseBps: null,
    paperUsd: 0,
    shortfall: null,
  };
}

export const parentTotal = (rows: readonly ParentTcaRow[]) => benchmarkedTotal(rows, (r) => r.fees ?? 0);
export const orderTotal = (rows: readonly OrderTcaRow[]) => benchmarkedTotal(rows, (r) => r.shortfall?.fees ?? 0);

export function summarize(asOf: number, marketClosed: boolean, scope: TcaSummary['scope'], children: readonly ChildTcaRow[], parents: readonly ParentTcaRow[], orders: readonly OrderTcaRow[]): TcaSummary {
  const totals = { children: childTotal(children), parents: parentTotal(parents), orders: orderTotal(orders) };
  let askedQty = 0;
  let crossedQty = 0;
  for (const o of orders) {
    askedQty += o.qty;
    crossedQty += o.crossed;
  }
  const o = totals.orders;
  return {
    asOf,
    marketClosed,
    scope,
    counts: { children: children.length, parents: parents.length, workingParents: parents.filter((p) => p.status === 'working').length, orders: orders.length },
    marketQty: totals.children.filled,
    crossedQty,
    askedQty,
    crossedShare: askedQty > 0 ? crossedQty / askedQty : null,
    childVsVwapBps: totals.children.slippageVsVwapBps,
    childVsArrivalBps: totals.children.slippageVsArrivalBps,
    parentVsVwapBps: totals.parents.slippageVsVwapBps,
    parentVsArrivalBps: totals.parents.slippageVsArrivalBps,
    orders: {
      paperUsd: o.paperUsd,
      shortfallUsd: o.shortfall?.total ?? 0,
      shortfallBps: o.paperUsd > 0 ? ((o.shortfall?.total ?? 0) * 10_000) / o.paperUsd : null,
      feesUsd: o.shortfall?.fees ?? 0,
    },
    totals,
  };
}

// ---------------------------------------------------------------------------
// The shared report: one computation a tick, whatever the number of watchers.

/** One computation of the report and what changed since the one before. */
export interface TcaTick {
  n: number;
  /** Wall time it was computed. */
  at: number;
  report: TcaReport;
  parents: ParentTcaRow[];
  changed: { children: ChildTcaRow[]; parents: ParentTcaRow[]; orders: OrderTcaRow[] };
  /** The children of a parent (built on first use). */
  childrenOf(parentId: string): ChildTcaRow[];
  /** The rows a user may see, and their summary (each computed once a tick per visibility). */
  view(v: TcaVisibility): TcaView;
}

export interface TcaView {
  children: ChildTcaRow[];
  parents: ParentTcaRow[];
  orders: OrderTcaRow[];
  summary: TcaSummary;
}

const fpChild = (r: ChildTcaRow) => `${r.filled}|${r.avgPx}|${r.vwap}|${r.arrivalPx}|${r.working}|${r.fees}`;
const fpParent = (r: ParentTcaRow) =>
  `${r.status}|${r.qty}|${r.filled}|${r.crossed}|${r.avgPx}|${r.arrivalPx}|${r.vwapBenchmark}|${r.twapBenchmark}|${r.closePx}|${r.shortfall?.total}|${r.strategy}|${r.routing}|${r.fees}|${r.children}|${r.orders}|${r.owners.join(',')}`;
const fpOrder = (r: OrderTcaRow) => `${r.status}|${r.qty}|${r.filled}|${r.crossed}|${r.avgPx}|${r.arrivalPx}|${r.vwapBenchmark}|${r.twapBenchmark}|${r.closePx}|${r.shortfall?.total}|${r.parentId}`;

export class TcaHub {
  private last: TcaTick | undefined;
  private prints = { children: new Map<string, string>(), parents: new Map<string, string>(), orders: new Map<string, string>() };
  private listeners = new Set<(t: TcaTick) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** How many times the report was computed (tests check it is shared). */
  computations = 0;

  constructor(
    private readonly desk: Desk,
    readonly periodMs = 1_000,
  ) {}

  get watchers(): number {
    return this.listeners.size;
  }

  /**
   * The report as of at most one period ago, for a query or an export: the live
   * tick while anyone watches, else the last one if fresh, else a new one.
   */
  current(): TcaTick {
    const t = this.last;
    if (t && (this.timer || Date.now() - t.at < this.periodMs)) return t;
    return this.tick();
  }

  /** Registers a watcher; returns the tick it starts from and how to let go. Ticks run while anyone watches. */
  watch(listener: (t: TcaTick) => void): { first: TcaTick; stop: () => void } {
    const first = this.current();
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.periodMs);
      this.timer.unref?.();
    }
    return {
      first,
      stop: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0 && this.timer) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  /** Computes the report, works out what changed and hands it to every watcher. */
  tick(): TcaTick {
    const { engine } = this.desk;
    const report = tcaReport(engine);
    this.computations++;
    const parents: ParentTcaRow[] = report.parents.map((p) => {
      const e = engine.parents.get(p.parentId);
      return { ...p, owners: e ? [...e.owners] : [], orders: e?.orderIds.length ?? 0 };
    });
    const diff = <R>(rows: readonly R[], idOf: (r: R) => string, fp: (r: R) => string, prints: Map<string, string>) => {
      const next = new Map<string, string>();
      const changed: R[] = [];
      for (const r of rows) {
        const id = idOf(r);
        const f = fp(r);
        next.set(id, f);
        if (prints.get(id) !== f) changed.push(r);
      }
      return { next, changed };
    };
    const c = diff(report.children, (r) => r.childId, fpChild, this.prints.children);
    const p = diff(parents, (r) => r.parentId, fpParent, this.prints.parents);
    const o = diff(report.orders, (r) => r.orderId, fpOrder, this.prints.orders);
    this.prints = { children: c.next, parents: p.next, orders: o.next };

    let byParent: Map<string, ChildTcaRow[]> | undefined;
    const views = new Map<string, TcaView>();
    const tick: TcaTick = {
      n: (this.last?.n ?? 0) + 1,
      at: Date.now(),
      report,
      parents,
      changed: { children: c.changed, parents: p.changed, orders: o.changed },
      childrenOf(parentId) {
        if (!byParent) {
          byParent = new Map();
          for (const ch of report.children) {
            let list = byParent.get(ch.parentId);
            if (!list) byParent.set(ch.parentId, (list = []));
            list.push(ch);
          }
        }
        return byParent.get(parentId) ?? [];
      },
      view(v) {
        let view = views.get(v.key);
        if (!view) {
          const children = v.all ? report.children : report.children.filter(v.child);
          const ps = v.all ? parents : parents.filter(v.parent);
          const orders = v.all ? report.orders : report.orders.filter(v.order);
          view = { children, parents: ps, orders, summary: summarize(report.asOf, report.marketClosed, v.all ? 'desk' : 'own', children, ps, orders) };
          views.set(v.key, view);
        }
        return view;
      },
    };
    this.last = tick;
    for (const l of this.listeners) l(tick);
    return tick;
  }
}

const hubs = new WeakMap<Desk, TcaHub>();

/** The desk's one TCA hub. */
export function tcaHub(desk: Desk): TcaHub {
  let hub = hubs.get(desk);
  if (!hub) hubs.set(desk, (hub = new TcaHub(desk)));
  return hub;
}

const levelsInput = z
  .object({ levels: z.array(z.enum(TCA_LEVELS, { error: 'level must be children, parents or orders' })).min(1).max(3).optional() })
  .optional();

const pickLevels = (input: z.infer<typeof levelsInput>) => new Set<TcaLevel>(input?.levels ?? TCA_LEVELS);

/** The rows of the asked levels a user may see (others empty). */
function snapshotOf(view: TcaView, levels: Set<TcaLevel>, tick: number): TcaMessage {
  return {
    kind: 'snapshot',
    tick,
    summary: view.summary,
    children: levels.has('children') ? view.children : [],
    parents: levels.has('parents') ? view.parents : [],
    orders: levels.has('orders') ? view.orders : [],
  };
}

export const tcaRouter = router({
  /** The TCA as of now (at most a second old), the rows this user may see: the printable report. */
  report: authed.input(levelsInput).query(({ ctx, input }) => {
    const tick = tcaHub(ctx.desk).current();
    const { kind: _kind, ...rest } = snapshotOf(tick.view(tcaVisibility(ctx.desk, ctx.user)), pickLevels(input), tick.n);
    return rest;
  }),

  /**
   * Live TCA: a snapshot of the visible rows of the asked levels (default all
   * three), then once a second the rows that changed, always with the whole
   * summary. One computation a second serves every subscriber.
   */
  stream: authed.input(levelsInput).subscription(async function* ({ ctx, input, signal }): AsyncGenerator<TcaMessage> {
    const levels = pickLevels(input);
    const visibility = tcaVisibility(ctx.desk, ctx.user);
    const hub = tcaHub(ctx.desk);
    const pending = { children: new Map<string, ChildTcaRow>(), parents: new Map<string, ParentTcaRow>(), orders: new Map<string, OrderTcaRow>() };
    /** Parents already sent: a parent that becomes visible later (the trader's order joined it) brings its children along. */
    const sentParents = new Set<string>();
    let latest: TcaTick | undefined;
    let wake: (() => void) | undefined;

    const onTick = (t: TcaTick) => {
      if (levels.has('children')) for (const r of t.changed.children) if (visibility.all || visibility.child(r)) pending.children.set(r.childId, r);
      if (levels.has('orders')) for (const r of t.changed.orders) if (visibility.all || visibility.order(r)) pending.orders.set(r.orderId, r);
      if (levels.has('parents') || levels.has('children'))
        for (const r of t.changed.parents) {
          if (!(visibility.all || visibility.parent(r))) continue;
          if (levels.has('parents')) pending.parents.set(r.parentId, r);
          if (!sentParents.has(r.parentId)) {
            sentParents.add(r.parentId);
            if (levels.has('children') && !visibility.all) for (const ch of t.childrenOf(r.parentId)) pending.children.set(ch.childId, ch);
          }
        }
      latest = t;
      wake?.();
    };

    const { first, stop } = hub.watch(onTick);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      const view = first.view(visibility);
      for (const p of view.parents) sentParents.add(p.parentId);
      yield snapshotOf(view, levels, first.n);
      while (!signal?.aborted) {
        if (!latest) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (signal?.aborted) break;
        const t = latest;
        if (!t) continue;
        latest = undefined;
        const msg: TcaMessage = {
          kind: 'delta',
          tick: t.n,
          summary: t.view(visibility).summary,
          children: [...pending.children.values()],
          parents: [...pending.parents.values()],
          orders: [...pending.orders.values()],
        };
        pending.children.clear();
        pending.parents.clear();
        pending.orders.clear();
        yield msg;
      }
    } finally {
      stop();
      signal?.removeEventListener('abort', onAbort);
    }
  }),
});
