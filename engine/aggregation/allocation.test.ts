import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateFill, type AllocationTarget } from './allocation';

const t = (orderId: string, open: number, priority: number, limitPx?: number): AllocationTarget => ({ orderId, open, priority, limitPx });

describe('allocateFill', () => {
  it('splits pro rata to open quantity, in whole lots, largest remainder first', () => {
    // 700 over open 500 / 300 / 200 → 350 / 210 / 140.
    expect(allocateFill(700, 100, 'buy', 1, [t('a', 500, 1), t('b', 300, 2), t('c', 200, 3)]).allocations).toEqual([
      { orderId: 'a', qty: 350 },
      { orderId: 'b', qty: 210 },
      { orderId: 'c', qty: 140 },
    ]);
    // 3 lots of 100 over three equal orders of 200: one lot each.
    expect(allocateFill(300, 100, 'buy', 100, [t('a', 200, 1), t('b', 200, 2), t('c', 200, 3)]).allocations.map((a) => a.qty)).toEqual([100, 100, 100]);
    // 2 lots over three equal orders: remainders tie → the earliest arrivals get them.
    expect(allocateFill(200, 100, 'buy', 100, [t('c', 200, 3), t('a', 200, 1), t('b', 200, 2)]).allocations).toEqual([
      { orderId: 'a', qty: 100 },
      { orderId: 'b', qty: 100 },
    ]);
  });

  it('never fills an order through its own limit', () => {
    const r = allocateFill(300, 101, 'buy', 1, [t('tight', 500, 1, 100), t('loose', 500, 2, 102), t('mkt', 500, 3)]);
    expect(r.allocations).toEqual([
      { orderId: 'loose', qty: 150 },
      { orderId: 'mkt', qty: 150 },
    ]);
    const s = allocateFill(100, 99, 'sell', 1, [t('a', 100, 1, 100), t('b', 100, 2, 99)]);
    expect(s.allocations).toEqual([{ orderId: 'b', qty: 100 }]);
  });

  it('reports what nobody eligible could take', () => {
    expect(allocateFill(300, 105, 'buy', 1, [t('a', 100, 1, 104), t('b', 100, 2)])).toEqual({ allocations: [{ orderId: 'b', qty: 100 }], unallocated: 200 });
  });

  it('conserves the fill, respects open quantities and limits, and is deterministic (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 100),
        fc.array(fc.record({ open: fc.integer({ min: 0, max: 50 }), limit: fc.option(fc.integer({ min: 95, max: 105 }), { nil: undefined }) }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 95, max: 105 }),
        fc.constantFrom('buy' as const, 'sell' as const),
        fc.integer({ min: 0, max: 2000 }),
        (lot, specs, px, side, want) => {
          const targets = specs.map((s, i) => t(`o${i}`, s.open * lot, i, s.limit));
          const eligibleOpen = targets.filter((x) => x.limitPx === undefined || (side === 'buy' ? px <= x.limitPx : px >= x.limitPx)).reduce((a, x) => a + x.open, 0);
          const qty = Math.min(want, eligibleOpen + 7);
          const r = allocateFill(qty, px, side, lot, targets);
          const sum = r.allocations.reduce((a, x) => a + x.qty, 0);
          expect(sum + r.unallocated).toBe(qty);
          expect(r.unallocated).toBe(Math.max(0, qty - eligibleOpen));
          for (const a of r.allocations) {
            const target = targets.find((x) => x.orderId === a.orderId)!;
            expect(a.qty).toBeGreaterThan(0);
            expect(a.qty).toBeLessThanOrEqual(target.open);
            if (target.limitPx !== undefined) expect(side === 'buy' ? px <= target.limitPx : px >= target.limitPx).toBe(true);
            if (qty % lot === 0 && qty <= eligibleOpen) expect(a.qty % lot).toBe(0);
          }
          // Pro rata: each eligible order within one lot of its exact share.
          if (qty % lot === 0 && qty <= eligibleOpen && eligibleOpen > 0)
            for (const x of targets) {
              if (x.limitPx !== undefined && !(side === 'buy' ? px <= x.limitPx : px >= x.limitPx)) continue;
              const got = r.allocations.find((a) => a.orderId === x.orderId)?.qty ?? 0;
              expect(Math.abs(got - (qty * x.open) / eligibleOpen)).toBeLessThan(lot);
            }
          expect(allocateFill(qty, px, side, lot, [...targets].reverse())).toEqual({
            allocations: [...r.allocations].sort((a, b) => targets.findIndex((x) => x.orderId === b.orderId) - targets.findIndex((x) => x.orderId === a.orderId)),
            unallocated: r.unallocated,
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
