import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kappaOf } from './almgrenChriss';
import { parametersFor, riskAversionFor, URGENCY_PRESETS, validatePoint } from './trilemma';

const arbPoint = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .filter(([a, b, c]) => a + b + c > 1e-6)
  .map(([a, b, c]) => {
    const s = a + b + c;
    const impact = a / s;
    const risk = b / s;
    return { impact, risk, completion: Math.max(0, 1 - impact - risk) };
  });

describe('the trilemma', () => {
  it('urgency presets are points on the triangle, from patient to urgent', () => {
    for (const p of Object.values(URGENCY_PRESETS)) expect(validatePoint(p)).toBeUndefined();
    const [low, medium, high, critical] = (['low', 'medium', 'high', 'critical'] as const).map((u) => parametersFor(URGENCY_PRESETS[u]));
    expect(low.participationCap).toBeLessThan(medium.participationCap);
    expect(medium.participationCap).toBeLessThan(high.participationCap);
    expect(high.participationCap).toBeLessThan(critical.participationCap);
    expect(low.endOfWindow).toBe('leave');
    expect(critical.endOfWindow).toBe('finish');
    expect(critical.catchUp).toBeGreaterThan(low.catchUp);
  });

  it('more weight on a fear moves its parameters the documented way (property)', () => {
    fc.assert(
      fc.property(arbPoint, fc.double({ min: 0.01, max: 0.2, noNaN: true }), (p, d) => {
        const base = parametersFor(p);
        // Shift weight from completion to risk: trade sooner.
        if (p.completion >= d) expect(parametersFor({ ...p, risk: p.risk + d, completion: p.completion - d }).urgencyKT).toBeGreaterThan(base.urgencyKT);
        // Shift weight from risk to impact: smaller cap, more passive.
        if (p.risk >= d) {
          const q = parametersFor({ ...p, impact: p.impact + d, risk: p.risk - d });
          expect(q.participationCap).toBeLessThan(base.participationCap);
          expect(q.passivity).toBeGreaterThan(base.passivity);
        }
        for (const v of [base.participationCap, base.passivity, base.catchUp]) expect(v > 0 && v <= 1).toBe(true);
      }),
    );
  });

  it('refuses a point off the triangle', () => {
    expect(validatePoint({ impact: 0.5, risk: 0.5, completion: 0.5 })).toBe('the three weights must sum to 1, not 1.5');
    expect(() => parametersFor({ impact: -0.1, risk: 0.6, completion: 0.5 })).toThrow('impact weight must be between 0 and 1, not -0.1');
  });

  it('the risk aversion it derives gives back the urgency κT', () => {
    const [sigma, eta, gamma, T, N] = [0.95, 2.5e-6, 2.5e-7, 5, 5];
    const etaTilde = eta - (gamma * (T / N)) / 2;
    const lambda = riskAversionFor(2.5, sigma, etaTilde, T, N);
    expect(kappaOf({ X: 1e6, T, N, sigma, eta, gamma, epsilon: 0, lambda }) * T).toBeCloseTo(2.5, 9);
  });
});
