/** The small order: what a trader, basket, program or OMS asked for. */
export type Side = 'buy' | 'sell';
export type Urgency = 'low' | 'medium' | 'high' | 'critical';
export type OrderSource = 'ticket' | 'api' | 'basket' | 'fix';
export type OrderStatus = 'new' | 'cancelled';

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
  status: OrderStatus;
  filledQty: number;
  createdAt: number;
  updatedAt: number;
}
