import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryJournal } from '../engine';
import type { SubmitOrder } from '../commands';
import type { InternalCross } from '../events';
import { DEFAULT_INSTRUMENTS, PRICE_SCALE } from '../instruments';
import { DEFAULT_VENUES } from '../market/venues';
import { SmallOrders } from '../orders/smallOrders';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const instruments = DEFAULT_INSTRUMENTS.filter((i) => i.symbol === 'KO');

function desk(journal = new MemoryJournal()) {
  const e = new Engine({ journal, startTime: OPEN, seed: 11, instruments, market: { venues: DEFAULT_VENUES } });
  e.scheduler.runUntil(OPEN + 60_000);
  return e;
}

let n = 0;
const ko = (over: Partial<SubmitOrder>): SubmitOrder => ({
  type: 'SubmitOrder',
  clOrdId: `k${++n}`,
  owner: 'alice',
  desk: 'EQ-1',
  source: 'api',
  symbol: 'KO',
  side: 'buy',
  qty: 100,
  urgency: 'medium',
  confirmed: true,
  ...over,
});

const crosses = (e: Engine, journal: MemoryJournal) => journal.events.filter((x): x is InternalCross & { seq: number; ts: number } => x.type === 'InternalCross');

describe('aggregation into parents', () => {
  it('compatible orders share a parent; a different intent starts another, and says why', () => {
    const e = desk();
    e.handle(ko({ qty: 300 }));
    e.handle(ko({ owner: 'bob', qty: 500 }));
    e.handle(ko({ qty: 200, urgency: 'high' }));
    const parents = [...e.parents.all()];
    expect(parents).toHaveLength(2);
    expect(parents[0].orderIds).toHaveLength(2);
    expect(parents[0].reason).toBe('buy KO, medium urgency, price-insensitive (market or deep limit), strategy: desk choice');
    expect(parents[1].reason).toContain('high urgency');
  });

  it('an opposing order from someone else crosses at the midpoint, inside both limits; only the net remains', () => {
    const journal = new MemoryJournal();
    const e = desk(journal);
    e.handle(ko({ owner: 'alice', side: 'buy', qty: 500 }));
    const q = e.market!.nbbo('KO');
    const mid = Math.round((q.bid! + q.ask!) / 2);
    const r = e.handle(ko({ owner: 'bob', side: 'sell', qty: 300, limitPrice: q.bid! / PRICE_SCALE }));
    expect(r.events.map((x) => x.type)).toEqual(['OrderAccepted', 'InternalCross']);
    const x = crosses(e, journal)[0];
    expect(x).toMatchObject({ qty: 300, px: mid, spreadSaved: (300 * (q.ask! - q.bid!)) / PRICE_SCALE, feesSaved: (2 * 300 * 30) / PRICE_SCALE });
    const buy = e.orders.get(x.buyOrderId)!;
    const sell = e.orders.get(x.sellOrderId)!;
    expect([buy.filledQty, buy.status, SmallOrders.open(buy)]).toEqual([300, 'partial', 200]);
    expect([sell.filledQty, sell.status, sell.parentId]).toEqual([300, 'filled', undefined]);
    expect(sell.filledValue / sell.filledQty).toBe(mid);
  });

  it('does not cross an owner with themself, nor through a limit', () => {
    const e = desk();
    e.handle(ko({ owner: 'alice', side: 'buy', qty: 500 }));
    expect(e.handle(ko({ owner: 'alice', side: 'sell', qty: 100 })).events.map((x) => x.type)).toEqual(['OrderAccepted', 'ParentCreated', 'OrderJoinedParent', 'StrategySet']);
    const q = e.market!.nbbo('KO');
    // Bob will only sell at the ask or better: above the mid, so no cross.
    expect(e.handle(ko({ owner: 'bob', side: 'sell', qty: 100, limitPrice: q.ask! / PRICE_SCALE })).events.map((x) => x.type)).not.toContain('InternalCross');
  });

  it('a parent completes when its last open constituent is crossed or cancelled', () => {
    const e = desk();
    e.handle(ko({ owner: 'alice', side: 'buy', qty: 200 }));
    e.handle(ko({ owner: 'alice', side: 'buy', qty: 300 }));
    const [parent] = e.parents.all();
    e.handle({ type: 'CancelOrder', orderId: parent.orderIds[0], by: 'alice' });
    expect(e.parents.get(parent.parentId)!.status).toBe('working');
    const r = e.handle(ko({ owner: 'bob', side: 'sell', qty: 300 }));
    expect(r.events.map((x) => x.type)).toEqual(['OrderAccepted', 'InternalCross', 'ParentCompleted']);
    expect(e.parents.get(parent.parentId)!.status).toBe('completed');
    // A later compatible order starts a new parent.
    e.handle(ko({ owner: 'alice', side: 'buy', qty: 100 }));
    expect(e.parents.size).toBe(2);
  });
});

describe('crossing and replay invariants (property-based)', () => {
  const arbOrder = fc.record({
    owner: fc.constantFrom('alice', 'bob', 'carol'),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    lots: fc.integer({ min: 1, max: 20 }),
    limitTicks: fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined }),
    urgency: fc.constantFrom('low' as const, 'high' as const),
    cancel: fc.boolean(),
    amendLots: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    dt: fc.integer({ min: 0, max: 3_000 }),
  });

  it('crosses fill both sides equally inside both limits and the NBBO; nothing overfills; replay reproduces everything', () => {
    fc.assert(
      fc.property(fc.array(arbOrder, { minLength: 1, maxLength: 25 }), (steps) => {
        const journal = new MemoryJournal();
        const e = desk(journal);
        const nbboAt = new Map<number, { bid: number; ask: number }>();
        for (const s of steps) {
          e.scheduler.runUntil(e.now() + s.dt);
          const q = e.market!.nbbo('KO');
          const mid = q.bid !== undefined && q.ask !== undefined ? (q.bid + q.ask) / 2 : 630_000;
          const limitPrice = s.limitTicks === undefined ? undefined : Math.round(mid / 100 + s.limitTicks) / 100;
          const r = e.handle(ko({ owner: s.owner, side: s.side, qty: 100 * s.lots, limitPrice, urgency: s.urgency }));
          if (q.bid !== undefined && q.ask !== undefined) nbboAt.set(e.lastSeq, { bid: q.bid, ask: q.ask });
          for (const ev of r.events) if (ev.type === 'InternalCross') nbboAt.set(ev.seq, { bid: q.bid!, ask: q.ask! });
          const id = r.ok && r.events[0].type === 'OrderAccepted' ? r.events[0].order.orderId : '';
          if (s.amendLots !== undefined && id) e.handle({ type: 'AmendOrder', orderId: id, by: s.owner, qty: 100 * s.amendLots });
          if (s.cancel && id) e.handle({ type: 'CancelOrder', orderId: id, by: s.owner });
        }
        for (const x of crosses(e, journal)) {
          const buy = e.orders.get(x.buyOrderId)!;
          const sell = e.orders.get(x.sellOrderId)!;
          expect(buy.owner).not.toBe(sell.owner);
          if (buy.limitPx !== undefined) expect(x.px).toBeLessThanOrEqual(buy.limitPx);
          if (sell.limitPx !== undefined) expect(x.px).toBeGreaterThanOrEqual(sell.limitPx);
          const q = nbboAt.get(x.seq)!;
          expect(x.px).toBeGreaterThanOrEqual(q.bid);
          expect(x.px).toBeLessThanOrEqual(q.ask);
        }
        // Crossing conservation: crossed shares bought = crossed shares sold; fills never exceed quantity.
        const all = [...e.orders.all()];
        const crossedBuy = all.filter((o) => o.side === 'buy').reduce((a, o) => a + o.crossedQty, 0);
        const crossedSell = all.filter((o) => o.side === 'sell').reduce((a, o) => a + o.crossedQty, 0);
        expect(crossedBuy).toBe(crossedSell);
        expect(crossedBuy).toBe(crosses(e, journal).reduce((a, x) => a + x.qty, 0));
        for (const o of all) {
          expect(o.filledQty).toBeLessThanOrEqual(o.qty);
          if (o.filledQty > 0 && o.limitPx !== undefined) expect(o.side === 'buy' ? o.filledValue <= o.limitPx * o.filledQty : o.filledValue >= o.limitPx * o.filledQty).toBe(true);
        }
        // A parent's running totals equal the sums over its constituents; working ⇔ something open.
        for (const p of e.parents.all()) {
          const members = p.orderIds.map((id) => e.orders.get(id)!);
          const open = members.reduce((a, o) => a + SmallOrders.open(o), 0);
          expect(p.open).toBe(open);
          // Crossed while in the parent: part of the constituents' crosses, and what they brought covers it all.
          expect(p.crossed).toBeLessThanOrEqual(members.reduce((a, o) => a + o.crossedQty, 0));
          expect(p.open + p.crossed + p.filled).toBeLessThanOrEqual(p.joinedQty);
          expect(p.owners).toEqual([...new Set(members.map((o) => o.owner))]);
          expect(open > 0).toBe(p.status === 'working');
        }
        const replayed = new Engine({ journal, startTime: OPEN, seed: 11, instruments, market: { venues: DEFAULT_VENUES } });
        expect([...replayed.orders.all()]).toEqual(all);
        expect([...replayed.parents.all()]).toEqual([...e.parents.all()]);
        expect(replayed.risk.exposure('alice', 'EQ-1')).toEqual(e.risk.exposure('alice', 'EQ-1'));
      }),
      { numRuns: 40 },
    );
  });
});

describe('amending a small order inside a working parent', () => {
  it('shrinks the parent and the credit, never below what is filled, and can complete the parent', () => {
    const journal = new MemoryJournal();
    const e = desk(journal);
    const a = e.handle(ko({ owner: 'alice', side: 'buy', qty: 1000 }));
    const id = a.events[0].type === 'OrderAccepted' ? a.events[0].order.orderId : '';
    e.handle(ko({ owner: 'bob', side: 'sell', qty: 300 })); // crosses 300 of alice's order
    const parentId = e.orders.get(id)!.parentId!;
    const credit = e.risk.exposure('alice', 'EQ-1').user;
    expect(e.parents.get(parentId)!.open).toBe(700);
    expect(e.handle({ type: 'AmendOrder', orderId: id, by: 'alice', qty: 600 }).ok).toBe(true);
    expect(e.parents.get(parentId)!.open).toBe(300);
    expect(e.risk.exposure('alice', 'EQ-1').user).toBeCloseTo(credit * (300 / 700), 6);
    for (const [qty, reason] of [
      [200, 'cannot reduce below the 300 already filled'],
      [1200, 'an amend may only reduce quantity (600 → 1200); send another order to buy or sell more'],
      [0, 'new quantity must be a positive whole number of KO lots of 1, not 0'],
    ] as const) {
      const r = e.handle({ type: 'AmendOrder', orderId: id, by: 'alice', qty });
      expect(r.ok === false && r.reason).toBe(reason);
    }
    expect(e.handle({ type: 'AmendOrder', orderId: id, by: 'alice', limitPrice: 63.205 }).ok).toBe(false);
    const done = e.handle({ type: 'AmendOrder', orderId: id, by: 'alice', qty: 300 });
    expect(done.events.map((x) => x.type)).toEqual(['OrderAmended', 'ParentCompleted']);
    expect(e.orders.get(id)!.status).toBe('filled');
    const replayed = new Engine({ journal, startTime: OPEN, seed: 11, instruments, market: { venues: DEFAULT_VENUES } });
    expect([...replayed.orders.all()]).toEqual([...e.orders.all()]);
    expect([...replayed.parents.all()]).toEqual([...e.parents.all()]);
  });
});
