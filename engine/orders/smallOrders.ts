import type { EngineEvent, InternalCross, OrderAccepted, OrderJoinedParent } from '../events';
import type { SmallOrder } from './types';
import { IdSet } from './idSet';
import { serialIds } from './ids';

/**
 * Owner of small-order state. Only `apply` changes it, and only from events, so
 * replaying the journal through `apply` rebuilds exactly what was live.
 */
export class SmallOrders {
  /**
   * Orders by number: ids are handed out densely (O0000001, O0000002, …), so the
   * order numbered n sits at index n − 1. An array, not a Map keyed by id: a desk
   * keeps millions of orders, and appending beats hashing into an ever-growing table.
   */
  private readonly byNo: SmallOrder[] = [];
  /** Client order ids used, per owner: a set per owner needs no composite key string per order (IdSet: see why there). */
  private readonly clOrdIds = new Map<string, IdSet>();
  /** The owner whose ids were looked up last: an order is checked, then recorded, one lookup of its owner each. */
  private lastOwner: string | undefined;
  private lastUsed: IdSet | undefined;

  get(orderId: string): SmallOrder | undefined {
    const o = this.byNumber(orderNumber(orderId));
    // Only the canonical spelling names an order ("O1" is not O0000001).
    return o !== undefined && o.orderId === orderId ? o : undefined;
  }

  /** The order numbered `n` (see `orderNumber`): the n-th accepted. */
  byNumber(n: number): SmallOrder | undefined {
    return n >= 1 && n <= this.byNo.length ? this.byNo[n - 1] : undefined;
  }

  /** Client order ids are unique per owner, for the life of the journal. */
  hasClOrdId(owner: string, clOrdId: string): boolean {
    return this.usedBy(owner)?.has(clOrdId) ?? false;
  }

  private usedBy(owner: string): IdSet | undefined {
    if (owner === this.lastOwner) return this.lastUsed;
    const used = this.clOrdIds.get(owner);
    if (used) (this.lastOwner = owner), (this.lastUsed = used);
    return used;
  }

  all(): IterableIterator<SmallOrder> {
    return this.byNo.values();
  }

  get size(): number {
    return this.byNo.length;
  }

  nextOrderId(): string {
    return orderIdOf(this.byNo.length + 1);
  }

  /** An order accepted (OrderAccepted): it is kept, and its client order id is used. */
  accept(e: OrderAccepted & { ts: number }): SmallOrder {
    const o = e.order;
    // One fixed shape for every order (optional fields present as undefined): V8 keeps the hot paths monomorphic.
    const order: SmallOrder = {
      orderId: o.orderId,
      clOrdId: o.clOrdId,
      owner: o.owner,
      desk: o.desk,
      source: o.source,
      symbol: o.symbol,
      side: o.side,
      qty: o.qty,
      limitPx: o.limitPx,
      urgency: o.urgency,
      notional: o.notional,
      arrivalPx: o.arrivalPx,
      status: 'new',
      filledQty: 0,
      filledValue: 0,
      crossedQty: 0,
      basketId: o.basketId,
      parentId: undefined,
      pendingChange: undefined,
      createdAt: o.createdAt,
      updatedAt: e.ts,
    };
    // The engine hands out ids in order (nextOrderId); a journal that skips one is not ours.
    if (orderNumber(order.orderId) !== this.byNo.length + 1) throw new Error(`order ${order.orderId} out of sequence: expected ${this.nextOrderId()}`);
    this.byNo.push(order);
    let used = this.usedBy(order.owner);
    if (!used) this.clOrdIds.set(order.owner, (used = new IdSet()));
    used.add(order.clOrdId);
    return order;
  }

  /** An order joined its parent (OrderJoinedParent). */
  join(e: OrderJoinedParent & { ts: number }): SmallOrder | undefined {
    const order = this.get(e.orderId);
    if (!order) return undefined;
    order.parentId = e.parentId;
    order.updatedAt = e.ts;
    return order;
  }

  /** Both sides of an internal cross (InternalCross) filled. */
  cross(e: InternalCross & { ts: number }): void {
    this.fill(e.buyOrderId, e.qty, e.px, e.ts, true);
    this.fill(e.sellOrderId, e.qty, e.px, e.ts, true);
  }

  /**
   * Applies one event; returns the order it changed, if any. Orders are updated in
   * place: this class is their only writer, and readers outside the engine get copies.
   */
  apply(e: EngineEvent): SmallOrder | undefined {
    switch (e.type) {
      case 'OrderAccepted':
        return this.accept(e);
      case 'OrderCancelled': {
        const order = this.get(e.orderId);
        if (!order) return undefined;
        order.status = 'cancelled';
        order.pendingChange = undefined;
        order.updatedAt = e.ts;
        return order;
      }
      case 'OrderAmended': {
        const order = this.get(e.orderId);
        if (!order) return undefined;
        // Credit notional scales with the quantity it was taken for.
        order.notional = (order.notional * e.qty) / order.qty;
        order.qty = e.qty;
        order.limitPx = e.limitPx ?? undefined;
        if (order.filledQty >= order.qty) order.status = 'filled';
        order.pendingChange = undefined;
        order.updatedAt = e.ts;
        return order;
      }
      case 'OrderJoinedParent':
        return this.join(e);
      case 'OrderChangePending': {
        const order = this.get(e.orderId);
        if (!order) return undefined;
        order.pendingChange = { change: e.change, qty: e.qty, limitPx: e.limitPx, by: e.by, reason: e.reason };
        order.updatedAt = e.ts;
        return order;
      }
      case 'Allocated': {
        for (const a of e.allocations) this.fill(a.orderId, a.qty, e.px, e.ts, false);
        return undefined;
      }
      case 'InternalCross':
        this.cross(e);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Open (unfilled, not cancelled) quantity. */
  static open(o: SmallOrder): number {
    return o.status === 'cancelled' || o.status === 'filled' ? 0 : o.qty - o.filledQty;
  }

  private fill(orderId: string, qty: number, px: number, ts: number, crossed: boolean): void {
    const order = this.get(orderId);
    if (!order) return;
    order.filledQty += qty;
    order.filledValue += px * qty;
    if (crossed) order.crossedQty += qty;
    order.status = order.filledQty >= order.qty ? 'filled' : 'partial';
    // Filled while a cancel or amend waited: nothing is left to change.
    if (order.status === 'filled') order.pendingChange = undefined;
    order.updatedAt = ts;
  }
}

const orderIdOf = serialIds('O', 7);

/**
 * The number in an order id ("O0000042" → 42), or 0 when it is not one. Numbers are handed
 * out in order of acceptance, so they also say which of two orders is older. Digit by
 * digit: no substring per lookup.
 */
export function orderNumber(orderId: string): number {
  if (typeof orderId !== 'string' || orderId.charCodeAt(0) !== 79 /* O */ || orderId.length > 16) return 0;
  let n = 0;
  for (let i = 1; i < orderId.length; i++) {
    const d = orderId.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return n;
}
