import type { OrderSource, Side, SmallOrder, Urgency } from './orders/types';
import type { VenueStatus } from './market/venues';
import type { RiskRule } from './risk/riskBook';

/**
 * Everything that happened, in the order it happened. State is a fold of these;
 * the journal stores them before anyone sees them. `seq` is the journal's
 * global sequence number, `ts` engine time in ms.
 */
export type RejectCode =
  | 'UNKNOWN_INSTRUMENT'
  | 'BAD_QUANTITY'
  | 'NOT_LOT_MULTIPLE'
  | 'OFF_TICK'
  | 'BAD_PRICE'
  | 'DUPLICATE_CLORDID'
  | 'BAD_FIELD'
  | RiskRule;

export type CancelRejectCode = 'UNKNOWN_ORDER' | 'ORDER_FINISHED';

export interface OrderAccepted {
  type: 'OrderAccepted';
  order: Omit<SmallOrder, 'status' | 'filledQty' | 'updatedAt'>;
}

export interface OrderRejected {
  type: 'OrderRejected';
  clOrdId: string;
  owner: string;
  source: OrderSource;
  symbol: string;
  side: Side | string;
  qty: number;
  limitPx?: number;
  urgency: Urgency | string;
  code: RejectCode;
  reason: string;
}

export interface OrderCancelled {
  type: 'OrderCancelled';
  orderId: string;
  by: string;
  reason?: string;
}

export interface CancelRejected {
  type: 'CancelRejected';
  orderId: string;
  by: string;
  code: CancelRejectCode;
  reason: string;
}

export interface VenueStatusChanged {
  type: 'VenueStatusChanged';
  venue: string;
  status: VenueStatus;
  by: string;
  reason: string;
}

/** A command refused as a whole (bad venue, bad status…), kept for the audit trail. */
export interface CommandRejected {
  type: 'CommandRejected';
  command: string;
  by: string;
  reason: string;
}

export type EventBody = OrderAccepted | OrderRejected | OrderCancelled | CancelRejected | VenueStatusChanged | CommandRejected;
export type EngineEvent = EventBody & { seq: number; ts: number };
