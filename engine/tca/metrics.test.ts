import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tape } from '../market/tape';
import { implementationShortfall, slippageBps, weightedBps } from './metrics';

const $ = (dollars: number) => Math.round(dollars * 10_000);

describe('slippage against a benchmark (hand-computed)', () => {
  it('is positive when a buy pays less, or a sell receives more, than the benchmark', () => {
    // Bought at $99.90 against a $100.00 VWAP: 10 bps better.
    expect(slippageBps('buy', $(99.9), $(100))).toBeCloseTo(10, 10);
    // Bought at $100.05: 5 bps worse.
    expect(slippageBps('buy', $(100.05), $(100))).toBeCloseTo(-5, 10);
    // Sold at $50.10 against $50.00: 20 bps better; at $49.95, 10 bps worse.
    expect(slippageBps('sell', $(50.1), $(50))).toBeCloseTo(20, 10);
    expect(slippageBps('sell', $(49.95), $(50))).toBeCloseTo(-10, 10);
  });

  it('totals weight each line by its quantity and skip lines without a figure', () => {
    // 100 at +10 bps and 300 at −2 bps: (1,000 − 600) / 400 = +1 bp.
    expect(weightedBps([{ qty: 100, bps: 10 }, { qty: 300, bps: -2 }, { qty: 50, bps: null }])).toBeCloseTo(1, 10);
    expect(weightedBps([])).toBeNull();
  });
});

describe('interval VWAP and TWAP from the tape (hand-computed)', () => {
  it('takes only the prints inside the window (start exclusive, end inclusive)', () => {
    const t = new Tape();
    t.print(1_000, $(10), 100); // before the window
    t.print(2_000, $(10.1), 200);
    t.print(3_000, $(10.4), 100);
    t.print(4_000, $(11), 500); // after it
    // (200 × 10.10 + 100 × 10.40) / 300 = 10.20
    expect(t.vwap(1_000, 3_000)).toBe($(10.2));
    expect(t.volume(1_000, 3_000)).toBe(300);
    expect(t.vwap(0, 4_000)).toBe((100 * $(10) + 200 * $(10.1) + 100 * $(10.4) + 500 * $(11)) / 900);
    expect(t.vwap(4_000, 9_000)).toBeUndefined();
  });

  it('knows the last print at any instant: the close', () => {
    const t = new Tape();
    expect(t.lastPx(5_000)).toBeUndefined();
    t.print(1_000, $(10), 100);
    t.print(2_000, $(10.1), 200);
    t.print(3_000, $(10.4), 100);
    expect(t.lastPx(500)).toBeUndefined();
    expect(t.lastPx(1_000)).toBe($(10));
    expect(t.lastPx(2_999)).toBe($(10.1));
    expect(t.lastPx(60_000)).toBe($(10.4));
  });

  it('averages the midpoint samples in the window, and knows the mid at any instant', () => {
    const t = new Tape();
    [10, 10.2, 10.4, 10.6].forEach((m, i) => t.mid((i + 1) * 1_000, $(m)));
    expect(t.twap(1_000, 4_000)).toBe($(10.4)); // 10.2, 10.4, 10.6
    expect(t.twap(2_500, 2_900)).toBe($(10.2)); // no sample inside: the last before
    expect(t.midAt(3_500)).toBe($(10.4));
    expect(t.midAt(500)).toBeUndefined();
  });
});

describe('implementation shortfall (Perold 1988), hand-computed', () => {
  it('splits a partly filled buy into delay, execution, opportunity and fees', () => {
    // Decided at $100.00 for 1,000; trading began at $100.10; 800 filled at $100.20 average with
    // $4 of fees; the order ended with the mid at $100.50.
    const s = implementationShortfall({ side: 'buy', qty: 1_000, decisionPx: $(100), startPx: $(100.1), endPx: $(100.5), filledQty: 800, filledValue: 800 * $(100.2), fees: $(4) });
    expect(s.delay / 10_000).toBeCloseTo(80, 6); //        800 × 0.10
    expect(s.execution / 10_000).toBeCloseTo(80, 6); //    800 × 0.10
    expect(s.opportunity / 10_000).toBeCloseTo(100, 6); // 200 × 0.50
    expect(s.total / 10_000).toBeCloseTo(264, 6); //       80 + 80 + 100 + 4
    expect(s.bps.total).toBeCloseTo(26.4, 6); //          264 / 100,000
  });

  it('counts a sell the other way round: selling below the decision price is a cost', () => {
    // Decided to sell 500 at $50.00; started at $49.90; sold all at $49.85, earned a $1 rebate.
    const s = implementationShortfall({ side: 'sell', qty: 500, decisionPx: $(50), startPx: $(49.9), endPx: $(49), filledQty: 500, filledValue: 500 * $(49.85), fees: -$(1) });
    expect(s.delay / 10_000).toBeCloseTo(50, 6); //     500 × 0.10
    expect(s.execution / 10_000).toBeCloseTo(25, 6); // 500 × 0.05
    expect(s.opportunity).toBe(0); //                 nothing left
    expect(s.total / 10_000).toBeCloseTo(74, 6);
  });

  it('components always add up to the total, which equals paper against real (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('buy' as const, 'sell' as const),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        (side, qty, decisionPx, startPx, endPx, share, avgPx, fees) => {
          const filledQty = Math.floor(qty * share);
          const s = implementationShortfall({ side, qty, decisionPx, startPx, endPx, filledQty, filledValue: filledQty * avgPx, fees });
          const sign = side === 'buy' ? 1 : -1;
          const paperVsReal = sign * (filledQty * avgPx - filledQty * decisionPx) + sign * (endPx - decisionPx) * (qty - filledQty) + fees;
          // Sums of values up to ~10¹² price units × shares: compare relative to their size.
          const near = (a: number, b: number, scale: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));
          const size = Math.abs(s.delay) + Math.abs(s.execution) + Math.abs(s.opportunity) + Math.abs(s.fees);
          near(s.delay + s.execution + s.opportunity + s.fees, s.total, size);
          near(s.total, paperVsReal, size + Math.abs(paperVsReal));
          const sizeBps = Math.abs(s.bps.delay) + Math.abs(s.bps.execution) + Math.abs(s.bps.opportunity) + Math.abs(s.bps.fees);
          near(s.bps.delay + s.bps.execution + s.bps.opportunity + s.bps.fees, s.bps.total, sizeBps);
        },
      ),
    );
  });
});
