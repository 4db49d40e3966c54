import type { Side } from '../orders/types';
import type { VenueQuote } from '../market/market';
import type { Placement } from '../strategies/plan';

export type { VenueQuote };

/**
 * The simple best-price router: where a slice goes, given each venue's top of
 * book. It looks at price first and fees second, nothing else (no fill
 * probabilities, no venue toxicity) — the smart order router replaces it.
 *
 *   passive    → a limit order at our side's best price, on the venue with the best rebate there;
 *   mid        → a midpoint order in the dark pool with the smallest minimum that fits;
 *   aggressive → immediate-or-cancel orders at the far side's best price, split over the
 *                venues showing it, largest displayed size first (cheapest take fee on ties).
 * Nothing is ever priced through the parent's limit; when the far side is beyond it,
 * the slice rests at the limit instead.
 */
export interface DarkVenue {
  venue: string;
  minQty: number;
}

export interface RouteRequest {
  side: Side;
  qty: number;
  placement: Placement;
  /** The parent's limit, price units; undefined: none. */
  limitPx?: number;
  lot: number;
  tick: number;
  /** Aggressive only: how many ticks beyond the far touch it may sweep (clean-up). */
  sweepTicks?: number;
}

export interface ChildRoute {
  venue: string;
  kind: 'limit' | 'ioc' | 'mid';
  px: number;
  qty: number;
  placement: Placement;
}

export function routeBestPrice(r: RouteRequest, quotes: readonly VenueQuote[], dark: readonly DarkVenue[]): ChildRoute[] {
  if (r.qty <= 0) return [];
  const buy = r.side === 'buy';
  let near: number | undefined;
  let far: number | undefined;
  for (const q of quotes) {
    const n = buy ? q.bid : q.ask;
    const f = buy ? q.ask : q.bid;
    if (n !== undefined && (near === undefined || (buy ? n > near : n < near))) near = n;
    if (f !== undefined && (far === undefined || (buy ? f < far : f > far))) far = f;
  }
  const within = (px: number) => r.limitPx === undefined || (buy ? px <= r.limitPx : px >= r.limitPx);
  const capped = (px: number) => (r.limitPx === undefined ? px : buy ? Math.min(px, r.limitPx) : Math.max(px, r.limitPx));

  const passive = (): ChildRoute[] => {
    const px = near !== undefined ? capped(near) : r.limitPx;
    if (px === undefined || quotes.length === 0) return [];
    // Best rebate among the venues quoting our price; any open venue when we set a new price.
    let best: VenueQuote | undefined;
    for (const q of quotes) {
      const atPx = (buy ? q.bid : q.ask) === px;
      const bestAtPx = best !== undefined && (buy ? best.bid : best.ask) === px;
      if (!best || (atPx && !bestAtPx) || (atPx === bestAtPx && q.makeFee < best.makeFee)) best = q;
    }
    return [{ venue: best!.venue, kind: 'limit', px, qty: r.qty, placement: 'passive' }];
  };

  switch (r.placement) {
    case 'passive':
      return passive();
    case 'mid': {
      if (far === undefined) return passive();
      const pool = dark.filter((d) => d.minQty <= r.qty).sort((a, b) => a.minQty - b.minQty)[0];
      if (!pool) return passive();
      // The worst price a midpoint cross may print at: the far touch now, or the limit.
      return [{ venue: pool.venue, kind: 'mid', px: capped(far), qty: r.qty, placement: 'mid' }];
    }
    case 'aggressive': {
      if (far === undefined || !within(far)) return passive();
      const sweep = (r.sweepTicks ?? 0) * r.tick;
      const px = capped(buy ? far + sweep : far - sweep);
      const showing = quotes
        .filter((q) => (buy ? q.ask : q.bid) === far)
        .sort((a, b) => (buy ? b.askQty - a.askQty : b.bidQty - a.bidQty) || a.takeFee - b.takeFee || (a.venue < b.venue ? -1 : 1));
      const out: ChildRoute[] = [];
      let left = r.qty;
      for (const q of showing) {
        if (left === 0) break;
        const shown = Math.floor((buy ? q.askQty : q.bidQty) / r.lot) * r.lot;
        const take = Math.min(left, shown);
        if (take > 0) out.push({ venue: q.venue, kind: 'ioc', px, qty: take, placement: 'aggressive' }), (left -= take);
      }
      // More than is displayed at the touch: the rest goes with the biggest, to sweep what lies behind.
      if (left > 0) {
        if (out.length) out[0].qty += left;
        else out.push({ venue: showing[0].venue, kind: 'ioc', px, qty: left, placement: 'aggressive' });
      }
      return out;
    }
  }
}
