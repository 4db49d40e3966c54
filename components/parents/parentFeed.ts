import type { ParentRow } from '@/server/desk';

export interface ParentStreamMessage {
  kind: 'snapshot' | 'delta';
  seq: number;
  rows: ParentRow[];
}

/** What changed in one message, in the shape ag-grid transactions want. */
export type ParentChange = { kind: 'snapshot'; rows: ParentRow[] } | { kind: 'delta'; add: ParentRow[]; update: ParentRow[] };

export interface ParentStats {
  total: number;
  working: number;
  completed: number;
  /** Sequence number the feed is up to; null before the first snapshot. */
  seq: number | null;
  /** Bumped on every message, so views can follow "something changed". */
  version: number;
}

/**
 * The client's copy of the parents.stream subscription, the way OrderFeed
 * keeps orders.stream: a snapshot replaces everything, a delta upserts by
 * parentId. The grid listens to changes; headers and the detail panel read
 * the stats and single rows through useSyncExternalStore.
 */
export class ParentFeed {
  private rows = new Map<string, ParentRow>();
  private changeListeners = new Set<(c: ParentChange) => void>();
  private statListeners = new Set<() => void>();
  private stats: ParentStats = { total: 0, working: 0, completed: 0, seq: null, version: 0 };

  apply(msg: ParentStreamMessage): ParentChange {
    let change: ParentChange;
    if (msg.kind === 'snapshot') {
      this.rows = new Map(msg.rows.map((r) => [r.parentId, r]));
      change = { kind: 'snapshot', rows: msg.rows };
    } else {
      const add: ParentRow[] = [];
      const update: ParentRow[] = [];
      for (const r of msg.rows) {
        (this.rows.has(r.parentId) ? update : add).push(r);
        this.rows.set(r.parentId, r);
      }
      change = { kind: 'delta', add, update };
    }
    let working = 0;
    for (const r of this.rows.values()) if (r.status === 'working') working++;
    this.stats = { total: this.rows.size, working, completed: this.rows.size - working, seq: msg.seq, version: this.stats.version + 1 };
    for (const l of this.changeListeners) l(change);
    for (const l of this.statListeners) l();
    return change;
  }

  all(): ParentRow[] {
    return [...this.rows.values()];
  }

  get(parentId: string): ParentRow | undefined {
    return this.rows.get(parentId);
  }

  onChange(listener: (c: ParentChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  subscribeStats = (listener: () => void): (() => void) => {
    this.statListeners.add(listener);
    return () => this.statListeners.delete(listener);
  };

  getStats = (): ParentStats => this.stats;
}
