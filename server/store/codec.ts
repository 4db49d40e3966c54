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

/**
 * Format 3 (db.ts): a row's body is one flat array of tokens — an event, or a number (the
 * time of the events after it), or a batch mark: null where a new batch starts that is
 * numbered by its first event's seq (every command's batch is), `[batch]` where one starts
 * that is not. The row's `seq` column numbers its first event and its `batch` column names
 * the batch it opens in, so an event in an array layout leaves out its seq and ts. An
 * engine commit stamps all its events with one time: a whole basket, or a FIX read's
 * NewOrderSingles through handleAll, is a few rows with a time at the start of each and a
 * null between commands. Other events stay their JSON object, seq and ts included.
 */
export type StoredToken = StoredEvent | number | null | [batch: number];

/** An event as a format-3 row holds it: an array layout without seq and ts, or the event object itself. */
export function encodeBody(e: EngineEvent): StoredEvent {
  if (e.type === 'OrderAccepted') {
    const o = e.order;
    return [e.type, o.orderId, o.clOrdId, o.owner, o.desk, o.source, o.symbol, o.side, o.qty, o.limitPx ?? null, o.urgency, o.basketId ?? null, o.notional, o.createdAt, o.pendingChange ?? null, o.arrivalPx ?? null];
  }
  if (e.type === 'OrderJoinedParent') return [e.type, e.orderId, e.parentId, e.qty];
  if (e.type === 'InternalCross') return [e.type, e.crossId, e.symbol, e.qty, e.px, e.buyOrderId, e.sellOrderId, e.spreadSaved, e.feesSaved];
  return e;
}

/** `encodeBody` undone: `seq` and `ts` are the event's place in its row and the time before it (an object carries its own). */
export function decodeBody(stored: StoredEvent, seq: number, ts: number): EngineEvent {
  if (!Array.isArray(stored)) return stored;
  // Each position's type is its field's; null stands for an absent field. Fields in the order the engine builds them.
  const r = stored as any[];
  if (r[0] === 'OrderAccepted') {
    const order: AcceptedOrder = { orderId: r[1], clOrdId: r[2], owner: r[3], desk: r[4], source: r[5], symbol: r[6], side: r[7], qty: r[8], limitPx: r[9] ?? undefined, urgency: r[10], basketId: r[11] ?? undefined, notional: r[12], createdAt: r[13], pendingChange: r[14] ?? undefined, arrivalPx: r[15] ?? undefined };
    return { type: 'OrderAccepted', order, seq, ts };
  }
  if (r[0] === 'OrderJoinedParent') return { type: 'OrderJoinedParent', orderId: r[1], parentId: r[2], qty: r[3], seq, ts };
  if (r[0] === 'InternalCross') return { type: 'InternalCross', crossId: r[1], symbol: r[2], qty: r[3], px: r[4], buyOrderId: r[5], sellOrderId: r[6], spreadSaved: r[7], feesSaved: r[8], seq, ts };
  throw new Error(`a journal row holds an array for ${String(r[0])}, which has no array layout`);
}

/** Whether a parsed row body is in format 3 (it opens with a time) rather than format 2 (it opens with an event). */
export function isFormat3(body: readonly unknown[]): body is StoredToken[] {
  return typeof body[0] === 'number';
}

/** The batch a format-3 token starts, or undefined when it is an event or a time. `seq` is the next event's. */
export function batchMark(token: StoredToken, seq: number): number | undefined {
  if (token === null) return seq;
  return Array.isArray(token) && typeof token[0] === 'number' ? token[0] : undefined;
}

/**
 * Every event of a parsed row, with its batch, in order, whatever the row's format: `seq` and
 * `batch` are the row's columns (format 2 names one batch per row, and each event its own seq and ts).
 */
export function eventsOfRow(body: readonly unknown[], seq: number, batch: number, visit: (e: EngineEvent, batch: number) => void): void {
  if (!isFormat3(body)) {
    for (const stored of body as StoredEvent[]) visit(decodeEvent(stored), batch);
    return;
  }
  let next = seq;
  let ts = 0;
  for (const t of body) {
    if (typeof t === 'number') ts = t;
    else {
      const mark = batchMark(t, next);
      if (mark !== undefined) batch = mark;
      else visit(decodeBody(t as StoredEvent, next++, ts), batch);
    }
  }
}

/** The layouts, for the codec's test. */
export const LAYOUTS = { OrderAccepted: ACCEPTED_FIELDS, OrderJoinedParent: JOINED_FIELDS, InternalCross: CROSS_FIELDS };
