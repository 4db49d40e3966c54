import type { OrderSource, Side, SmallOrder, Urgency } from './orders/types';
import type { VenueStatus } from './market/venues';
import type { RiskLimits, RiskRule } from './risk/riskBook';
import type { RoutingLogic } from './routing/router';
import type { ParentPlan, Placement } from './strategies/plan';
import type { TrilemmaPoint } from './strategies/trilemma';

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
  /** The mid (price units) when the parent was created: its arrival (decision) price for TCA. */
  arrivalPx?: number;
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

/** How a parent is worked: the strategy and its window, slice bounds and end-of-window policy. */
export interface StrategySet {
  type: 'StrategySet';
  parentId: string;
  plan: ParentPlan;
  by: string;
}

/** The trader's point on the trilemma for a parent. */
export interface TrilemmaSet {
  type: 'TrilemmaSet';
  parentId: string;
  point: TrilemmaPoint;
  by: string;
}

export type OverrideScope = 'parent' | 'trader' | 'desk';

/** A supervisor's point on the trilemma for a parent, every parent of a trader, or the whole desk; wins until released. */
export interface OverrideSet {
  type: 'OverrideSet';
  scope: OverrideScope;
  /** Parent id, trader (user name) or desk name. */
  target: string;
  point: TrilemmaPoint;
  by: string;
  reason: string;
}

export interface OverrideReleased {
  type: 'OverrideReleased';
  scope: OverrideScope;
  target: string;
  by: string;
  reason: string;
}

/** A paused parent places nothing and pulls its working children; resuming picks the schedule up again. */
export interface ParentPaused {
  type: 'ParentPaused';
  parentId: string;
  by: string;
  reason: string;
}

export interface ParentResumed {
  type: 'ParentResumed';
  parentId: string;
  by: string;
  reason: string;
}

/**
 * A cancel or amend that must wait: the order's parent has children at venues, so
 * they are pulled first (FIX's Pending Cancel / Pending Replace). Fills that
 * arrive meanwhile still go to the order; the change lands when the parent has
 * nothing in flight.
 */
export interface OrderChangePending {
  type: 'OrderChangePending';
  orderId: string;
  change: 'cancel' | 'amend';
  /** Amend only: the new total quantity and limit (null: none). */
  qty?: number;
  limitPx?: number | null;
  by: string;
  reason?: string;
}

/** A child order sent to a venue by the router, for a parent's slice. Prices in price units. */
export interface ChildPlaced {
  type: 'ChildPlaced';
  childId: string;
  parentId: string;
  symbol: string;
  side: Side;
  venue: string;
  /** limit (rests), ioc (takes what is there), mid (dark, pegged to the midpoint). */
  kind: 'limit' | 'ioc' | 'mid';
  /** Limit price; for a midpoint order the worst price it may cross at. */
  px: number;
  qty: number;
  placement: Placement;
  /** The routing logic that chose the venue (absent in journals from before the smart router). */
  logic?: RoutingLogic;
  /** Dark pools: the smallest execution we accept (a probe that will not trade with small pingers). */
  minQty?: number;
  /** Sequential routing: venues this quantity already tried, in order, before this one. */
  tried?: string[];
  /** The NBBO mid when it was sent: the child's arrival benchmark in TCA. */
  arrivalMid?: number;
}

export interface ChildAccepted {
  type: 'ChildAccepted';
  childId: string;
}

export interface ChildRejected {
  type: 'ChildRejected';
  childId: string;
  reason: string;
}

/** We asked the venue to cancel; the child stays in flight until the venue answers. */
export interface ChildCancelRequested {
  type: 'ChildCancelRequested';
  childId: string;
  reason: string;
  /** Sequential routing: the remainder goes on to the next venue once the cancel is confirmed. */
  rotate?: boolean;
}

export interface ChildCancelled {
  type: 'ChildCancelled';
  childId: string;
  /** Shares that were still working. */
  qty: number;
  reason: string;
}

export interface ChildFilled {
  type: 'ChildFilled';
  childId: string;
  parentId: string;
  venue: string;
  qty: number;
  /** Price units. */
  px: number;
  /** Price units × shares; negative is a rebate. */
  fee: number;
  liquidity: 'maker' | 'taker' | 'mid';
  leaves: number;
}

/** A child fill shared out to the parent's small orders (engine/aggregation/allocation.ts). */
export interface Allocated {
  type: 'Allocated';
  childId: string;
  parentId: string;
  px: number;
  allocations: Array<{ orderId: string; qty: number }>;
}

/** The strategy compared actual with planned and changed course. */
export interface ScheduleRecalibrated {
  type: 'ScheduleRecalibrated';
  parentId: string;
  /** Shares done (filled + crossed) and planned by now. */
  done: number;
  planned: number;
  /** Planned − done: positive is behind, negative ahead; and as a share of the parent. */
  behind: number;
  behindPct: number;
  /** What the strategy does about it. */
  action: 'catch-up' | 'slow-down' | 'on-plan' | 'clean-up' | 'stop';
  /** How it places from now: share of a slice posted passively. */
  passivity: number;
  reason: string;
}

export type EventBody =
  | StrategySet
  | TrilemmaSet
  | OverrideSet
  | OverrideReleased
  | ParentPaused
  | ParentResumed
  | OrderChangePending
  | ChildPlaced
  | ChildAccepted
  | ChildRejected
  | ChildCancelRequested
  | ChildCancelled
  | ChildFilled
  | Allocated
  | ScheduleRecalibrated
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
