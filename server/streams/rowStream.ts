/**
 * Snapshot-then-delta streams keyed by row id, with conflation, resume and backpressure.
 *
 * A RowTopic keeps a bounded ring of recent row changes, each stamped with the
 * engine sequence number of the event that caused it. A subscriber gets either
 * a fresh snapshot or, when it reconnects with a sequence number the ring still
 * covers, just the changes it missed.
 *
 * While live, subscribers that see the same rows (an audience: one user's tabs)
 * share one conflation buffer: changes are merged per row (last value wins) and
 * flushed together at most every `conflateMs`, as one message object every
 * subscriber of the audience gets — so it is encoded once, not once per socket
 * (see sharedJson.ts). A subscriber that cannot take messages as fast as they
 * come (its socket congested, or its consumer slow) has its waiting messages
 * merged per row into one: it skips intermediate states, never the last one.
 */
import { markShared } from './sharedJson';

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
}

/** One subscriber's mailbox: the audience's flushes it has not taken yet. */
interface Inbox<Row> {
  offer(msg: StreamMessage<Row>): void;
}

/** Subscribers that see the same rows, and the changes they have not been sent yet. */
interface Audience<Row> {
  visible: (row: Row) => boolean;
  pending: Map<string, Row>;
  /** Seq of the latest pending change. */
  seq: number;
  /** Wall-clock ms of the oldest pending change. */
  since: number;
  inboxes: Set<Inbox<Row>>;
}

/** A lagging subscriber's waiting messages are merged once there are this many (bounds its memory by its row count). */
const INBOX_MERGE_AT = 8;

/** Merges deltas in order into one: each row at its latest state, the newest seq, the oldest `since`. */
export function mergeDeltas<Row>(msgs: readonly StreamMessage<Row>[], idOf: (row: Row) => string): StreamMessage<Row> {
  const rows = new Map<string, Row>();
  let since: number | undefined;
  for (const m of msgs) {
    for (const r of m.rows) {
      const id = idOf(r);
      // Re-inserting moves the row to the end: the merged order is the order of last change.
      rows.delete(id);
      rows.set(id, r);
    }
    if (m.since !== undefined) since = since === undefined ? m.since : Math.min(since, m.since);
  }
  const merged: StreamMessage<Row> = { kind: 'delta', seq: msgs[msgs.length - 1].seq, rows: [...rows.values()] };
  if (since !== undefined) merged.since = since;
  return merged;
}

export class RowTopic<Row> {
  private ring: Change<Row>[] = [];
  /** Changes with seq > floor are all in the ring. */
  private floor: number;
  private audiences = new Map<string | symbol, Audience<Row>>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** The rows a fresh subscriber starts from; it may use `visible` to choose (e.g. to cap how many it sends). */
    private readonly snapshot: (visible: (row: Row) => boolean) => Iterable<Row>,
    private readonly idOf: (row: Row) => string,
    private readonly currentSeq: () => number,
    private readonly capacity = 20_000,
    /** The longest a change waits to be flushed to subscribers (docs/foundation.md: why 50 ms). */
    private readonly conflateMs = 50,
  ) {
    this.floor = currentSeq();
  }

  publish(seq: number, row: Row): void {
    const id = this.idOf(row);
    this.ring.push({ seq, id, row });
    // Trim a quarter at a time: dropping one entry per publish would shift the whole ring each time.
    if (this.ring.length > this.capacity + (this.capacity >> 2)) {
      const drop = this.ring.length - this.capacity;
      this.floor = this.ring[drop - 1].seq;
      this.ring = this.ring.slice(drop);
    }
    let now: number | undefined;
    for (const a of this.audiences.values()) {
      if (!a.visible(row)) continue;
      if (a.pending.size === 0) a.since = now ??= Date.now();
      a.pending.set(id, row);
      a.seq = seq;
      this.timer ??= setTimeout(this.flush, this.conflateMs);
    }
  }

  /** Sends each audience's pending changes, as one shared message, to each of its subscribers. */
  private flush = (): void => {
    this.timer = undefined;
    for (const a of this.audiences.values()) {
      if (a.pending.size === 0) continue;
      const msg = markShared<StreamMessage<Row>>({ kind: 'delta', seq: a.seq, rows: [...a.pending.values()], since: a.since });
      a.pending.clear();
      for (const inbox of a.inboxes) inbox.offer(msg);
    }
  };

  /**
   * Yields the first message (snapshot or resume delta) and then conflated deltas
   * until `signal` aborts. `visible` filters rows per subscriber (entitlements);
   * subscribers giving the same `audience` must see the same rows, and share
   * conflation and encoding. While `congested()` says so (e.g. the socket's send
   * buffer is full) nothing is yielded and waiting deltas merge.
   */
  async *subscribe(opts: {
    visible: (row: Row) => boolean;
    audience?: string;
    lastSeq?: number;
    signal?: AbortSignal;
    congested?: () => boolean;
  }): AsyncGenerator<StreamMessage<Row>> {
    const { signal, congested } = opts;
    // Joining the audience and reading the snapshot happen in this same tick: nothing can slip between.
    const now = this.currentSeq();
    let waiting: StreamMessage<Row>[] = [];
    let wake: (() => void) | undefined;
    const inbox: Inbox<Row> = {
      offer: (msg) => {
        // The audience's changes from before we joined are all in our first message: keep seq moving forward.
        if (msg.seq < now) return;
        waiting.push(msg);
        if (waiting.length >= INBOX_MERGE_AT) waiting = [mergeDeltas(waiting, this.idOf)];
        wake?.();
      },
    };
    const key = opts.audience ?? Symbol('private');
    let audience = this.audiences.get(key);
    if (!audience) this.audiences.set(key, (audience = { visible: opts.visible, pending: new Map(), seq: 0, since: 0, inboxes: new Set() }));
    audience.inboxes.add(inbox);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    /** Until an offer or abort; or, given `ms`, at most that long. */
    const until = (ms?: number) =>
      new Promise<void>((resolve) => {
        const t = ms === undefined ? undefined : setTimeout(resolve, ms);
        wake = () => {
          if (t) clearTimeout(t);
          resolve();
        };
      });
    try {
      const last = opts.lastSeq;
      if (last !== undefined && last >= this.floor && last <= now) {
        const missed = new Map<string, Row>();
        for (const c of this.ring) if (c.seq > last && opts.visible(c.row)) missed.set(c.id, c.row);
        yield { kind: 'delta', seq: now, rows: [...missed.values()] };
      } else {
        yield { kind: 'snapshot', seq: now, rows: [...this.snapshot(opts.visible)].filter(opts.visible) };
      }
      while (!signal?.aborted) {
        if (waiting.length === 0) await until();
        else if (congested?.()) await until(this.conflateMs);
        else {
          const msg = waiting.length === 1 ? waiting[0] : mergeDeltas(waiting, this.idOf);
          waiting = [];
          yield msg;
          continue;
        }
        wake = undefined;
      }
    } finally {
      audience.inboxes.delete(inbox);
      if (audience.inboxes.size === 0) this.audiences.delete(key);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  get subscriberCount(): number {
    let n = 0;
    for (const a of this.audiences.values()) n += a.inboxes.size;
    return n;
  }
}
