import { Engine, type JournalPort } from '../engine/engine';
import { toDollars } from '../engine/instruments';
import type { SmallOrder } from '../engine/orders/types';
import { SmallOrders } from '../engine/orders/smallOrders';
import type { Parent } from '../engine/aggregation/parents';
import type { EngineEvent } from '../engine/events';
import { RealTimeDriver } from '../engine/core/scheduler';
import { sessionOpen } from '../engine/market/session';
import { DEFAULT_VENUES } from '../engine/market/venues';
import { RowTopic } from './streams/rowStream';
import type { UserStore } from './auth/users';
import type { Config } from './config';
import type { AuditLog } from './store/audit';

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
  createdAt: number;
  updatedAt: number;
}

export function toParentRow(p: Parent): ParentRow {
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
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** Everything the process shares between HTTP, tRPC and WebSocket handlers. */
export interface Desk {
  engine: Engine;
  users: UserStore;
  orders: RowTopic<OrderRow>;
  parents: RowTopic<ParentRow>;
  /** The journal, searched as the audit trail. */
  audit?: AuditLog;
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
      return [e.orderId];
    case 'InternalCross':
      return [e.buyOrderId, e.sellOrderId];
    default:
      return [];
  }
}

const DESK_KEY = Symbol.for('smart-trading-desk.desk');

/** Creates the engine and its streams once per process; later calls return the same desk. */
export function createDesk(opts: { journal: JournalPort; users: UserStore; config: Config; startTime: number; audit?: AuditLog }): Desk {
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
      for (const p of engine.parents.all()) yield toParentRow(p);
    },
    (r) => r.parentId,
    () => engine.lastSeq,
  );
  engine.onEvents((events) => {
    const touchedParents = new Set<string>();
    for (const e of events)
      for (const id of ordersTouched(e)) {
        const order = engine.orders.get(id);
        if (!order) continue;
        orders.publish(e.seq, toOrderRow(order));
        if (order.parentId) touchedParents.add(order.parentId);
      }
    const last = events[events.length - 1]?.seq ?? engine.lastSeq;
    for (const e of events) if (e.type === 'ParentCreated' || e.type === 'ParentCompleted') touchedParents.add(e.parentId);
    for (const id of touchedParents) parents.publish(last, toParentRow(engine.parents.get(id)!));
  });
  const desk: Desk = { engine, users: opts.users, orders, parents, audit: opts.audit, driver, config: opts.config, startedAt: Date.now() };
  driver.start();
  g[DESK_KEY] = desk;
  return desk;
}

export function getDesk(): Desk {
  const desk = (globalThis as unknown as Record<symbol, Desk | undefined>)[DESK_KEY];
  if (!desk) throw new Error('the desk is not started');
  return desk;
}
