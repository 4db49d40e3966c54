import type Database from 'better-sqlite3';
import type { IFixMsgStoreRecord, IFixSessionStore, IFixSessionStoreFactory, SessionId } from 'jspurefix';

/**
 * One message as a traffic block keeps it (fix_traffic, db.ts):
 * at, ts, direction, msg_type, msg_seq, epoch, poss_dup, order_id, body, text.
 */
export type TrafficMessage = [number, number, string, string | null, number | null, number | null, number, string | null, string | null, string];
const TS = 1, DIRECTION = 2, MSG_SEQ = 4, EPOCH = 5;

/** A run of consecutive messages of one counterparty in one turn: one fix_traffic row. */
interface Block {
  counterparty: string;
  actor: string;
  /** The epoch of its outbound messages (a resend looks for it), null while it has none. */
  epoch: number | null;
  tsFrom: number;
  tsTo: number;
  outFrom: number | null;
  outTo: number | null;
  messages: TrafficMessage[];
}

/** How long a failed write waits before it is tried again, if no new turn tries it first. */
const RETRY_MS = 1_000;

/**
 * The gateway's frequent writes — every message in and out, the next MsgSeqNum each
 * way — gathered and committed in one SQLite transaction per turn of the event loop.
 * A turn's messages of one counterparty are one row, a block (db.ts): a row per
 * message, at some 5–8 µs each, cost more than the engine's handling of an order.
 *
 * Durable before sent: the gateway holds a connection's output (`hold`) from the read
 * that starts a turn, and from any send, until the turn's writes are committed; so
 * every message a counterparty receives is in the audit trail first.
 *
 * A failed write (a full disk, an I/O error) keeps everything: the messages stay
 * pending and the held connections stay held — nothing leaves that the trail does
 * not have — and the write is tried again at the next turn and every RETRY_MS. When it
 * lands, what waited goes out in order. Meanwhile the counterparty hears nothing; if it
 * gives up and reconnects, the reports it missed are answered from the log (PossDup
 * resends) once the log is written. The engine's journal is never in this write: it
 * commits on its own, before anything is acknowledged — a transaction of both would
 * not save the second commit, as the acks are made after the journal's commit and
 * must be in the log before they leave.
 *
 * What a crash can lose is the last turn's batch: messages no counterparty has
 * received (they were held), and sequence numbers the protocol recovers — a lost
 * inbound number makes us ask for a resend, and a resent order is recognised by its
 * ClOrdID (never entered twice); a lost outbound number is covered by the
 * reservation below.
 */
export class FixWrites {
  private blocks: Block[] = [];
  private readonly sequences = new Map<string, { sender: number; target: number }>();
  /** Held output, released once the pending writes are committed. */
  private releases: Array<() => void> = [];
  private scheduled = false;
  private failing = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly insertBlock: Database.Statement;
  private readonly lastBlock: Database.Statement;
  private readonly updateSequence: Database.Statement;
  /** The last number of the rows written one a message, before blocks: blocks number on from it. */
  private readonly lastRow: number;
  private readonly commit: () => void;

  constructor(readonly db: Database.Database) {
    this.insertBlock = db.prepare('INSERT INTO fix_traffic (id, last, counterparty, actor, epoch, ts_from, ts_to, out_from, out_to, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.lastBlock = db.prepare('SELECT last FROM fix_traffic ORDER BY id DESC LIMIT 1').pluck();
    this.lastRow = (db.prepare('SELECT MAX(id) FROM fix_message_rows').pluck().get() as number | null) ?? 0;
    this.updateSequence = db.prepare('UPDATE fix_sessions SET sender_seq = ?, target_seq = ? WHERE session_id = ?');
    this.commit = db.transaction(() => {
      // Read in the transaction: the numbers go on from whatever is written, whoever wrote it.
      let next = Math.max(this.lastRow, (this.lastBlock.get() as number | undefined) ?? 0) + 1;
      for (const b of this.blocks) {
        const n = b.messages.length;
        this.insertBlock.run(next, next + n - 1, b.counterparty, b.actor, b.epoch, b.tsFrom, b.tsTo, b.outFrom, b.outTo, JSON.stringify(b.messages));
        next += n;
      }
      for (const [id, s] of this.sequences) this.updateSequence.run(s.sender, s.target, id);
    });
  }

  addTraffic(counterparty: string, actor: string, m: TrafficMessage): void {
    const out = m[DIRECTION] === 'out';
    const epoch = out ? m[EPOCH] : null;
    let b = this.blocks.length ? this.blocks[this.blocks.length - 1] : undefined;
    if (!b || b.counterparty !== counterparty || b.actor !== actor || (epoch !== null && b.epoch !== null && epoch !== b.epoch)) {
      b = { counterparty, actor, epoch: null, tsFrom: m[TS], tsTo: m[TS], outFrom: null, outTo: null, messages: [] };
      this.blocks.push(b);
    }
    b.messages.push(m);
    if (m[TS] < b.tsFrom) b.tsFrom = m[TS];
    if (m[TS] > b.tsTo) b.tsTo = m[TS];
    const seq = m[MSG_SEQ];
    if (out && seq !== null) {
      if (epoch !== null) b.epoch = epoch;
      if (b.outFrom === null || seq < b.outFrom) b.outFrom = seq;
      if (b.outTo === null || seq > b.outTo) b.outTo = seq;
    }
    this.schedule();
  }

  sequence(sessionId: string, sender: number, target: number): void {
    this.sequences.set(sessionId, { sender, target });
    this.schedule();
  }

  /** Runs `release` (a connection's held output goes out) once what is pending now is committed. */
  hold(release: () => void): void {
    this.releases.push(release);
    this.schedule();
  }

  /** Messages written and not yet committed (a failed write keeps them). */
  get pending(): number {
    let n = 0;
    for (const b of this.blocks) n += b.messages.length;
    return n;
  }

  /**
   * Commits what is pending now (at the end of each turn, before a read that must see it,
   * and on stop), then releases the held output. False when the write failed: all of it is
   * kept for the next try.
   */
  flush(): boolean {
    if (this.blocks.length || this.sequences.size) {
      try {
        // A closed database (the desk stopping) has nowhere to write: what is pending goes.
        if (this.db.open) this.commit();
      } catch (err) {
        if (!this.failing) console.error(`FIX: could not store ${this.pending} traffic messages; the sessions' output is held until they are stored: ${(err as Error).message}`);
        this.failing = true;
        this.retry ??= setTimeout(() => {
          this.retry = undefined;
          this.flush();
        }, RETRY_MS).unref();
        return false;
      }
      if (this.failing) console.error(`FIX: traffic log written again (${this.pending} messages); held output released`);
      this.failing = false;
      this.blocks = [];
      this.sequences.clear();
    }
    const releases = this.releases;
    this.releases = [];
    for (const release of releases) release();
    return true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}

/**
 * Outbound numbers claimed ahead, in one synchronous write per block: a desk that
 * crashes before its last batch landed restarts past every number it may have used
 * — the counterparty sees a gap, asks for a resend, and gets a gap fill — rather
 * than reusing a number (which FIX cannot recover from). An orderly stop records the
 * exact next number, so a restart continues without a gap.
 */
const RESERVE = 1_000;

/** What the store's writes answer when they are done at once (they nearly always are). */
export const DONE: Promise<void> = Promise.resolve();

/**
 * jspurefix's session store in the desk's SQLite database (fix_sessions, db.ts):
 * the next MsgSeqNum each way survives a restart, in the same database as the journal.
 *
 * Messages themselves are not kept here: the traffic log (FixTraffic) already
 * holds every outbound message, and the session answers ResendRequests from it
 * (session.ts) — jspurefix's own resend reads a store it never fills.
 */
export class SqliteSessionStore implements IFixSessionStore {
  private sender = 1;
  private target = 1;
  private reserved = 1;
  private epochNo = 1;
  private created = new Date();
  private readonly id: string;

  constructor(
    readonly sessionId: SessionId,
    private readonly writes: FixWrites,
  ) {
    this.id = sessionId.toString();
  }

  get senderSeqNum(): number {
    return this.sender;
  }
  get targetSeqNum(): number {
    return this.target;
  }
  /** Grows with each sequence reset: messages of an earlier epoch are never resent. */
  get epoch(): number {
    return this.epochNo;
  }
  get creationTime(): Date {
    return this.created;
  }

  async initialize(): Promise<void> {
    // A previous connection's last numbers may still be in the batch.
    this.writes.flush();
    const db = this.writes.db;
    const row = db.prepare('SELECT sender_seq, sender_reserved, target_seq, epoch, created_at FROM fix_sessions WHERE session_id = ?').get(this.id) as
      | { sender_seq: number; sender_reserved: number; target_seq: number; epoch: number; created_at: number }
      | undefined;
    if (row) {
      // Past the reservation if the last run did not stop in order (see RESERVE).
      this.sender = Math.max(row.sender_seq, row.sender_reserved);
      this.target = row.target_seq;
      this.epochNo = row.epoch;
      this.created = new Date(row.created_at);
    } else {
      db.prepare('INSERT INTO fix_sessions (session_id, sender_seq, sender_reserved, target_seq, epoch, created_at) VALUES (?, 1, 1, 1, 1, ?)').run(this.id, this.created.getTime());
    }
    this.reserve();
  }

  // jspurefix awaits each of these per message (received, encoded, stored). The writes are
  // synchronous (batched per turn by FixWrites), so the answer is a settled promise, not an
  // async function's new one; a failure still reaches jspurefix as a rejection.
  setSenderSeqNum(value: number): Promise<void> {
    try {
      // jspurefix also calls this after a PossDup resend, with the old message's number + 1:
      // the next number never goes back except through reset().
      if (value <= this.sender) return DONE;
      this.sender = value;
      if (this.sender >= this.reserved) this.reserve();
      this.writes.sequence(this.id, this.sender, this.target);
      return DONE;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  setTargetSeqNum(value: number): Promise<void> {
    if (value === this.target) return DONE;
    this.target = value;
    this.writes.sequence(this.id, this.sender, this.target);
    return DONE;
  }

  async nextSenderSeqNum(): Promise<number> {
    await this.setSenderSeqNum(this.sender + 1);
    return this.sender;
  }

  async nextTargetSeqNum(): Promise<number> {
    await this.setTargetSeqNum(this.target + 1);
    return this.target;
  }

  async reset(): Promise<void> {
    this.writes.flush();
    this.sender = 1;
    this.target = 1;
    this.epochNo++;
    this.created = new Date();
    this.reserved = 1 + RESERVE;
    this.writes.db
      .prepare('UPDATE fix_sessions SET sender_seq = 1, sender_reserved = ?, target_seq = 1, epoch = ?, created_at = ? WHERE session_id = ?')
      .run(this.reserved, this.epochNo, this.created.getTime(), this.id);
  }

  /** An orderly stop: the exact next numbers, and no reservation to skip. */
  release(): void {
    this.writes.flush();
    this.writes.db.prepare('UPDATE fix_sessions SET sender_seq = ?, sender_reserved = ?, target_seq = ? WHERE session_id = ?').run(this.sender, this.sender, this.target, this.id);
  }

  /** The message body lives in the traffic log; only its number moves the sequence on. */
  put(record: IFixMsgStoreRecord): Promise<void> {
    return this.setSenderSeqNum(record.seqNum + 1);
  }
  async get(): Promise<IFixMsgStoreRecord | null> {
    return null;
  }
  async getRange(): Promise<IFixMsgStoreRecord[]> {
    return [];
  }
  async flush(): Promise<void> {
    this.writes.flush();
  }
  async dispose(): Promise<void> {}

  private reserve(): void {
    this.reserved = this.sender + RESERVE;
    this.writes.db.prepare('UPDATE fix_sessions SET sender_reserved = ? WHERE session_id = ?').run(this.reserved, this.id);
  }
}

export class SqliteSessionStoreFactory implements IFixSessionStoreFactory {
  /** The latest store of each session (a reconnect makes a new one), released on an orderly stop. */
  private readonly latest = new Map<string, SqliteSessionStore>();
  constructor(private readonly writes: FixWrites) {}
  create(sessionId: SessionId): SqliteSessionStore {
    const store = new SqliteSessionStore(sessionId, this.writes);
    this.latest.set(sessionId.toString(), store);
    return store;
  }
  release(): void {
    for (const store of this.latest.values()) store.release();
  }
}
