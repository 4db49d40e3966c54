import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../engine/events';
import type { JournalEntry, JournalPort } from '../../engine/engine';
import { batchMark, decodeBody, decodeEvent, encodeBody, isFormat3, type StoredEvent, type StoredToken } from './codec';
import { ROW_EVENTS } from './db';

/**
 * The engine's journal in SQLite (layout: db.ts, format 3). Each `append` or
 * `appendGroup` is one transaction, so what it carries lands together or not at
 * all; with WAL a commit is on disk (in the WAL file) when the call returns, before
 * the engine publishes or acknowledges anything.
 *
 * A row holds a run of up to ROW_EVENTS consecutive events of any batches as one JSON
 * array (codec.ts, format 3): a basket's thousands of events are a few inserts
 * and, on recovery, a few reads, and so are a group commit's many one-order commands
 * (a FIX read through handleAll) — the per-row cost, more than the bytes, is what made
 * one row per event, and then one row per command, slow to write and to replay. Rows
 * written in format 2 (one batch a row, each event with its seq and ts) read as before.
 */
export class SqliteJournal implements JournalPort {
  private readonly insert: Database.Statement;
  private readonly insertType: Database.Statement;
  private readonly page: Database.Statement;
  private readonly writeTx: (entries: readonly JournalEntry[]) => Set<string>;
  /** Event types already in journal_types: only a new one costs an insert. */
  private readonly types: Set<string>;
  /** The last seq written: each write must continue the journal without a gap. */
  private last: number;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO journal (seq, last, batch, ts_from, ts_to, body) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertType = db.prepare('INSERT OR IGNORE INTO journal_types (type) VALUES (?)');
    this.page = db.prepare('SELECT batch, body, last, seq FROM journal WHERE seq > ? ORDER BY seq LIMIT 256').raw();
    this.writeTx = db.transaction((entries: readonly JournalEntry[]) => this.write(entries));
    this.types = new Set(db.prepare('SELECT type FROM journal_types').pluck().all() as string[]);
    this.last = this.lastSeq();
  }

  append(events: readonly EngineEvent[], batch = events[0]?.seq): void {
    this.appendGroup([{ events, batch }]);
  }

  appendGroup(entries: readonly JournalEntry[]): void {
    const newTypes = this.writeTx(entries);
    // Only once committed: a failed write leaves these where the journal is.
    for (let i = entries.length - 1; i >= 0; i--) {
      const events = entries[i].events;
      if (events.length) {
        this.last = events[events.length - 1].seq;
        break;
      }
    }
    for (const type of newTypes) this.types.add(type);
  }

  /**
   * Inside the transaction: rows of up to ROW_EVENTS events, whatever their batches; within a
   * row, the time written where it changes and a mark where a batch starts (format 3,
   * codec.ts). Returns the event types new to the journal.
   */
  private write(entries: readonly JournalEntry[]): Set<string> {
    let row: { first: number; batch: number; from: number; to: number; n: number; body: StoredToken[] } | undefined;
    let at = 0;
    let ts = 0;
    const flush = () => row && this.insert.run(row.first, row.first + row.n - 1, row.batch, row.from, row.to, JSON.stringify(row.body));
    const newTypes = new Set<string>();
    let expected = this.last + 1;
    for (const { events, batch } of entries)
      for (const e of events) {
        if (e.seq !== expected++) throw new Error(`journal append out of sequence: expected seq ${expected - 1}, got ${e.seq}`);
        if (row && row.n === ROW_EVENTS) flush(), (row = undefined);
        if (!row) (row = { first: e.seq, batch: (at = batch), from: e.ts, to: e.ts, n: 0, body: [(ts = e.ts)] });
        else {
          // A command's batch is its first event's seq: then a null says so.
          if (batch !== at) row.body.push(batch === e.seq ? null : [batch]), (at = batch);
          if (e.ts !== ts) row.body.push((ts = e.ts));
        }
        if (e.ts < row.from) row.from = e.ts;
        if (e.ts > row.to) row.to = e.ts;
        row.body.push(encodeBody(e));
        row.n++;
        if (!this.types.has(e.type) && !newTypes.has(e.type)) newTypes.add(e.type), this.insertType.run(e.type);
      }
    flush();
    return newTypes;
  }

  lastSeq(): number {
    // Rows never overlap, so the last row by seq (the primary key) ends the journal.
    return (this.db.prepare('SELECT last FROM journal ORDER BY seq DESC LIMIT 1').pluck().get() as number | undefined) ?? 0;
  }

  *replay(): Iterable<readonly EngineEvent[]> {
    // A page of rows per native call. Events of one batch replay together, as they ran, whether
    // they share a row with other batches (format 3) or span rows (a command committed several
    // times, or a format-2 journal's long batches).
    let batch: EngineEvent[] = [];
    let at: number | undefined;
    for (let after = 0, rows; (rows = this.page.all(after) as Array<[number, string, number, number]>).length; after = rows[rows.length - 1][2]) {
      for (const [b, body, , first] of rows) {
        const stored = JSON.parse(body) as unknown[];
        if (batch.length && b !== at) yield batch, (batch = []);
        at = b;
        if (!isFormat3(stored)) {
          for (const e of stored as StoredEvent[]) batch.push(decodeEvent(e));
          continue;
        }
        // Spelled out rather than codec's eventsOfRow: a batch ends mid-row, and is yielded there.
        let seq = first;
        let ts = 0;
        for (const t of stored) {
          if (typeof t === 'number') ts = t;
          else {
            const mark = batchMark(t, seq);
            if (mark === undefined) batch.push(decodeBody(t as StoredEvent, seq++, ts));
            else if (mark !== at) {
              if (batch.length) yield batch, (batch = []);
              at = mark;
            }
          }
        }
      }
    }
    if (batch.length) yield batch;
  }

  /** Forces the WAL into the main database file; called on orderly shutdown. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
