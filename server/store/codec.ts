import type { EngineEvent, InternalCross, OrderAccepted, OrderJoinedParent } from '../../engine/events';

/**
 * How one event is written inside a journal row (format 2, db.ts).
 *
 * Most events are their JSON object as it is. The three that intake produces by the
 * order, OrderAccepted, OrderJoinedParent and InternalCross, are most of any journal;
 * they are written as arrays of their values in a fixed field order, [type, seq, ts,
 * …fields] — about half the bytes, and roughly 40 % less time to write and to read
 * back, which is where intake with the journal and recovery spend theirs. (Crosses got
 * their layout later: a journal holds them either way, and both decode.)
 *
 * A layout must name every field of its event, or the journal would silently
 * drop one: the `Complete` checks below fail to compile when a field is added to
 * the event and not to its layout, and codec.test.ts holds the encoder and the
 * decoder to the layouts. Journals written before a layout existed hold objects,
 * which decode as they are.
 */
export type StoredEvent = EngineEvent | unknown[];

const ACCEPTED_FIELDS = ['orderId', 'clOrdId', 'owner', 'desk', 'source', 'symbol', 'side', 'qty', 'limitPx', 'urgency', 'basketId', 'notional', 'createdAt', 'pendingChange', 'arrivalPx'] as const;
const JOINED_FIELDS = ['orderId', 'parentId', 'qty'] as const;
const CROSS_FIELDS = ['crossId', 'symbol', 'qty', 'px', 'buyOrderId', 'sellOrderId', 'spreadSaved', 'feesSaved'] as const;

type AcceptedOrder = OrderAccepted['order'];
/** `true` when the layout lists every field of T and none of them can be null (null stands for "absent"). */
type Complete<T, Layout extends readonly (keyof T)[]> = [Exclude<keyof T, Layout[number]>] extends [never] ? ([{ [K in keyof T]-?: null extends T[K] ? K : never }[keyof T]] extends [never] ? true : 'a field admits null') : Exclude<keyof T, Layout[number]>;
const acceptedLayoutComplete: Complete<AcceptedOrder, typeof ACCEPTED_FIELDS> = true;
const acceptedEventComplete: Complete<OrderAccepted, readonly ['type', 'order']> = true;
const joinedLayoutComplete: Complete<OrderJoinedParent, readonly ['type', ...typeof JOINED_FIELDS]> = true;
const crossLayoutComplete: Complete<InternalCross, readonly ['type', ...typeof CROSS_FIELDS]> = true;
void [acceptedLayoutComplete, acceptedEventComplete, joinedLayoutComplete, crossLayoutComplete];

// Spelled out field by field, in the layouts' order: a loop over the field names is
// a keyed access per field, measurably slower on the path every order takes. The
// round-trip test in codec.test.ts holds these to the layouts above.

export function encodeEvent(e: EngineEvent): StoredEvent {
  if (e.type === 'OrderAccepted') {
    const o = e.order;
    return [e.type, e.seq, e.ts, o.orderId, o.clOrdId, o.owner, o.desk, o.source, o.symbol, o.side, o.qty, o.limitPx ?? null, o.urgency, o.basketId ?? null, o.notional, o.createdAt, o.pendingChange ?? null, o.arrivalPx ?? null];
  }
  if (e.type === 'OrderJoinedParent') return [e.type, e.seq, e.ts, e.orderId, e.parentId, e.qty];
  if (e.type === 'InternalCross') return [e.type, e.seq, e.ts, e.crossId, e.symbol, e.qty, e.px, e.buyOrderId, e.sellOrderId, e.spreadSaved, e.feesSaved];
  return e;
}

export function decodeEvent(stored: StoredEvent): EngineEvent {
  if (!Array.isArray(stored)) return stored;
  // [type, seq, ts, …fields]; null stands for an absent field. Each position's type is its field's.
  const r = stored as any[];
  if (r[0] === 'OrderAccepted') {
    const order: AcceptedOrder = { orderId: r[3], clOrdId: r[4], owner: r[5], desk: r[6], source: r[7], symbol: r[8], side: r[9], qty: r[10], limitPx: r[11] ?? undefined, urgency: r[12], basketId: r[13] ?? undefined, notional: r[14], createdAt: r[15], pendingChange: r[16] ?? undefined, arrivalPx: r[17] ?? undefined };
    return { type: 'OrderAccepted', order, seq: r[1], ts: r[2] };
  }
  if (r[0] === 'OrderJoinedParent') return { type: 'OrderJoinedParent', orderId: r[3], parentId: r[4], qty: r[5], seq: r[1], ts: r[2] };
  // Fields in the order the engine builds a cross (seq and ts last), as an object-form row decodes.
  if (r[0] === 'InternalCross') return { type: 'InternalCross', crossId: r[3], symbol: r[4], qty: r[5], px: r[6], buyOrderId: r[7], sellOrderId: r[8], spreadSaved: r[9], feesSaved: r[10], seq: r[1], ts: r[2] };
  throw new Error(`a journal row holds an array for ${String(r[0])}, which has no array layout`);
}

/** The layouts, for the codec's test. */
export const LAYOUTS = { OrderAccepted: ACCEPTED_FIELDS, OrderJoinedParent: JOINED_FIELDS, InternalCross: CROSS_FIELDS };
