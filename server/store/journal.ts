import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../engine/events';
import type { JournalEntry, JournalPort } from '../../engine/engine';
import { decodeEvent, encodeEvent, type StoredEvent } from './codec';
import { ROW_EVENTS } from './db';

/**
 * The engine's journal in SQLite (layout: db.ts, format 2). Each `append` or
 * `appendGroup` is one transaction, so what it carries lands together or not at
 * all; with WAL a commit is on disk (in the WAL file) when the call returns, before
 * the engine publishes or acknowledges anything.
 *
 * A row holds a run of one batch's events as a JSON array (each event as codec.ts
 * writes it): a basket's thousands of events are a few inserts and, on recovery, a
 * few reads — the per-row cost, more than the bytes, is what made one row per event
 * slow to write and to replay.
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
    this.page = db.prepare('SELECT batch, body, last FROM journal WHERE seq > ? ORDER BY seq LIMIT 256').raw();
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

  /** Inside the transaction: consecutive events of one batch (a basket's lines) become one row. Returns the event types new to the journal. */
  private write(entries: readonly JournalEntry[]): Set<string> {
    let row: { batch: number; first: number; from: number; to: number; events: StoredEvent[] } | undefined;
    const flush = () => row && this.insert.run(row.first, row.first + row.events.length - 1, row.batch, row.from, row.to, JSON.stringify(row.events));
    const newTypes = new Set<string>();
    let expected = this.last + 1;
    for (const { events, batch } of entries)
      for (const e of events) {
        if (e.seq !== expected++) throw new Error(`journal append out of sequence: expected seq ${expected - 1}, got ${e.seq}`);
        if (row && (row.batch !== batch || row.events.length === ROW_EVENTS)) flush(), (row = undefined);
        if (!row) row = { batch, first: e.seq, from: e.ts, to: e.ts, events: [] };
        row.from = Math.min(row.from, e.ts);
        row.to = Math.max(row.to, e.ts);
        row.events.push(encodeEvent(e));
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
    // A page of rows per native call; rows of one batch written by separate appends (a
    // command that committed several times) replay together, as they ran.
    let batch: EngineEvent[] = [];
    let at: number | undefined;
    for (let after = 0, rows; (rows = this.page.all(after) as Array<[number, string, number]>).length; after = rows[rows.length - 1][2]) {
      for (const [b, body] of rows) {
        if (batch.length && b !== at) yield batch, (batch = []);
        for (const stored of JSON.parse(body) as StoredEvent[]) batch.push(decodeEvent(stored));
        at = b;
      }
    }
    if (batch.length) yield batch;
  }

  /** Forces the WAL into the main database file; called on orderly shutdown. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
