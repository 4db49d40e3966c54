import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** Opens the desk's SQLite database in WAL mode and creates the schema. */
export function openDatabase(dataDir: string, sync: 'normal' | 'full' | 'off' = 'normal', exclusive = false): Database.Database {
  try {
    return open(dataDir, sync, exclusive);
  } catch (e) {
    if (exclusive && (e as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${dataDir} is in use by another desk process: one desk per data directory`);
    throw e;
  }
}

function open(dataDir: string, sync: 'normal' | 'full' | 'off', exclusive: boolean): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'desk.sqlite'));
  db.pragma('busy_timeout = 500');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync.toUpperCase()}`);
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS journal (
      seq  INTEGER PRIMARY KEY,
      ts   INTEGER NOT NULL,
      type TEXT    NOT NULL,
      body TEXT    NOT NULL,
      batch INTEGER
    );
    CREATE TABLE IF NOT EXISTS users (
      username TEXT PRIMARY KEY,
      role     TEXT NOT NULL CHECK (role IN ('trader', 'supervisor', 'viewer')),
      desk     TEXT NOT NULL,
      display  TEXT NOT NULL,
      salt     BLOB NOT NULL,
      hash     BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS api_tokens (
      token_hash TEXT PRIMARY KEY,
      username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
      label      TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last4      TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sessions (
      token_hash TEXT PRIMARY KEY,
      username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `);
  // Journals written before command batches were recorded lack the column.
  const columns = db.prepare('PRAGMA table_info(journal)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === 'batch')) db.exec('ALTER TABLE journal ADD COLUMN batch INTEGER');
  if (exclusive) {
    // One desk per data directory: two engines appending to one journal would fork history.
    // The write lock taken here is held until this process ends (or dies).
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN IMMEDIATE; COMMIT');
  }
  db.pragma('busy_timeout = 5000');
  return db;
}
