import { intradayRate, SESSION_MS } from '../market/profile';
import { optimalTrajectory, costOf, type AcParams } from './almgrenChriss';

/**
 * Planned schedules for a parent: how many shares to hold at each period
 * boundary. Every schedule here is in whole lots and adds up exactly to the
 * quantity: holdings are rounded cumulatively, so each slice is a lot multiple
 * and nothing is lost or invented by rounding.
 */
export interface Schedule {
  strategy: 'twap' | 'vwap' | 'pov' | 'is';
  /** Shares still to trade at each of the N+1 boundaries: holdings[0] = qty, holdings[N] = 0 (unless POV cannot finish). */
  holdings: number[];
  /** The N slices. */
  trades: number[];
}

/** Rounds a decreasing path from `qty` to whole lots, keeping both ends exact. */
export function toWholeLots(exact: readonly number[], qty: number, lot: number): number[] {
  const lots = exact.map((x, j) => (j === 0 ? qty : j === exact.length - 1 && exact[j] === 0 ? 0 : Math.round(x / lot) * lot));
  for (let j = 1; j < lots.length; j++) lots[j] = Math.min(lots[j], lots[j - 1]); // never buy back
  return lots;
}

const slices = (holdings: readonly number[]) => holdings.slice(1).map((x, j) => holdings[j] - x);

/** Equal slices in time. */
export function twap(qty: number, periods: number, lot = 1): Schedule {
  const exact = Array.from({ length: periods + 1 }, (_, j) => qty * (1 - j / periods));
  const holdings = toWholeLots(exact, qty, lot);
  return { strategy: 'twap', holdings, trades: slices(holdings) };
}

/**
 * Slices in proportion to the expected intraday volume over each period
 * (engine/market/profile.ts), for a window starting `startMs` after the open and
 * lasting `durationMs`.
 */
export function vwap(qty: number, periods: number, startMs: number, durationMs: number, lot = 1): Schedule {
  const weights = Array.from({ length: periods }, (_, k) => expectedVolume(startMs + (k * durationMs) / periods, startMs + ((k + 1) * durationMs) / periods));
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = [qty];
  for (const w of weights) exact.push(exact[exact.length - 1] - (qty * w) / total);
  exact[periods] = 0;
  const holdings = toWholeLots(exact, qty, lot);
  return { strategy: 'vwap', holdings, trades: slices(holdings) };
}

/**
 * Participation: a target share of the volume expected in each period, bounded by
 * [minRate, maxRate] of it; it stops when the quantity is done and says what is
 * left if the window ends first.
 */
export function pov(qty: number, periods: number, startMs: number, durationMs: number, adv: number, rate: number, lot = 1): Schedule & { residual: number } {
  const holdings = [qty];
  for (let k = 0; k < periods; k++) {
    const expected = adv * expectedVolume(startMs + (k * durationMs) / periods, startMs + ((k + 1) * durationMs) / periods);
    const want = Math.floor((rate * expected) / lot) * lot;
    holdings.push(Math.max(0, holdings[k] - want));
  }
  return { strategy: 'pov', holdings, trades: slices(holdings), residual: holdings[periods] };
}

/** Almgren–Chriss implementation shortfall, rounded to whole lots; E and V for the exact trajectory and for the rounded one. */
export function implementationShortfall(p: AcParams, lot = 1): Schedule & { exactHoldings: number[]; expectedCost: number; variance: number; rounded: { expectedCost: number; variance: number } } {
  const t = optimalTrajectory(p);
  const holdings = toWholeLots(t.holdings, p.X, lot);
  return { strategy: 'is', holdings, trades: slices(holdings), exactHoldings: t.holdings, expectedCost: t.expectedCost, variance: t.variance, rounded: costOf(p, holdings) };
}

/** Share of a day's volume expected between two times (ms after the open). */
export function expectedVolume(fromMs: number, toMs: number): number {
  const steps = 50;
  let sum = 0;
  const from = Math.max(0, fromMs);
  const to = Math.min(SESSION_MS, toMs);
  if (to <= from) return 0;
  for (let s = 0; s < steps; s++) sum += intradayRate(from + ((s + 0.5) * (to - from)) / steps);
  return ((sum / steps) * (to - from)) / SESSION_MS;
}
