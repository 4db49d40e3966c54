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
  private readonly appendTx: (events: readonly EngineEvent[], batch: number | undefined) => void;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO journal (seq, ts, type, body, batch) VALUES (?, ?, ?, ?, ?)');
    this.appendTx = db.transaction((events: readonly EngineEvent[], batch: number | undefined) => {
      // `batch`: the command's first seq, so recovery re-applies a command's events together.
      for (const e of events) this.insert.run(e.seq, e.ts, e.type, JSON.stringify(e), batch ?? events[0].seq);
    });
  }

  append(events: readonly EngineEvent[], batch?: number): void {
    this.appendTx(events, batch);
  }

  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM journal').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  *replay(): Iterable<readonly EngineEvent[]> {
    // raw: rows come back as [body, batch] arrays, no per-row object.
    let batch: EngineEvent[] = [];
    let at: number | null = null;
    for (const [body, b] of this.db.prepare('SELECT body, batch FROM journal ORDER BY seq').raw().iterate() as Iterable<[string, number | null]>) {
      // Rows from before batches were recorded (batch NULL) count as batches of one.
      if (batch.length && (b === null || b !== at)) yield batch, (batch = []);
      batch.push(JSON.parse(body) as EngineEvent);
      at = b;
    }
    if (batch.length) yield batch;
  }

  /** Forces the WAL into the main database file; called on orderly shutdown. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
