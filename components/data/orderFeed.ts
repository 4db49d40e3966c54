import type { OrderRow } from '@/server/desk';

export interface StreamMessage {
  kind: 'snapshot' | 'delta';
  seq: number;
  rows: OrderRow[];
}

/** What changed in one message, in the shape ag-grid transactions want. */
export type FeedChange =
  | { kind: 'snapshot'; rows: OrderRow[] }
  | { kind: 'delta'; add: OrderRow[]; update: OrderRow[] };

export interface FeedStats {
  total: number;
  working: number;
  /** Sequence number the feed is up to; null before the first snapshot. */
  seq: number | null;
}

/**
 * The client's copy of the orders.stream subscription: a snapshot replaces
 * everything, a delta upserts by orderId. The blotter grid listens to the
 * changes; headers read the stats.
 */
export class OrderFeed {
  private rows = new Map<string, OrderRow>();
  private seq: number | null = null;
  private changeListeners = new Set<(c: FeedChange) => void>();
  private statListeners = new Set<() => void>();
  private stats: FeedStats = { total: 0, working: 0, seq: null };

  apply(msg: StreamMessage): FeedChange {
    let change: FeedChange;
    if (msg.kind === 'snapshot') {
      this.rows = new Map(msg.rows.map((r) => [r.orderId, r]));
      change = { kind: 'snapshot', rows: msg.rows };
    } else {
      const add: OrderRow[] = [];
      const update: OrderRow[] = [];
      for (const r of msg.rows) {
        (this.rows.has(r.orderId) ? update : add).push(r);
        this.rows.set(r.orderId, r);
      }
      change = { kind: 'delta', add, update };
    }
    this.seq = msg.seq;
    let working = 0;
    for (const r of this.rows.values()) if (r.status === 'new') working++;
    this.stats = { total: this.rows.size, working, seq: this.seq };
    for (const l of this.changeListeners) l(change);
    for (const l of this.statListeners) l();
    return change;
  }

  all(): OrderRow[] {
    return [...this.rows.values()];
  }

  get(orderId: string): OrderRow | undefined {
    return this.rows.get(orderId);
  }

  onChange(listener: (c: FeedChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  subscribeStats = (listener: () => void): (() => void) => {
    this.statListeners.add(listener);
    return () => this.statListeners.delete(listener);
  };

  getStats = (): FeedStats => this.stats;
}
