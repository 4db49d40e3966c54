import type { Side, Urgency } from '../orders/types';

/**
 * The grouping rule: which small orders may share a parent order.
 *
 * Two orders are compatible when they have the same instrument, the same side,
 * the same urgency, the same price sensitivity and the same preferred strategy
 * (or none). Price sensitivity classes a limit by how far it sits from the
 * reference price at arrival, measured in the order's own favour:
 *   - `market`: no limit, or a limit at least 25 bps through the reference — price is not the constraint;
 *   - `near`:   within 50 bps on the passive side up to 25 bps through — wants to trade around here;
 *   - `far`:    more than 50 bps away on the passive side — opportunistic, waits for the price to come.
 * Different limits inside one class are fine: allocation never fills an order
 * through its own limit.
 */
export type PriceClass = 'market' | 'near' | 'far';

export interface Intent {
  key: string;
  priceClass: PriceClass;
  /** Why orders with this key are grouped, in words a trader reads on the Parents page. */
  reason: string;
}

export const NEAR_PASSIVE_BPS = 50;
export const MARKETABLE_BPS = 25;

export function intentOf(
  order: { symbol: string; side: Side; urgency: Urgency; limitPx?: number; strategy?: string },
  refPx: number,
): Intent {
  const priceClass = classify(order.side, order.limitPx, refPx);
  const strategy = order.strategy ?? 'desk choice';
  const sensitivity =
    priceClass === 'market'
      ? 'price-insensitive (market or deep limit)'
      : priceClass === 'near'
        ? `limit near the market (within ${NEAR_PASSIVE_BPS} bps)`
        : `limit far from the market (over ${NEAR_PASSIVE_BPS} bps passive)`;
  return {
    key: [order.symbol, order.side, order.urgency, priceClass, strategy].join('|'),
    priceClass,
    reason: `${order.side} ${order.symbol}, ${order.urgency} urgency, ${sensitivity}, strategy: ${strategy}`,
  };
}

function classify(side: Side, limitPx: number | undefined, refPx: number): PriceClass {
  if (limitPx === undefined) return 'market';
  // Positive = the limit is on the aggressive side of the reference (willing to pay up / sell down).
  const bps = ((limitPx - refPx) / refPx) * 10_000 * (side === 'buy' ? 1 : -1);
  if (bps >= MARKETABLE_BPS) return 'market';
  if (bps >= -NEAR_PASSIVE_BPS) return 'near';
  return 'far';
}
