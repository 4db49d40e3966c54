import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_INSTRUMENTS } from '../instruments';
import { optimalTrajectory } from './almgrenChriss';
import { acParamsFor } from './preview';
import { defaultPlan, periodsOf, plannedCurve, plannedFraction } from './plan';
import { riskAversionFor } from './trilemma';
import { SESSION_MS } from '../market/profile';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const aapl = DEFAULT_INSTRUMENTS.find((i) => i.symbol === 'AAPL')!;

describe('planned curves', () => {
  it('IS follows the Almgren–Chriss closed form for the instrument’s calibration', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 6, noNaN: true }), fc.integer({ min: 5, max: 120 }), (kt, minutes) => {
        const plan = { ...defaultPlan(aapl, 'high', OPEN + 3_600_000, OPEN), strategy: 'is' as const };
        plan.endAt = plan.startAt + minutes * 60_000;
        const n = periodsOf(plan);
        const curve = plannedCurve(plan, aapl, OPEN, kt, aapl.refPx, aapl.tick);
        const days = (plan.endAt - plan.startAt) / SESSION_MS;
        const base = acParamsFor(aapl, aapl.refPx, aapl.tick, 10_000, days, n, 0);
        const lambda = riskAversionFor(kt, base.sigma, base.eta - (base.gamma * (days / n)) / 2, days, n);
        const exact = optimalTrajectory({ ...base, lambda }).holdings.map((x) => 1 - x / 10_000);
        curve.forEach((f, j) => expect(f).toBeCloseTo(exact[j], 9));
        // Front-loaded: never behind the straight line.
        curve.forEach((f, j) => expect(f).toBeGreaterThanOrEqual(j / n - 1e-12));
      }),
    );
  });

  it('as urgency (and so risk aversion) goes to zero, IS becomes TWAP', () => {
    const plan = { ...defaultPlan(aapl, 'high', OPEN + 3_600_000, OPEN), strategy: 'is' as const };
    const curve = plannedCurve(plan, aapl, OPEN, 1e-9, aapl.refPx, aapl.tick);
    const n = curve.length - 1;
    curve.forEach((f, j) => expect(f).toBeCloseTo(j / n, 9));
  });

  it('VWAP follows the U-shaped volume profile; every curve runs 0 → 1 and never backwards', () => {
    const plan = { ...defaultPlan(aapl, 'low', OPEN, OPEN), strategy: 'vwap' as const };
    const curve = plannedCurve(plan, aapl, OPEN, 1, aapl.refPx, aapl.tick);
    expect(curve[0]).toBe(0);
    expect(curve[curve.length - 1]).toBe(1);
    for (let j = 1; j < curve.length; j++) expect(curve[j]).toBeGreaterThanOrEqual(curve[j - 1]);
    // More in the first half hour than in a half hour at midday.
    const n = curve.length - 1;
    const at = (h: number) => Math.round((h / 6.5) * n);
    expect(curve[at(0.5)] - curve[0]).toBeGreaterThan(curve[at(3.5)] - curve[at(3)]);
    expect(plannedFraction(curve, plan, plan.startAt - 1)).toBe(0);
    expect(plannedFraction(curve, plan, plan.endAt)).toBe(1);
  });
});
