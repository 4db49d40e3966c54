import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryJournal } from '../engine';
import type { Command, SubmitOrder } from '../commands';
import type { EngineEvent } from '../events';
import { DEFAULT_INSTRUMENTS, PRICE_SCALE } from '../instruments';
import { DEFAULT_VENUES } from '../market/venues';
import { SmallOrders } from '../orders/smallOrders';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const instruments = DEFAULT_INSTRUMENTS.filter((i) => ['KO', 'AAPL', 'BRK.B'].includes(i.symbol));

const make = (journal = new MemoryJournal(), seed = 3) => new Engine({ journal, startTime: OPEN, seed, instruments, market: { venues: DEFAULT_VENUES } });

let n = 0;
const order = (over: Partial<SubmitOrder>): SubmitOrder => ({
  type: 'SubmitOrder',
  clOrdId: `e${++n}`,
  owner: 'alice',
  desk: 'EQ-1',
  source: 'ticket',
  symbol: 'KO',
  side: 'buy',
  qty: 5_000,
  urgency: 'high',
  ...over,
});

type Ev<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
const of = <T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T) => events.filter((e): e is Ev<T> => e.type === type);

/** Checks the design's invariants after every commit: no overfill, allocation conservation, fills inside limits. */
function watchInvariants(e: Engine): string[] {
  const broken: string[] = [];
  e.onEvents((events) => {
    for (const ev of events) {
      if (ev.type === 'Allocated') {
        const fill = events.find((x): x is Ev<'ChildFilled'> => x.type === 'ChildFilled' && x.childId === ev.childId)!;
        const sum = ev.allocations.reduce((a, x) => a + x.qty, 0);
        if (sum !== fill.qty) broken.push(`seq ${ev.seq}: allocated ${sum} of a ${fill.qty} fill`);
        for (const a of ev.allocations) {
          const o = e.orders.get(a.orderId)!;
          if (o.limitPx !== undefined && (o.side === 'buy' ? ev.px > o.limitPx : ev.px < o.limitPx)) broken.push(`seq ${ev.seq}: ${o.orderId} filled at ${ev.px} through its limit ${o.limitPx}`);
        }
      }
    }
    for (const p of e.parents.all()) {
      if (p.filled + p.crossed + p.open > p.joinedQty) broken.push(`${p.parentId}: done + open exceeds its quantity`);
      if (p.open < 0) broken.push(`${p.parentId}: negative open`);
      if (e.children.inFlight(p.parentId) > p.open) broken.push(`${p.parentId}: ${e.children.inFlight(p.parentId)} in flight but only ${p.open} open`);
    }
    for (const o of e.orders.all()) if (o.filledQty > o.qty) broken.push(`${o.orderId}: filled ${o.filledQty} of ${o.qty}`);
    const childFills = new Map<string, number>();
    for (const c of e.children.all()) {
      if (c.filledQty > c.qty) broken.push(`${c.childId}: filled ${c.filledQty} of ${c.qty}`);
      childFills.set(c.parentId, (childFills.get(c.parentId) ?? 0) + c.filledQty);
    }
    for (const [id, filled] of childFills) if (filled !== e.parents.get(id)!.filled) broken.push(`${id}: children filled ${filled}, parent says ${e.parents.get(id)!.filled}`);
  });
  return broken;
}

const stateOf = (e: Engine) => ({
  seq: e.lastSeq,
  orders: [...e.orders.all()],
  parents: [...e.parents.all()],
  children: [...e.children.all()],
});

describe('working parents (property-based)', () => {
  const arbStep = fc.record({
    dt: fc.integer({ min: 0, max: 240_000 }),
    kind: fc.constantFrom('submit', 'submit', 'submit', 'cancel', 'amend', 'pause', 'resume', 'override', 'venue', 'venue', 'routing'),
    symbol: fc.constantFrom('KO', 'AAPL', 'BRK.B'),
    side: fc.constantFrom('buy', 'sell'),
    lots: fc.integer({ min: 1, max: 60 }),
    urgency: fc.constantFrom('low', 'medium', 'high', 'critical'),
    limitBps: fc.option(fc.integer({ min: -80, max: 80 }), { nil: undefined }),
    owner: fc.constantFrom('alice', 'bob', 'carol'),
    pick: fc.nat(),
  });

  it('never overfills, allocates every fill exactly and inside limits, and replays to the same state', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const journal = new MemoryJournal();
        const e = make(journal, seed);
        const broken = watchInvariants(e);
        e.scheduler.runUntil(OPEN + 5 * 60_000);
        for (const s of steps) {
          e.scheduler.runUntil(e.now() + s.dt);
          const inst = e.instruments.get(s.symbol)!;
          const orders = [...e.orders.all()];
          const parents = [...e.parents.all()];
          const target = orders[s.pick % Math.max(1, orders.length)];
          const parent = parents[s.pick % Math.max(1, parents.length)];
          let cmd: Command | undefined;
          switch (s.kind) {
            case 'submit': {
              const mid = e.market!.mid(s.symbol) ?? inst.refPx;
              const limit = s.limitBps === undefined ? undefined : (Math.round((mid * (1 + ((s.side === 'buy' ? 1 : -1) * s.limitBps) / 10_000)) / inst.tick) * inst.tick) / PRICE_SCALE;
              cmd = order({ symbol: s.symbol, side: s.side, qty: s.lots * (inst.lot === 1 ? 100 : inst.lot), urgency: s.urgency, owner: s.owner, limitPrice: limit });
              break;
            }
            case 'cancel':
              if (target) cmd = { type: 'CancelOrder', orderId: target.orderId, by: target.owner };
              break;
            case 'amend':
              if (target) cmd = { type: 'AmendOrder', orderId: target.orderId, by: target.owner, qty: Math.max(target.filledQty, target.qty - (inst.lot === 1 ? 100 : inst.lot)) || target.qty };
              break;
            case 'pause':
            case 'resume':
              if (parent) cmd = { type: s.kind === 'pause' ? 'PauseParent' : 'ResumeParent', parentId: parent.parentId, by: 'sam', reason: 'test' };
              break;
            case 'override':
              if (parent) cmd = { type: 'SetOverride', scope: 'parent', target: parent.parentId, urgency: s.urgency, by: 'sam', reason: 'test' };
              break;
            case 'venue':
              cmd = { type: 'SetVenueStatus', venue: ['NASDAQ', 'MIDX', 'IEX', 'NYSE', 'BATS', 'BLOCK'][s.pick % 6], status: ['halted', 'open', 'down'][s.lots % 3], by: 'sam', reason: 'test' };
              break;
            case 'routing':
              if (parent) cmd = { type: 'SetStrategy', parentId: parent.parentId, routing: (['sequential', 'parallel', 'seeking', null] as const)[s.lots % 4], by: parent.owners[0] };
              break;
          }
          if (cmd) e.handle(cmd);
        }
        e.scheduler.runUntil(e.now() + 20 * 60_000);
        expect(broken).toEqual([]);
        // Every child fill is in some small order, and every small order's fills come from crosses or allocations.
        const filledAll = [...e.orders.all()].reduce((a, o) => a + o.filledQty, 0);
        const crossed = of(journal.events, 'InternalCross').reduce((a, x) => a + 2 * x.qty, 0);
        const market = of(journal.events, 'ChildFilled').reduce((a, x) => a + x.qty, 0);
        expect(filledAll).toBe(crossed + market);
        expect(stateOf(make(journal, seed))).toEqual(stateOf(e));
      }),
      { numRuns: 12 },
    );
  });
});

describe('recovery with strategies at work', () => {
  it('replays a basket whose lines start parents: a command’s commits are re-applied together', () => {
    const journal = new MemoryJournal();
    const e = make(journal);
    e.scheduler.runUntil(OPEN + 10 * 60_000);
    const lines = ['KO', 'AAPL', 'BRK.B', 'KO'].map((symbol, i) => ({ clOrdId: `b${i}`, symbol, side: i % 2 ? 'sell' : 'buy', qty: 1_000, urgency: 'critical' }));
    expect(e.handle({ type: 'SubmitBasket', basketId: 'B1', name: 'rebalance', owner: 'alice', desk: 'EQ-1', lines }).ok).toBe(true);
    e.scheduler.runUntil(e.now() + 60_000);
    expect(stateOf(make(journal))).toEqual(stateOf(e));
  });
});

describe('strategies at work', () => {
  it('seeded runs complete every must-complete parent by its end time', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const journal = new MemoryJournal();
      const e = make(journal, seed);
      e.scheduler.runUntil(OPEN + 15 * 60_000);
      e.handle(order({ symbol: 'KO', side: 'buy', qty: 30_000, urgency: 'critical' }));
      e.handle(order({ symbol: 'AAPL', side: 'sell', qty: 20_000, urgency: 'high', owner: 'bob' }));
      e.handle(order({ symbol: 'BRK.B', side: 'buy', qty: 5_000, urgency: 'critical', owner: 'carol' }));
      e.scheduler.runUntil(OPEN + 60 * 60_000);
      for (const p of e.parents.all()) {
        const plan = e.executor!.plan(p.parentId)!;
        const done = of(journal.events, 'ParentCompleted').find((x) => x.parentId === p.parentId);
        expect({ seed, parent: p.parentId, status: p.status, open: p.open }).toEqual({ seed, parent: p.parentId, status: 'completed', open: 0 });
        expect(done!.ts).toBeLessThanOrEqual(plan.endAt);
        expect(p.filled).toBe(p.joinedQty);
      }
    }
  });

  it('a parent that fell behind catches up: the strategy says so, crosses the spread, and closes the gap', () => {
    const journal = new MemoryJournal();
    const e = make(journal);
    e.scheduler.runUntil(OPEN + 20 * 60_000);
    e.handle(order({ symbol: 'AAPL', qty: 40_000, urgency: 'medium' }));
    const pid = [...e.parents.all()][0].parentId;
    e.handle({ type: 'PauseParent', parentId: pid, by: 'sam', reason: 'news pending' });
    e.scheduler.runUntil(e.now() + 20 * 60_000);
    const resumedAt = e.now();
    e.handle({ type: 'ResumeParent', parentId: pid, by: 'sam', reason: 'news out' });
    e.scheduler.runUntil(resumedAt + 1_000);
    const catchUp = of(journal.events, 'ScheduleRecalibrated').find((x) => x.ts >= resumedAt && x.action === 'catch-up')!;
    expect(catchUp.behind).toBeGreaterThan(0);
    expect(catchUp.reason).toMatch(/behind plan by [\d,]+ shares/);
    expect(of(journal.events, 'ChildPlaced').some((x) => x.ts >= resumedAt && x.placement === 'aggressive')).toBe(true);
    e.scheduler.runUntil(resumedAt + 10 * 60_000);
    const p = e.parents.get(pid)!;
    const planned = e.executor!.plannedFraction(pid, e.now())! * (p.filled + p.open);
    expect((planned - p.filled) / (p.filled + p.open)).toBeLessThan(catchUp.behindPct / 100);
  });

  it('a supervisor override changes child sizing at the next decision; the trader cannot take it back', () => {
    const run = (override: boolean) => {
      const journal = new MemoryJournal();
      const e = make(journal, 9);
      e.scheduler.runUntil(OPEN + 30 * 60_000);
      // An IS parent the trader set to the low-urgency point: a gentle trajectory.
      e.handle(order({ symbol: 'AAPL', qty: 60_000, urgency: 'high' }));
      const pid = [...e.parents.all()][0].parentId;
      e.handle({ type: 'SetTrilemma', parentId: pid, urgency: 'low', by: 'alice' });
      e.scheduler.runUntil(e.now() + 5 * 60_000);
      const at = e.now();
      if (override) {
        expect(e.handle({ type: 'SetOverride', scope: 'parent', target: pid, point: { impact: 0, risk: 0.9, completion: 0.1 }, by: 'sam', reason: 'client needs it done' }).ok).toBe(true);
        // The trader may still move their own point; the override keeps winning.
        expect(e.handle({ type: 'SetTrilemma', parentId: pid, urgency: 'low', by: 'alice' }).ok).toBe(true);
        expect(e.executor!.effective(e.parents.get(pid)!)!.override).toMatchObject({ by: 'sam', reason: 'client needs it done' });
      }
      e.scheduler.runUntil(at + 60_000);
      // After the decision due at that very instant (it ran before the override, as the command waited for it).
      const placed = of(journal.events, 'ChildPlaced').filter((x) => x.ts > at);
      const first = placed.filter((x) => x.ts === placed[0]?.ts);
      return { placed: placed.reduce((a, x) => a + x.qty, 0), firstAt: placed[0]?.ts, firstQty: first.reduce((a, x) => a + x.qty, 0), firstAggressive: first.some((x) => x.placement === 'aggressive') };
    };
    const base = run(false);
    const over = run(true);
    // The very next decision (at the override's instant) sizes up and takes liquidity.
    expect(over.firstAt).toBeLessThanOrEqual(base.firstAt ?? Infinity);
    expect(over.firstQty).toBeGreaterThan(base.firstAt === over.firstAt ? base.firstQty : 0);
    expect(over.firstAggressive).toBe(true);
    expect(over.placed).toBeGreaterThan(2 * base.placed);
  });

  it('a cancel while children are out waits for them, then lands; fills in between still reach the order', () => {
    const journal = new MemoryJournal();
    const e = make(journal);
    e.scheduler.runUntil(OPEN + 30 * 60_000);
    const r = e.handle(order({ symbol: 'AAPL', qty: 20_000, urgency: 'critical' }));
    const orderId = of(r.events, 'OrderAccepted')[0].order.orderId;
    let t = e.now();
    while (e.children.inFlight([...e.parents.all()][0].parentId) === 0) e.scheduler.runUntil((t += 50));
    const c = e.handle({ type: 'CancelOrder', orderId, by: 'alice', reason: 'changed my mind' });
    expect(c.events.map((x) => x.type)).toContain('OrderChangePending');
    expect(c.events.map((x) => x.type)).toContain('ChildCancelRequested');
    expect(e.orders.get(orderId)!.pendingChange).toMatchObject({ change: 'cancel', by: 'alice' });
    // A second cancel is refused while the first is pending.
    expect(e.handle({ type: 'CancelOrder', orderId, by: 'alice' }).ok).toBe(false);
    e.scheduler.runUntil(e.now() + 5_000);
    const o = e.orders.get(orderId)!;
    expect(o.status === 'cancelled' || o.status === 'filled').toBe(true);
    expect(o.pendingChange).toBeUndefined();
    expect(e.parents.get(o.parentId!)!.status).toBe('completed');
    expect(SmallOrders.open(o)).toBe(0);
    expect(e.children.inFlight(o.parentId!)).toBe(0);
  });

  it('refuses bad steering with a specific reason and changes nothing', () => {
    const e = make();
    e.scheduler.runUntil(OPEN + 10 * 60_000);
    e.handle(order({}));
    const pid = [...e.parents.all()][0].parentId;
    const before = JSON.stringify(e.executor!.plan(pid));
    const cases: Array<[Command, string]> = [
      [{ type: 'SetStrategy', parentId: pid, by: 'alice', strategy: 'moon' as never }, 'strategy must be one of twap, vwap, pov, is, not "moon"'],
      [{ type: 'SetStrategy', parentId: pid, by: 'alice', endAt: OPEN }, 'the window must end after it starts'],
      [{ type: 'SetStrategy', parentId: pid, by: 'alice', minSlice: 500, maxSlice: 200 }, 'minimum slice 500 is above the maximum 200'],
      [{ type: 'SetTrilemma', parentId: pid, by: 'alice', point: { impact: 0.5, risk: 0.5, completion: 0.5 } }, 'the three weights must sum to 1, not 1.5'],
      [{ type: 'SetTrilemma', parentId: 'P9', by: 'alice', urgency: 'low' }, 'no parent P9'],
      [{ type: 'SetOverride', scope: 'parent', target: pid, by: 'sam', reason: ' ', urgency: 'high' }, 'a reason is required for an override'],
      [{ type: 'ReleaseOverride', scope: 'desk', target: 'EQ-1', by: 'sam', reason: 'x' }, 'no desk override on EQ-1 to release'],
      [{ type: 'ResumeParent', parentId: pid, by: 'sam', reason: 'x' }, `parent ${pid} is not paused`],
    ];
    for (const [cmd, reason] of cases) {
      const r = e.handle(cmd);
      expect(r.ok === false && r.reason).toBe(reason);
      expect(r.events[0]).toMatchObject({ type: 'CommandRejected', reason });
    }
    expect(JSON.stringify(e.executor!.plan(pid))).toBe(before);
    // The end-of-window policy can be pinned and handed back to the trilemma.
    expect(e.handle({ type: 'SetStrategy', parentId: pid, by: 'alice', endOfWindow: 'leave' }).ok).toBe(true);
    expect(e.executor!.plan(pid)!.endOfWindow).toBe('leave');
    expect(e.handle({ type: 'SetStrategy', parentId: pid, by: 'alice', endOfWindow: null }).ok).toBe(true);
    expect('endOfWindow' in e.executor!.plan(pid)!).toBe(false);
  });
});
