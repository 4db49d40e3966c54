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

type Groupable = { symbol: string; side: Side; urgency: Urgency; limitPx?: number; strategy?: string };

export function intentOf(order: Groupable, refPx: number): Intent {
  const priceClass = priceClassOf(order.side, order.limitPx, refPx);
  return { key: groupKey(order, priceClass), priceClass, reason: groupReason(order, priceClass) };
}

// intentOf in parts, for the intake hot path: every order needs its key to find its
// parent, but only the first order of a parent needs the reason in words.

export function groupKey(order: Groupable, priceClass: PriceClass): string {
  // Without a strategy a symbol has only 2 × 4 × 3 keys: build each once and hand out the same
  // string, so the parent lookup each order makes neither allocates nor rehashes a key.
  const i = ((order.side === 'buy' ? 0 : order.side === 'sell' ? 1 : NaN) * 4 + urgencyNo(order.urgency)) * 3 + (priceClass === 'market' ? 0 : priceClass === 'near' ? 1 : 2);
  if (order.strategy !== undefined || !(i >= 0)) return buildKey(order, priceClass);
  let keys = KEYS.get(order.symbol);
  if (!keys) KEYS.set(order.symbol, (keys = []));
  return (keys[i] ??= buildKey(order, priceClass));
}

const buildKey = (order: Groupable, priceClass: PriceClass) => `${order.symbol}|${order.side}|${order.urgency}|${priceClass}|${order.strategy ?? 'desk choice'}`;

const KEYS = new Map<string, string[]>();
// Compares rather than lookups in a record by name: a keyed load whose key changes from order to order goes megamorphic.
const urgencyNo = (u: Urgency): number => (u === 'low' ? 0 : u === 'medium' ? 1 : u === 'high' ? 2 : u === 'critical' ? 3 : NaN);

export function groupReason(order: Groupable, priceClass: PriceClass): string {
  const sensitivity =
    priceClass === 'market'
      ? 'price-insensitive (market or deep limit)'
      : priceClass === 'near'
        ? `limit near the market (within ${NEAR_PASSIVE_BPS} bps)`
        : `limit far from the market (over ${NEAR_PASSIVE_BPS} bps passive)`;
  return `${order.side} ${order.symbol}, ${order.urgency} urgency, ${sensitivity}, strategy: ${order.strategy ?? 'desk choice'}`;
}

export function priceClassOf(side: Side, limitPx: number | undefined, refPx: number): PriceClass {
  if (limitPx === undefined) return 'market';
  // Positive = the limit is on the aggressive side of the reference (willing to pay up / sell down).
  const bps = ((limitPx - refPx) / refPx) * 10_000 * (side === 'buy' ? 1 : -1);
  if (bps >= MARKETABLE_BPS) return 'market';
  if (bps >= -NEAR_PASSIVE_BPS) return 'near';
  return 'far';
}
