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
  /** Shares the constituents brought when they joined (after any cross on arrival). */
  joinedQty: number;
  status: 'working' | 'completed';
  createdAt: number;
  updatedAt: number;
}

/**
 * Owner of parent-order state. Quantities are not stored here: a parent's
 * quantity, fills and crossed quantity are sums over its constituents, which the
 * small-order book owns — so they can never disagree.
 */
export class Parents {
  private readonly byId = new Map<string, Parent>();
  /** Working parent per grouping key: later compatible arrivals join it. */
  private readonly workingByKey = new Map<string, string>();
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
    const id = this.workingByKey.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Working parents on one side of an instrument, oldest first. */
  *working(symbol: string, side: Side): Iterable<Parent> {
    for (const p of this.byId.values()) if (p.status === 'working' && p.symbol === symbol && p.side === side) yield p;
  }

  nextParentId(): string {
    return `P${String(this.lastNo + 1).padStart(7, '0')}`;
  }

  apply(e: EngineEvent): Parent | undefined {
    switch (e.type) {
      case 'ParentCreated': {
        const p: Parent = { parentId: e.parentId, symbol: e.symbol, side: e.side, key: e.key, reason: e.reason, orderIds: [], joinedQty: 0, status: 'working', createdAt: e.ts, updatedAt: e.ts };
        this.byId.set(p.parentId, p);
        this.workingByKey.set(p.key, p.parentId);
        this.lastNo = Math.max(this.lastNo, Number(p.parentId.slice(1)));
        return p;
      }
      case 'OrderJoinedParent': {
        const prev = this.byId.get(e.parentId);
        if (!prev) return undefined;
        const p = { ...prev, orderIds: [...prev.orderIds, e.orderId], joinedQty: prev.joinedQty + e.qty, updatedAt: e.ts };
        this.byId.set(p.parentId, p);
        return p;
      }
      case 'ParentCompleted': {
        const prev = this.byId.get(e.parentId);
        if (!prev) return undefined;
        const p: Parent = { ...prev, status: 'completed', updatedAt: e.ts };
        this.byId.set(p.parentId, p);
        if (this.workingByKey.get(p.key) === p.parentId) this.workingByKey.delete(p.key);
        return p;
      }
      default:
        return undefined;
    }
  }
}
