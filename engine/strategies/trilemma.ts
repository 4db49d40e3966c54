import type { Urgency } from '../orders/types';
import type { RoutingLogic } from '../routing/router';

/**
 * The trilemma: every parent carries a point on the triangle market impact /
 * market risk / completion certainty — three weights summing to 1, saying what
 * the trader fears most. One function, `parametersFor`, turns the point into
 * strategy parameters; urgency levels are presets on the triangle.
 */
export interface TrilemmaPoint {
  impact: number;
  risk: number;
  completion: number;
}

export interface StrategyParameters {
  /**
   * Almgren–Chriss urgency κT (dimensionless): 0 is the straight line, larger
   * front-loads. Scale-free, so it means the same for any size or price; the IS
   * strategy derives its risk aversion λ from it and the parent's σ, η̃ and τ.
   */
  urgencyKT: number;
  /** Largest share of market volume to take in any period. */
  participationCap: number;
  /** Share of each slice placed passively (posted), the rest midpoint or aggressive. */
  passivity: number;
  /** Share of a shortfall against schedule to make up at each decision (0 waits, 1 catches up at once). */
  catchUp: number;
  /** At the end of the window: cross the spread to finish, or leave the residual. */
  endOfWindow: 'finish' | 'leave';
  /** How children are routed unless the plan says otherwise. */
  routing: RoutingLogic;
}

export const URGENCY_PRESETS: Readonly<Record<Urgency, TrilemmaPoint>> = {
  low: { impact: 0.6, risk: 0.2, completion: 0.2 },
  medium: { impact: 0.4, risk: 0.3, completion: 0.3 },
  high: { impact: 0.2, risk: 0.4, completion: 0.4 },
  critical: { impact: 0.05, risk: 0.35, completion: 0.6 },
};

/** A reason the point is not on the triangle, or undefined. */
export function validatePoint(p: TrilemmaPoint): string | undefined {
  for (const k of ['impact', 'risk', 'completion'] as const) if (!Number.isFinite(p[k]) || p[k] < 0 || p[k] > 1) return `${k} weight must be between 0 and 1, not ${p[k]}`;
  const sum = p.impact + p.risk + p.completion;
  if (Math.abs(sum - 1) > 1e-9) return `the three weights must sum to 1, not ${Number(sum.toFixed(6))}`;
  return undefined;
}

/**
 * The one mapping (documented in docs/strategies.md):
 *   risk weight       → κT = 0.2 + 6 × risk              (more fear of drift, trade sooner)
 *   impact weight     → participation cap = 30 % − 27 % × impact, passivity = 20 % + 70 % × impact
 *   completion weight → catch-up = 20 % + 80 % × completion; finish at the end when completion ≥ ⅓
 *   routing           → liquidity-seeking when impact ≥ 0.4 (hide in dark pools and queues), else
 *                       parallel when completion ≥ 0.5 (sweep everything at once), else sequential
 */
export function parametersFor(p: TrilemmaPoint): StrategyParameters {
  const err = validatePoint(p);
  if (err) throw new Error(err);
  return {
    urgencyKT: 0.2 + 6 * p.risk,
    participationCap: 0.3 - 0.27 * p.impact,
    passivity: 0.2 + 0.7 * p.impact,
    catchUp: 0.2 + 0.8 * p.completion,
    endOfWindow: p.completion >= 1 / 3 - 1e-12 ? 'finish' : 'leave',
    routing: p.impact >= 0.4 - 1e-12 ? 'seeking' : p.completion >= 0.5 - 1e-12 ? 'parallel' : 'sequential',
  };
}

/**
 * λ (per $) that gives the urgency κT for a parent: from (2/τ²)(cosh κτ − 1) = λσ²/η̃.
 * σ in $/share/day^½, η̃ in ($/share)/(share/day), T in days over N periods.
 */
export function riskAversionFor(urgencyKT: number, sigma: number, etaTilde: number, T: number, N: number): number {
  if (!(sigma > 0)) return 0;
  const tau = T / N;
  const kappa = urgencyKT / T;
  return ((2 / (tau * tau)) * (Math.cosh(kappa * tau) - 1) * etaTilde) / (sigma * sigma);
}
