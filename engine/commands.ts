import type { OverrideScope } from './events';
import type { RiskLimits } from './risk/riskBook';
import type { ParentPlan } from './strategies/plan';
import type { TrilemmaPoint } from './strategies/trilemma';

/**
 * Commands: the only way to change engine state. Inputs arrive already shaped by
 * the server's zod schemas, but the engine re-checks every domain rule itself —
 * a command from any source (ticket, API, FIX, CLI) gets the same verdict.
 */
export interface SubmitOrder {
  type: 'SubmitOrder';
  clOrdId: string;
  owner: string;
  desk: string;
  source: string;
  symbol: string;
  side: string;
  qty: number;
  /** Decimal dollars, as a person types it; converted to price units by the engine. */
  limitPrice?: number;
  urgency: string;
  /** The sender saw a duplicate warning and sends it anyway. */
  confirmed?: boolean;
  /** Set on the lines of a basket: the basket counts once toward the message throttle. */
  basketId?: string;
}

/**
 * Amend a working small order: reduce its quantity (never below what is filled;
 * to buy more, send another order) and/or change its limit (null: no limit).
 */
export interface AmendOrder {
  type: 'AmendOrder';
  orderId: string;
  by: string;
  qty?: number;
  limitPrice?: number | null;
}

/** A basket upload: many lines, one message. Each line is judged on its own. */
export interface SubmitBasket {
  type: 'SubmitBasket';
  basketId: string;
  name: string;
  owner: string;
  desk: string;
  lines: Array<Omit<SubmitOrder, 'type' | 'owner' | 'desk' | 'source' | 'basketId'>>;
}

export interface CancelOrder {
  type: 'CancelOrder';
  orderId: string;
  by: string;
  reason?: string;
}

/** Supervisor action: open, halt or take down a venue. Journaled with who and why. */
export interface SetVenueStatus {
  type: 'SetVenueStatus';
  venue: string;
  status: string;
  by: string;
  reason: string;
}

/** Kill switch: the whole desk, one user or one instrument. On blocks new orders and cancels working ones. */
export interface SetKillSwitch {
  type: 'SetKillSwitch';
  scope: 'desk' | 'user' | 'symbol';
  target?: string;
  on: boolean;
  by: string;
  reason: string;
}

export interface SetRestricted {
  type: 'SetRestricted';
  symbol: string;
  restricted: boolean;
  by: string;
  reason: string;
}

export interface SetRiskLimits {
  type: 'SetRiskLimits';
  limits: Partial<RiskLimits>;
  by: string;
  reason: string;
}

export type RiskControl = SetKillSwitch | SetRestricted | SetRiskLimits;

/** Change how a parent is worked; fields left out keep their current value. */
export interface SetStrategy extends Partial<Omit<ParentPlan, 'endOfWindow' | 'routing'>> {
  type: 'SetStrategy';
  /** null: let the trilemma decide again. */
  endOfWindow?: ParentPlan['endOfWindow'] | null;
  routing?: ParentPlan['routing'] | null;
  parentId: string;
  by: string;
}

/** The trader's point on the trilemma for a parent: three weights, or an urgency preset. */
export interface SetTrilemma {
  type: 'SetTrilemma';
  parentId: string;
  by: string;
  point?: TrilemmaPoint;
  urgency?: string;
}

/** Supervisor: a point (or urgency preset) for a parent, a trader's parents or a desk, in force until released. */
export interface SetOverride {
  type: 'SetOverride';
  scope: OverrideScope;
  target: string;
  by: string;
  reason: string;
  point?: TrilemmaPoint;
  urgency?: string;
}

export interface ReleaseOverride {
  type: 'ReleaseOverride';
  scope: OverrideScope;
  target: string;
  by: string;
  reason: string;
}

/** Supervisor: pause, resume or cancel a parent (cancel cancels every open constituent). */
export interface ParentControl {
  type: 'PauseParent' | 'ResumeParent' | 'CancelParent';
  parentId: string;
  by: string;
  reason: string;
}

export type ExecutionControl = SetStrategy | SetTrilemma | SetOverride | ReleaseOverride | ParentControl;

export type Command = SubmitOrder | SubmitBasket | CancelOrder | AmendOrder | SetVenueStatus | RiskControl | ExecutionControl;
