import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closedFormCost, costOf, efficientFrontier, kappaOf, optimalTrajectory, type AcParams } from './almgrenChriss';

// The paper's worked example (section 3): 1,000,000 shares over 5 days in 5 periods, S0 = 50,
// 30 % annual volatility → σ = 0.95 $/share/day^½, ε = 0.0625, η = 2.5e-6, γ = 2.5e-7, λ = 1e-6.
const paper: AcParams = { X: 1_000_000, T: 5, N: 5, sigma: 0.95, eta: 2.5e-6, gamma: 2.5e-7, epsilon: 0.0625, lambda: 1e-6 };

describe('Almgren–Chriss optimal trajectory', () => {
  it('starts at X, ends at 0, trades add up to X, and decreases monotonically', () => {
    const t = optimalTrajectory(paper);
    expect(t.holdings).toHaveLength(6);
    expect(t.holdings[0]).toBe(1_000_000);
    expect(t.holdings[5]).toBe(0);
    expect(t.trades.reduce((a, b) => a + b, 0)).toBeCloseTo(1_000_000, 6);
    for (let j = 1; j < t.holdings.length; j++) expect(t.holdings[j]).toBeLessThan(t.holdings[j - 1]);
  });

  it('κ solves (2/τ²)(cosh κτ − 1) = λσ²/η̃', () => {
    const k = kappaOf(paper);
    const tau = paper.T / paper.N;
    const etaTilde = paper.eta - (paper.gamma * tau) / 2;
    expect((2 / tau ** 2) * (Math.cosh(k * tau) - 1)).toBeCloseTo((paper.lambda * paper.sigma ** 2) / etaTilde, 12);
  });

  it('matches x_j = X sinh(κ(T − t_j)) / sinh(κT) and the closed-form E and V', () => {
    const t = optimalTrajectory(paper);
    for (let j = 0; j <= 5; j++) expect(t.holdings[j]).toBeCloseTo((paper.X * Math.sinh(t.kappa * (5 - j))) / Math.sinh(t.kappa * 5), 6);
    const cf = closedFormCost(paper);
    expect(t.expectedCost / cf.expectedCost).toBeCloseTo(1, 10);
    expect(t.variance / cf.variance).toBeCloseTo(1, 10);
  });

  it('risk aversion → 0 gives TWAP, the straight line', () => {
    const t = optimalTrajectory({ ...paper, lambda: 0 });
    expect(t.holdings).toEqual([1_000_000, 800_000, 600_000, 400_000, 200_000, 0].map((x) => expect.closeTo(x, 6)));
    const tiny = optimalTrajectory({ ...paper, lambda: 1e-14 });
    tiny.holdings.forEach((x, j) => expect(Math.abs(x - 1_000_000 * (1 - j / 5))).toBeLessThan(1));
  });

  it('is optimal: no nearby trajectory has a lower E + λV (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: -0.05, max: 0.05, noNaN: true }), (j, bump) => {
        const t = optimalTrajectory(paper);
        const other = [...t.holdings];
        other[j] += bump * paper.X;
        const u = (h: readonly number[]) => {
          const c = costOf(paper, h);
          return c.expectedCost + paper.lambda * c.variance;
        };
        expect(u(other)).toBeGreaterThanOrEqual(u(t.holdings) - 1e-6 * u(t.holdings));
      }),
    );
  });

  it('the frontier trades expected cost for risk: more aversion, less variance, more cost', () => {
    const f = efficientFrontier(paper, [0, 1e-7, 1e-6, 1e-5]);
    for (let i = 1; i < f.length; i++) {
      expect(f[i].stdDev).toBeLessThan(f[i - 1].stdDev);
      expect(f[i].expectedCost).toBeGreaterThan(f[i - 1].expectedCost);
    }
  });

  it('refuses parameters outside the model with a reason', () => {
    expect(() => optimalTrajectory({ ...paper, N: 0 })).toThrow('periods must be a whole number ≥ 1');
    expect(() => optimalTrajectory({ ...paper, gamma: 1 })).toThrow(/η̃ = η − γτ\/2 must be positive/);
    expect(() => optimalTrajectory({ ...paper, lambda: -1 })).toThrow('lambda must be a finite number ≥ 0');
  });
});
