import type { Instrument } from '../instruments';
import { SESSION_MS } from '../market/profile';
import type { Urgency } from '../orders/types';
import { ROUTING_LOGICS, type RoutingLogic } from '../routing/router';
import { optimalTrajectory } from './almgrenChriss';
import { acParamsFor } from './preview';
import { expectedVolume } from './schedules';
import { riskAversionFor } from './trilemma';

/**
 * A parent's plan: which strategy works it, over which window, in which child
 * sizes, and what happens to a residual at the end. Set by the desk when the
 * parent is created (from its orders' urgency), changed by the trader.
 */
export type StrategyName = 'twap' | 'vwap' | 'pov' | 'is';
export const STRATEGIES: readonly StrategyName[] = ['twap', 'vwap', 'pov', 'is'];
export type Placement = 'passive' | 'mid' | 'aggressive';

export interface ParentPlan {
  strategy: StrategyName;
  /** The window, engine time (ms since epoch). */
  startAt: number;
  endAt: number;
  /** Smallest and largest child order, shares (whole lots). */
  minSlice: number;
  maxSlice: number;
  /** At the end of the window: cross the spread to finish, or leave the residual. Unset: the trilemma decides. */
  endOfWindow?: 'finish' | 'leave';
  /** How children are routed: sequential, parallel or liquidity-seeking. Unset: the trilemma decides. */
  routing?: RoutingLogic;
  /** POV: target share of the volume printed since the start, and its floor and cap. */
  povRate?: number;
  povMin?: number;
  povMax?: number;
}

/** Default window length and strategy per urgency: the more urgent, the shorter and more front-loaded. */
export const URGENCY_DEFAULTS: Readonly<Record<Urgency, { strategy: StrategyName; horizonMs: number }>> = {
  low: { strategy: 'vwap', horizonMs: SESSION_MS },
  medium: { strategy: 'vwap', horizonMs: 90 * 60_000 },
  high: { strategy: 'is', horizonMs: 30 * 60_000 },
  critical: { strategy: 'is', horizonMs: 10 * 60_000 },
};

/** Last minute of the session: a window never runs into the close auction we do not simulate. */
const CLOSE_BUFFER_MS = 60_000;

export function defaultPlan(inst: Instrument, urgency: Urgency, now: number, open: number): ParentPlan {
  const d = URGENCY_DEFAULTS[urgency];
  const close = open + SESSION_MS - CLOSE_BUFFER_MS;
  const startAt = Math.min(Math.max(now, open), close - 60_000);
  const endAt = Math.min(startAt + d.horizonMs, close);
  const minSlice = Math.max(inst.lot, Math.ceil(100 / inst.lot) * inst.lot); // a round lot
  return { strategy: d.strategy, startAt, endAt, minSlice, maxSlice: Math.max(minSlice, maxSliceFor(inst)) };
}

/** Largest child by default: 0.2 % of daily volume, in whole lots — big enough to keep up, small enough to hide. */
export function maxSliceFor(inst: Instrument): number {
  return Math.max(inst.lot, Math.floor((inst.adv * 0.002) / inst.lot) * inst.lot);
}

/** A reason the plan cannot be worked, or undefined. */
export function validatePlan(plan: ParentPlan, inst: Instrument, now: number): string | undefined {
  if (!STRATEGIES.includes(plan.strategy)) return `strategy must be one of ${STRATEGIES.join(', ')}, not "${plan.strategy}"`;
  if (!Number.isFinite(plan.startAt) || !Number.isFinite(plan.endAt)) return 'start and end must be times';
  if (plan.endAt <= plan.startAt) return 'the window must end after it starts';
  if (plan.endAt <= now) return 'the window must end in the future';
  for (const k of ['minSlice', 'maxSlice'] as const) {
    const v = plan[k];
    if (!Number.isInteger(v) || v <= 0 || v % inst.lot !== 0) return `${k === 'minSlice' ? 'minimum' : 'maximum'} slice must be a positive whole number of ${inst.symbol} lots of ${inst.lot}, not ${v}`;
  }
  if (plan.minSlice > plan.maxSlice) return `minimum slice ${plan.minSlice} is above the maximum ${plan.maxSlice}`;
  if (plan.endOfWindow !== undefined && plan.endOfWindow !== 'finish' && plan.endOfWindow !== 'leave') return `end of window must be finish or leave, not "${plan.endOfWindow}"`;
  if (plan.routing !== undefined && !ROUTING_LOGICS.includes(plan.routing)) return `routing must be one of ${ROUTING_LOGICS.join(', ')}, not "${plan.routing}"`;
  for (const k of ['povRate', 'povMin', 'povMax'] as const) {
    const v = plan[k];
    if (v !== undefined && !(v > 0 && v < 1)) return `${k} must be a share of volume between 0 and 1 (exclusive), not ${v}`;
  }
  if (plan.povMin !== undefined && plan.povMax !== undefined && plan.povMin > plan.povMax) return 'POV floor is above its cap';
  return undefined;
}

/** Periods of the schedule: one a minute, at least one, at most one per decision we can make. */
export function periodsOf(plan: ParentPlan): number {
  return Math.max(1, Math.min(390, Math.round((plan.endAt - plan.startAt) / 60_000)));
}

/**
 * The planned share of the parent done at each of the N+1 period boundaries
 * (0 … 1), for time-driven strategies. IS uses the Almgren–Chriss closed form
 * for the instrument's calibration (preview.ts) with λ set from the urgency κT,
 * so the curve is x_j / X = 1 − sinh(κ(T − t_j)) / sinh(κT). POV has no time
 * curve: its plan follows the volume that actually prints.
 */
export function plannedCurve(plan: ParentPlan, inst: Instrument, open: number, urgencyKT: number, pricePx: number, spreadPx: number): number[] {
  const n = periodsOf(plan);
  const span = plan.endAt - plan.startAt;
  switch (plan.strategy) {
    case 'twap':
    case 'pov':
      return Array.from({ length: n + 1 }, (_, j) => j / n);
    case 'vwap': {
      const from = plan.startAt - open;
      const w = Array.from({ length: n }, (_, k) => expectedVolume(from + (k * span) / n, from + ((k + 1) * span) / n));
      const total = w.reduce((a, b) => a + b, 0);
      // Outside the session there is no profile: fall back to the straight line.
      if (!(total > 0)) return Array.from({ length: n + 1 }, (_, j) => j / n);
      const curve = [0];
      for (const x of w) curve.push(curve[curve.length - 1] + x / total);
      curve[n] = 1;
      return curve;
    }
    case 'is': {
      const days = span / SESSION_MS;
      const base = acParamsFor(inst, pricePx, spreadPx, 1, days, n, 0);
      const etaTilde = base.eta - (base.gamma * (days / n)) / 2;
      const lambda = riskAversionFor(urgencyKT, base.sigma, etaTilde, days, n);
      const t = optimalTrajectory({ ...base, lambda });
      return t.holdings.map((x) => 1 - x);
    }
  }
}

/** The planned share done at time t: linear within a period, 0 before the start, 1 after the end. */
export function plannedFraction(curve: readonly number[], plan: ParentPlan, t: number): number {
  if (t <= plan.startAt) return 0;
  if (t >= plan.endAt) return 1;
  const n = curve.length - 1;
  const x = ((t - plan.startAt) / (plan.endAt - plan.startAt)) * n;
  const j = Math.floor(x);
  return curve[j] + (curve[j + 1] - curve[j]) * (x - j);
}
