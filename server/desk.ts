import { Engine, type JournalPort } from '../engine/engine';
import { toDollars } from '../engine/instruments';
import type { SmallOrder } from '../engine/orders/types';
import { SmallOrders } from '../engine/orders/smallOrders';
import type { Parent } from '../engine/aggregation/parents';
import type { Child } from '../engine/execution/children';
import type { RoutingLogic } from '../engine/routing/router';
import type { EngineEvent } from '../engine/events';
import { RealTimeDriver } from '../engine/core/scheduler';
import { sessionOpen } from '../engine/market/session';
import { DEFAULT_VENUES } from '../engine/market/venues';
import { RowTopic } from './streams/rowStream';
import type { UserStore } from './auth/users';
import type { Config } from './config';
import type { AuditLog } from './store/audit';
import type { GridLayouts } from './store/layouts';

/** One row of the Staged Orders blotter, as the browser sees it (prices in dollars). */
export interface OrderRow {
  orderId: string;
  clOrdId: string;
  owner: string;
  desk: string;
  source: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  limitPrice: number | null;
  urgency: string;
  status: string;
  filledQty: number;
  /** Average fill price in dollars, or null before the first fill. */
  avgPrice: number | null;
  /** Of filledQty, shares crossed internally against another desk order. */
  crossedQty: number;
  leavesQty: number;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
}

export function toOrderRow(o: SmallOrder): OrderRow {
  return {
    orderId: o.orderId,
    clOrdId: o.clOrdId,
    owner: o.owner,
    desk: o.desk,
    source: o.source,
    symbol: o.symbol,
    side: o.side,
    qty: o.qty,
    limitPrice: o.limitPx === undefined ? null : toDollars(o.limitPx),
    urgency: o.urgency,
    status: o.status,
    filledQty: o.filledQty,
    avgPrice: o.filledQty ? toDollars(o.filledValue / o.filledQty) : null,
    crossedQty: o.crossedQty,
    leavesQty: SmallOrders.open(o),
    parentId: o.parentId ?? null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** One parent order as the Parents page shows it; quantities are sums over its constituents. */
export interface ParentRow {
  parentId: string;
  symbol: string;
  side: 'buy' | 'sell';
  status: 'working' | 'completed';
  reason: string;
  key: string;
  orders: number;
  owners: string[];
  /** Shares its constituents brought (after crosses on arrival). */
  qty: number;
  /** Crossed internally while in the parent. */
  crossed: number;
  /** Filled on the market. */
  filled: number;
  open: number;
  /** Average market fill price, dollars. */
  avgPrice: number | null;
  /** Shares at venues now. */
  inFlight: number;
  strategy: string | null;
  startAt: number | null;
  endAt: number | null;
  /** Shares the plan wants done by now, and how far behind (positive) or ahead that is, in % of the parent. */
  planned: number | null;
  behindPct: number | null;
  /** The strategy's last change of course. */
  action: string | null;
  actionReason: string | null;
  /** The trilemma point in force and the supervisor's override behind it, if any. */
  point: { impact: number; risk: number; completion: number } | null;
  override: { scope: string; target: string; by: string; reason: string } | null;
  paused: { by: string; reason: string } | null;
  /** The smart order router's logic for this parent, and whether the plan or the trilemma point chose it. */
  routing: { logic: RoutingLogic; chosenBy: 'plan' | 'trilemma' } | null;
  /** Constituents with a cancel or amend waiting for children to come back. */
  pending: number;
  createdAt: number;
  updatedAt: number;
}

export function toParentRow(p: Parent, engine?: Engine): ParentRow {
  const ex = engine?.executor;
  const plan = ex?.plan(p.parentId);
  const eff = ex?.effective(p);
  const fraction = ex && plan ? ex.plannedFraction(p.parentId, engine!.now()) : undefined;
  const total = p.filled + p.crossed + p.open;
  let value = 0;
  for (const f of ex?.fills(p.parentId) ?? []) value += f.qty * f.px;
  const planned = fraction === undefined || plan?.strategy === 'pov' ? null : Math.round(fraction * total);
  const last = ex?.lastRecalibration(p.parentId);
  return {
    parentId: p.parentId,
    symbol: p.symbol,
    side: p.side,
    status: p.status,
    reason: p.reason,
    key: p.key,
    orders: p.orderIds.length,
    owners: [...p.owners],
    qty: p.joinedQty,
    crossed: p.crossed,
    filled: p.filled,
    open: p.open,
    avgPrice: p.filled ? toDollars(value / p.filled) : null,
    inFlight: engine ? engine.children.inFlight(p.parentId) : 0,
    strategy: plan?.strategy ?? null,
    startAt: plan?.startAt ?? null,
    endAt: plan?.endAt ?? null,
    planned,
    behindPct: planned === null || total === 0 ? (last ? last.behindPct : null) : (100 * (planned - p.filled - p.crossed)) / total,
    action: last?.action ?? null,
    actionReason: last?.reason ?? null,
    point: eff ? { ...eff.point } : null,
    override: eff?.override ? { scope: eff.override.scope, target: eff.override.target, by: eff.override.by, reason: eff.override.reason } : null,
    paused: ex?.paused(p.parentId) ?? null,
    routing: ex?.routingOf(p.parentId) ?? null,
    pending: p.pending,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** One child order as the Routing blotter shows it (prices and fees in dollars). */
export interface ChildRow {
  childId: string;
  parentId: string;
  symbol: string;
  side: 'buy' | 'sell';
  venue: string;
  kind: Child['kind'];
  /** The routing logic that sent it; null in journals from before the smart router. */
  logic: RoutingLogic | null;
  placement: Child['placement'];
  /** Limit price (a midpoint order's worst cross price), dollars. */
  px: number;
  qty: number;
  filledQty: number;
  /** Average fill price in dollars, or null before the first fill. */
  avgPx: number | null;
  leaves: number;
  status: Child['status'];
  /** What the blotter shows: the status, or 'possibly live' while its venue is down and it may still work there. */
  displayStatus: Child['status'] | 'possibly live';
  possiblyLive: boolean;
  cancelRequested: boolean;
  /** Dark pools: the smallest execution it accepts. */
  minQty: number | null;
  /** Sequential routing: venues its quantity tried before this one. */
  tried: string[] | null;
  /** Fees paid, dollars (negative: net rebate). */
  feesUsd: number;
  placedAt: number;
  acceptedAt: number | null;
  /** Venue round trip (placed → acknowledged), microseconds; null until acknowledged. */
  latencyUs: number | null;
  updatedAt: number;
}

/** Still at (or on the way to) its venue. */
export const childWorking = (c: { status: Child['status'] }) => c.status === 'pending' || c.status === 'live';

export function toChildRow(c: Child): ChildRow {
  return {
    childId: c.childId,
    parentId: c.parentId,
    symbol: c.symbol,
    side: c.side,
    venue: c.venue,
    kind: c.kind,
    logic: c.logic ?? null,
    placement: c.placement,
    px: toDollars(c.px),
    qty: c.qty,
    filledQty: c.filledQty,
    avgPx: c.filledQty ? toDollars(c.filledValue / c.filledQty) : null,
    leaves: c.leaves,
    status: c.status,
    displayStatus: c.possiblyLive && childWorking(c) ? 'possibly live' : c.status,
    possiblyLive: c.possiblyLive,
    cancelRequested: c.cancelRequested,
    minQty: c.minQty ?? null,
    tried: c.tried?.length ? [...c.tried] : null,
    feesUsd: toDollars(c.fees),
    placedAt: c.placedAt,
    acceptedAt: c.acceptedAt ?? null,
    latencyUs: c.acceptedAt === undefined ? null : Math.round((c.acceptedAt - c.placedAt) * 1000),
    updatedAt: c.updatedAt,
  };
}

/** Finished children a fresh Routing snapshot carries besides every working one: the most recent. */
export const CHILD_SNAPSHOT_FINISHED = 2_000;

/**
 * A children snapshot for one subscriber: every working child it may see, then
 * the most recently finished ones (a busy day has many thousands).
 */
export function* childSnapshot(children: Iterable<Child>, visible: (row: ChildRow) => boolean, finishedLimit = CHILD_SNAPSHOT_FINISHED): Generator<ChildRow> {
  const finished: ChildRow[] = [];
  for (const c of children) {
    const row = toChildRow(c);
    if (!visible(row)) continue;
    if (childWorking(c)) yield row;
    else finished.push(row);
  }
  finished.sort((a, b) => b.updatedAt - a.updatedAt || (a.childId < b.childId ? 1 : -1));
  // Oldest first, as the rows would have arrived live.
  yield* finished.slice(0, finishedLimit).reverse();
}

/** The child whose row an event changes. */
function childTouched(e: EngineEvent): string | undefined {
  switch (e.type) {
    case 'ChildPlaced':
    case 'ChildAccepted':
    case 'ChildRejected':
    case 'ChildCancelRequested':
    case 'ChildCancelled':
    case 'ChildFilled':
      return e.childId;
    default:
      return undefined;
  }
}

/** Everything the process shares between HTTP, tRPC and WebSocket handlers. */
export interface Desk {
  engine: Engine;
  users: UserStore;
  orders: RowTopic<OrderRow>;
  parents: RowTopic<ParentRow>;
  /** Child orders at venues: every working one and the recently finished (the Routing page). */
  children: RowTopic<ChildRow>;
  /** The journal, searched as the audit trail. */
  audit?: AuditLog;
  /** Each user's saved grid layouts. */
  layouts?: GridLayouts;
  driver: RealTimeDriver;
  config: Config;
  startedAt: number;
}

/**
 * The trading day the engine starts on when its journal is empty: today's 09:30
 * New York time, or ENGINE_START when set (tests pin it).
 */
export function sessionStart(env: NodeJS.ProcessEnv = process.env, wallNow = Date.now()): number {
  if (env.ENGINE_START) {
    const t = Date.parse(env.ENGINE_START);
    if (Number.isNaN(t)) throw new Error(`ENGINE_START is not a date: "${env.ENGINE_START}"`);
    return t;
  }
  return sessionOpen(new Date(wallNow).toISOString().slice(0, 10))!;
}

/** The small orders whose row an event changes. */
function ordersTouched(e: EngineEvent): string[] {
  switch (e.type) {
    case 'OrderAccepted':
      return [e.order.orderId];
    case 'OrderCancelled':
    case 'OrderAmended':
    case 'OrderJoinedParent':
    case 'OrderChangePending':
      return [e.orderId];
    case 'Allocated':
      return e.allocations.map((a) => a.orderId);
    case 'InternalCross':
      return [e.buyOrderId, e.sellOrderId];
    default:
      return [];
  }
}

function parentTouched(e: EngineEvent): string | undefined {
  switch (e.type) {
    case 'ParentCreated':
    case 'ParentCompleted':
    case 'StrategySet':
    case 'TrilemmaSet':
    case 'ParentPaused':
    case 'ParentResumed':
    case 'ScheduleRecalibrated':
    case 'ChildPlaced':
    case 'ChildFilled':
      return e.parentId;
    case 'OverrideSet':
    case 'OverrideReleased':
      return e.scope === 'parent' ? e.target : undefined;
    default:
      return undefined;
  }
}

const DESK_KEY = Symbol.for('smart-trading-desk.desk');

/** Creates the engine and its streams once per process; later calls return the same desk. */
export function createDesk(opts: { journal: JournalPort; users: UserStore; config: Config; startTime: number; audit?: AuditLog; layouts?: GridLayouts }): Desk {
  const g = globalThis as unknown as Record<symbol, Desk | undefined>;
  const existing = g[DESK_KEY];
  if (existing) return existing;

  let driver: RealTimeDriver | undefined;
  const engine = new Engine({
    journal: opts.journal,
    startTime: opts.startTime,
    seed: opts.config.seed,
    syncTime: () => driver!.engineTimeNow(),
    market: { venues: DEFAULT_VENUES },
  });
  driver = new RealTimeDriver(
    engine.scheduler,
    { wallNow: () => Date.now(), setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (h) => clearTimeout(h as NodeJS.Timeout) },
    opts.config.speed,
  );
  const orders = new RowTopic<OrderRow>(
    function* () {
      for (const o of engine.orders.all()) yield toOrderRow(o);
    },
    (r) => r.orderId,
    () => engine.lastSeq,
  );
  const parents = new RowTopic<ParentRow>(
    function* () {
      for (const p of engine.parents.all()) yield toParentRow(p, engine);
    },
    (r) => r.parentId,
    () => engine.lastSeq,
  );
  const children = new RowTopic<ChildRow>(
    (visible) => childSnapshot(engine.children.all(), visible),
    (r) => r.childId,
    () => engine.lastSeq,
  );
  engine.onEvents((events) => {
    for (const e of events) {
      const childId = childTouched(e);
      const child = childId ? engine.children.get(childId) : undefined;
      if (child) children.publish(e.seq, toChildRow(child));
      // Its children at a venue that went down (or came back) may be live there: their rows change.
      if (e.type === 'VenueStatusChanged')
        for (const p of engine.parents.all())
          if (p.status === 'working') for (const c of engine.children.workingOf(p.parentId)) if (c.venue === e.venue) children.publish(e.seq, toChildRow(c));
    }
    const touchedParents = new Set<string>();
    for (const e of events)
      for (const id of ordersTouched(e)) {
        const order = engine.orders.get(id);
        if (!order) continue;
        orders.publish(e.seq, toOrderRow(order));
        if (order.parentId) touchedParents.add(order.parentId);
      }
    const last = events[events.length - 1]?.seq ?? engine.lastSeq;
    for (const e of events) {
      const parentId = parentTouched(e);
      if (parentId) touchedParents.add(parentId);
      // A change of desk or trader override moves many parents at once.
      if (e.type === 'OverrideSet' || e.type === 'OverrideReleased') for (const p of engine.parents.all()) if (p.status === 'working') touchedParents.add(p.parentId);
    }
    for (const id of touchedParents) parents.publish(last, toParentRow(engine.parents.get(id)!, engine));
  });
  const desk: Desk = { engine, users: opts.users, orders, parents, children, audit: opts.audit, layouts: opts.layouts, driver, config: opts.config, startedAt: Date.now() };
  driver.start();
  // "Planned by now" moves with the clock even when nothing happens: refresh working parents each second.
  setInterval(() => {
    for (const p of engine.parents.all()) if (p.status === 'working') parents.publish(engine.lastSeq, toParentRow(p, engine));
  }, 1000).unref();
  g[DESK_KEY] = desk;
  return desk;
}

export function getDesk(): Desk {
  const desk = (globalThis as unknown as Record<symbol, Desk | undefined>)[DESK_KEY];
  if (!desk) throw new Error('the desk is not started');
  return desk;
}
