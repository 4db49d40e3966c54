import type { EngineEvent } from '../events';
import type { Side } from '../orders/types';
import type { Placement } from '../strategies/plan';

export type ChildStatus = 'pending' | 'live' | 'filled' | 'cancelled' | 'rejected';

export interface Child {
  childId: string;
  parentId: string;
  symbol: string;
  side: Side;
  venue: string;
  kind: 'limit' | 'ioc' | 'mid';
  px: number;
  qty: number;
  placement: Placement;
  status: ChildStatus;
  /** Shares still working at the venue (or on the way to it). */
  leaves: number;
  filledQty: number;
  /** Σ price × qty, price units × shares. */
  filledValue: number;
  /** Σ fees, price units × shares (negative: rebates). */
  fees: number;
  cancelRequested: boolean;
  placedAt: number;
  updatedAt: number;
}

/**
 * Owner of child-order state: every order the desk sent to a venue, what is
 * still in flight per parent, and the fills. Changed only by `apply`.
 */
export class Children {
  private readonly byId = new Map<string, Child>();
  /** Unfinished children per parent, for in-flight totals and cancels. */
  private readonly working = new Map<string, Set<Child>>();
  private lastNo = 0;

  get(childId: string): Child | undefined {
    return this.byId.get(childId);
  }

  all(): IterableIterator<Child> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  nextChildId(): string {
    return `C${String(++this.lastNo).padStart(8, '0')}`;
  }

  /** Children of a parent not yet finished (pending, live, or with a cancel on the way). */
  workingOf(parentId: string): readonly Child[] {
    const s = this.working.get(parentId);
    return s ? [...s] : [];
  }

  inFlight(parentId: string): number {
    let n = 0;
    const s = this.working.get(parentId);
    if (s) for (const c of s) n += c.leaves;
    return n;
  }

  apply(e: EngineEvent): Child | undefined {
    switch (e.type) {
      case 'ChildPlaced': {
        const c: Child = {
          childId: e.childId,
          parentId: e.parentId,
          symbol: e.symbol,
          side: e.side,
          venue: e.venue,
          kind: e.kind,
          px: e.px,
          qty: e.qty,
          placement: e.placement,
          status: 'pending',
          leaves: e.qty,
          filledQty: 0,
          filledValue: 0,
          fees: 0,
          cancelRequested: false,
          placedAt: e.ts,
          updatedAt: e.ts,
        };
        this.byId.set(c.childId, c);
        let s = this.working.get(c.parentId);
        if (!s) this.working.set(c.parentId, (s = new Set()));
        s.add(c);
        this.lastNo = Math.max(this.lastNo, Number(c.childId.slice(1)));
        return c;
      }
      case 'ChildAccepted':
        return this.update(e.childId, e.ts, (c) => {
          if (c.status === 'pending') c.status = 'live';
        });
      case 'ChildCancelRequested':
        return this.update(e.childId, e.ts, (c) => {
          c.cancelRequested = true;
        });
      case 'ChildFilled':
        return this.update(e.childId, e.ts, (c) => {
          c.filledQty += e.qty;
          c.filledValue += e.qty * e.px;
          c.fees += e.fee;
          c.leaves = e.leaves;
          if (c.status === 'pending') c.status = 'live';
          if (c.leaves === 0) this.finish(c, 'filled');
        });
      case 'ChildCancelled':
        return this.update(e.childId, e.ts, (c) => {
          c.leaves = 0;
          this.finish(c, c.filledQty > 0 && c.filledQty === c.qty ? 'filled' : 'cancelled');
        });
      case 'ChildRejected':
        return this.update(e.childId, e.ts, (c) => {
          c.leaves = 0;
          this.finish(c, 'rejected');
        });
      default:
        return undefined;
    }
  }

  private update(childId: string, ts: number, fn: (c: Child) => void): Child | undefined {
    const c = this.byId.get(childId);
    if (!c) return undefined;
    fn(c);
    c.updatedAt = ts;
    return c;
  }

  private finish(c: Child, status: ChildStatus): void {
    c.status = status;
    this.working.get(c.parentId)?.delete(c);
  }
}
