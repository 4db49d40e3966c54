import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../engine/events';
import type { JournalPort } from '../../engine/engine';

/**
 * The engine's journal in SQLite. One transaction per `append`, so a command's
 * events land together or not at all; with WAL a commit is on disk (in the WAL
 * file) when `append` returns, before the engine applies or publishes anything.
 */
export class SqliteJournal implements JournalPort {
  private readonly insert: Database.Statement;
  private readonly appendTx: (events: readonly EngineEvent[]) => void;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO journal (seq, ts, type, body) VALUES (?, ?, ?, ?)');
    this.appendTx = db.transaction((events: readonly EngineEvent[]) => {
      for (const e of events) this.insert.run(e.seq, e.ts, e.type, JSON.stringify(e));
    });
  }

  append(events: readonly EngineEvent[]): void {
    this.appendTx(events);
  }

  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM journal').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  *replay(): Iterable<EngineEvent> {
    // pluck: rows come back as the bare body string, no per-row object.
    for (const body of this.db.prepare('SELECT body FROM journal ORDER BY seq').pluck().iterate() as Iterable<string>) {
      yield JSON.parse(body) as EngineEvent;
    }
  }

  /** Forces the WAL into the main database file; called on orderly shutdown. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
