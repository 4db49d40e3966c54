import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SESSION_MS } from '../market/profile';
import { expectedVolume, implementationShortfall, pov, toWholeLots, twap, vwap } from './schedules';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('schedules in whole lots', () => {
  it('every schedule adds up exactly to the quantity, in lot multiples, never negative (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.constantFrom(1, 100), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 6 * 3600_000 }), (lots, lot, periods, start) => {
        const qty = lots * lot;
        const duration = Math.max(60_000, SESSION_MS - start);
        for (const s of [twap(qty, periods, lot), vwap(qty, periods, start, duration, lot), implementationShortfall({ X: qty, T: 1, N: periods, sigma: 0.5, eta: 2.5e-6, gamma: 2.5e-7, epsilon: 0.01, lambda: 1e-6 }, lot)]) {
          expect(s.holdings[0]).toBe(qty);
          expect(s.holdings[periods]).toBe(0);
          expect(sum(s.trades)).toBe(qty);
          for (const t of s.trades) expect(t >= 0 && t % lot === 0).toBe(true);
        }
      }),
    );
  });

  it('TWAP is even; VWAP follows the U-shaped profile', () => {
    expect(twap(1000, 4).trades).toEqual([250, 250, 250, 250]);
    const v = vwap(13_000, 13, 0, SESSION_MS);
    expect(v.trades[0]).toBeGreaterThan(1.8 * v.trades[6]);
    expect(v.trades[12]).toBeGreaterThan(1.5 * v.trades[6]);
    expect(expectedVolume(0, SESSION_MS)).toBeCloseTo(1, 3);
  });

  it('POV takes its share of expected volume and reports what the window leaves', () => {
    const p = pov(100_000, 13, 0, SESSION_MS, 1_000_000, 0.05);
    expect(p.trades[0]).toBe(Math.floor(0.05 * 1_000_000 * expectedVolume(0, SESSION_MS / 13)));
    expect(p.residual).toBe(100_000 - sum(p.trades));
    expect(p.residual).toBeGreaterThan(0); // 5 % of 1M is 50,000: half is left
    const done = pov(10_000, 13, 0, SESSION_MS, 1_000_000, 0.05);
    expect(done.residual).toBe(0);
    expect(sum(done.trades)).toBe(10_000);
  });

  it('rounding keeps the ends exact and never buys back', () => {
    expect(toWholeLots([1000, 666.6, 333.3, 0], 1000, 100)).toEqual([1000, 700, 300, 0]);
  });
});
