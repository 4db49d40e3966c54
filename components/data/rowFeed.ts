/** One message of a row stream (orders.stream, parents.stream, routing.children): a snapshot or the rows that changed. */
export interface RowMessage<Row> {
  kind: 'snapshot' | 'delta';
  seq: number;
  rows: Row[];
}

/** What changed in one message, in the shape ag-grid transactions want. */
export type RowChange<Row> = { kind: 'snapshot'; rows: Row[] } | { kind: 'delta'; add: Row[]; update: Row[]; remove: Row[] };

export interface RowFeedStats {
  total: number;
  /** Sequence number the feed is up to; null before the first snapshot. */
  seq: number | null;
  /** Bumped whenever the stats are published after a change, so views can follow "something changed". */
  version: number;
}

/**
 * Stats (and the views reading rows with them) are published at most this often while
 * deltas stream: a header count or a detail panel need not re-render, nor all rows be
 * counted again, for every delta. Grids get every change at once through onChange.
 */
export const STATS_EVERY_MS = 200;

export interface RowFeedOptions<Row, Stats extends RowFeedStats> {
  idOf: (row: Row) => string;
  /** The stats views read, from the rows after each message (the base fields filled in). */
  measure: (rows: Iterable<Row>, base: RowFeedStats) => Stats;
  /** Keep at most `limit` rows that `evictable` says may go, dropping the oldest first (a long day's finished rows). */
  cap?: { limit: number; evictable: (row: Row) => boolean };
}

/**
 * The client's copy of a row stream: a snapshot replaces everything, a delta
 * upserts by row id. Grids listen to the changes; headers and panels read the
 * stats and single rows through useSyncExternalStore.
 */
export class RowFeed<Row, Stats extends RowFeedStats = RowFeedStats> {
  private rows = new Map<string, Row>();
  private changeListeners = new Set<(c: RowChange<Row>) => void>();
  private statListeners = new Set<() => void>();
  private stats: Stats;
  private seq: number | null = null;
  private statsDue: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: RowFeedOptions<Row, Stats>) {
    this.stats = opts.measure([], { total: 0, seq: null, version: 0 });
  }

  apply(msg: RowMessage<Row>): RowChange<Row> {
    const { idOf } = this.opts;
    let change: RowChange<Row>;
    if (msg.kind === 'snapshot') {
      this.rows = new Map(msg.rows.map((r) => [idOf(r), r]));
      this.evict();
      change = { kind: 'snapshot', rows: [...this.rows.values()] };
    } else {
      const add: Row[] = [];
      const update: Row[] = [];
      for (const r of msg.rows) {
        const id = idOf(r);
        (this.rows.has(id) ? update : add).push(r);
        this.rows.set(id, r);
      }
      const remove = this.evict();
      const kept = (r: Row) => this.rows.has(idOf(r));
      change = remove.length ? { kind: 'delta', add: add.filter(kept), update: update.filter(kept), remove } : { kind: 'delta', add, update, remove };
    }
    this.seq = msg.seq;
    for (const l of this.changeListeners) l(change);
    // A snapshot is what a view waits for first: publish it at once.
    if (msg.kind === 'snapshot') this.publishStats();
    else this.statsDue ??= setTimeout(this.publishStats, STATS_EVERY_MS);
    return change;
  }

  private publishStats = (): void => {
    if (this.statsDue !== undefined) clearTimeout(this.statsDue);
    this.statsDue = undefined;
    this.stats = this.opts.measure(this.rows.values(), { total: this.rows.size, seq: this.seq, version: this.stats.version + 1 });
    for (const l of this.statListeners) l();
  };

  /** Drops the oldest evictable rows beyond the cap; returns them. */
  private evict(): Row[] {
    const cap = this.opts.cap;
    if (!cap) return [];
    let evictable = 0;
    for (const r of this.rows.values()) if (cap.evictable(r)) evictable++;
    const removed: Row[] = [];
    if (evictable <= cap.limit) return removed;
    for (const [id, r] of this.rows) {
      if (evictable <= cap.limit) break;
      if (!cap.evictable(r)) continue;
      this.rows.delete(id);
      removed.push(r);
      evictable--;
    }
    return removed;
  }

  all(): Row[] {
    return [...this.rows.values()];
  }

  get(id: string): Row | undefined {
    return this.rows.get(id);
  }

  onChange(listener: (c: RowChange<Row>) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  subscribeStats = (listener: () => void): (() => void) => {
    this.statListeners.add(listener);
    return () => this.statListeners.delete(listener);
  };

  getStats = (): Stats => this.stats;
}
