import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryJournal, type JournalPort } from './engine';
import type { Command, SubmitOrder } from './commands';
import type { EngineEvent } from './events';
import { DEFAULT_INSTRUMENTS } from './instruments';
import { SmallOrders } from './orders/smallOrders';
import { DEFAULT_LIMITS } from './risk/riskBook';

const T0 = Date.parse('2026-11-20T14:30:00Z');

function engine(journal: JournalPort = new MemoryJournal(), seed = 7) {
  return new Engine({ journal, startTime: T0, seed });
}

const order = (over: Partial<SubmitOrder> = {}): SubmitOrder => ({
  type: 'SubmitOrder',
  clOrdId: 'c1',
  owner: 'alice',
  desk: 'EQ-1',
  source: 'ticket',
  symbol: 'AAPL',
  side: 'buy',
  qty: 100,
  limitPrice: 227.5,
  urgency: 'medium',
  ...over,
});

describe('submit', () => {
  it('accepts a valid order and assigns an id', () => {
    const e = engine();
    const r = e.handle(order());
    expect(r.ok).toBe(true);
    // Accepted, and — nothing to cross without a market — its whole quantity starts a parent.
    expect(r.events.map((x) => x.type)).toEqual(['OrderAccepted', 'ParentCreated', 'OrderJoinedParent']);
    const o = e.orders.get('O0000001')!;
    expect(o).toMatchObject({ symbol: 'AAPL', side: 'buy', qty: 100, limitPx: 2_275_000, status: 'new', createdAt: T0 });
  });

  it('accepts a market order (no limit)', () => {
    const e = engine();
    expect(e.handle(order({ limitPrice: undefined })).ok).toBe(true);
    expect(e.orders.get('O0000001')!.limitPx).toBeUndefined();
  });

  it.each([
    [{ symbol: 'ZZZZ' }, 'UNKNOWN_INSTRUMENT', 'unknown instrument "ZZZZ"'],
    [{ qty: 0 }, 'BAD_QUANTITY', 'quantity must be a positive whole number of shares, not 0'],
    [{ qty: -5 }, 'BAD_QUANTITY', 'not -5'],
    [{ qty: 10.5 }, 'BAD_QUANTITY', 'not 10.5'],
    [{ qty: Number.NaN }, 'BAD_QUANTITY', 'not NaN'],
    [{ symbol: 'BRK.B', qty: 150, limitPrice: 470 }, 'NOT_LOT_MULTIPLE', 'quantity 150 is not a multiple of the BRK.B lot of 100'],
    [{ limitPrice: 227.555 }, 'OFF_TICK', 'limit 227.555 is not on the AAPL tick grid of 0.01'],
    [{ symbol: 'SIRI', qty: 100, limitPrice: 0.98755 }, 'OFF_TICK', 'SIRI tick grid of 0.0001'],
    [{ limitPrice: -1 }, 'BAD_PRICE', 'limit price must be a positive number'],
    [{ limitPrice: Number.POSITIVE_INFINITY }, 'BAD_PRICE', 'positive number'],
    [{ side: 'short' }, 'BAD_FIELD', 'side must be buy or sell, not "short"'],
    [{ urgency: 'asap' }, 'BAD_FIELD', 'urgency must be one of low, medium, high, critical'],
    [{ clOrdId: '' }, 'BAD_FIELD', 'client order id'],
    [{ clOrdId: 'has space' }, 'BAD_FIELD', 'client order id'],
  ] as const)('rejects %o with %s', (over, code, reason) => {
    const e = engine();
    const r = e.handle(order(over as Partial<SubmitOrder>));
    expect(r.ok).toBe(false);
    const ev = r.events[0];
    expect(ev.type).toBe('OrderRejected');
    if (ev.type === 'OrderRejected') {
      expect(ev.code).toBe(code);
      expect(ev.reason).toContain(reason);
    }
    expect(e.orders.size).toBe(0);
  });

  it('accepts sub-penny prices on a sub-penny tick', () => {
    expect(engine().handle(order({ symbol: 'SIRI', qty: 300, limitPrice: 0.9876 })).ok).toBe(true);
  });

  it('rejects a duplicate client order id for the same owner, allows it for another', () => {
    const e = engine();
    expect(e.handle(order()).ok).toBe(true);
    const dup = e.handle(order({ qty: 200 }));
    expect(dup.ok).toBe(false);
    expect(dup.ok === false && dup.reason).toBe('client order id "c1" was already used by alice');
    expect(e.handle(order({ owner: 'bob' })).ok).toBe(true);
    expect(e.orders.size).toBe(2);
  });
});

describe('cancel', () => {
  it('cancels a working order once', () => {
    const e = engine();
    e.handle(order());
    const r = e.handle({ type: 'CancelOrder', orderId: 'O0000001', by: 'alice' });
    expect(r.ok).toBe(true);
    expect(e.orders.get('O0000001')!.status).toBe('cancelled');
    const again = e.handle({ type: 'CancelOrder', orderId: 'O0000001', by: 'alice' });
    expect(again.ok === false && again.reason).toBe('order O0000001 is already cancelled');
  });

  it('refuses to cancel an unknown order', () => {
    const r = engine().handle({ type: 'CancelOrder', orderId: 'O9999999', by: 'alice' });
    expect(r.ok === false && r.reason).toBe('no order O9999999');
    expect(r.events[0]).toMatchObject({ type: 'CancelRejected', code: 'UNKNOWN_ORDER' });
  });

  it('knows an order only by its own id, not another spelling of its number', () => {
    const e = engine();
    e.handle(order());
    expect(e.orders.get('O0000001')?.clOrdId).toBe('c1');
    for (const id of ['O1', 'o0000001', 'O00000001', ' O0000001', 'O0000001.0', '', 'P0000001']) expect(e.orders.get(id), id).toBeUndefined();
  });
});

describe('journal', () => {
  it('appends before applying: a failing journal leaves state untouched and nothing published', () => {
    let fail = false;
    const mem = new MemoryJournal();
    const journal: JournalPort = {
      append: (ev) => {
        if (fail) throw new Error('disk full');
        mem.append(ev);
      },
      lastSeq: () => mem.lastSeq(),
      replay: () => mem.replay(),
    };
    const e = engine(journal);
    const seen: EngineEvent[] = [];
    e.onEvents((ev) => seen.push(...ev));
    e.handle(order());
    const seq = e.lastSeq;
    fail = true;
    expect(() => e.handle(order({ clOrdId: 'c2', qty: 200 }))).toThrow('disk full');
    expect(e.orders.size).toBe(1);
    expect(e.lastSeq).toBe(seq);
    expect(seen).toHaveLength(seq);
    fail = false;
    expect(e.handle(order({ clOrdId: 'c2', qty: 200 })).ok).toBe(true);
    expect(e.lastSeq).toBeGreaterThan(seq);
  });

  const basket = (n: number, id = 'B1') => ({
    type: 'SubmitBasket' as const,
    basketId: id,
    name: 'rebalance',
    owner: 'alice',
    desk: 'EQ-1',
    lines: Array.from({ length: n }, (_, i) => ({ clOrdId: `${id}-${i}`, symbol: 'AAPL', side: i % 2 ? 'buy' : 'sell', qty: 100 * (i + 1), limitPrice: 227.5, urgency: 'low' })),
  });

  /** A MemoryJournal that also takes groups, and can be told to fail. */
  function groupJournal() {
    const mem = new MemoryJournal();
    const calls: string[] = [];
    let fail = false;
    const journal: JournalPort = {
      append: (ev, batch) => {
        if (fail) throw new Error('disk full');
        calls.push(`append ${ev.length}`);
        mem.append(ev, batch);
      },
      appendGroup: (entries) => {
        if (fail) throw new Error('disk full');
        calls.push(`group ${entries.reduce((n, g) => n + g.events.length, 0)}`);
        for (const g of entries) mem.append(g.events, g.batch);
      },
      lastSeq: () => mem.lastSeq(),
      replay: () => mem.replay(),
    };
    return { mem, journal, calls, failing: (on: boolean) => (fail = on) };
  }

  it('journals a basket in one group write, and publishes nothing before it is durable', () => {
    const { mem, journal, calls } = groupJournal();
    const e = engine(journal);
    e.onEvents((ev) => calls.push(`publish ${ev.length}`));
    const r = e.handle(basket(50));
    expect(r.ok).toBe(true);
    expect(calls[0]).toBe(`group ${e.lastSeq}`);
    expect(calls.slice(1).every((c) => c.startsWith('publish'))).toBe(true);
    expect(r.events).toEqual(mem.events);
    // One command: its commits replay together, into the same state.
    expect([...mem.replay()]).toHaveLength(1);
    expect([...engine(mem).orders.all()]).toEqual([...e.orders.all()]);
  });

  it('a failed group write halts the engine: nothing of the group is published, and recovery is exactly the journal', () => {
    const { mem, journal, failing } = groupJournal();
    const e = engine(journal);
    const seen: EngineEvent[] = [];
    e.onEvents((ev) => seen.push(...ev));
    const halts: Error[] = [];
    e.onHalt((err) => halts.push(err));
    expect(e.handle(basket(3, 'B1')).ok).toBe(true);
    const durable = e.lastSeq;
    failing(true);
    expect(() => e.handle(basket(4, 'B2'))).toThrow('disk full');
    expect(halts).toHaveLength(1);
    expect(e.halted).toBe(halts[0]);
    expect(seen).toHaveLength(durable);
    expect(mem.lastSeq()).toBe(durable);
    // Ahead of its journal, the engine takes nothing more, even once the disk is back…
    failing(false);
    expect(() => e.handle(order({ clOrdId: 'later' }))).toThrow('ahead of its journal');
    // …and an engine recovered from the journal has exactly what was acknowledged.
    const recovered = engine(mem);
    expect(recovered.lastSeq).toBe(durable);
    expect([...recovered.orders.all()].map((o) => o.clOrdId)).toEqual(['B1-0', 'B1-1', 'B1-2']);
    expect(recovered.handle(basket(4, 'B2')).ok).toBe(true);
  });

  it('refuses a journal with a gap', () => {
    const mem = new MemoryJournal();
    mem.events.push({ type: 'OrderCancelled', orderId: 'x', by: 'a', seq: 2, ts: T0 });
    expect(() => engine(mem)).toThrow('journal gap: expected seq 1, found 2');
  });

  it('a throwing listener does not stop the engine', () => {
    const e = engine();
    e.onEvents(() => {
      throw new Error('boom');
    });
    expect(e.handle(order()).ok).toBe(true);
    expect(e.handle(order({ clOrdId: 'c2', qty: 200 })).ok).toBe(true);
  });
});

describe('pre-trade risk in the submit path', () => {
  it('rejects with the rule’s name, and a confirmed duplicate goes through', () => {
    const e = engine();
    expect(e.handle(order()).ok).toBe(true);
    const dup = e.handle(order({ clOrdId: 'c2' }));
    expect(dup.events[0]).toMatchObject({ type: 'OrderRejected', code: 'DUPLICATE' });
    expect(e.handle(order({ clOrdId: 'c3', confirmed: true })).ok).toBe(true);
    const fat = e.handle(order({ clOrdId: 'c4', limitPrice: 260 }));
    expect(fat.events[0]).toMatchObject({ type: 'OrderRejected', code: 'PRICE_COLLAR' });
  });

  it('credit is taken on acceptance, released on cancel, and rebuilt by replay', () => {
    const journal = new MemoryJournal();
    const e = engine(journal);
    e.handle(order({ qty: 1000, limitPrice: 227.5 }));
    e.handle(order({ clOrdId: 'c2', qty: 400 }));
    expect(e.risk.exposure('alice', 'EQ-1').user).toBeCloseTo(1400 * 227.5, 6);
    e.handle({ type: 'CancelOrder', orderId: 'O0000001', by: 'alice' });
    expect(e.risk.exposure('alice', 'EQ-1').user).toBeCloseTo(400 * 227.5, 6);
    expect(engine(journal).risk.exposure('alice', 'EQ-1')).toEqual(e.risk.exposure('alice', 'EQ-1'));
  });
});

// ---- properties -------------------------------------------------------------

const symbols = [...DEFAULT_INSTRUMENTS.map((i) => i.symbol), 'NOPE'];
const arbSubmit = fc.record({
  type: fc.constant('SubmitOrder' as const),
  clOrdId: fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ maxLength: 70 })),
  owner: fc.constantFrom('alice', 'bob'),
  desk: fc.constant('EQ-1'),
  source: fc.constantFrom('ticket', 'api', 'fix', 'carrier-pigeon'),
  symbol: fc.constantFrom(...symbols),
  side: fc.constantFrom('buy', 'sell', 'short'),
  qty: fc.oneof(fc.integer({ min: -10, max: 2000 }), fc.double({ noNaN: false })),
  limitPrice: fc.option(fc.oneof(fc.integer({ min: 1, max: 50000 }).map((c) => c / 100), fc.double()), { nil: undefined }),
  urgency: fc.constantFrom('low', 'medium', 'high', 'critical', 'whenever'),
});
const arbCancel = fc.record({
  type: fc.constant('CancelOrder' as const),
  orderId: fc.integer({ min: 1, max: 30 }).map((n) => `O${String(n).padStart(7, '0')}`),
  by: fc.constantFrom('alice', 'sam'),
});
const arbCommands = fc.array(
  fc.tuple(fc.oneof({ weight: 3, arbitrary: arbSubmit }, { weight: 1, arbitrary: arbCancel }), fc.integer({ min: 0, max: 5_000 })),
  { maxLength: 60 },
);

function run(cmds: Array<[Command, number]>, journal = new MemoryJournal(), seed = 7) {
  const e = engine(journal, seed);
  for (const [cmd, dt] of cmds) {
    e.scheduler.runUntil(e.now() + dt);
    e.handle(cmd);
  }
  return { e, journal };
}

const stateOf = (e: Engine) => ({ seq: e.lastSeq, orders: [...e.orders.all()] });

describe('invariants (property-based)', () => {
  it('replaying the journal reproduces the exact state', () => {
    fc.assert(
      fc.property(arbCommands, (cmds) => {
        const { e, journal } = run(cmds);
        const replayed = engine(journal);
        expect(stateOf(replayed)).toEqual(stateOf(e));
        // …and carries on exactly as the original would: same ids, sequence numbers and times.
        const next = order({ clOrdId: 'after-replay', owner: 'carol' });
        expect(replayed.handle(next).events).toEqual(e.handle(next).events);
      }),
    );
  });

  it('the same seed and commands give the identical event stream', () => {
    fc.assert(
      fc.property(arbCommands, fc.integer(), (cmds, seed) => {
        expect(run(cmds, new MemoryJournal(), seed).journal.events).toEqual(run(cmds, new MemoryJournal(), seed).journal.events);
      }),
    );
  });

  it('never throws on any input, every command gets exactly one verdict, and only valid orders are accepted', () => {
    const verdicts = new Set(['OrderAccepted', 'OrderRejected', 'OrderCancelled', 'CancelRejected']);
    fc.assert(
      fc.property(arbCommands, (cmds) => {
        const { e, journal } = run(cmds);
        expect(journal.events.filter((ev) => verdicts.has(ev.type))).toHaveLength(cmds.length);
        journal.events.forEach((ev, i) => expect(ev.seq).toBe(i + 1));
        for (const o of e.orders.all()) {
          const inst = e.instruments.get(o.symbol)!;
          expect(Number.isInteger(o.qty) && o.qty > 0 && o.qty % inst.lot === 0).toBe(true);
          if (o.limitPx !== undefined) expect(o.limitPx % inst.tick).toBe(0);
          expect(['buy', 'sell']).toContain(o.side);
        }
        const keys = [...e.orders.all()].map((o) => `${o.owner}/${o.clOrdId}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('a rejected command changes no order', () => {
    fc.assert(
      fc.property(arbCommands, arbSubmit, (cmds, extra) => {
        const { e } = run(cmds);
        const before = JSON.stringify([...e.orders.all()]);
        const r = e.handle(extra);
        if (!r.ok) expect(JSON.stringify([...e.orders.all()])).toBe(before);
      }),
    );
  });
});

describe('supervisor risk controls', () => {
  it('a user kill switch cancels their working orders, completes emptied parents, and blocks them until released', () => {
    const journal = new MemoryJournal();
    const e = engine(journal);
    e.handle(order({ qty: 100 }));
    e.handle(order({ clOrdId: 'c2', qty: 200 }));
    e.handle(order({ clOrdId: 'c3', owner: 'bob', qty: 300 }));
    const on = e.handle({ type: 'SetKillSwitch', scope: 'user', target: 'alice', on: true, by: 'sam', reason: 'runaway algo' });
    expect(on.events.map((x) => x.type)).toEqual(['KillSwitchSet', 'OrderCancelled', 'OrderCancelled']);
    expect(on.events[1]).toMatchObject({ by: 'sam', reason: 'kill switch: runaway algo' });
    expect([...e.orders.all()].filter((o) => o.status === 'cancelled').map((o) => o.owner)).toEqual(['alice', 'alice']);
    const blocked = e.handle(order({ clOrdId: 'c4', qty: 400 }));
    expect(blocked.events[0]).toMatchObject({ type: 'OrderRejected', code: 'KILL_SWITCH', reason: 'the kill switch is on for alice' });
    expect(e.handle(order({ clOrdId: 'c5', owner: 'bob', qty: 500 })).ok).toBe(true);
    e.handle({ type: 'SetKillSwitch', scope: 'user', target: 'alice', on: false, by: 'sam', reason: 'fixed' });
    expect(e.handle(order({ clOrdId: 'c6', qty: 600 })).ok).toBe(true);
    // Replay rebuilds the switches.
    e.handle({ type: 'SetKillSwitch', scope: 'desk', on: true, by: 'sam', reason: 'market event' });
    const replayed = engine(journal);
    expect(replayed.handle(order({ clOrdId: 'c7', owner: 'bob', qty: 700 })).events[0]).toMatchObject({ code: 'KILL_SWITCH', reason: 'the desk kill switch is on: no new orders' });
    expect([...replayed.orders.all()].every((o) => SmallOrders.open(o) === 0)).toBe(true);
  });

  it('restricted list and limits changes are journaled and take effect; bad ones are refused with a reason', () => {
    const e = engine();
    expect(e.handle({ type: 'SetRestricted', symbol: 'AAPL', restricted: true, by: 'sam', reason: 'pending news' }).ok).toBe(true);
    expect(e.handle(order()).events[0]).toMatchObject({ code: 'RESTRICTED' });
    expect(e.handle({ type: 'SetRiskLimits', limits: { maxOrderQty: 50 }, by: 'sam', reason: 'tighten' }).events[0]).toMatchObject({ type: 'RiskLimitsChanged', by: 'sam' });
    expect(e.handle(order({ symbol: 'MSFT', clOrdId: 'm1', limitPrice: 418 })).events[0]).toMatchObject({ code: 'MAX_QTY' });
    for (const [cmd, reason] of [
      [{ type: 'SetRiskLimits', limits: { maxOrderQty: -1 }, by: 'sam', reason: 'x' }, 'risk limit maxOrderQty must be a positive number, not -1'],
      [{ type: 'SetRiskLimits', limits: { duplicateWindowMs: 0 }, by: 'sam', reason: 'x' }, 'risk limit duplicateWindowMs must be a positive number, not 0'],
      [{ type: 'SetRiskLimits', limits: { duplicateWindowFixMs: -5 }, by: 'sam', reason: 'x' }, 'risk limit duplicateWindowFixMs must be a number, 0 or more, not -5'],
      [{ type: 'SetRiskLimits', limits: { maxOrderQtty: 5 }, by: 'sam', reason: 'x' }, 'unknown risk limit "maxOrderQtty"'],
      [{ type: 'SetKillSwitch', scope: 'symbol', target: 'ZZZ', on: true, by: 'sam', reason: 'x' }, 'unknown instrument "ZZZ"'],
      [{ type: 'SetKillSwitch', scope: 'user', on: true, by: 'sam', reason: 'x' }, 'a user kill switch needs a target'],
      [{ type: 'SetRestricted', symbol: 'AAPL', restricted: false, by: 'sam', reason: ' ' }, 'a reason is required for a risk control change'],
    ] as const) {
      const r = e.handle(cmd as never);
      expect(r.ok === false && r.reason).toBe(reason);
    }
    // 0 turns the FIX duplicate window off; refused changes left the limits as they were.
    expect(e.handle({ type: 'SetRiskLimits', limits: { duplicateWindowFixMs: 3_000 }, by: 'sam', reason: 'x' }).ok).toBe(true);
    expect(e.handle({ type: 'SetRiskLimits', limits: { duplicateWindowFixMs: 0 }, by: 'sam', reason: 'x' }).ok).toBe(true);
    expect(e.risk.limits).toMatchObject({ maxOrderQty: 50, duplicateWindowMs: 5_000, duplicateWindowFixMs: 0 });
  });
});

describe('baskets', () => {
  it('a basket counts once toward the throttle, judges each line, and replays to the same state', () => {
    const journal = new MemoryJournal();
    const e = new Engine({ journal, startTime: T0, seed: 7, riskLimits: { ...DEFAULT_LIMITS, maxMessagesPerSecond: 3 } });
    const lines = Array.from({ length: 40 }, (_, i) => ({ clOrdId: `b${i}`, symbol: i === 7 ? 'NOPE' : 'MSFT', side: 'sell', qty: 100 + i, urgency: 'low' }));
    const r = e.handle({ type: 'SubmitBasket', basketId: 'B1', name: 'test', owner: 'alice', desk: 'EQ-1', lines });
    expect(r.ok).toBe(true);
    expect(r.events.filter((x) => x.type === 'OrderAccepted')).toHaveLength(39);
    expect(r.events.filter((x) => x.type === 'OrderRejected').map((x) => x.type === 'OrderRejected' && x.code)).toEqual(['UNKNOWN_INSTRUMENT']);
    expect([...e.orders.all()].every((o) => o.source === 'basket' && o.basketId === 'B1')).toBe(true);
    expect(e.parents.size).toBe(1); // compatible lines share one parent
    // Two more messages are allowed this second, the third is throttled.
    e.handle(order({ clOrdId: 'x1', qty: 1 }));
    e.handle(order({ clOrdId: 'x2', qty: 2 }));
    expect(e.handle(order({ clOrdId: 'x3', qty: 3 })).events[0]).toMatchObject({ code: 'THROTTLE' });
    expect(e.handle({ type: 'SubmitBasket', basketId: 'B2', name: 'again', owner: 'alice', desk: 'EQ-1', lines }).ok).toBe(false);
    const replayed = new Engine({ journal, startTime: T0, seed: 7, riskLimits: { ...DEFAULT_LIMITS, maxMessagesPerSecond: 3 } });
    expect([...replayed.orders.all()]).toEqual([...e.orders.all()]);
    expect([...replayed.parents.all()]).toEqual([...e.parents.all()]);
  });
});
