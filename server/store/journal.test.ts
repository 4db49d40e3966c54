import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../engine/engine';
import { openDatabase } from './db';
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
});
