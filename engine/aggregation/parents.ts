import type { EngineEvent } from '../events';
import type { Side } from '../orders/types';

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
  /** Constituents of working parents per instrument and side, in arrival order (closed ones are skipped lazily). */
  private readonly queues = new Map<string, Record<Side, { ids: string[]; head: number }>>();
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
   * Constituent order ids on one side of an instrument, oldest first, for crossing.
   * `isOpen` lets the queue drop closed orders from its front as it goes.
   */
  *crossable(symbol: string, side: Side, isOpen: (orderId: string) => boolean): Iterable<string> {
    const q = this.queues.get(symbol)?.[side];
    if (!q) return;
    while (q.head < q.ids.length && !isOpen(q.ids[q.head])) q.head++;
    if (q.head > 1024 && q.head * 2 > q.ids.length) (q.ids = q.ids.slice(q.head)), (q.head = 0);
    for (let i = q.head; i < q.ids.length; i++) if (isOpen(q.ids[i])) yield q.ids[i];
  }

  nextParentId(): string {
    return `P${String(this.lastNo + 1).padStart(7, '0')}`;
  }

  /** Running totals move with a constituent's cross, fill, cancel or pending change. */
  adjust(parentId: string, ts: number, d: { open?: number; crossed?: number; filled?: number; pending?: number }): void {
    const p = this.byId.get(parentId);
    if (!p) return;
    p.open += d.open ?? 0;
    p.crossed += d.crossed ?? 0;
    p.filled += d.filled ?? 0;
    p.pending += d.pending ?? 0;
    p.updatedAt = ts;
  }

  apply(e: EngineEvent, owner?: string): void {
    switch (e.type) {
      case 'ParentCreated': {
        const p: Parent = { parentId: e.parentId, symbol: e.symbol, side: e.side, key: e.key, reason: e.reason, orderIds: [], owners: [], joinedQty: 0, open: 0, crossed: 0, filled: 0, pending: 0, status: 'working', arrivalPx: e.arrivalPx, createdAt: e.ts, updatedAt: e.ts };
        this.byId.set(p.parentId, p);
        this.workingByKey.set(p.key, p);
        this.lastNo = Math.max(this.lastNo, Number(p.parentId.slice(1)));
        return;
      }
      case 'OrderJoinedParent': {
        const p = this.byId.get(e.parentId);
        if (!p) return;
        p.orderIds.push(e.orderId);
        if (owner !== undefined && !p.owners.includes(owner)) p.owners.push(owner);
        p.joinedQty += e.qty;
        p.open += e.qty;
        p.updatedAt = e.ts;
        let sides = this.queues.get(p.symbol);
        if (!sides) this.queues.set(p.symbol, (sides = { buy: { ids: [], head: 0 }, sell: { ids: [], head: 0 } }));
        sides[p.side].ids.push(e.orderId);
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
}
