/**
 * Allocation of a parent's fill to its constituent small orders.
 *
 * Rule: pro rata to each eligible order's open quantity, in whole lots, by the
 * largest-remainder method. An order is eligible when it still has open quantity
 * and the fill price is within its own limit (a buy's limit ≥ price, a sell's ≤).
 * Ties in the remainder go to the order that arrived first (lower `priority`),
 * then to the lower order id — so the result is a pure function of its input.
 */
export interface AllocationTarget {
  orderId: string;
  /** Open (unfilled) quantity, shares. */
  open: number;
  /** Limit in price units; undefined for a market order. */
  limitPx?: number;
  /** Arrival order: lower wins remainder ties. */
  priority: number;
}

export interface Allocation {
  orderId: string;
  qty: number;
}

export interface AllocationResult {
  allocations: Allocation[];
  /** Shares that no eligible order could take (0 unless the caller over-filled or the price broke every limit). */
  unallocated: number;
}

export function allocateFill(qty: number, px: number, side: 'buy' | 'sell', lot: number, targets: readonly AllocationTarget[]): AllocationResult {
  const eligible = targets.filter((t) => t.open > 0 && (t.limitPx === undefined || (side === 'buy' ? px <= t.limitPx : px >= t.limitPx)));
  const openLots = eligible.map((t) => Math.floor(t.open / lot));
  const totalLots = openLots.reduce((a, b) => a + b, 0);
  const fillLots = Math.floor(qty / lot);
  const lots = Math.min(fillLots, totalLots);
  const shares = new Map<string, number>();
  if (lots > 0) {
    const quotas = eligible.map((t, i) => ({ t, i, exact: (lots * openLots[i]) / totalLots }));
    let given = 0;
    for (const q of quotas) {
      const whole = Math.floor(q.exact);
      given += whole;
      shares.set(q.t.orderId, whole * lot);
    }
    const byRemainder = quotas
      .filter((q) => openLots[q.i] * lot > shares.get(q.t.orderId)!)
      .sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.t.priority - b.t.priority || (a.t.orderId < b.t.orderId ? -1 : 1));
    for (let k = 0; given < lots && k < byRemainder.length; k++, given++) {
      const id = byRemainder[k].t.orderId;
      shares.set(id, shares.get(id)! + lot);
    }
  }
  // Odd shares (a fill that is not whole lots) and anything beyond the open lots go,
  // earliest order first, to eligible orders with room left.
  let rest = qty - lots * lot;
  for (const t of [...eligible].sort((a, b) => a.priority - b.priority || (a.orderId < b.orderId ? -1 : 1))) {
    if (rest === 0) break;
    const take = Math.min(t.open - (shares.get(t.orderId) ?? 0), rest);
    if (take > 0) shares.set(t.orderId, (shares.get(t.orderId) ?? 0) + take), (rest -= take);
  }
  const allocations = eligible.map((t) => ({ orderId: t.orderId, qty: shares.get(t.orderId) ?? 0 })).filter((a) => a.qty > 0);
  return { allocations, unallocated: rest };
}
