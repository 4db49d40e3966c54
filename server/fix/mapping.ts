import type { AmendOrder, SubmitOrder } from '../../engine/commands';
import type { CancelRejectCode, RejectCode } from '../../engine/events';
import { toDollars } from '../../engine/instruments';
import { URGENCIES, type Side, type Urgency } from '../../engine/orders/types';
import { parametersFor, URGENCY_PRESETS } from '../../engine/strategies/trilemma';
import { addField, type BodyFields } from './encoding';

/**
 * FIX 4.4 fields ↔ the desk's commands and events. Pure functions: the gateway
 * (gateway.ts) feeds them parsed messages and engine state, and sends what they build.
 */

/** FIX values this gateway reads and writes (FIX 4.4 Volume 6). */
export const ExecType = { New: '0', Canceled: '4', Replaced: '5', PendingCancel: '6', Rejected: '8', Restated: 'D', PendingReplace: 'E', Trade: 'F', OrderStatus: 'I' } as const;
export const OrdStatus = { New: '0', PartiallyFilled: '1', Filled: '2', Canceled: '4', PendingCancel: '6', Rejected: '8', PendingReplace: 'E' } as const;
const OrdRejReason = { BrokerOption: 0, UnknownSymbol: 1, ExceedsLimit: 3, DuplicateOrder: 6, UnsupportedCharacteristic: 11, Other: 99 } as const;
export const CxlRejReason = { TooLate: 0, UnknownOrder: 1, AlreadyPending: 3, DuplicateClOrdId: 6, Other: 99 } as const;
export const BusinessRejectReason = { Other: 0, UnsupportedMessageType: 3, ApplicationNotAvailable: 4 } as const;

/** A NewOrderSingle / cancel / replace as jspurefix's view.toObject() gives it (QuickFIX FIX44 dictionary). */
export interface FixOrderMessage {
  ClOrdID?: string;
  OrigClOrdID?: string;
  OrderID?: string;
  Instrument?: { Symbol?: string };
  Side?: string;
  OrderQtyData?: { OrderQty?: number };
  OrdType?: string;
  Price?: number;
  TimeInForce?: string;
  TargetStrategy?: number;
  TargetStrategyParameters?: string;
  ParticipationRate?: number;
  StandardHeader?: { PossDupFlag?: boolean; PossResend?: boolean };
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string; ordRejReason: number };
const refuse = (reason: string, ordRejReason: number = OrdRejReason.UnsupportedCharacteristic): { ok: false; reason: string; ordRejReason: number } => ({ ok: false, reason, ordRejReason });

export const TARGET_STRATEGIES: Readonly<Record<number, string>> = {
  1: 'VWAP',
  2: 'Participate',
  3: 'Minimize market impact',
  1000: 'Implementation shortfall (bilateral)',
};

/**
 * The order's intent from its algorithmic fields. The desk carries intent as an
 * urgency (a preset point on the trilemma, engine/strategies/trilemma.ts): it picks
 * the parent the order joins and, for a new parent, its strategy and window
 * (engine/strategies/plan.ts). Price sensitivity needs no field: the engine classes
 * the limit against the market on arrival (engine/aggregation/grouping.ts).
 *
 *   TargetStrategy (847)  1 VWAP                      → low      (full-day VWAP)
 *                         2 Participate               → from ParticipationRate, below
 *                         3 Minimize market impact    → low
 *                         1000 Implementation shortf. → high     (Almgren–Chriss IS, 30 min)
 *   ParticipationRate (849), a fraction (0.1 = 10 %), alone or with 847=2: the least
 *     urgent preset whose participation cap (trilemma: 30 % − 27 % × impact weight)
 *     covers the rate — up to 13.8 % low, 19.2 % medium, 24.6 % high, above critical.
 *     A parent is shared by many orders, so the rate itself is not imposed on it.
 *   TargetStrategyParameters (848): "urgency=low|medium|high|critical" states it outright
 *     and wins over the rest.
 *   None of them: medium, the desk's default.
 */
export function intentOf(m: Pick<FixOrderMessage, 'TargetStrategy' | 'TargetStrategyParameters' | 'ParticipationRate'>): { ok: true; urgency: Urgency; why: string } | { ok: false; reason: string } {
  let stated: Urgency | undefined;
  if (m.TargetStrategyParameters !== undefined) {
    for (const token of String(m.TargetStrategyParameters).split(/[;,\s]+/).filter(Boolean)) {
      const [key, value, extra] = token.split('=');
      if (key.toLowerCase() !== 'urgency' || extra !== undefined)
        return { ok: false, reason: `TargetStrategyParameters (848): unknown parameter "${token}"; this desk reads urgency=${URGENCIES.join('|')}` };
      if (!URGENCIES.includes(value?.toLowerCase() as Urgency)) return { ok: false, reason: `TargetStrategyParameters (848): urgency must be ${URGENCIES.join(', ')}, not "${value ?? ''}"` };
      stated = value.toLowerCase() as Urgency;
    }
  }
  const rate = m.ParticipationRate;
  if (rate !== undefined && !(typeof rate === 'number' && rate > 0 && rate <= 1))
    return { ok: false, reason: `ParticipationRate (849) must be a fraction above 0 and at most 1 (0.1 = 10 %), not ${rate}` };
  const strategy = m.TargetStrategy;
  if (strategy !== undefined && !(strategy in TARGET_STRATEGIES))
    return { ok: false, reason: `TargetStrategy (847) ${strategy} is not offered; this desk takes ${Object.entries(TARGET_STRATEGIES).map(([k, v]) => `${k} (${v})`).join(', ')}` };
  if (strategy === 2 && rate === undefined) return { ok: false, reason: 'TargetStrategy (847) 2 (Participate) needs ParticipationRate (849)' };
  if (stated) return { ok: true, urgency: stated, why: 'urgency stated in TargetStrategyParameters (848)' };
  if (strategy === 1) return { ok: true, urgency: 'low', why: 'VWAP (847=1)' };
  if (strategy === 3) return { ok: true, urgency: 'low', why: 'minimize market impact (847=3)' };
  if (strategy === 1000) return { ok: true, urgency: 'high', why: 'implementation shortfall (847=1000)' };
  if (rate !== undefined) {
    const urgency = URGENCIES.find((u) => parametersFor(URGENCY_PRESETS[u]).participationCap >= rate - 1e-12) ?? 'critical';
    return { ok: true, urgency, why: `participation ${Math.round(rate * 1000) / 10} % (849)` };
  }
  return { ok: true, urgency: 'medium', why: 'no algorithmic fields: desk default' };
}

const SIDE_IN: Record<string, Side> = { '1': 'buy', '2': 'sell' };
export const SIDE_OUT: Record<Side, string> = { buy: '1', sell: '2' };

function sideOf(v: string | undefined): Mapped<Side> {
  const side = v === undefined ? undefined : SIDE_IN[v];
  return side ? { ok: true, value: side } : refuse(`Side (54) ${v} is not taken here: 1 (buy) or 2 (sell)`);
}

function quantityOf(v: number | undefined): Mapped<number> {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? { ok: true, value: v } : refuse(`OrderQty (38) must be a positive whole number of shares, not ${v}`, OrdRejReason.Other);
}

/** OrdType and Price → the engine's limit: a number, or null for a market order. */
function limitOf(m: FixOrderMessage): Mapped<number | null> {
  if (m.OrdType === '1') return m.Price === undefined ? { ok: true, value: null } : refuse('a market order (40=1) carries no Price (44)');
  if (m.OrdType === '2') return typeof m.Price === 'number' && Number.isFinite(m.Price) && m.Price > 0 ? { ok: true, value: m.Price } : refuse(`a limit order (40=2) needs a positive Price (44), not ${m.Price}`, OrdRejReason.Other);
  return refuse(`OrdType (40) ${m.OrdType} is not taken here: 1 (market) or 2 (limit)`);
}

function timeInForceOk(m: FixOrderMessage): string | undefined {
  return m.TimeInForce === undefined || m.TimeInForce === '0' ? undefined : `TimeInForce (59) ${m.TimeInForce} is not taken here: orders are day orders (0)`;
}

/** A NewOrderSingle → SubmitOrder for the counterparty's desk user; the engine judges the rest (instrument, lot, tick, risk). */
export function toSubmitOrder(m: FixOrderMessage, owner: string, desk: string): Mapped<{ cmd: SubmitOrder; why: string }> {
  const side = sideOf(m.Side);
  if (!side.ok) return side;
  const qty = quantityOf(m.OrderQtyData?.OrderQty);
  if (!qty.ok) return qty;
  const limit = limitOf(m);
  if (!limit.ok) return limit;
  const tif = timeInForceOk(m);
  if (tif) return refuse(tif);
  const intent = intentOf(m);
  if (!intent.ok) return refuse(intent.reason);
  const cmd: SubmitOrder = {
    type: 'SubmitOrder',
    clOrdId: String(m.ClOrdID ?? ''),
    owner,
    desk,
    source: 'fix',
    symbol: String(m.Instrument?.Symbol ?? ''),
    side: side.value,
    qty: qty.value,
    urgency: intent.urgency,
  };
  if (limit.value !== null) cmd.limitPrice = limit.value;
  return { ok: true, value: { cmd, why: intent.why } };
}

/** An OrderCancelReplaceRequest → AmendOrder: the desk amends quantity (down) and limit; side and symbol stay. */
export function toAmendOrder(m: FixOrderMessage, order: { orderId: string; symbol: string; side: Side }, by: string): Mapped<AmendOrder> {
  const side = sideOf(m.Side);
  if (!side.ok) return side;
  if (side.value !== order.side) return refuse(`Side (54) cannot change on a replace (the order ${order.orderId} is a ${order.side})`);
  if (m.Instrument?.Symbol !== order.symbol) return refuse(`Symbol (55) cannot change on a replace (the order ${order.orderId} is in ${order.symbol})`);
  const qty = quantityOf(m.OrderQtyData?.OrderQty);
  if (!qty.ok) return qty;
  const limit = limitOf(m);
  if (!limit.ok) return limit;
  const tif = timeInForceOk(m);
  if (tif) return refuse(tif);
  return { ok: true, value: { type: 'AmendOrder', orderId: order.orderId, by, qty: qty.value, limitPrice: limit.value } };
}

/** Why the engine refused an order, as FIX's OrdRejReason (103); Text (58) carries the rule and the words. */
export function ordRejReasonOf(code: RejectCode | string): number {
  switch (code) {
    case 'UNKNOWN_INSTRUMENT':
      return OrdRejReason.UnknownSymbol;
    case 'DUPLICATE_CLORDID':
      return OrdRejReason.DuplicateOrder;
    case 'MAX_QTY':
    case 'MAX_NOTIONAL':
    case 'CREDIT_USER':
    case 'CREDIT_DESK':
      return OrdRejReason.ExceedsLimit;
    case 'KILL_SWITCH':
    case 'RESTRICTED':
    case 'PRICE_COLLAR':
    case 'DUPLICATE':
    case 'THROTTLE':
      return OrdRejReason.BrokerOption;
    default:
      return OrdRejReason.Other;
  }
}

export function cxlRejReasonOf(code: CancelRejectCode | string, reason: string): number {
  if (code === 'UNKNOWN_ORDER') return CxlRejReason.UnknownOrder;
  if (code === 'ORDER_FINISHED') return /pending/.test(reason) ? CxlRejReason.AlreadyPending : CxlRejReason.TooLate;
  return /pending/.test(reason) ? CxlRejReason.AlreadyPending : CxlRejReason.Other;
}

/** What an execution report says of an order: the gateway's running view of it (orders.ts). */
export interface ReportedOrder {
  orderId: string;
  clOrdId: string;
  symbol: string;
  side: Side;
  qty: number;
  /** Limit in price units; undefined: market. */
  limitPx?: number;
  cumQty: number;
  /** Σ price units × shares. */
  cumValue: number;
  status: 'new' | 'partial' | 'filled' | 'cancelled';
  pending?: { kind: 'cancel' | 'replace'; clOrdId: string; origClOrdId: string };
}

export function ordStatusOf(o: ReportedOrder): string {
  if (o.status === 'cancelled') return OrdStatus.Canceled;
  if (o.status === 'filled') return OrdStatus.Filled;
  if (o.pending) return o.pending.kind === 'cancel' ? OrdStatus.PendingCancel : OrdStatus.PendingReplace;
  return o.cumQty > 0 ? OrdStatus.PartiallyFilled : OrdStatus.New;
}

/** Dollars to the 6 decimals a FIX price needs; averages are rarely whole cents. */
export const px = (units: number) => Math.round(toDollars(units) * 1e6) / 1e6;

export interface ReportFields {
  execId: string;
  execType: string;
  /** Engine time of the event: the desk's time axis. */
  at: number;
  clOrdId?: string;
  origClOrdId?: string;
  lastQty?: number;
  /** Price units. */
  lastPx?: number;
  lastMkt?: string;
  text?: string;
  account?: string;
  ordStatus?: string;
  execRestatementReason?: number;
}

/** An ExecutionReport (35=8) object for jspurefix's encoder (QuickFIX FIX44 dictionary layout). */
export function executionReport(o: ReportedOrder, f: ReportFields): Record<string, unknown> {
  const done = o.status === 'cancelled' || o.status === 'filled';
  const er: Record<string, unknown> = {
    OrderID: o.orderId,
    ClOrdID: f.clOrdId ?? o.clOrdId,
    ExecID: f.execId,
    ExecType: f.execType,
    OrdStatus: f.ordStatus ?? ordStatusOf(o),
    Instrument: { Symbol: o.symbol },
    Side: SIDE_OUT[o.side],
    OrderQtyData: { OrderQty: o.qty },
    OrdType: o.limitPx === undefined ? '1' : '2',
    LeavesQty: done ? 0 : Math.max(0, o.qty - o.cumQty),
    CumQty: o.cumQty,
    AvgPx: o.cumQty ? px(o.cumValue / o.cumQty) : 0,
    TransactTime: new Date(f.at),
  };
  // Optional fields only when present, added rather than deleted: one report per order is on the hot path.
  if (f.origClOrdId !== undefined) er.OrigClOrdID = f.origClOrdId;
  if (f.execRestatementReason !== undefined) er.ExecRestatementReason = f.execRestatementReason;
  if (f.account !== undefined) er.Account = f.account;
  if (o.limitPx !== undefined) er.Price = px(o.limitPx);
  if (f.lastQty !== undefined) er.LastQty = f.lastQty;
  if (f.lastPx !== undefined) er.LastPx = px(f.lastPx);
  if (f.lastMkt !== undefined) er.LastMkt = f.lastMkt;
  if (f.text !== undefined) er.Text = f.text;
  return er;
}

/**
 * The report `executionReport(o, f)` describes, written straight to FIX fields for the
 * template (encoding.ts), in its order: the same fields as `executionReportFields` makes of
 * that object (encoding.test.ts checks it), without building the object first — an
 * acknowledgement per order is the hot path. Undefined when jspurefix must encode it.
 */
export function executionReportBody(o: ReportedOrder, f: ReportFields): BodyFields | undefined {
  const done = o.status === 'cancelled' || o.status === 'filled';
  const b: Array<readonly [number, string]> = [];
  const ok =
    addField(b, 37, 'string', o.orderId) &&
    addField(b, 11, 'string', f.clOrdId ?? o.clOrdId) &&
    addField(b, 41, 'string', f.origClOrdId) &&
    addField(b, 17, 'string', f.execId) &&
    addField(b, 150, 'string', f.execType) &&
    addField(b, 39, 'string', f.ordStatus ?? ordStatusOf(o)) &&
    addField(b, 378, 'int', f.execRestatementReason) &&
    addField(b, 1, 'string', f.account) &&
    addField(b, 55, 'string', o.symbol) &&
    addField(b, 54, 'string', SIDE_OUT[o.side]) &&
    addField(b, 38, 'float', o.qty) &&
    addField(b, 40, 'string', o.limitPx === undefined ? '1' : '2') &&
    addField(b, 44, 'float', o.limitPx === undefined ? undefined : px(o.limitPx)) &&
    addField(b, 32, 'float', f.lastQty) &&
    addField(b, 31, 'float', f.lastPx === undefined ? undefined : px(f.lastPx)) &&
    addField(b, 30, 'string', f.lastMkt) &&
    addField(b, 151, 'float', done ? 0 : Math.max(0, o.qty - o.cumQty)) &&
    addField(b, 14, 'float', o.cumQty) &&
    addField(b, 6, 'float', o.cumQty ? px(o.cumValue / o.cumQty) : 0) &&
    addField(b, 60, 'utc', f.at) &&
    addField(b, 58, 'string', f.text);
  return ok ? b : undefined;
}

/** The ExecutionReport refusing a NewOrderSingle that never became an order; `side` as FIX writes it (54). */
export function rejectionReport(m: { clOrdId: string; symbol: string; side: string; qty: number }, f: { execId: string; at: number; text: string; ordRejReason: number }): Record<string, unknown> {
  const er: Record<string, unknown> = {
    OrderID: 'NONE',
    ClOrdID: m.clOrdId,
    ExecID: f.execId,
    ExecType: ExecType.Rejected,
    OrdStatus: OrdStatus.Rejected,
    OrdRejReason: f.ordRejReason,
    Instrument: { Symbol: m.symbol || 'NONE' },
    Side: m.side || '1',
    LeavesQty: 0,
    CumQty: 0,
    AvgPx: 0,
    TransactTime: new Date(f.at),
    Text: f.text,
  };
  if (Number.isFinite(m.qty) && m.qty > 0) er.OrderQtyData = { OrderQty: m.qty };
  return er;
}

/** OrderCancelReject (35=9): a cancel (F) or replace (G) refused. */
export function cancelReject(f: { orderId: string; clOrdId: string; origClOrdId: string; ordStatus: string; replace: boolean; reason: number; text: string }): Record<string, unknown> {
  return {
    OrderID: f.orderId,
    ClOrdID: f.clOrdId,
    OrigClOrdID: f.origClOrdId,
    OrdStatus: f.ordStatus,
    CxlRejResponseTo: f.replace ? '2' : '1',
    CxlRejReason: f.reason,
    Text: f.text,
  };
}
