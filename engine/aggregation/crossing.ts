import { SmallOrders, orderNumber } from '../orders/smallOrders';
import type { SmallOrder } from '../orders/types';

/**
 * Internal crossing: a new small order meets opposing open interest already in
 * the desk's working parents and trades with it at the NBBO midpoint, before
 * anything goes to market. Oldest opposing orders first; each cross must sit
 * inside both orders' limits; an owner never crosses with themself (that would
 * be a wash trade, not netting); what a parent has at venues stays there.
 *
 * The engine applies the rule (Engine.crossInternally) to the resting orders its
 * cross queues offer (crossQueue.ts: only those whose limit allows the price).
 */

/** Whether an order on `side` with this limit may trade at `px`. */
export const within = (side: 'buy' | 'sell', limitPx: number | undefined, px: number) => limitPx === undefined || (side === 'buy' ? px <= limitPx : px >= limitPx);

/**
 * Where a parent with children out holds shares back from crossing: the oldest
 * constituent holding any (by order number) and how much it holds. Every newer open
 * constituent without a change pending holds all it has open.
 */
export interface HeldBack {
  fromNo: number;
  qty: number;
}

/**
 * What a parent with `atVenues` shares at venues holds back from crossing. The parent may
 * cross only its open shares beyond what is at venues — more could overfill — and that
 * free quantity goes to its oldest constituents first; one with a change pending takes
 * none (its own open shares count first against what is at venues). So what is held back
 * sits with the newest, and is found from that end: a large parent with a small child out
 * costs a few steps, not one per constituent. Undefined when nothing is held back.
 *
 * `orderIds` are the constituents oldest first; `pendingCount` how many have a change pending.
 */
export function heldBack(orderIds: readonly string[], atVenues: number, pendingCount: number, orderOf: (orderId: string) => SmallOrder): HeldBack | undefined {
  let toHold = atVenues;
  if (pendingCount > 0) for (const id of orderIds) if (orderOf(id).pendingChange) toHold -= SmallOrders.open(orderOf(id));
  for (let i = orderIds.length - 1; i >= 0 && toHold > 0; i--) {
    const o = orderOf(orderIds[i]);
    const open = o.pendingChange ? 0 : SmallOrders.open(o);
    if (open >= toHold) return { fromNo: orderNumber(o.orderId), qty: toHold };
    toHold -= open;
  }
  // Nothing held (the pending changes cover what is at venues), or everything open is.
  return toHold <= 0 ? undefined : { fromNo: 0, qty: 0 };
}

/** What the constituent numbered `no`, with `open` shares (no change pending), holds back. */
export function heldBy(held: HeldBack | undefined, no: number, open: number): number {
  if (held === undefined || no < held.fromNo) return 0;
  return no === held.fromNo ? held.qty : open;
}
