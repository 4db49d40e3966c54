import { describe, expect, it } from 'vitest';
import { Engine, MemoryJournal } from '../../engine/engine';
import { DEFAULT_INSTRUMENTS } from '../../engine/instruments';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import { coalesce, NoticeBuffer, NoticeHub, noticesRouter, RESUME_EVENTS, type Notice } from './notices';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const instruments = DEFAULT_INSTRUMENTS.filter((i) => i.symbol === 'KO' || i.symbol === 'XOM');
const alice: User = { username: 'alice', role: 'trader', desk: 'EQ-1', display: 'Alice' };
const bob: User = { username: 'bob', role: 'trader', desk: 'EQ-2', display: 'Bob' };
const sam: User = { username: 'sam', role: 'supervisor', desk: 'EQ-1', display: 'Sam' };

function desk() {
  const engine = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: 5, instruments, market: { venues: DEFAULT_VENUES } });
  engine.scheduler.runUntil(OPEN + 60_000);
  return { engine } as unknown as Desk;
}

/** A message as a caller gets it: tRPC's tracked envelope is [id, data, marker] (the client sees { id, data }). */
const tracked = (v: unknown) => {
  const [id, data] = v as [string, Notice[]];
  return { id, data };
};

function listen(hub: NoticeHub, user: User) {
  const got: Notice[] = [];
  const off = hub.subscribe(user, (n) => got.push(...n));
  return { got, off };
}

const submit = (d: Desk, owner: string, o: { clOrdId: string; symbol: string; side: 'buy' | 'sell'; qty: number; urgency?: string; limitPrice?: number }) =>
  d.engine.handle({ type: 'SubmitOrder', owner, desk: owner === 'alice' ? 'EQ-1' : 'EQ-2', source: 'ticket', urgency: 'high', ...o } as never);

describe('notices: each user hears about their own orders', () => {
  it('fills of a trader’s orders go to that trader only, with shares and prices that add up to the order’s fills', () => {
    const d = desk();
    const hub = new NoticeHub(d);
    const a = listen(hub, alice);
    const b = listen(hub, bob);
    const s = listen(hub, sam);
    const r = submit(d, 'alice', { clOrdId: 'a1', symbol: 'KO', side: 'buy', qty: 3_000, urgency: 'critical' });
    expect(r.ok).toBe(true);
    d.engine.scheduler.runUntil(OPEN + 20 * 60_000);
    const fills = a.got.filter((n) => n.kind === 'fill');
    expect(fills.length).toBeGreaterThan(0);
    const order = [...d.engine.orders.all()].find((o) => o.clOrdId === 'a1')!;
    expect(fills.reduce((n, f) => n + f.qty, 0)).toBe(order.filledQty);
    for (const f of fills) expect(f).toMatchObject({ orderId: order.orderId, symbol: 'KO', side: 'buy', orderQty: 3_000 });
    expect(b.got).toEqual([]);
    expect(s.got).toEqual([]);
  });

  it('an internal cross is a fill for both owners, each told only of their own side', () => {
    const d = desk();
    const hub = new NoticeHub(d);
    const a = listen(hub, alice);
    const b = listen(hub, bob);
    submit(d, 'alice', { clOrdId: 'a1', symbol: 'XOM', side: 'buy', qty: 1_000, urgency: 'low' });
    submit(d, 'bob', { clOrdId: 'b1', symbol: 'XOM', side: 'sell', qty: 400, urgency: 'low' });
    const aliceX = a.got.filter((n) => n.kind === 'fill');
    const bobX = b.got.filter((n) => n.kind === 'fill');
    expect(bobX).toHaveLength(1);
    expect(bobX[0]).toMatchObject({ side: 'sell', qty: 400, filledQty: 400 });
    expect(aliceX.some((f) => f.kind === 'fill' && f.side === 'buy' && f.qty === 400)).toBe(true);
  });

  it('a refused order reaches its owner with the rule and reason', () => {
    const d = desk();
    const hub = new NoticeHub(d);
    const a = listen(hub, alice);
    const b = listen(hub, bob);
    const r = submit(d, 'alice', { clOrdId: 'a-bad', symbol: 'NOPE', side: 'buy', qty: 100 });
    expect(r.ok).toBe(false);
    expect(a.got).toEqual([expect.objectContaining({ kind: 'reject', clOrdId: 'a-bad', code: 'UNKNOWN_INSTRUMENT', reason: expect.stringContaining('NOPE') })]);
    expect(b.got).toEqual([]);
  });

  it('a supervisor’s override and pause reach the owners of the parent, not the supervisor nor other traders', () => {
    const d = desk();
    const hub = new NoticeHub(d);
    submit(d, 'alice', { clOrdId: 'a1', symbol: 'KO', side: 'buy', qty: 50_000, urgency: 'low' });
    const parentId = [...d.engine.parents.all()][0].parentId;
    const a = listen(hub, alice);
    const b = listen(hub, bob);
    const s = listen(hub, sam);
    expect(d.engine.handle({ type: 'SetOverride', scope: 'parent', target: parentId, urgency: 'critical', by: 'sam', reason: 'close is near' } as never).ok).toBe(true);
    expect(d.engine.handle({ type: 'PauseParent', parentId, by: 'sam', reason: 'news pending' } as never).ok).toBe(true);
    expect(a.got).toEqual([
      expect.objectContaining({ kind: 'override', action: 'set', scope: 'parent', target: parentId, by: 'sam', reason: 'close is near' }),
      expect.objectContaining({ kind: 'override', action: 'paused', target: parentId, reason: 'news pending' }),
    ]);
    expect(b.got).toEqual([]);
    expect(s.got).toEqual([]);
    // A trader-wide override names the trader.
    d.engine.handle({ type: 'SetOverride', scope: 'trader', target: 'bob', urgency: 'low', by: 'sam', reason: 'slow down' } as never);
    expect(b.got).toEqual([expect.objectContaining({ kind: 'override', scope: 'trader', target: 'bob' })]);
  });

  it('a burst folds to one entry per order, shares summed and price averaged by shares', () => {
    const f = (orderId: string, qty: number, px: number, filledQty: number): Notice => ({ kind: 'fill', orderId, symbol: 'KO', side: 'buy', fills: 1, qty, px, filledQty, orderQty: 1_000 });
    const out = coalesce([f('O1', 100, 10, 100), f('O2', 50, 20, 50), f('O1', 300, 12, 400), { kind: 'reject', clOrdId: 'x', symbol: 'KO', side: 'buy', qty: 1, code: 'THROTTLE', reason: 'too fast', source: 'api' }]);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ orderId: 'O1', fills: 2, qty: 400, filledQty: 400 });
    expect((out[0] as { px: number }).px).toBeCloseTo(11.5, 12);
    expect(out[1]).toMatchObject({ orderId: 'O2', fills: 1, qty: 50 });
    expect(out[2]).toMatchObject({ kind: 'reject' });
  });

  it('a huge burst stays one entry per order with exact counts; rejects beyond the cap drop oldest first', () => {
    const b = new NoticeBuffer();
    for (let i = 0; i < 100_000; i++) b.add([{ kind: 'fill', orderId: `O${i % 10}`, symbol: 'KO', side: 'buy', fills: 1, qty: 1, px: 10, filledQty: i, orderQty: 1e6 }]);
    expect(b.size).toBe(10);
    const out = b.drain();
    expect(out.reduce((n, f) => n + (f.kind === 'fill' ? f.fills : 0), 0)).toBe(100_000);
    expect(out.every((f) => f.kind === 'fill' && f.qty === 10_000)).toBe(true);
    expect(b.size).toBe(0);
    for (let i = 0; i < 2_500; i++) b.add([{ kind: 'reject', clOrdId: `c${i}`, symbol: 'KO', side: 'buy', qty: 1, code: 'THROTTLE', reason: 'too fast', source: 'api' }]);
    const rejects = b.drain();
    expect(rejects).toHaveLength(2_000);
    expect(rejects[0]).toMatchObject({ clOrdId: 'c500' });
  });

  it('over tRPC: a burst arrives as one message, tracked by the engine seq it covers', async () => {
    const d = desk();
    const ac = new AbortController();
    const stream = (await noticesRouter.createCaller({ desk: d, user: alice }, { signal: ac.signal }).stream())[Symbol.asyncIterator]();
    // The stream opens with a mark: nothing to tell, and the id to come back with.
    const mark = tracked((await stream.next()).value);
    expect(mark).toEqual({ id: String(d.engine.lastSeq), data: [] });
    const first = stream.next();
    for (let i = 0; i < 3; i++) submit(d, 'alice', { clOrdId: `bad-${i}`, symbol: 'NOPE', side: 'buy', qty: 100 });
    const msg = tracked((await first).value);
    expect(msg.id).toBe(String(d.engine.lastSeq));
    expect(msg.data).toHaveLength(3);
    expect(msg.data.every((n) => n.kind === 'reject')).toBe(true);
    ac.abort();
    await stream.return?.(undefined);
  });

  it('a subscriber back after a dropped connection is told what it missed meanwhile, once, and nothing of others', async () => {
    const d = desk();
    const open = async (user: User, lastEventId?: string) => {
      const ac = new AbortController();
      const it = (await noticesRouter.createCaller({ desk: d, user }, { signal: ac.signal }).stream(lastEventId ? { lastEventId } : undefined))[Symbol.asyncIterator]();
      return { next: async () => tracked((await it.next()).value), close: async () => (ac.abort(), await it.return?.(undefined)) };
    };
    const before = await open(alice);
    expect((await before.next()).data).toEqual([]);
    const seenNext = before.next();
    submit(d, 'alice', { clOrdId: 'seen', symbol: 'NOPE', side: 'buy', qty: 100 });
    const seen = await seenNext;
    expect(seen.data).toEqual([expect.objectContaining({ clOrdId: 'seen' })]);
    await before.close();

    // While alice is away: a reject and an internal cross of hers, and bob's reject.
    submit(d, 'alice', { clOrdId: 'away-bad', symbol: 'NOPE', side: 'sell', qty: 200 });
    submit(d, 'alice', { clOrdId: 'away-buy', symbol: 'XOM', side: 'buy', qty: 1_000, urgency: 'low' });
    submit(d, 'bob', { clOrdId: 'b-sell', symbol: 'XOM', side: 'sell', qty: 300, urgency: 'low' });
    submit(d, 'bob', { clOrdId: 'b-bad', symbol: 'NOPE', side: 'buy', qty: 100 });

    const back = await open(alice, seen.id);
    const missed = await back.next();
    expect(missed.id).toBe(String(d.engine.lastSeq));
    expect(missed.data).toEqual([
      expect.objectContaining({ kind: 'reject', clOrdId: 'away-bad' }),
      expect.objectContaining({ kind: 'fill', side: 'buy', symbol: 'XOM', qty: 300 }),
    ]);
    await back.close();

    // Coming back from the latest id: nothing is told twice.
    const again = await open(alice, missed.id);
    expect((await again.next()).data).toEqual([]);
    const laterNext = again.next();
    submit(d, 'alice', { clOrdId: 'later', symbol: 'NOPE', side: 'buy', qty: 100 });
    expect((await laterNext).data).toEqual([expect.objectContaining({ clOrdId: 'later' })]);
    await again.close();
  });

  it('the hub keeps the latest RESUME_EVENTS events that make notices, and only those', () => {
    const d = desk();
    const hub = new NoticeHub(d);
    const a = listen(hub, alice);
    a.off();
    const from = d.engine.lastSeq;
    for (let i = 0; i < RESUME_EVENTS + 5; i++) d.engine.handle({ type: 'SubmitOrder', clOrdId: `r${i}`, owner: 'alice', desk: 'EQ-1', source: 'api', symbol: 'NOPE', side: 'buy', qty: 100, urgency: 'low' } as never);
    const missed = hub.missed(alice, from);
    expect(missed).toHaveLength(RESUME_EVENTS);
    expect(missed[0]).toMatchObject({ clOrdId: 'r5' });
    expect(missed.at(-1)).toMatchObject({ clOrdId: `r${RESUME_EVENTS + 4}` });
    expect(hub.missed(bob, from)).toEqual([]);
  });
});
