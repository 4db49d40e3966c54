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
  migrateJournal(db);
  db.exec(`
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
  createFixTables(db);
  if (exclusive) {
    // One desk per data directory: two engines appending to one journal would fork history.
    // The write lock taken here is held until this process ends (or dies).
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN IMMEDIATE; COMMIT');
  }
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * The FIX gateway's state (server/fix): what the engine's journal does not hold.
 *
 *   fix_sessions  one row per FIX session: the next MsgSeqNum each way, so a restart
 *                 resumes the conversation; `sender_reserved`, numbers claimed ahead
 *                 (server/fix/store.ts); `epoch` grows with each sequence reset, so a
 *                 resend never replays a message from before the reset.
 *   fix_traffic   every FIX message in and out, garbled input and refused logons: the
 *                 audit trail of FIX traffic, and (outbound, epoch, seq) the store a
 *                 ResendRequest is answered from. A row is a block: a run of consecutive
 *                 messages of one counterparty written in one turn of the event loop
 *                 (server/fix/store.ts), `body` a JSON array of them, each
 *                 [at, ts, direction, msg_type, msg_seq, epoch, poss_dup, order_id, body, text]
 *                 (`body`: the application message as sent, for a resend). `id` numbers
 *                 the block's first message, `last` its last; the next block goes on from
 *                 there, so every message has a number of its own. `epoch`, `out_from` and
 *                 `out_to` (the block's outbound MsgSeqNums) find a resend's blocks.
 *   fix_message_rows  the same, one row a message, as written before blocks (read, never written).
 *   fix_messages  a view of both, one row a message with its number as `id`: what any SQL
 *                 reader of the traffic sees (the desk's own hot readers, the audit page and
 *                 resends, read the blocks themselves: server/fix/traffic.ts).
 *   fix_orders    client order ids of cancel and replace requests, which the engine never
 *                 sees: unique per counterparty, and the ClOrdID chain of each order.
 *   fix_outbox    execution reports for a counterparty that was not logged on, sent at its next logon.
 */
function createFixTables(db: Database.Database): void {
  // A database from before blocks: its one-row-a-message table keeps its rows under a new name,
  // and the view takes the old name.
  // Immediate, as the journal's migration: another process may be opening the same database.
  db.transaction(() => createFixTablesNow(db)).immediate();
}

function createFixTablesNow(db: Database.Database): void {
  const old = db.prepare("SELECT type FROM sqlite_master WHERE name = 'fix_messages'").pluck().get();
  if (old === 'table') db.exec('ALTER TABLE fix_messages RENAME TO fix_message_rows');
  db.exec(`
    CREATE TABLE IF NOT EXISTS fix_sessions (
      session_id      TEXT PRIMARY KEY,
      sender_seq      INTEGER NOT NULL,
      sender_reserved INTEGER NOT NULL,
      target_seq      INTEGER NOT NULL,
      epoch           INTEGER NOT NULL,
      created_at      INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS fix_message_rows (
      id           INTEGER PRIMARY KEY,
      at           INTEGER NOT NULL,
      ts           INTEGER NOT NULL,
      counterparty TEXT    NOT NULL,
      actor        TEXT    NOT NULL,
      direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out', 'garbled', 'refused')),
      msg_type     TEXT,
      msg_seq      INTEGER,
      epoch        INTEGER,
      poss_dup     INTEGER NOT NULL DEFAULT 0,
      order_id     TEXT,
      body         TEXT,
      text         TEXT    NOT NULL
    );
    CREATE INDEX IF NOT EXISTS fix_messages_resend ON fix_message_rows (counterparty, epoch, msg_seq) WHERE direction = 'out';
    CREATE TABLE IF NOT EXISTS fix_traffic (
      id           INTEGER PRIMARY KEY,
      last         INTEGER NOT NULL,
      counterparty TEXT    NOT NULL,
      actor        TEXT    NOT NULL,
      epoch        INTEGER,
      ts_from      INTEGER NOT NULL,
      ts_to        INTEGER NOT NULL,
      out_from     INTEGER,
      out_to       INTEGER,
      body         TEXT    NOT NULL
    );
    CREATE INDEX IF NOT EXISTS fix_traffic_resend ON fix_traffic (counterparty, epoch, out_to) WHERE out_to IS NOT NULL;
    CREATE VIEW IF NOT EXISTS fix_messages AS
      SELECT id, at, ts, counterparty, actor, direction, msg_type, msg_seq, epoch, poss_dup, order_id, body, text FROM fix_message_rows
      UNION ALL
      SELECT t.id + m.key, m.value ->> 0, m.value ->> 1, t.counterparty, t.actor, m.value ->> 2, m.value ->> 3, m.value ->> 4,
             m.value ->> 5, m.value ->> 6, m.value ->> 7, m.value ->> 8, m.value ->> 9
      FROM fix_traffic t, json_each(t.body) m;
    CREATE TABLE IF NOT EXISTS fix_orders (
      counterparty    TEXT NOT NULL,
      cl_ord_id       TEXT NOT NULL,
      orig_cl_ord_id  TEXT NOT NULL,
      order_id        TEXT NOT NULL,
      kind            TEXT NOT NULL CHECK (kind IN ('cancel', 'replace')),
      state           TEXT NOT NULL CHECK (state IN ('pending', 'done', 'rejected')),
      PRIMARY KEY (counterparty, cl_ord_id)
    );
    CREATE TABLE IF NOT EXISTS fix_outbox (
      id           INTEGER PRIMARY KEY,
      counterparty TEXT NOT NULL,
      msg_type     TEXT NOT NULL,
      body         TEXT NOT NULL
    );
  `);
}

/**
 * The journal's layout, recorded in SQLite's user_version:
 *
 *   0 (format 1) one row per event: journal(seq, ts, type, body = the event's JSON, batch);
 *     the oldest journals have no batch column, and a NULL batch is a batch of one.
 *   2 (format 2) one row per run of up to ROW_EVENTS consecutive events of one batch:
 *     journal(seq = first event's seq, last = last event's seq, batch, ts_from and ts_to = the
 *     earliest and latest event time in the row, body = JSON array of the events, each as
 *     codec.ts writes it), and journal_types, every event type the journal holds (for the
 *     audit page's type filter, without reading every row).
 *
 *   3 (format 3) the same table, but a row holds up to ROW_EVENTS consecutive events of any
 *     number of batches: body = one JSON array of tokens — events, a bare number wherever the
 *     time changes (one opens every row), a null where a new batch starts at the next event's
 *     seq (a command's batch always does), `[batch]` where one starts otherwise; an event in an
 *     array layout carries no seq or ts (the row's seq and the event's place give the one, the
 *     time before it the other; codec.ts). `batch` is the batch the row opens in.
 *
 *   4 (format 4) the same table and tokens, but a new row's body is a BLOB: format 3's tokens as
 *     bytes, each repeated string of the row written once and then by number (rowCodec.ts).
 *     Rows written as JSON text before stay as they are and read as before: a row's own type
 *     (TEXT or BLOB) says how to read it.
 *
 * Format 2 cut a basket's rows from one per event to one per ROW_EVENTS, and the per-row
 * cost of writing and of recovery with them; format 3 does the same for a group commit of
 * many small commands (handleAll), and stops repeating seq and ts per event. A format-2 row
 * is a valid format-3 row (its body opens with an event, not a time, and reads as before),
 * so a format-2 journal only has its version raised; a format-1 journal is rewritten once,
 * in one transaction, when opened. Format 4 cut the cost of writing a row (no JSON built per
 * row) and its size to about a third; a format-2 or -3 journal only has its version raised,
 * and its JSON rows read as they are. A desk older than a journal's format refuses it rather
 * than misread it.
 */
export const JOURNAL_FORMAT = 4;

/** Most events in one row: a few tens of kilobytes of JSON, an ordinary heap string to build and to bind. */
export const ROW_EVENTS = 128;

function migrateJournal(db: Database.Database): void {
  const format = () => db.pragma('user_version', { simple: true }) as number;
  if (format() === JOURNAL_FORMAT) return;
  // Immediate: take the write lock first, then look again — another process may have just migrated.
  db.transaction(() => {
    if (format() === JOURNAL_FORMAT) return;
    if (format() > JOURNAL_FORMAT) throw new Error(`the journal is in format ${format()}, newer than this desk's ${JOURNAL_FORMAT}`);
    if (format() === 2 || format() === 3) return void db.pragma(`user_version = ${JOURNAL_FORMAT}`);
    const old = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'journal'").get() !== undefined;
    if (old) db.exec('ALTER TABLE journal RENAME TO journal_format1');
    db.exec(`
      CREATE TABLE journal (
        seq     INTEGER PRIMARY KEY,
        last    INTEGER NOT NULL,
        batch   INTEGER NOT NULL,
        ts_from INTEGER NOT NULL,
        ts_to   INTEGER NOT NULL,
        body    TEXT    NOT NULL
      );
      CREATE TABLE journal_types (type TEXT PRIMARY KEY);
    `);
    if (old) {
      const hasBatch = (db.prepare('PRAGMA table_info(journal_format1)').all() as Array<{ name: string }>).some((c) => c.name === 'batch');
      const page = db.prepare(`SELECT seq, ts, body, ${hasBatch ? 'batch' : 'NULL'} FROM journal_format1 WHERE seq > ? ORDER BY seq LIMIT 10000`).raw();
      const insert = db.prepare('INSERT INTO journal (seq, last, batch, ts_from, ts_to, body) VALUES (?, ?, ?, ?, ?, ?)');
      // A format-1 body is already an event's JSON: a run of them joins into a format-2 row's array as text, unparsed.
      // A run is consecutive rows of one batch (up to ROW_EVENTS); a NULL batch (the oldest journals) is a batch of one.
      let run: { seq: number; last: number; batch: number | null; from: number; to: number; bodies: string[] } | undefined;
      const flush = () => run && insert.run(run.seq, run.last, run.batch ?? run.seq, run.from, run.to, `[${run.bodies.join(',')}]`);
      for (let after = 0, rows; (rows = page.all(after) as Array<[number, number, string, number | null]>).length; after = rows[rows.length - 1][0]) {
        for (const [seq, ts, body, batch] of rows) {
          if (run && batch !== null && batch === run.batch && run.bodies.length < ROW_EVENTS) {
            run.bodies.push(body);
            run.last = seq;
            run.from = Math.min(run.from, ts);
            run.to = Math.max(run.to, ts);
            continue;
          }
          flush();
          run = { seq, last: seq, batch, from: ts, to: ts, bodies: [body] };
        }
      }
      flush();
      db.exec('INSERT INTO journal_types SELECT DISTINCT type FROM journal_format1');
      db.exec('DROP TABLE journal_format1');
    }
    db.pragma(`user_version = ${JOURNAL_FORMAT}`);
  }).immediate();
}
