import type Database from 'better-sqlite3';
import type { IFixMsgStoreRecord, IFixSessionStore, IFixSessionStoreFactory, SessionId } from 'jspurefix';

/** A fix_messages row: at, ts, counterparty, actor, direction, msg_type, msg_seq, epoch, poss_dup, order_id, body, text. */
export type TrafficRow = [number, number, string, string, string, string | null, number | null, number | null, number, string | null, string | null, string];

/**
 * The gateway's frequent writes — a traffic row for every message, the next
 * MsgSeqNum each way — gathered and committed in one SQLite transaction per turn of
 * the event loop. One commit per message each way cost more than the engine's whole
 * intake; batched, a burst of orders costs one.
 *
 * What a crash can lose is the last turn's batch, and each part is recoverable by
 * the protocol: a lost inbound number makes us ask for a resend, and a resent order
 * is recognised by its ClOrdID (never entered twice); a lost outbound number is
 * covered by the reservation below. The engine's journal is never in this batch:
 * it commits on its own, before anything is acknowledged.
 */
export class FixWrites {
  private traffic: TrafficRow[] = [];
  private readonly sequences = new Map<string, { sender: number; target: number }>();
  private scheduled = false;
  private readonly insertTraffic: Database.Statement;
  private readonly updateSequence: Database.Statement;
  private readonly commit: () => void;

  constructor(readonly db: Database.Database) {
    this.insertTraffic = db.prepare(
      'INSERT INTO fix_messages (at, ts, counterparty, actor, direction, msg_type, msg_seq, epoch, poss_dup, order_id, body, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateSequence = db.prepare('UPDATE fix_sessions SET sender_seq = ?, target_seq = ? WHERE session_id = ?');
    this.commit = db.transaction(() => {
      for (const row of this.traffic) this.insertTraffic.run(...row);
      for (const [id, s] of this.sequences) this.updateSequence.run(s.sender, s.target, id);
    });
  }

  addTraffic(row: TrafficRow): void {
    this.traffic.push(row);
    this.schedule();
  }

  sequence(sessionId: string, sender: number, target: number): void {
    this.sequences.set(sessionId, { sender, target });
    this.schedule();
  }

  /** Commits what is pending now (before a read that must see it, and on stop). */
  flush(): void {
    if (!this.traffic.length && !this.sequences.size) return;
    try {
      if (this.db.open) this.commit();
    } catch (err) {
      // A full disk must not take the desk down: the journal is the record of orders; say so and go on.
      console.error(`FIX: could not store ${this.traffic.length} traffic rows: ${(err as Error).message}`);
    } finally {
      this.traffic = [];
      this.sequences.clear();
    }
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

const DONE: Promise<void> = Promise.resolve();

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
