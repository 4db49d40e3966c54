import type { EngineEvent } from '../events';
import type { SmallOrder } from './types';

/**
 * Owner of small-order state. Only `apply` changes it, and only from events, so
 * replaying the journal through `apply` rebuilds exactly what was live.
 */
export class SmallOrders {
  private readonly byId = new Map<string, SmallOrder>();
  private readonly byClOrdId = new Map<string, string>();
  private lastOrderNo = 0;

  get(orderId: string): SmallOrder | undefined {
    return this.byId.get(orderId);
  }

  /** Client order ids are unique per owner, for the life of the journal. */
  hasClOrdId(owner: string, clOrdId: string): boolean {
    return this.byClOrdId.has(key(owner, clOrdId));
  }

  all(): IterableIterator<SmallOrder> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  nextOrderId(): string {
    return `O${String(this.lastOrderNo + 1).padStart(7, '0')}`;
  }

  /**
   * Applies one event; returns the order it changed, if any. Orders are updated in
   * place: this class is their only writer, and readers outside the engine get copies.
   */
  apply(e: EngineEvent): SmallOrder | undefined {
    switch (e.type) {
      case 'OrderAccepted': {
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
        this.byId.set(order.orderId, order);
        this.byClOrdId.set(key(order.owner, order.clOrdId), order.orderId);
        this.lastOrderNo = Math.max(this.lastOrderNo, Number(order.orderId.slice(1)));
        return order;
      }
      case 'OrderCancelled': {
        const order = this.byId.get(e.orderId);
        if (!order) return undefined;
        order.status = 'cancelled';
        order.pendingChange = undefined;
        order.updatedAt = e.ts;
        return order;
      }
      case 'OrderAmended': {
        const order = this.byId.get(e.orderId);
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
      case 'OrderJoinedParent': {
        const order = this.byId.get(e.orderId);
        if (!order) return undefined;
        order.parentId = e.parentId;
        order.updatedAt = e.ts;
        return order;
      }
      case 'OrderChangePending': {
        const order = this.byId.get(e.orderId);
        if (!order) return undefined;
        order.pendingChange = { change: e.change, qty: e.qty, limitPx: e.limitPx, by: e.by, reason: e.reason };
        order.updatedAt = e.ts;
        return order;
      }
      case 'Allocated': {
        for (const a of e.allocations) this.fill(a.orderId, a.qty, e.px, e.ts, false);
        return undefined;
      }
      case 'InternalCross': {
        this.fill(e.buyOrderId, e.qty, e.px, e.ts, true);
        this.fill(e.sellOrderId, e.qty, e.px, e.ts, true);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Open (unfilled, not cancelled) quantity. */
  static open(o: SmallOrder): number {
    return o.status === 'cancelled' || o.status === 'filled' ? 0 : o.qty - o.filledQty;
  }

  private fill(orderId: string, qty: number, px: number, ts: number, crossed: boolean): void {
    const order = this.byId.get(orderId);
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

const key = (owner: string, clOrdId: string) => `${owner}\u0000${clOrdId}`;
