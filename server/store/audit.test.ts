import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../engine/engine';
import { AuditLog } from './audit';
import { openDatabase } from './db';
import { SqliteJournal } from './journal';

const T0 = Date.parse('2026-11-20T14:30:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A journal with single orders, a basket (one row of many events), a cancel and a supervisor's change, a second apart. */
function desk() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-audit-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  const engine = new Engine({ journal: new SqliteJournal(db), startTime: T0, seed: 1 });
  const tick = () => engine.scheduler.runUntil(engine.now() + 1_000);
  engine.handle({ type: 'SubmitOrder', clOrdId: 'a1', owner: 'alice', desk: 'EQ-1', source: 'ticket', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: 227.5, urgency: 'low' });
  tick();
  const lines = Array.from({ length: 5 }, (_, i) => ({ clOrdId: `b${i}`, symbol: 'KO', side: 'sell', qty: 100 * (i + 1), urgency: 'high' }));
  engine.handle({ type: 'SubmitBasket', basketId: 'B1', name: 'basket', owner: 'bob', desk: 'EQ-2', lines });
  tick();
  engine.handle({ type: 'CancelOrder', orderId: 'O0000001', by: 'alice', reason: 'changed my mind' });
  tick();
  engine.handle({ type: 'SetRestricted', symbol: 'MSFT', restricted: true, by: 'sam', reason: 'news pending' });
  return { db, engine, audit: new AuditLog(db) };
}

describe('AuditLog over the journal', () => {
  it('lists every event newest first, a page at a time', () => {
    const { db, engine, audit } = desk();
    const all = audit.search({ limit: 1000 });
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: engine.lastSeq }, (_, i) => engine.lastSeq - i));
    const first = audit.search({ limit: 4 });
    const next = audit.search({ limit: 4, beforeSeq: first[first.length - 1].seq });
    expect([...first, ...next].map((r) => r.seq)).toEqual(all.slice(0, 8).map((r) => r.seq));
    db.close();
  });

  it('finds an order’s events, whether stored as objects or as compact arrays', () => {
    const { db, audit } = desk();
    expect(audit.search({ orderId: 'O0000001', limit: 100 }).map((r) => r.type)).toEqual(['OrderCancelled', 'OrderJoinedParent', 'OrderAccepted']);
    // Case-insensitive, as the SQL LIKE it replaces.
    expect(audit.search({ orderId: 'o0000003', limit: 100 }).map((r) => r.type)).toEqual(['OrderJoinedParent', 'OrderAccepted']);
    db.close();
  });

  it('filters by user (owner or actor), type, parent and time', () => {
    const { db, audit } = desk();
    expect(audit.search({ user: 'alice', limit: 100 }).map((r) => r.type)).toEqual(['OrderCancelled', 'OrderAccepted']);
    expect(audit.search({ user: 'sam', limit: 100 }).map((r) => r.summary)).toEqual(['MSFT restricted: news pending']);
    expect(audit.search({ type: 'OrderAccepted', limit: 100 }).map((r) => r.actor)).toEqual(['bob', 'bob', 'bob', 'bob', 'bob', 'alice']);
    expect(audit.search({ type: 'OrderAccepted', user: 'bob', limit: 2 })).toHaveLength(2);
    const parentId = audit.search({ type: 'ParentCreated', limit: 100 }).find((r) => r.summary.includes('KO'))!.parentId!;
    expect(audit.search({ parentId, type: 'OrderJoinedParent', limit: 100 })).toHaveLength(5);
    const basket = audit.search({ fromTs: T0 + 1_000, toTs: T0 + 1_000, limit: 100 });
    expect(new Set(basket.map((r) => r.ts))).toEqual(new Set([T0 + 1_000]));
    expect(basket.filter((r) => r.type === 'OrderAccepted')).toHaveLength(5);
    expect(audit.search({ user: 'nobody', limit: 100 })).toEqual([]);
    db.close();
  });

  it('knows which event types the journal holds', () => {
    const { db, audit } = desk();
    expect(audit.types()).toEqual(['BasketReceived', 'OrderAccepted', 'OrderCancelled', 'OrderJoinedParent', 'ParentCompleted', 'ParentCreated', 'RestrictedListChanged']);
    db.close();
  });
});
