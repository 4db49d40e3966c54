import type { EngineEvent, OrderJoinedParent } from '../events';
import { SmallOrders, orderNumber } from '../orders/smallOrders';
import type { Side, SmallOrder } from '../orders/types';
import { CrossQueue } from './crossQueue';
import { serialIds } from '../orders/ids';

const parentIdOf = serialIds('P', 7);

export interface Parent {
  parentId: string;
  symbol: string;
  side: Side;
  key: string;
  reason: string;
  /** Constituent small orders in arrival order. */
  orderIds: string[];
  /** Distinct owners of the constituents, in order of first arrival. */
  owners: string[];
  /** Shares the constituents brought when they joined (after any cross on arrival). */
  joinedQty: number;
  /** Of those, still open (not filled, not cancelled). */
  open: number;
  /** Crossed internally while in this parent. */
  crossed: number;
  /** Filled on the market. */
  filled: number;
  /** Constituents with a cancel or amend waiting for the parent's children to come back. */
  pending: number;
  status: 'working' | 'completed';
  /** Mid when the parent was created (its decision price for TCA), when a market was there. */
  arrivalPx?: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * Owner of parent-order state: membership, running totals and the queue of
 * constituents that opposing orders may cross with. Totals change only through
 * `apply` (membership) and `adjust` (driven by the engine from fills and cancels
 * of constituents), so replay rebuilds them exactly; the engine's invariant tests
 * check they equal the sums over the constituents.
 */
export class Parents {
  private readonly byId = new Map<string, Parent>();
  /** Working parent per grouping key: later compatible arrivals join it. */
  private readonly workingByKey = new Map<string, Parent>();
  /** Constituents of working parents per instrument and side, for crossing (closed ones are dropped lazily). */
  private readonly queues = new Map<string, Record<Side, CrossQueue>>();
  /** Each parent's owners as a set, for the membership test every join makes (`owners` keeps their order). */
  private readonly ownerSets = new Map<Parent, Set<string>>();
  private lastNo = 0;

  get(parentId: string): Parent | undefined {
    return this.byId.get(parentId);
  }

  all(): IterableIterator<Parent> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  workingFor(key: string): Parent | undefined {
    return this.workingByKey.get(key);
  }

  /**
   * Offers `take` the constituents on one side of an instrument that may cross at `px`
   * (their limit allows it), by number, oldest first, until it returns false. `isOpen`
   * lets the queue drop closed orders as it goes.
   */
  offerCrossable(symbol: string, side: Side, px: number, isOpen: (orderNo: number) => boolean, take: (orderNo: number) => boolean): void {
    this.queues.get(symbol)?.[side].offer(px, isOpen, take);
  }

  nextParentId(): string {
    return parentIdOf(this.lastNo + 1);
  }

  /** Running totals move with a constituent's cross, fill, cancel or pending change (changes as numbers: nothing allocated per fill). */
  adjust(parentId: string, ts: number, open: number, crossed: number, filled: number, pending: number): void {
    const p = this.byId.get(parentId);
    if (!p) return;
    p.open += open;
    p.crossed += crossed;
    p.filled += filled;
    p.pending += pending;
    p.updatedAt = ts;
  }

  /** A constituent joined (OrderJoinedParent); `order` is it, as it is after joining. */
  join(e: OrderJoinedParent & { ts: number }, order: SmallOrder | undefined): void {
    const p = this.byId.get(e.parentId);
    if (!p) return;
    p.orderIds.push(e.orderId);
    p.joinedQty += e.qty;
    p.open += e.qty;
    p.updatedAt = e.ts;
    if (order === undefined) return;
    let owners = this.ownerSets.get(p);
    if (!owners) this.ownerSets.set(p, (owners = new Set()));
    if (!owners.has(order.owner)) owners.add(order.owner), p.owners.push(order.owner);
    this.queue(p.symbol, p.side).add(orderNumber(order.orderId), order.limitPx);
  }

  /** `order` is the small order the event changed, as it is after the event. */
  apply(e: EngineEvent, order?: SmallOrder): void {
    switch (e.type) {
      case 'ParentCreated': {
        const p: Parent = { parentId: e.parentId, symbol: e.symbol, side: e.side, key: e.key, reason: e.reason, orderIds: [], owners: [], joinedQty: 0, open: 0, crossed: 0, filled: 0, pending: 0, status: 'working', arrivalPx: e.arrivalPx, createdAt: e.ts, updatedAt: e.ts };
        this.byId.set(p.parentId, p);
        this.workingByKey.set(p.key, p);
        this.lastNo = Math.max(this.lastNo, Number(p.parentId.slice(1)));
        return;
      }
      case 'OrderJoinedParent':
        this.join(e, order);
        return;
      case 'OrderAmended': {
        // A new limit changes what the order may cross with.
        if (order?.parentId !== undefined) this.queue(order.symbol, order.side).move(orderNumber(order.orderId), order.limitPx, SmallOrders.open(order) > 0);
        return;
      }
      case 'ParentCompleted': {
        const p = this.byId.get(e.parentId);
        if (!p) return;
        p.status = 'completed';
        p.updatedAt = e.ts;
        if (this.workingByKey.get(p.key) === p) this.workingByKey.delete(p.key);
        return;
      }
    }
  }

  private queue(symbol: string, side: Side): CrossQueue {
    let sides = this.queues.get(symbol);
    if (!sides) this.queues.set(symbol, (sides = { buy: new CrossQueue('buy'), sell: new CrossQueue('sell') }));
    return sides[side];
  }
}
