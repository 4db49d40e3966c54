/**
 * Snapshot-then-delta streams keyed by row id, with conflation and resume.
 *
 * A RowTopic keeps a bounded ring of recent row changes, each stamped with the
 * engine sequence number of the event that caused it. A subscriber gets either
 * a fresh snapshot or, when it reconnects with a sequence number the ring still
 * covers, just the changes it missed. While live, changes are conflated per row
 * (last value wins) and flushed at most every `conflateMs`, so a busy market
 * cannot flood a browser.
 */
export interface StreamMessage<Row> {
  kind: 'snapshot' | 'delta';
  /** Sequence number this message brings the subscriber up to. */
  seq: number;
  rows: Row[];
  /**
   * Live deltas: wall-clock ms when the oldest change they carry was published, so a
   * client can tell how far behind the engine it is (conflation and queues included).
   */
  since?: number;
}

interface Change<Row> {
  seq: number;
  id: string;
  row: Row;
  at: number;
}

type Listener<Row> = (c: Change<Row>) => void;

export class RowTopic<Row> {
  private ring: Change<Row>[] = [];
  /** Changes with seq > floor are all in the ring. */
  private floor: number;
  private listeners = new Set<Listener<Row>>();

  constructor(
    /** The rows a fresh subscriber starts from; it may use `visible` to choose (e.g. to cap how many it sends). */
    private readonly snapshot: (visible: (row: Row) => boolean) => Iterable<Row>,
    private readonly idOf: (row: Row) => string,
    private readonly currentSeq: () => number,
    private readonly capacity = 20_000,
  ) {
    this.floor = currentSeq();
  }

  publish(seq: number, row: Row): void {
    const change = { seq, id: this.idOf(row), row, at: Date.now() };
    this.ring.push(change);
    if (this.ring.length > this.capacity) {
      const dropped = this.ring.splice(0, this.ring.length - this.capacity);
      this.floor = dropped[dropped.length - 1].seq;
    }
    for (const l of this.listeners) l(change);
  }

  /**
   * Yields the first message (snapshot or resume delta) and then conflated deltas
   * until `signal` aborts. `visible` filters rows per subscriber (entitlements).
   */
  async *subscribe(opts: {
    visible: (row: Row) => boolean;
    lastSeq?: number;
    signal?: AbortSignal;
    conflateMs?: number;
  }): AsyncGenerator<StreamMessage<Row>> {
    const conflateMs = opts.conflateMs ?? 100;
    const pending = new Map<string, Row>();
    let pendingSeq = 0;
    let pendingSince = 0;
    let wake: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener: Listener<Row> = (c) => {
      if (!opts.visible(c.row)) return;
      if (pending.size === 0) pendingSince = c.at;
      pending.set(c.id, c.row);
      pendingSeq = c.seq;
      if (!timer)
        timer = setTimeout(() => {
          timer = undefined;
          wake?.();
        }, conflateMs);
    };
    // Subscribe and read the snapshot in the same tick: nothing can slip between.
    this.listeners.add(listener);
    const onAbort = () => wake?.();
    opts.signal?.addEventListener('abort', onAbort);
    try {
      const now = this.currentSeq();
      const last = opts.lastSeq;
      if (last !== undefined && last >= this.floor && last <= now) {
        const missed = new Map<string, Row>();
        for (const c of this.ring) if (c.seq > last && opts.visible(c.row)) missed.set(c.id, c.row);
        yield { kind: 'delta', seq: now, rows: [...missed.values()] };
      } else {
        yield { kind: 'snapshot', seq: now, rows: [...this.snapshot(opts.visible)].filter(opts.visible) };
      }
      while (!opts.signal?.aborted) {
        if (pending.size === 0 || timer) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (opts.signal?.aborted) break;
        if (pending.size === 0) continue;
        const rows = [...pending.values()];
        pending.clear();
        yield { kind: 'delta', seq: pendingSeq, rows, since: pendingSince };
      }
    } finally {
      this.listeners.delete(listener);
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    }
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
