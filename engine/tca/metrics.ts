import type { Side } from '../orders/types';

/**
 * Transaction cost metrics, pure. Prices are price units (10,000 per $); money
 * is price units × shares until a report converts it.
 *
 * Slippage against a benchmark is in basis points of the benchmark and signed so
 * that positive is better than the benchmark, for buys and for sells alike:
 *   buy:  (benchmark − average price) / benchmark × 10,000
 *   sell: (average price − benchmark) / benchmark × 10,000
 */
export function slippageBps(side: Side, avgPx: number, benchmarkPx: number): number {
  const s = side === 'buy' ? 1 : -1;
  return (s * (benchmarkPx - avgPx) * 10_000) / benchmarkPx;
}

/** Quantity-weighted mean of slippages (totals weight each line by its quantity). */
export function weightedBps(lines: ReadonlyArray<{ qty: number; bps: number | null | undefined }>): number | null {
  let q = 0;
  let sum = 0;
  for (const l of lines)
    if (l.bps !== null && l.bps !== undefined && l.qty > 0) {
      q += l.qty;
      sum += l.qty * l.bps;
    }
  return q > 0 ? sum / q : null;
}

export interface ShortfallInput {
  side: Side;
  /** The paper portfolio: the whole order, at the decision price. */
  qty: number;
  /** Mid when the decision was made (the order's arrival). */
  decisionPx: number;
  /** Mid when trading started (the first child order, or the first fill when crossed at once). */
  startPx: number;
  /** Mid when the order ended (completed, cancelled, or now): the price of what was not done. */
  endPx: number;
  filledQty: number;
  /** Σ price × quantity of the fills. */
  filledValue: number;
  /** Explicit fees paid (negative: rebates received), price units × shares. */
  fees: number;
}

/**
 * Implementation shortfall after Perold (1988): what the real order cost against
 * a paper order that filled entirely at the decision price. Positive is a cost.
 *   delay        = s × (start − decision) × filled      the move before we began
 *   execution    = s × (Σ px × q − start × filled)       the price paid against the start
 *   opportunity  = s × (end − decision) × unfilled       what not doing the rest cost
 *   fees         = explicit fees
 *   total        = delay + execution + opportunity + fees
 *                = s × (Σ px × q − decision × filled) + s × (end − decision) × unfilled + fees
 * Basis points are of the paper notional, qty × decision price.
 */
export interface Shortfall {
  delay: number;
  execution: number;
  opportunity: number;
  fees: number;
  total: number;
  /** The same, in bps of the paper notional. */
  bps: { delay: number; execution: number; opportunity: number; fees: number; total: number };
}

export function implementationShortfall(i: ShortfallInput): Shortfall {
  const s = i.side === 'buy' ? 1 : -1;
  const unfilled = i.qty - i.filledQty;
  const delay = s * (i.startPx - i.decisionPx) * i.filledQty;
  const execution = s * (i.filledValue - i.startPx * i.filledQty);
  const opportunity = s * (i.endPx - i.decisionPx) * unfilled;
  const total = delay + execution + opportunity + i.fees;
  const paper = i.qty * i.decisionPx;
  const bps = (x: number) => (paper > 0 ? (x * 10_000) / paper : 0);
  return { delay, execution, opportunity, fees: i.fees, total, bps: { delay: bps(delay), execution: bps(execution), opportunity: bps(opportunity), fees: bps(i.fees), total: bps(total) } };
}
