import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, MemoryJournal, type JournalEntry, type JournalPort } from '../../engine/engine';
import type { EngineEvent } from '../../engine/events';
import { DEFAULT_INSTRUMENTS } from '../../engine/instruments';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import { DEFAULT_LIMITS } from '../../engine/risk/riskBook';
import { JOURNAL_FORMAT, ROW_EVENTS, openDatabase } from './db';
import { AuditLog } from './audit';
import { encodeBody, encodeEvent } from './codec';
import { SqliteJournal } from './journal';

const T0 = Date.parse('2026-11-20T14:30:00Z');
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-journal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const open = (dir: string) => {
  const db = openDatabase(dir);
  return { db, engine: new Engine({ journal: new SqliteJournal(db), startTime: T0, seed: 1 }) };
};

describe('SqliteJournal', () => {
  it('uses WAL mode', () => {
    const { db } = open(tmp());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('replays a reopened database into the same state (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            symbol: fc.constantFrom('AAPL', 'MSFT', 'BRK.B', 'NOPE'),
            qty: fc.integer({ min: -1, max: 500 }),
            cents: fc.option(fc.integer({ min: 1, max: 60000 }), { nil: undefined }),
            cancel: fc.boolean(),
          }),
          { maxLength: 25 },
        ),
        (steps) => {
          const dir = tmp();
          const a = open(dir);
          steps.forEach((s, i) => {
            a.engine.scheduler.runUntil(a.engine.now() + 250);
            a.engine.handle({
              type: 'SubmitOrder',
              clOrdId: `c${i % 7}`,
              owner: 'alice',
              desk: 'EQ-1',
              source: 'api',
              symbol: s.symbol,
              side: i % 2 ? 'buy' : 'sell',
              qty: s.qty,
              limitPrice: s.cents === undefined ? undefined : s.cents / 100,
              urgency: 'high',
            });
            if (s.cancel) a.engine.handle({ type: 'CancelOrder', orderId: `O${String(i).padStart(7, '0')}`, by: 'alice' });
          });
          a.db.close();
          const b = open(dir);
          expect(b.engine.lastSeq).toBe(a.engine.lastSeq);
          expect([...b.engine.orders.all()]).toEqual([...a.engine.orders.all()]);
          expect(b.engine.now()).toBe(a.engine.now());
          b.db.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('writes a command’s events in one transaction: a duplicate seq rolls the whole batch back', () => {
    const { db } = open(tmp());
    const j = new SqliteJournal(db);
    const ev = (seq: number) => ({ type: 'OrderCancelled' as const, orderId: 'x', by: 'a', seq, ts: T0 });
    j.append([ev(1)]);
    expect(() => j.append([ev(2), ev(1)])).toThrow();
    expect(j.lastSeq()).toBe(1);
    expect([...j.replay()].map((b) => b.map((e) => e.seq))).toEqual([[1]]);
    db.close();
  });

  it('writes a group in one transaction: an event out of sequence anywhere leaves nothing written', () => {
    const { db } = open(tmp());
    const j = new SqliteJournal(db);
    const ev = (seq: number) => ({ type: 'OrderCancelled' as const, orderId: 'x', by: 'a', seq, ts: T0 });
    j.appendGroup([{ events: [ev(1), ev(2)], batch: 1 }]);
    expect(() => j.appendGroup([{ events: [ev(3)], batch: 3 }, { events: [ev(5)], batch: 5 }])).toThrow('out of sequence');
    expect(j.lastSeq()).toBe(2);
    j.appendGroup([{ events: [ev(3)], batch: 3 }]);
    expect([...j.replay()].map((b) => b.map((e) => e.seq))).toEqual([[1, 2], [3]]);
    db.close();
  });

  it('keeps a command’s commits together: a basket is a few rows, and replays as one batch', () => {
    const dir = tmp();
    const a = open(dir);
    const lines = Array.from({ length: 300 }, (_, i) => ({ clOrdId: `L${i}`, symbol: ['AAPL', 'MSFT', 'KO'][i % 3], side: i % 2 ? 'buy' : 'sell', qty: 100, limitPrice: [227.5, 418.2, 63.2][i % 3], urgency: 'low' }));
    expect(a.engine.handle({ type: 'SubmitBasket', basketId: 'B1', name: 'b', owner: 'alice', desk: 'EQ-1', lines }).ok).toBe(true);
    const rows = a.db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT batch) AS batches FROM journal').get() as { n: number; batches: number };
    expect(rows.batches).toBe(1);
    expect(rows.n).toBeLessThan(10);
    const batches = [...new SqliteJournal(a.db).replay()];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(a.engine.lastSeq);
    a.db.close();
  });
});

describe('format 3 rows', () => {
  const ev = (seq: number, ts: number, kind: number): EngineEvent =>
    kind === 0
      ? { type: 'OrderJoinedParent', orderId: `O${String(seq).padStart(7, '0')}`, parentId: 'P0000001', qty: 100 * kind + seq, seq, ts }
      : kind === 1
        ? { type: 'OrderCancelled', orderId: `O${String(seq).padStart(7, '0')}`, by: 'a"\\b', seq, ts }
        : { type: 'InternalCross', crossId: `X${seq}`, symbol: 'KO', qty: 100, px: 632_000, buyOrderId: 'O0000001', sellOrderId: 'O0000002', spreadSaved: 0.5, feesSaved: 0.06, seq, ts };

  it('replays any run of group commits exactly as written, batch by batch (property, against the in-memory journal)', () => {
    fc.assert(
      fc.property(
        // Group commits of commits; a commit's events of one or more kinds and times; a command may commit several times in a row.
        fc.array(fc.array(fc.record({ events: fc.array(fc.record({ dt: fc.integer({ min: 0, max: 2 }), kind: fc.integer({ min: 0, max: 2 }) }), { maxLength: 150 }), sameBatch: fc.boolean(), named: fc.boolean() }), { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
        (groups) => {
          const { db } = open(tmp());
          const sql = new SqliteJournal(db);
          const mem = new MemoryJournal();
          let seq = 0;
          let ts = T0;
          let batch = 1;
          for (const group of groups) {
            const entries: JournalEntry[] = [];
            for (const c of group) {
              // A command's batch is its first seq; a journal's other writers may name theirs otherwise.
              if (!c.sameBatch || seq === 0) batch = c.named ? seq + 1_000_001 : seq + 1;
              const events = c.events.map((x) => ev(++seq, (ts += x.dt), x.kind));
              entries.push({ events, batch });
            }
            sql.appendGroup(entries);
            for (const { events, batch: b } of entries) if (events.length) mem.append(events, b);
          }
          expect(sql.lastSeq()).toBe(seq);
          expect([...sql.replay()]).toEqual([...mem.replay()]);
          expect([...new SqliteJournal(db).replay()]).toEqual([...mem.replay()]);
          const rows = db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number };
          expect(rows.n).toBeLessThanOrEqual(groups.reduce((n, g) => n + Math.ceil(g.reduce((k, c) => k + c.events.length, 0) / ROW_EVENTS), 0));
          db.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes a group commit of single orders (handleAll) as a few rows, and replays each order as its own batch', () => {
    const dir = tmp();
    const a = open(dir);
    const cmds = Array.from({ length: 300 }, (_, i) => ({ type: 'SubmitOrder' as const, clOrdId: `c${i}`, owner: `u${i % 20}`, desk: 'EQ-1', source: 'api', symbol: ['AAPL', 'KO'][i % 2], side: i % 4 < 2 ? 'buy' : 'sell', qty: 100 * (1 + Math.floor(i / 20)), urgency: 'low' }));
    expect(a.engine.handleAll(cmds).every((r) => r.ok)).toBe(true);
    expect((a.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n).toBeLessThanOrEqual(Math.ceil(a.engine.lastSeq / ROW_EVENTS));
    expect([...new SqliteJournal(a.db).replay()]).toHaveLength(300);
    // The audit trail reads format-3 rows: the newest events first, with their seq and time.
    const found = new AuditLog(a.db).search({ orderId: 'O0000007', limit: 10 });
    expect(found.map((r) => [r.seq, r.type])).toEqual(found.map((r) => [r.seq, r.type]).sort((x, y) => (y[0] as number) - (x[0] as number)));
    expect(found.some((r) => r.type === 'OrderAccepted' && r.ts === T0)).toBe(true);
    a.db.close();
    const b = open(dir);
    expect([...b.engine.orders.all()]).toEqual([...a.engine.orders.all()]);
    expect([...b.engine.parents.all()]).toEqual([...a.engine.parents.all()]);
    b.db.close();
  });

  it('opens a format-2 journal as it is, replays it, and goes on in format 4 after it', () => {
    const dir = tmp();
    const db = openDatabase(dir);
    // Rows as format 2 wrote them: a run of one batch's events a row, each event with its seq and ts.
    const live = new Engine({ journal: new MemoryJournal(), startTime: T0, seed: 1 });
    const lines = Array.from({ length: 200 }, (_, i) => ({ clOrdId: `L${i}`, symbol: ['AAPL', 'KO'][i % 2], side: i % 3 ? 'buy' : 'sell', qty: 100, urgency: 'low' }));
    live.handle({ type: 'SubmitBasket', basketId: 'B1', name: 'b', owner: 'alice', desk: 'EQ-1', lines });
    live.handle({ type: 'SubmitOrder', clOrdId: 's1', owner: 'bob', desk: 'EQ-1', source: 'api', symbol: 'KO', side: 'sell', qty: 300, urgency: 'low' });
    const insert = db.prepare('INSERT INTO journal (seq, last, batch, ts_from, ts_to, body) VALUES (?, ?, ?, ?, ?, ?)');
    for (const batch of (live as unknown as { journal: MemoryJournal }).journal.replay())
      for (let i = 0; i < batch.length; i += 128) {
        const run = batch.slice(i, i + 128);
        insert.run(run[0].seq, run[run.length - 1].seq, batch[0].seq, run[0].ts, run[run.length - 1].ts, JSON.stringify(run.map(encodeEvent)));
      }
    db.pragma('user_version = 2');
    db.close();
    const a = open(dir);
    expect(a.db.pragma('user_version', { simple: true })).toBe(JOURNAL_FORMAT);
    expect([...a.engine.orders.all()]).toEqual([...live.orders.all()]);
    expect(a.engine.handleAll([1, 2, 3].map((i) => ({ type: 'SubmitOrder' as const, clOrdId: `n${i}`, owner: 'carol', desk: 'EQ-2', source: 'api', symbol: 'AAPL', side: 'sell', qty: 100 * i, urgency: 'low' }))).every((r) => r.ok)).toBe(true);
    a.db.close();
    const b = open(dir);
    expect(b.engine.lastSeq).toBe(a.engine.lastSeq);
    expect([...b.engine.orders.all()]).toEqual([...a.engine.orders.all()]);
    expect(new AuditLog(b.db).search({ user: 'alice', limit: 500 }).length).toBeGreaterThan(200);
    b.db.close();
  });

  it('opens a format-3 journal (JSON rows) as it is, and reads its rows and the format-4 rows after them alike, in replay and in the audit', () => {
    const dir = tmp();
    const db = openDatabase(dir);
    // Rows as format 3 wrote them: a time opening each row, a null where a command starts, intake's events in their array layouts.
    const live = new Engine({ journal: new MemoryJournal(), startTime: T0, seed: 1, riskLimits: { ...DEFAULT_LIMITS, maxMessagesPerSecond: 1_000 } });
    const accepted = live.handleAll(Array.from({ length: 300 }, (_, i) => ({ type: 'SubmitOrder' as const, clOrdId: `j${i}`, owner: ['alice', 'Bob'][i % 2], desk: 'EQ-1', source: 'api', symbol: ['AAPL', 'KO'][i % 2], side: i % 3 ? 'buy' : 'sell', qty: 10 * (1 + i), urgency: 'low' })));
    expect(accepted.every((r) => r.ok)).toBe(true);
    const events = (live as unknown as { journal: MemoryJournal }).journal.events;
    const insert = db.prepare('INSERT INTO journal (seq, last, batch, ts_from, ts_to, body) VALUES (?, ?, ?, ?, ?, ?)');
    const batches = [...(live as unknown as { journal: MemoryJournal }).journal.replay()];
    const batchOf = new Map(batches.flatMap((b) => b.map((e) => [e.seq, b[0].seq] as const)));
    for (let i = 0; i < events.length; i += 128) {
      const run = events.slice(i, i + 128);
      const body: unknown[] = [run[0].ts];
      run.forEach((e, k) => {
        if (k > 0 && batchOf.get(e.seq) !== batchOf.get(run[k - 1].seq)) body.push(null);
        body.push(encodeBody(e));
      });
      insert.run(run[0].seq, run[run.length - 1].seq, batchOf.get(run[0].seq), run[0].ts, run[run.length - 1].ts, JSON.stringify(body));
    }
    db.pragma('user_version = 3');
    db.close();
    const a = open(dir);
    expect(a.db.pragma('user_version', { simple: true })).toBe(JOURNAL_FORMAT);
    expect([...a.engine.orders.all()]).toEqual([...live.orders.all()]);
    expect(a.engine.handleAll([1, 2, 3].map((i) => ({ type: 'SubmitOrder' as const, clOrdId: `n${i}`, owner: 'bob', desk: 'EQ-2', source: 'api', symbol: 'AAPL', side: 'sell', qty: 100 * i, urgency: 'low' }))).every((r) => r.ok)).toBe(true);
    a.db.close();
    const b = open(dir);
    expect(b.db.prepare('SELECT typeof(body) AS t, COUNT(*) AS n FROM journal GROUP BY t ORDER BY t').all()).toEqual([
      { t: 'blob', n: 1 },
      { t: 'text', n: Math.ceil(events.length / 128) },
    ]);
    expect(b.engine.lastSeq).toBe(a.engine.lastSeq);
    expect([...b.engine.orders.all()]).toEqual([...a.engine.orders.all()]);
    // "Bob" in the JSON rows and "bob" in the new one: found alike, case-insensitively, as LIKE finds them.
    const audit = new AuditLog(b.db);
    const bobs = audit.search({ user: 'bob', type: 'OrderAccepted', limit: 500 });
    expect(bobs).toHaveLength(153);
    expect(new Set(bobs.map((r) => r.actor))).toEqual(new Set(['bob', 'Bob']));
    expect(audit.search({ orderId: 'o0000302', limit: 10 }).map((r) => r.type)).toEqual(['OrderJoinedParent', 'OrderAccepted']);
    expect(audit.search({ orderId: 'O0000002', limit: 10 }).map((r) => r.type)).toEqual(['OrderJoinedParent', 'OrderAccepted']);
    b.db.close();
  });
});

/** The journal as it was written before format 2: one row per event (server/store/journal.ts then). */
class Format1Journal implements JournalPort {
  private readonly insert: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly withBatch = true,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL${withBatch ? ', batch INTEGER' : ''})`);
    this.insert = withBatch ? db.prepare('INSERT INTO journal (seq, ts, type, body, batch) VALUES (?, ?, ?, ?, ?)') : db.prepare('INSERT INTO journal (seq, ts, type, body) VALUES (?, ?, ?, ?)');
  }
  append(events: readonly EngineEvent[], batch?: number): void {
    this.db.transaction(() => {
      for (const e of events) this.withBatch ? this.insert.run(e.seq, e.ts, e.type, JSON.stringify(e), batch ?? events[0].seq) : this.insert.run(e.seq, e.ts, e.type, JSON.stringify(e));
    })();
  }
  lastSeq(): number {
    return (this.db.prepare('SELECT MAX(seq) AS seq FROM journal').get() as { seq: number | null }).seq ?? 0;
  }
  replay(): Iterable<readonly EngineEvent[]> {
    return [];
  }
}

describe('a format-1 journal (one row per event)', () => {
  const instruments = DEFAULT_INSTRUMENTS.filter((i) => ['KO', 'AAPL'].includes(i.symbol));
  // Journals from before batches were recorded predate strategies: they replay without a market.
  const make = (journal: JournalPort, market = true) => new Engine({ journal, startTime: T0, seed: 3, instruments, market: market ? { venues: DEFAULT_VENUES } : undefined });
  const stateOf = (e: Engine) => ({ seq: e.lastSeq, now: e.now(), orders: [...e.orders.all()], parents: [...e.parents.all()], children: [...e.children.all()], crosses: e.crosses });

  /** A busy session written the old way: baskets, singles, cancels, and strategies working the parents. */
  function oldSession(dir: string, withBatch: boolean): Engine {
    fs.mkdirSync(dir, { recursive: true });
    const db = new Database(path.join(dir, 'desk.sqlite'));
    db.pragma('journal_mode = WAL');
    const e = make(new Format1Journal(db, withBatch), withBatch);
    e.scheduler.runUntil(T0 + 10 * 60_000);
    // Enough lines that the basket's batch spans several format-2 rows.
    const lines = Array.from({ length: 90 }, (_, i) => ({ clOrdId: `b${i}`, symbol: i % 3 ? 'KO' : 'AAPL', side: i % 2 ? 'sell' : 'buy', qty: 100 * (i + 1), urgency: 'high' }));
    e.handle({ type: 'SubmitBasket', basketId: 'B1', name: 'rebalance', owner: 'alice', desk: 'EQ-1', lines });
    e.scheduler.runUntil(e.now() + 90_000);
    for (let i = 0; i < 6; i++) e.handle({ type: 'SubmitOrder', clOrdId: `s${i}`, owner: 'bob', desk: 'EQ-2', source: 'api', symbol: 'KO', side: i % 2 ? 'buy' : 'sell', qty: 700, urgency: 'medium' });
    e.handle({ type: 'CancelOrder', orderId: 'O0000003', by: 'alice' });
    e.scheduler.runUntil(e.now() + 5 * 60_000);
    db.close();
    return e;
  }

  for (const withBatch of [true, false])
    it(`is rewritten to format ${JOURNAL_FORMAT} when opened, and replays into the same state${withBatch ? '' : ' (a journal from before batches)'}`, () => {
      const dir = tmp();
      const before = oldSession(dir, withBatch);
      if (withBatch) expect([...before.children.all()].length).toBeGreaterThan(0); // strategies were at work
      const db = openDatabase(dir);
      expect(db.pragma('user_version', { simple: true })).toBe(JOURNAL_FORMAT);
      expect((db.prepare('SELECT MAX(last) AS last FROM journal').get() as { last: number }).last).toBe(before.lastSeq);
      expect(db.prepare('SELECT type FROM journal_types ORDER BY type').pluck().all()).toContain('OrderAccepted');
      if (withBatch) expect(db.prepare('SELECT batch FROM journal GROUP BY batch HAVING COUNT(*) > 1').all().length).toBeGreaterThan(0);
      const after = make(new SqliteJournal(db), withBatch);
      after.scheduler.runUntil(before.now());
      expect(stateOf(after)).toEqual(stateOf(before));
      // And the journal goes on in the current format.
      expect(after.handle({ type: 'SubmitOrder', clOrdId: 'next', owner: 'bob', desk: 'EQ-2', source: 'api', symbol: 'AAPL', side: 'buy', qty: 100, urgency: 'low' }).ok).toBe(true);
      db.close();
      const again = openDatabase(dir);
      const third = make(new SqliteJournal(again), withBatch);
      expect(third.lastSeq).toBe(after.lastSeq);
      again.close();
    });
});
