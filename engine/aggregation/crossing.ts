/**
 * Internal crossing: a new small order meets opposing open interest already in
 * the desk's working parents and trades with it at the NBBO midpoint, before
 * anything goes to market. Oldest opposing orders first; each cross must sit
 * inside both orders' limits; an owner never crosses with themself (that would
 * be a wash trade, not netting).
 */
export interface CrossCandidate {
  orderId: string;
  owner: string;
  limitPx?: number;
  open: number;
}

export interface PlannedCross {
  orderId: string;
  qty: number;
}

export const within = (side: 'buy' | 'sell', limitPx: number | undefined, px: number) => limitPx === undefined || (side === 'buy' ? px <= limitPx : px >= limitPx);

/** How much of `incoming` crosses with which resting orders at `px`, in the order given (read lazily: it stops when filled). */
export function planCrosses(incoming: CrossCandidate & { side: 'buy' | 'sell' }, resting: Iterable<CrossCandidate>, px: number): PlannedCross[] {
  const contra = incoming.side === 'buy' ? 'sell' : 'buy';
  if (!within(incoming.side, incoming.limitPx, px)) return [];
  const out: PlannedCross[] = [];
  let left = incoming.open;
  for (const r of resting) {
    if (left === 0) break;
    if (r.owner === incoming.owner || r.open <= 0 || !within(contra, r.limitPx, px)) continue;
    const qty = Math.min(left, r.open);
    out.push({ orderId: r.orderId, qty });
    left -= qty;
  }
  return out;
}
