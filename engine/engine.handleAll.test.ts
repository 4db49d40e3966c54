import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, GroupInterrupted, MemoryJournal, type CommandResult, type JournalPort } from './engine';
import type { Command, SubmitOrder } from './commands';
import type { EngineEvent } from './events';
import { DEFAULT_INSTRUMENTS } from './instruments';
import { DEFAULT_VENUES } from './market/venues';

/**
 * `handleAll`: several commands in one group commit. It must be indistinguishable from
 * handling them one at a time — events, results, state, what listeners see — except
 * that the journal gets one write and nothing is published before it.
 */
const T0 = Date.parse('2026-11-20T14:30:00Z');
const symbols = [...DEFAULT_INSTRUMENTS.map((i) => i.symbol), 'NOPE'];

const arbSubmit = fc.record({
  type: fc.constant('SubmitOrder' as const),
  clOrdId: fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ maxLength: 12 })),
  owner: fc.constantFrom('alice', 'bob'),
  desk: fc.constant('EQ-1'),
  source: fc.constantFrom('ticket', 'fix', 'carrier-pigeon'),
  symbol: fc.constantFrom(...symbols),
  side: fc.constantFrom('buy', 'sell', 'short'),
  qty: fc.oneof(fc.integer({ min: -10, max: 2000 }), fc.double({ noNaN: false })),
  limitPrice: fc.option(fc.oneof(fc.integer({ min: 1, max: 50000 }).map((c) => c / 100), fc.double()), { nil: undefined }),
  urgency: fc.constantFrom('low', 'medium', 'high', 'whenever'),
});
const arbCancel = fc.record({
  type: fc.constant('CancelOrder' as const),
  orderId: fc.integer({ min: 1, max: 30 }).map((n) => `O${String(n).padStart(7, '0')}`),
  by: fc.constantFrom('alice', 'sam'),
});
const arbAmend = fc.record({
  type: fc.constant('AmendOrder' as const),
  orderId: fc.integer({ min: 1, max: 30 }).map((n) => `O${String(n).padStart(7, '0')}`),
  by: fc.constantFrom('alice', 'bob'),
  qty: fc.integer({ min: 0, max: 2000 }),
});
const arbCommand = fc.oneof({ weight: 4, arbitrary: arbSubmit }, { weight: 1, arbitrary: arbCancel }, { weight: 1, arbitrary: arbAmend }) as fc.Arbitrary<Command>;
/** Commands in bursts, with engine time moving between bursts. */
const arbBursts = fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.array(arbCommand, { minLength: 1, maxLength: 8 })), { maxLength: 12 });

interface Run {
  journal: MemoryJournal;
  results: CommandResult[];
  /** What listeners were given, call by call. */
  published: EngineEvent[][];
  engine: Engine;
}

/**
 * Runs the bursts one command at a time or one `handleAll` per burst. `step` > 0 makes
 * the host's clock (syncTime) move on every command, so market callbacks and strategy
 * timers come due inside a group.
 */
function run(bursts: Array<[number, Command[]]>, grouped: boolean, opts: { market?: boolean; step?: number; seed?: number } = {}): Run {
  const journal = new MemoryJournal();
  let wall = T0;
  const engine = new Engine({
    journal,
    startTime: T0,
    seed: opts.seed ?? 7,
    market: opts.market ? { venues: DEFAULT_VENUES } : undefined,
    syncTime: opts.step ? () => (wall += opts.step!) : undefined,
  });
  const published: EngineEvent[][] = [];
  engine.onEvents((ev) => published.push([...ev]));
  const results: CommandResult[] = [];
  for (const [dt, cmds] of bursts) {
    wall += dt;
    engine.scheduler.runUntil(Math.max(engine.now(), wall));
    if (grouped) results.push(...engine.handleAll(cmds));
    else for (const cmd of cmds) results.push(engine.handle(cmd));
  }
  return { journal, results, published, engine };
}

const stateOf = (e: Engine) => ({ seq: e.lastSeq, now: e.now(), orders: [...e.orders.all()], parents: [...e.parents.all()] });

describe('handleAll', () => {
  it('gives exactly the events, results and state of handling the commands one by one (property)', () => {
    fc.assert(
      fc.property(arbBursts, (bursts) => {
        const one = run(bursts, false);
        const all = run(bursts, true);
        expect(all.journal.events).toEqual(one.journal.events);
        expect(all.results).toEqual(one.results);
        expect(all.published.flat()).toEqual(one.published.flat());
        expect(stateOf(all.engine)).toEqual(stateOf(one.engine));
        // Each command's commits still replay together: recovery rebuilds the same state.
        expect(stateOf(new Engine({ journal: all.journal, startTime: T0, seed: 7 }))).toEqual(stateOf(all.engine));
      }),
    );
  });

  it('…with a market attached and the clock moving inside each group, callbacks included (property)', () => {
    const ko = fc.record({
      type: fc.constant('SubmitOrder' as const),
      clOrdId: fc.uuid(),
      owner: fc.constantFrom('alice', 'bob'),
      desk: fc.constant('EQ-1'),
      source: fc.constant('fix'),
      symbol: fc.constantFrom('KO', 'AAPL'),
      side: fc.constantFrom('buy', 'sell'),
      qty: fc.integer({ min: 1, max: 30 }).map((n) => n * 100),
      // Limits either side of the reference price: some cross, some rest.
      offset: fc.option(fc.integer({ min: -300, max: 300 }), { nil: undefined }),
      urgency: fc.constantFrom('low', 'medium', 'high', 'critical'),
    }).map(({ offset, ...o }): Command => ({ ...o, limitPrice: offset === undefined ? undefined : (o.symbol === 'KO' ? 63.2 : 227.5) + offset / 100 }));
    const bursts = fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.array(fc.oneof({ weight: 5, arbitrary: ko }, { weight: 1, arbitrary: arbCancel }), { minLength: 1, maxLength: 6 })), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(bursts, fc.integer({ min: 1, max: 400 }), fc.integer(), (b, step, seed) => {
        const one = run(b, false, { market: true, step, seed });
        const all = run(b, true, { market: true, step, seed });
        expect(all.journal.events).toEqual(one.journal.events);
        expect(all.results).toEqual(one.results);
        expect(all.published.flat()).toEqual(one.published.flat());
        expect(stateOf(all.engine)).toEqual(stateOf(one.engine));
      }),
      { numRuns: 40 },
    );
  });

  it('writes the group once, and publishes nothing before that write', () => {
    const mem = new MemoryJournal();
    const calls: string[] = [];
    const journal: JournalPort = {
      append: (ev, batch) => (calls.push(`append ${ev.length}`), mem.append(ev, batch)),
      appendGroup: (entries) => {
        calls.push(`group ${entries.length} commits`);
        for (const g of entries) mem.append(g.events, g.batch);
      },
      lastSeq: () => mem.lastSeq(),
      replay: () => mem.replay(),
    };
    const e = new Engine({ journal, startTime: T0, seed: 7 });
    e.onEvents((ev) => calls.push(`publish ${ev[0].type}`));
    const results = e.handleAll(['a', 'b', 'a'].map((clOrdId, i) => submit({ clOrdId, qty: 100 * (i + 1) })));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(calls).toEqual(['group 3 commits', 'publish OrderAccepted', 'publish OrderAccepted', 'publish OrderRejected']);
    expect(e.handleAll([])).toEqual([]);
    expect(calls).toHaveLength(4);
  });

  it('a command that throws: those before it stand, it and the rest are not handled, and the engine goes on', () => {
    let calls = 0;
    const journal = new MemoryJournal();
    const e = new Engine({
      journal,
      startTime: T0,
      seed: 7,
      // The host's clock fails on the third command.
      syncTime: () => {
        if (++calls === 3) throw new Error('clock unavailable');
        return T0;
      },
    });
    const seen: EngineEvent[] = [];
    e.onEvents((ev) => seen.push(...ev));
    let thrown: unknown;
    try {
      e.handleAll(['x1', 'x2', 'x3', 'x4'].map((clOrdId, i) => submit({ clOrdId, qty: 100 * (i + 1) })));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GroupInterrupted);
    expect(thrown).toMatchObject({ handled: 2, message: 'command 3 of a group threw: clock unavailable' });
    expect([...e.orders.all()].map((o) => o.clOrdId)).toEqual(['x1', 'x2']);
    expect(seen).toEqual(journal.events);
    expect(e.halted).toBeUndefined();
    expect(e.handle(submit({ clOrdId: 'x3', qty: 300 })).ok).toBe(true);
  });

  it('a failed group write halts the engine: nothing of the group is published, and recovery has only what was durable', () => {
    const mem = new MemoryJournal();
    let fail = false;
    const journal: JournalPort = {
      append: (ev, batch) => mem.append(ev, batch),
      appendGroup: (entries) => {
        if (fail) throw new Error('disk full');
        for (const g of entries) mem.append(g.events, g.batch);
      },
      lastSeq: () => mem.lastSeq(),
      replay: () => mem.replay(),
    };
    const e = new Engine({ journal, startTime: T0, seed: 7 });
    const seen: EngineEvent[] = [];
    e.onEvents((ev) => seen.push(...ev));
    e.handleAll([submit({ clOrdId: 'd1' })]);
    const durable = e.lastSeq;
    fail = true;
    expect(() => e.handleAll([submit({ clOrdId: 'd2' }), submit({ clOrdId: 'd3' })])).toThrow('ahead of its journal');
    expect(seen).toHaveLength(durable);
    expect(() => e.handleAll([submit({ clOrdId: 'd4' })])).toThrow('ahead of its journal');
    expect([...new Engine({ journal: mem, startTime: T0, seed: 7 }).orders.all()].map((o) => o.clOrdId)).toEqual(['d1']);
  });
});

function submit(over: Partial<SubmitOrder>): SubmitOrder {
  return { type: 'SubmitOrder', clOrdId: 'c1', owner: 'alice', desk: 'EQ-1', source: 'fix', symbol: 'AAPL', side: 'buy', qty: 100, limitPrice: 227.5, urgency: 'medium', ...over };
}
