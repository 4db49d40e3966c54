import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../engine/events';
import type { JournalEntry, JournalPort } from '../../engine/engine';
import { decodeBody, decodeEvent, encodeBody, isGrouped, type StoredEvent, type StoredGroup } from './codec';
import { ROW_EVENTS } from './db';

/**
 * The engine's journal in SQLite (layout: db.ts, format 3). Each `append` or
 * `appendGroup` is one transaction, so what it carries lands together or not at
 * all; with WAL a commit is on disk (in the WAL file) when the call returns, before
 * the engine publishes or acknowledges anything.
 *
 * A row holds a run of up to ROW_EVENTS consecutive events as a JSON array of groups,
 * one per batch (codec.ts, format 3): a basket's thousands of events are a few inserts
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
   * row, a group per run of one batch and the time written only where it changes (format 3,
   * codec.ts). Returns the event types new to the journal.
   */
  private write(entries: readonly JournalEntry[]): Set<string> {
    let row: { first: number; batch: number; from: number; to: number; n: number; groups: StoredGroup[] } | undefined;
    let group: StoredGroup | undefined;
    let ts = 0;
    const flush = () => row && this.insert.run(row.first, row.first + row.n - 1, row.batch, row.from, row.to, JSON.stringify(row.groups));
    const newTypes = new Set<string>();
    let expected = this.last + 1;
    for (const { events, batch } of entries)
      for (const e of events) {
        if (e.seq !== expected++) throw new Error(`journal append out of sequence: expected seq ${expected - 1}, got ${e.seq}`);
        if (row && row.n === ROW_EVENTS) flush(), (row = undefined);
        if (!row) (row = { first: e.seq, batch, from: e.ts, to: e.ts, n: 0, groups: [] }), (group = undefined);
        if (!group || group[0] !== batch) row.groups.push((group = [batch, (ts = e.ts)]));
        else if (e.ts !== ts) group.push((ts = e.ts));
        if (e.ts < row.from) row.from = e.ts;
        if (e.ts > row.to) row.to = e.ts;
        group.push(encodeBody(e));
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
        if (!isGrouped(stored)) {
          if (batch.length && b !== at) yield batch, (batch = []);
          for (const e of stored as StoredEvent[]) batch.push(decodeEvent(e));
          at = b;
          continue;
        }
        // Spelled out rather than codec's eventsOfRow: a batch ends mid-row, and is yielded there.
        let seq = first;
        for (const group of stored) {
          if (batch.length && group[0] !== at) yield batch, (batch = []);
          at = group[0];
          let ts = group[1] as number;
          for (let i = 2; i < group.length; i++) {
            const t = group[i];
            if (typeof t === 'number') ts = t;
            else batch.push(decodeBody(t, seq++, ts));
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
