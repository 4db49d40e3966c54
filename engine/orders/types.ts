/** The small order: what a trader, basket, program or OMS asked for. */
export type Side = 'buy' | 'sell';
export type Urgency = 'low' | 'medium' | 'high' | 'critical';
export type OrderSource = 'ticket' | 'api' | 'basket' | 'fix';
/** new: accepted, nothing filled; partial: some filled; filled and cancelled are final. */
export type OrderStatus = 'new' | 'partial' | 'filled' | 'cancelled';

export const SIDES: readonly Side[] = ['buy', 'sell'];
export const URGENCIES: readonly Urgency[] = ['low', 'medium', 'high', 'critical'];
export const SOURCES: readonly OrderSource[] = ['ticket', 'api', 'basket', 'fix'];

export interface SmallOrder {
  orderId: string;
  clOrdId: string;
  owner: string;
  desk: string;
  source: OrderSource;
  symbol: string;
  side: Side;
  qty: number;
  /** Limit in price units (see instruments.ts), or undefined for a market order. */
  limitPx?: number;
  urgency: Urgency;
  /** Dollars counted against credit at acceptance: qty × (limit, or the reference price then). */
  notional: number;
  /**
   * The mid (price units) when the desk accepted it: the arrival benchmark of TCA.
   * Absent in journals written before it was recorded, and without a market.
   */
  arrivalPx?: number;
  status: OrderStatus;
  filledQty: number;
  /** Σ fill price × quantity, price units × shares: average price = filledValue / filledQty. */
  filledValue: number;
  /** Of filledQty, how much was crossed internally. */
  crossedQty: number;
  /** The basket this order came in, if any. */
  basketId?: string;
  /** The parent working this order's remainder, once it joined one. */
  parentId?: string;
  /** A cancel or amend waiting for the parent's children to come back from the venues. */
  pendingChange?: { change: 'cancel' | 'amend'; qty?: number; limitPx?: number | null; by: string; reason?: string };
  createdAt: number;
  updatedAt: number;
}
