import type { OrderSource, Side, SmallOrder, Urgency } from './orders/types';
import type { VenueStatus } from './market/venues';
import type { RiskLimits, RiskRule } from './risk/riskBook';

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

export type CancelRejectCode = 'UNKNOWN_ORDER' | 'ORDER_FINISHED' | 'BAD_AMEND';

export interface OrderAccepted {
  type: 'OrderAccepted';
  order: Omit<SmallOrder, 'status' | 'filledQty' | 'filledValue' | 'crossedQty' | 'parentId' | 'updatedAt'>;
}

export interface OrderRejected {
  type: 'OrderRejected';
  basketId?: string;
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

export interface OrderAmended {
  type: 'OrderAmended';
  orderId: string;
  /** The new total quantity (filled included). */
  qty: number;
  /** The new limit in price units; null for none. */
  limitPx: number | null;
  by: string;
}

/** A cancel or an amend refused — like FIX's OrderCancelReject (35=9), which answers both. */
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

/** A new parent order: compatible small orders (same grouping key) are worked together. */
export interface ParentCreated {
  type: 'ParentCreated';
  parentId: string;
  symbol: string;
  side: Side;
  /** The grouping key (engine/aggregation/grouping.ts) and why it groups. */
  key: string;
  reason: string;
}

export interface OrderJoinedParent {
  type: 'OrderJoinedParent';
  orderId: string;
  parentId: string;
  /** Quantity the order brings to the parent (what was left after crossing). */
  qty: number;
}

/** Opposing small orders crossed inside the desk at the NBBO midpoint; nothing went to market. */
export interface InternalCross {
  type: 'InternalCross';
  crossId: string;
  symbol: string;
  qty: number;
  /** Price units. */
  px: number;
  buyOrderId: string;
  sellOrderId: string;
  /** Dollars both sides saved against crossing the spread on a lit venue: qty × spread. */
  spreadSaved: number;
  /** Dollars of taker fees both sides did not pay. */
  feesSaved: number;
}

/** Every constituent of a parent is filled or cancelled. */
export interface ParentCompleted {
  type: 'ParentCompleted';
  parentId: string;
}

export interface KillSwitchSet {
  type: 'KillSwitchSet';
  scope: 'desk' | 'user' | 'symbol';
  /** User or symbol; empty for the desk. */
  target: string;
  on: boolean;
  by: string;
  reason: string;
}

export interface RestrictedListChanged {
  type: 'RestrictedListChanged';
  symbol: string;
  restricted: boolean;
  by: string;
  reason: string;
}

export interface RiskLimitsChanged {
  type: 'RiskLimitsChanged';
  /** The complete limits in force from now on. */
  limits: RiskLimits;
  by: string;
  reason: string;
}

/** A basket arrived: one message for the throttle, however many lines. */
export interface BasketReceived {
  type: 'BasketReceived';
  basketId: string;
  name: string;
  owner: string;
  lines: number;
}

export type EventBody =
  | OrderAccepted
  | OrderRejected
  | OrderCancelled
  | OrderAmended
  | CancelRejected
  | VenueStatusChanged
  | CommandRejected
  | ParentCreated
  | OrderJoinedParent
  | InternalCross
  | ParentCompleted
  | BasketReceived
  | KillSwitchSet
  | RestrictedListChanged
  | RiskLimitsChanged;
export type EngineEvent = EventBody & { seq: number; ts: number };
