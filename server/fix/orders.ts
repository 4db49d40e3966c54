import type Database from 'better-sqlite3';
import type { Engine } from '../../engine/engine';
import type { OrderAccepted } from '../../engine/events';
import type { ReportedOrder } from './mapping';

/** A FIX order as its counterparty knows it: the engine's order plus what only FIX has. */
export interface FixOrder extends ReportedOrder {
  /** CompID of the session that sent it. */
  counterparty: string;
}

type RequestRow = { counterparty: string; cl_ord_id: string; orig_cl_ord_id: string; order_id: string; kind: 'cancel' | 'replace'; state: 'pending' | 'done' | 'rejected' };

/** Values by counterparty, then by ClOrdID: ClOrdIDs are unique per counterparty (no key string made per look-up). */
class ByCounterparty<V> {
  private readonly maps = new Map<string, Map<string, V>>();
  get(counterparty: string, clOrdId: string): V | undefined {
    return this.maps.get(counterparty)?.get(clOrdId);
  }
  has(counterparty: string, clOrdId: string): boolean {
    return this.maps.get(counterparty)?.has(clOrdId) ?? false;
  }
  set(counterparty: string, clOrdId: string, v: V): void {
    let m = this.maps.get(counterparty);
    if (!m) this.maps.set(counterparty, (m = new Map()));
    m.set(clOrdId, v);
  }
}

/**
 * The gateway's view of the orders its counterparties sent: the ClOrdID each is
 * known by now (a replace gives it a new one), the cancel or replace waiting on it,
 * and the cumulative quantity and value it has reported — kept from the events
 * themselves, so each execution report carries the figures as of its own fill.
 *
 * Rebuilt on start from the engine (orders, fills) and fix_orders (the ClOrdIDs of
 * cancel and replace requests, which the engine never sees).
 */
export class FixOrderBook {
  private readonly byId = new Map<string, FixOrder>();
  /** ClOrdIDs that name an order (its NewOrderSingle's, and each accepted replace's or cancel's). */
  private readonly byClOrdId = new ByCounterparty<string>();
  /** ClOrdIDs used by cancel and replace requests: unique like any ClOrdID. */
  private readonly requestIds = new ByCounterparty<true>();
  private readonly insertRequest: Database.Statement;
  private readonly settleRequest: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly engine: Engine,
    /** Desk user → counterparty CompID, for the orders sessions. */
    private readonly counterpartyOf: ReadonlyMap<string, string>,
  ) {
    this.insertRequest = db.prepare('INSERT INTO fix_orders (counterparty, cl_ord_id, orig_cl_ord_id, order_id, kind, state) VALUES (?, ?, ?, ?, ?, ?)');
    this.settleRequest = db.prepare('UPDATE fix_orders SET state = ? WHERE counterparty = ? AND cl_ord_id = ?');
  }

  load(): void {
    if (this.counterpartyOf.size === 0) return;
    for (const o of this.engine.orders.all()) {
      const cp = this.counterpartyOf.get(o.owner);
      if (cp === undefined) continue;
      this.add({
        counterparty: cp,
        orderId: o.orderId,
        clOrdId: o.clOrdId,
        symbol: o.symbol,
        side: o.side,
        qty: o.qty,
        limitPx: o.limitPx,
        cumQty: o.filledQty,
        cumValue: o.filledValue,
        status: o.status,
      });
    }
    for (const r of this.db.prepare('SELECT * FROM fix_orders ORDER BY rowid').all() as RequestRow[]) {
      this.requestIds.set(r.counterparty, r.cl_ord_id, true);
      const o = this.byId.get(r.order_id);
      if (!o) continue;
      if (r.state === 'pending') o.pending = { kind: r.kind, clOrdId: r.cl_ord_id, origClOrdId: r.orig_cl_ord_id };
      if (r.state === 'done') {
        this.byClOrdId.set(r.counterparty, r.cl_ord_id, o.orderId);
        if (r.kind === 'replace' || o.status === 'cancelled') o.clOrdId = r.cl_ord_id;
      }
    }
  }

  /** The counterparty whose orders a desk user's are, if any. */
  counterpartyOfOwner(owner: string): string | undefined {
    return this.counterpartyOf.get(owner);
  }

  get(orderId: string): FixOrder | undefined {
    return this.byId.get(orderId);
  }

  /** The order a ClOrdID (the original or any accepted replace) names for this counterparty. */
  find(counterparty: string, clOrdId: string): FixOrder | undefined {
    const id = this.byClOrdId.get(counterparty, clOrdId);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Whether a ClOrdID was ever used by this counterparty: by an order (the engine knows) or a cancel/replace request. */
  used(counterparty: string, owner: string, clOrdId: string): boolean {
    return this.engine.orders.hasClOrdId(owner, clOrdId) || this.requestIds.has(counterparty, clOrdId);
  }

  /** Was this ClOrdID a cancel/replace request's (so a NewOrderSingle may not reuse it)? */
  isRequestId(counterparty: string, clOrdId: string): boolean {
    return this.requestIds.has(counterparty, clOrdId);
  }

  accepted(counterparty: string, o: OrderAccepted['order']): FixOrder {
    return this.add({ orderId: o.orderId, clOrdId: o.clOrdId, symbol: o.symbol, side: o.side, qty: o.qty, limitPx: o.limitPx, cumQty: 0, cumValue: 0, status: 'new', counterparty });
  }

  /** A cancel or replace was sent to the engine for this order: remember it until the engine settles it. */
  openRequest(o: FixOrder, kind: 'cancel' | 'replace', clOrdId: string, origClOrdId: string): void {
    this.insertRequest.run(o.counterparty, clOrdId, origClOrdId, o.orderId, kind, 'pending');
    this.requestIds.set(o.counterparty, clOrdId, true);
    o.pending = { kind, clOrdId, origClOrdId };
  }

  /** The engine settled the waiting request: done (the order now answers to its ClOrdID) or rejected. */
  closeRequest(o: FixOrder, state: 'done' | 'rejected'): void {
    const p = o.pending;
    if (!p) return;
    this.settleRequest.run(state, o.counterparty, p.clOrdId);
    if (state === 'done') {
      o.clOrdId = p.clOrdId;
      this.byClOrdId.set(o.counterparty, p.clOrdId, o.orderId);
    }
    o.pending = undefined;
  }

  fill(o: FixOrder, qty: number, px: number): void {
    o.cumQty += qty;
    o.cumValue += qty * px;
    o.status = o.cumQty >= o.qty ? 'filled' : 'partial';
  }

  private add(o: FixOrder): FixOrder {
    this.byId.set(o.orderId, o);
    this.byClOrdId.set(o.counterparty, o.clOrdId, o.orderId);
    return o;
  }
}
