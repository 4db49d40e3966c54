import type { ChildPlaced, EngineEvent } from '../events';

export type ChildStatus = 'pending' | 'live' | 'filled' | 'cancelled' | 'rejected';

/** A child order: what was placed (the ChildPlaced event's fields), and what became of it since. */
export interface Child extends Omit<ChildPlaced, 'type'> {
  status: ChildStatus;
  /** Shares still working at the venue (or on the way to it). */
  leaves: number;
  filledQty: number;
  /** Σ price × qty, price units × shares. */
  filledValue: number;
  /** Σ fees, price units × shares (negative: rebates). */
  fees: number;
  cancelRequested: boolean;
  /** The cancel was a sequential rotation: the remainder goes on to the next venue. */
  rotate: boolean;
  /** Its venue went down while it worked: it may still be live there until the venue confirms. */
  possiblyLive: boolean;
  placedAt: number;
  /** When the venue's acknowledgement (or first fill) came back: placedAt → acceptedAt is the round trip. */
  acceptedAt?: number;
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
        const { type: _type, seq: _seq, ts, ...placed } = e;
        const c: Child = {
          ...placed,
          status: 'pending',
          leaves: e.qty,
          filledQty: 0,
          filledValue: 0,
          fees: 0,
          cancelRequested: false,
          rotate: false,
          possiblyLive: false,
          placedAt: ts,
          updatedAt: ts,
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
          if (c.status === 'pending') (c.status = 'live'), (c.acceptedAt = e.ts);
        });
      case 'ChildCancelRequested':
        return this.update(e.childId, e.ts, (c) => {
          c.cancelRequested = true;
          if (e.rotate) c.rotate = true;
        });
      case 'ChildFilled':
        return this.update(e.childId, e.ts, (c) => {
          c.filledQty += e.qty;
          c.filledValue += e.qty * e.px;
          c.fees += e.fee;
          c.leaves = e.leaves;
          if (c.status === 'pending') (c.status = 'live'), (c.acceptedAt = e.ts);
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

  /** A venue went down or came back: its unfinished children are possibly live until it answers. */
  venueStatus(venue: string, down: boolean): Child[] {
    const touched: Child[] = [];
    for (const s of this.working.values())
      for (const c of s)
        if (c.venue === venue && c.possiblyLive !== down) (c.possiblyLive = down), touched.push(c);
    return touched;
  }

  private finish(c: Child, status: ChildStatus): void {
    c.status = status;
    c.possiblyLive = false;
    this.working.get(c.parentId)?.delete(c);
  }
}
