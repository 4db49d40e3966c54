import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../engine/events';
import type { JournalEntry, JournalPort } from '../../engine/engine';
import { batchMark, decodeBody, decodeEvent, isFormat3, type StoredEvent } from './codec';
import { RowWriter, rowTokens } from './rowCodec';
import { ROW_EVENTS } from './db';

/**
 * The engine's journal in SQLite (layout: db.ts, format 4). Each `append` or
 * `appendGroup` is one transaction, so what it carries lands together or not at
 * all; with WAL a commit is on disk (in the WAL file) when the call returns, before
 * the engine publishes or acknowledges anything.
 *
 * A row holds a run of up to ROW_EVENTS consecutive events of any batches (format 3's
 * tokens, codec.ts): a basket's thousands of events are a few inserts and, on recovery,
 * a few reads, and so are a group commit's many one-order commands (a FIX read through
 * handleAll) — the per-row cost, more than the bytes, is what made one row per event,
 * and then one row per command, slow to write and to replay. Rows are written as bytes
 * (format 4, rowCodec.ts): building each row's JSON was most of the journal's own cost.
 * Rows written as JSON (formats 2 and 3) read as before.
 */
export class SqliteJournal implements JournalPort {
  private readonly insert: Database.Statement;
  private readonly insertType: Database.Statement;
  private readonly page: Database.Statement;
  private readonly writeTx: (entries: readonly JournalEntry[]) => Set<string>;
  /** Event types already in journal_types: only a new one costs an insert. */
  private readonly types: Set<string>;
  /** Where each row is written before its insert (format 4). */
  private readonly row = new RowWriter();
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
   * row, the time written where it changes and a mark where a batch starts (format 3's tokens,
   * codec.ts), written as format 4's bytes (rowCodec.ts). Returns the event types new to the journal.
   */
  private write(entries: readonly JournalEntry[]): Set<string> {
    const w = this.row;
    // The open row: its first seq, the batch it opens in, its time range and how many events it holds (0: none open).
    let first = 0;
    let opens = 0;
    let from = 0;
    let to = 0;
    let n = 0;
    let at = 0;
    let ts = 0;
    const flush = () => n && this.insert.run(first, first + n - 1, opens, from, to, w.bytes());
    const newTypes = new Set<string>();
    let expected = this.last + 1;
    for (const { events, batch } of entries)
      for (const e of events) {
        if (e.seq !== expected++) throw new Error(`journal append out of sequence: expected seq ${expected - 1}, got ${e.seq}`);
        if (n === ROW_EVENTS) flush(), (n = 0);
        if (n === 0) {
          w.begin();
          w.time((ts = from = to = e.ts));
          (first = e.seq), (opens = at = batch);
        } else {
          // A command's batch is its first event's seq: then a null says so.
          if (batch !== at) w.batchMark(batch === e.seq ? null : batch), (at = batch);
          if (e.ts !== ts) w.time((ts = e.ts));
        }
        if (e.ts < from) from = e.ts;
        if (e.ts > to) to = e.ts;
        w.event(e);
        n++;
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
    for (let after = 0, rows; (rows = this.page.all(after) as Array<[number, string | Buffer, number, number]>).length; after = rows[rows.length - 1][2]) {
      for (const [b, body, , first] of rows) {
        const stored = rowTokens(body);
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
