import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CrossQueue } from './crossQueue';
import { heldBack, heldBy } from './crossing';
import type { SmallOrder } from '../orders/types';

/** Everything `offer` hands out at `px`, with every order open unless `closed` says otherwise. */
function offered(q: CrossQueue, px: number, closed = new Set<number>(), stopAfter = Infinity): number[] {
  const out: number[] = [];
  q.offer(
    px,
    (no) => !closed.has(no),
    (no) => (out.push(no), out.length < stopAfter),
  );
  return out;
}

describe('CrossQueue', () => {
  it('offers only the resting orders whose limit allows the price, oldest first across limits', () => {
    const buys = new CrossQueue('buy');
    buys.add(1, 100);
    buys.add(2, 102);
    buys.add(3, undefined);
    buys.add(4, 101);
    buys.add(5, 99);
    expect(offered(buys, 101)).toEqual([2, 3, 4]); // limits at or above 101, and no limit
    expect(offered(buys, 103)).toEqual([3]);
    expect(offered(buys, 99)).toEqual([1, 2, 3, 4, 5]);
    const sells = new CrossQueue('sell');
    sells.add(1, 100);
    sells.add(2, 102);
    sells.add(3, 101);
    expect(offered(sells, 101)).toEqual([1, 3]); // limits at or below 101
    expect(offered(sells, 101, new Set(), 1)).toEqual([1]); // stops when told
  });

  it('skips closed orders, and an amend moves an order to its new limit without losing its place', () => {
    const q = new CrossQueue('buy');
    for (let no = 1; no <= 6; no++) q.add(no, 100 + (no % 2));
    expect(offered(q, 101, new Set([1]))).toEqual([3, 5]);
    q.move(2, 101, true);
    expect(offered(q, 101, new Set([1]))).toEqual([2, 3, 5]);
    q.move(5, undefined, true);
    expect(offered(q, 105, new Set([1]))).toEqual([5]);
    q.move(3, 90, false); // amended down to nothing: gone
    expect(offered(q, 90, new Set([1]))).toEqual([2, 4, 5, 6]);
  });

  it('offers exactly the open orders within the price, by number, whatever happened before (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), limit: fc.option(fc.integer({ min: 95, max: 105 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), limit: fc.option(fc.integer({ min: 95, max: 105 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('offer' as const), px: fc.integer({ min: 94, max: 106 }), stopAfter: fc.integer({ min: 1, max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.constantFrom('buy' as const, 'sell' as const), fc.array(step, { maxLength: 80 }), (side, steps) => {
        const q = new CrossQueue(side);
        const limitOf = new Map<number, number | undefined>();
        const closed = new Set<number>();
        for (const s of steps) {
          if (s.kind === 'add') {
            const no = limitOf.size + 1;
            limitOf.set(no, s.limit);
            q.add(no, s.limit);
          } else if (s.kind === 'close' && limitOf.size) closed.add(1 + (s.pick % limitOf.size));
          else if (s.kind === 'move' && limitOf.size) {
            const no = 1 + (s.pick % limitOf.size);
            if (closed.has(no)) continue;
            limitOf.set(no, s.limit);
            q.move(no, s.limit, true);
          } else if (s.kind === 'offer') {
            const allows = (limit: number | undefined) => limit === undefined || (side === 'buy' ? s.px <= limit : s.px >= limit);
            const expected = [...limitOf].filter(([no, limit]) => !closed.has(no) && allows(limit)).map(([no]) => no);
            expect(offered(q, s.px, closed, s.stopAfter)).toEqual(expected.slice(0, s.stopAfter));
          }
        }
      }),
    );
  });
});

describe('heldBack (what a parent with children out keeps from crossing)', () => {
  const order = (no: number, open: number, pending: boolean): SmallOrder =>
    ({ orderId: `O${String(no).padStart(7, '0')}`, qty: open + 100, filledQty: 100, status: 'partial', pendingChange: pending ? { change: 'cancel', by: 'x' } : undefined }) as SmallOrder;

  it('holds back from the newest constituents, so the oldest cross first', () => {
    const orders = [order(1, 300, false), order(2, 200, false), order(3, 100, false)];
    const ids = orders.map((o) => o.orderId);
    const get = (id: string) => orders.find((o) => o.orderId === id)!;
    const held = heldBack(ids, 250, 0, get);
    expect([1, 2, 3].map((no, i) => heldBy(held, no, 300 - 100 * i))).toEqual([0, 150, 100]);
    expect(heldBack(ids, 0, 0, get)).toBeUndefined();
    expect([1, 2, 3].map((no, i) => heldBy(heldBack(ids, 1_000, 0, get), no, 300 - 100 * i))).toEqual([300, 200, 100]);
  });

  it('gives each constituent what the parent has free beyond its children, oldest first (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ open: fc.integer({ min: 0, max: 5 }), pending: fc.boolean() }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (cs, atVenues) => {
        const orders = cs.map((c, i) => ({ ...order(i + 1, c.open, c.pending), status: c.open ? 'partial' : 'filled' }) as SmallOrder);
        const get = (id: string) => orders.find((o) => o.orderId === id)!;
        const held = heldBack(
          orders.map((o) => o.orderId),
          atVenues,
          cs.filter((c) => c.pending).length,
          get,
        );
        // The rule as the engine first wrote it: the parent's open shares beyond those at
        // venues are handed out oldest first; a constituent with a change pending takes none.
        let free = cs.reduce((a, c) => a + c.open, 0) - atVenues;
        cs.forEach((c, i) => {
          if (c.pending) return;
          const crossable = Math.max(0, Math.min(c.open, free));
          free -= crossable;
          expect(c.open - heldBy(held, i + 1, c.open)).toBe(crossable);
        });
      }),
    );
  });
});
