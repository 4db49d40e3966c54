import type { VenueQuote } from '../market/market';
import type { Side } from '../orders/types';
import type { Placement } from '../strategies/plan';
import { type ChildKind, PRIOR_FILL } from './scorecard';

export type { VenueQuote };

/**
 * The smart order router: where each part of a slice goes. Pure — the executor
 * gives it the venues' books, the scorecard's estimates and the parent's limit,
 * and journals the children it returns. Three logics, chosen per parent:
 *
 *   sequential — one venue at a time, best expected all-in cost first; a remainder
 *                (an IOC's unfilled part, a resting order that did not fill in time)
 *                is cancelled and goes on to the next venue (the executor re-asks with
 *                `exclude`).
 *   parallel   — everything at once: a sweep takes all displayed liquidity at or better
 *                than the cap across venues; posts and midpoint orders are split over
 *                the best venues.
 *   seeking    — liquidity-seeking after Cont & Kukanov (2017): the non-urgent part is
 *                spread over a market order, limit orders on each lit queue and dark
 *                pools, chunk by chunk, to the option with the lowest expected cost —
 *                fill probability × all-in cost of the fill, plus an underfill penalty
 *                for what does not fill. Dark pools are probed with minimum quantities.
 *
 * Costs are price units per share against the mid, positive is a cost: the price
 * paid beyond the mid, the venue's fee (negative: rebate), and the adverse
 * selection the scorecard expects there. Whatever the logic, the children never add
 * up to more than the quantity asked, are whole lots, and are never priced through
 * the limit: no overfill by construction.
 */
export type RoutingLogic = 'sequential' | 'parallel' | 'seeking';
export const ROUTING_LOGICS: readonly RoutingLogic[] = ['sequential', 'parallel', 'seeking'];

export interface DarkVenue {
  venue: string;
  minQty: number;
  /** Fee per share, price units. */
  fee: number;
}

/** What the router asks the scorecard. */
export interface RouterScore {
  fillRate(venue: string, kind: ChildKind, qty: number): number;
  adverseCost(venue: string, px: number): number;
}

export interface RouteRequest {
  side: Side;
  qty: number;
  placement: Placement;
  logic: RoutingLogic;
  /** The parent's tightest limit, price units; undefined: none. */
  limitPx?: number;
  lot: number;
  tick: number;
  /** Smallest child the parent sends (a split never makes children below it, except a remainder). */
  minSlice: number;
  /** Aggressive only: how many ticks beyond the far touch a sweep may go (clean-up). */
  sweepTicks?: number;
  /** 0 (patient) to 1 (urgent): how much leaving shares unfilled costs (seeking's underfill penalty). */
  urgency: number;
  /** Sequential: venues this quantity already tried. */
  exclude?: readonly string[];
}

export interface ChildRoute {
  venue: string;
  kind: ChildKind;
  px: number;
  qty: number;
  placement: Placement;
  /** Dark pools: smallest execution accepted. */
  minQty?: number;
}

/** No score yet: the scorecard's priors. */
export const NO_SCORE: RouterScore = {
  fillRate: (_v, kind) => PRIOR_FILL[kind],
  adverseCost: () => 0,
};

const MAX_SPLIT = 3;
/** How far beyond the touch a parallel sweep reaches for displayed depth (ticks). */
const PARALLEL_SWEEP_TICKS = 2;
const SEEK_CHUNKS = 16;

export function route(r: RouteRequest, quotes: readonly VenueQuote[], dark: readonly DarkVenue[], score: RouterScore = NO_SCORE): ChildRoute[] {
  if (r.qty < r.lot) return [];
  const m = new Market(r, quotes, dark, score);
  if (m.lit.length === 0 && m.dark.length === 0) return [];
  switch (r.placement) {
    case 'aggressive':
      return m.canTake() ? (r.logic === 'sequential' ? m.takeSequential(r.qty) : m.sweep(r.qty)) : m.post(r.qty, r.logic);
    case 'passive':
      return r.logic === 'seeking' ? m.seek(r.qty) : m.post(r.qty, r.logic);
    case 'mid':
      return r.logic === 'seeking' ? m.seek(r.qty) : m.midpoint(r.qty, r.logic);
  }
}

/** One place seeking may send a chunk: a take, a lit queue or a dark pool, with what it has been given so far. */
interface SeekOption {
  venue: string;
  kind: ChildKind;
  px: number;
  /** Most it can take (a take: what is displayed). */
  cap: number;
  minQty: number;
  /** Learned fill rate, cost of a filled share, queue turnover scale and queue beyond the usual. */
  p: number;
  onFill: number;
  scale: number;
  ahead: number;
  placed: number;
  /** Expected cost of its next chunk. */
  cost: number;
}

/** One routing decision's view of the venues: touches, the mid, the penalty for not filling. */
class Market {
  readonly buy: boolean;
  readonly s: number;
  readonly lit: VenueQuote[];
  readonly dark: DarkVenue[];
  near?: number;
  far?: number;
  mid?: number;
  /** What a share left unfilled costs: crossing later, plus the urgency premium. */
  underfill = 0;

  constructor(
    readonly r: RouteRequest,
    quotes: readonly VenueQuote[],
    dark: readonly DarkVenue[],
    readonly score: RouterScore,
  ) {
    this.buy = r.side === 'buy';
    this.s = this.buy ? 1 : -1;
    const ex = r.exclude;
    this.lit = ex?.length ? quotes.filter((q) => !ex.includes(q.venue)) : [...quotes];
    this.dark = ex?.length ? dark.filter((d) => !ex.includes(d.venue)) : [...dark];
    // The touches of the whole market (excluded venues included: they are still the market).
    let bid: number | undefined, ask: number | undefined;
    let minTake = Infinity;
    for (const q of quotes) {
      if (q.bid !== undefined && (bid === undefined || q.bid > bid)) bid = q.bid;
      if (q.ask !== undefined && (ask === undefined || q.ask < ask)) ask = q.ask;
      if (q.takeFee < minTake) minTake = q.takeFee;
    }
    this.near = this.capped(this.buy ? bid : ask);
    this.far = this.farOf(this.lit);
    if (bid !== undefined && ask !== undefined && bid < ask) {
      this.mid = (bid + ask) / 2;
      const half = (ask - bid) / 2;
      this.underfill = half + (Number.isFinite(minTake) ? minTake : 0) + 2 * half * Math.max(0, Math.min(1, r.urgency));
    }
  }

  within(px: number): boolean {
    const l = this.r.limitPx;
    return l === undefined || (this.buy ? px <= l : px >= l);
  }

  capped(px: number | undefined): number | undefined {
    const l = this.r.limitPx;
    if (px === undefined) return l;
    return l === undefined ? px : this.buy ? Math.min(px, l) : Math.max(px, l);
  }

  farOf(qs: readonly VenueQuote[]): number | undefined {
    let far: number | undefined;
    for (const q of qs) {
      const f = this.buy ? q.ask : q.bid;
      if (f !== undefined && (far === undefined || (this.buy ? f < far : f > far))) far = f;
    }
    return far;
  }

  canTake(): boolean {
    return this.far !== undefined && this.within(this.far);
  }

  lots(qty: number): number {
    return Math.floor(qty / this.r.lot) * this.r.lot;
  }

  /** Cost of a share taken at px on a venue, against the mid. */
  takeCost(q: VenueQuote, px: number): number {
    return this.s * (px - (this.mid ?? px)) + q.takeFee;
  }

  /** Expected cost of a share posted at the near touch on a lit venue, fill or no fill. */
  postCost(q: VenueQuote, qty: number): number {
    const px = this.near!;
    const p = this.score.fillRate(q.venue, 'limit', qty);
    return p * (this.s * (px - (this.mid ?? px)) + q.makeFee + this.score.adverseCost(q.venue, px)) + (1 - p) * this.underfill;
  }

  darkCost(d: DarkVenue, qty: number): number {
    const p = this.score.fillRate(d.venue, 'mid', qty);
    return p * (d.fee + this.score.adverseCost(d.venue, this.mid ?? 0)) + (1 - p) * this.underfill;
  }

  /** Venues showing the far side within the cap, cheapest all-in first. */
  takers(): Array<{ q: VenueQuote; px: number; qty: number; cost: number }> {
    const out: Array<{ q: VenueQuote; px: number; qty: number; cost: number }> = [];
    for (const q of this.lit) {
      const px = this.buy ? q.ask : q.bid;
      if (px === undefined || !this.within(px)) continue;
      out.push({ q, px, qty: this.buy ? q.askQty : q.bidQty, cost: this.takeCost(q, px) });
    }
    return out.sort((a, b) => a.cost - b.cost || b.qty - a.qty || (a.q.venue < b.q.venue ? -1 : 1));
  }

  /**
   * The sweep's worst price: the far touch plus the sweep ticks (clean-up's, or the
   * parallel sweep's own), never through the limit.
   */
  sweepCap(): number {
    const ticks = Math.max(this.r.sweepTicks ?? 0, this.r.logic === 'parallel' ? PARALLEL_SWEEP_TICKS : 0) * this.r.tick;
    return this.capped(this.buy ? this.far! + ticks : this.far! - ticks)!;
  }

  /** Sequential take: the whole quantity to the cheapest venue all-in; a remainder moves on. */
  takeSequential(qty: number): ChildRoute[] {
    const best = this.takers()[0];
    const cap = this.sweepCap();
    return [{ venue: best.q.venue, kind: 'ioc', px: this.buy ? Math.max(best.px, cap) : Math.min(best.px, cap), qty, placement: 'aggressive' }];
  }

  /**
   * Parallel sweep: every displayed level at or better than the cap, on every venue,
   * cheapest all-in first; one IOC per venue priced at the worst level it takes.
   * More than is displayed: the rest goes with the biggest, to find what hides behind.
   */
  sweep(qty: number): ChildRoute[] {
    const cap = this.sweepCap();
    const levels: Array<{ venue: string; px: number; qty: number; cost: number }> = [];
    for (const q of this.lit) {
      const side = this.buy ? q.levels?.asks : q.levels?.bids;
      const list: Array<[number, number]> = side ?? (this.buy ? (q.ask !== undefined ? [[q.ask, q.askQty]] : []) : q.bid !== undefined ? [[q.bid, q.bidQty]] : []);
      for (const [px, n] of list) {
        if (this.buy ? px > cap : px < cap) break;
        levels.push({ venue: q.venue, px, qty: n, cost: this.takeCost(q, px) });
      }
    }
    levels.sort((a, b) => a.cost - b.cost || b.qty - a.qty || (a.venue < b.venue ? -1 : 1));
    const byVenue = new Map<string, ChildRoute>();
    let left = qty;
    for (const l of levels) {
      if (left === 0) break;
      const take = Math.min(left, this.lots(l.qty));
      if (take <= 0) continue;
      left -= take;
      const c = byVenue.get(l.venue);
      if (c) (c.qty += take), (c.px = this.buy ? Math.max(c.px, l.px) : Math.min(c.px, l.px));
      else byVenue.set(l.venue, { venue: l.venue, kind: 'ioc', px: l.px, qty: take, placement: 'aggressive' });
    }
    const out = [...byVenue.values()];
    if (left > 0) {
      if (out.length) {
        const biggest = out.reduce((a, b) => (b.qty > a.qty ? b : a));
        (biggest.qty += left), (biggest.px = cap);
      } else out.push({ venue: this.takers()[0].q.venue, kind: 'ioc', px: cap, qty: left, placement: 'aggressive' });
    }
    return out;
  }

  /** Lit venues for posting at the near touch, lowest expected cost first. */
  posters(qty: number): Array<{ q: VenueQuote; cost: number }> {
    return this.lit.map((q) => ({ q, cost: this.postCost(q, qty) })).sort((a, b) => a.cost - b.cost || (a.q.venue < b.q.venue ? -1 : 1));
  }

  /** Rests at the near touch (or the limit): sequential on the best venue, parallel split over the best few. */
  post(qty: number, logic: RoutingLogic): ChildRoute[] {
    if (this.near === undefined || this.lit.length === 0) return [];
    const ranked = this.posters(qty);
    const n = logic === 'sequential' ? 1 : Math.min(MAX_SPLIT, ranked.length, Math.floor(qty / Math.max(this.r.minSlice, this.r.lot)));
    return this.split(qty, ranked.slice(0, Math.max(1, n)).map((x) => x.q.venue), (venue, q) => ({ venue, kind: 'limit', px: this.near!, qty: q, placement: 'passive' }));
  }

  /** Midpoint orders in dark pools big enough for them; no pool takes it: it posts instead. */
  midpoint(qty: number, logic: RoutingLogic): ChildRoute[] {
    if (this.far === undefined && this.mid === undefined) return this.post(qty, logic);
    const pools = this.dark.filter((d) => d.minQty <= qty).map((d) => ({ d, cost: this.darkCost(d, qty) }));
    pools.sort((a, b) => a.cost - b.cost || (a.d.venue < b.d.venue ? -1 : 1));
    if (pools.length === 0) return this.post(qty, logic);
    let chosen = logic === 'sequential' ? [pools[0].d] : pools.map((p) => p.d);
    // A parallel split gives each pool at least its minimum.
    while (chosen.length > 1 && chosen.reduce((a, d) => a + Math.max(d.minQty, this.r.minSlice), 0) > qty) chosen = chosen.slice(0, -1);
    const worst = this.worstMid();
    const mins = new Map(chosen.map((d) => [d.venue, d.minQty]));
    return this.split(qty, chosen.map((d) => d.venue), (venue, q) => ({ venue, kind: 'mid', px: worst, qty: q, placement: 'mid', minQty: this.probe(mins.get(venue)!, q) }), mins);
  }

  /** The worst price a midpoint cross may print at: the far touch now, or the limit. */
  worstMid(): number {
    return this.capped(this.far ?? this.near)!;
  }

  /** A dark order's minimum execution: the pool's minimum, at least a minimum slice, never more than the order. */
  probe(poolMin: number, qty: number): number {
    return Math.min(qty, Math.max(poolMin, this.r.minSlice));
  }

  /** Splits qty over venues in whole lots, as evenly as possible, each at least its minimum. */
  split(qty: number, venues: string[], make: (venue: string, qty: number) => ChildRoute, mins?: Map<string, number>): ChildRoute[] {
    const lot = this.r.lot;
    const lotsTotal = Math.floor(qty / lot);
    const out: ChildRoute[] = [];
    let lotsLeft = lotsTotal;
    venues.forEach((venue, i) => {
      const share = i === venues.length - 1 ? lotsLeft : Math.ceil(lotsTotal / venues.length);
      const q = Math.min(share, lotsLeft) * lot;
      if (q <= 0 || q < (mins?.get(venue) ?? 0)) return;
      lotsLeft -= q / lot;
      out.push(make(venue, q));
    });
    // A minimum that did not fit: the last child takes what is left.
    if (lotsLeft > 0 && out.length) out[out.length - 1].qty += lotsLeft * lot;
    return out;
  }

  /**
   * Liquidity seeking (Cont & Kukanov 2017, allocated greedily): the quantity in
   * chunks, each to the option whose next chunk has the lowest expected cost. A lit
   * queue's chance to fill a chunk falls with the queue ahead of it and with what we
   * already put there; a pool's with what we already put there. Taking is certain,
   * but only up to what is displayed within the limit. A dark allocation below the
   * pool's minimum is handed to the best other option.
   */
  seek(qty: number): ChildRoute[] {
    const mid = this.mid;
    if (mid === undefined) return this.post(qty, 'parallel');
    const lot = this.r.lot;
    const chunk = Math.max(lot, Math.ceil(qty / SEEK_CHUNKS / lot) * lot);
    const options: SeekOption[] = [];
    if (this.canTake())
      for (const q of this.lit) {
        const px = this.buy ? q.ask : q.bid;
        const displayed = this.lots(this.buy ? q.askQty : q.bidQty);
        if (px === undefined || !this.within(px) || displayed <= 0) continue;
        options.push({ venue: q.venue, kind: 'ioc', px, cap: displayed, minQty: 0, p: 1, onFill: this.takeCost(q, px), scale: 0, ahead: 0, placed: 0, cost: 0 });
      }
    if (this.near !== undefined)
      for (const q of this.lit) {
        const queue = (this.buy ? q.bid : q.ask) === this.near ? (this.buy ? q.bidQty : q.askQty) : 0;
        // What a queue typically turns over: about the size it shows (both sides averaged).
        const scale = Math.max(lot, (q.bidQty + q.askQty) / 2);
        const onFill = this.s * (this.near - mid) + q.makeFee + this.score.adverseCost(q.venue, this.near);
        options.push({ venue: q.venue, kind: 'limit', px: this.near, cap: Infinity, minQty: 0, p: this.score.fillRate(q.venue, 'limit', chunk), onFill, scale, ahead: Math.max(0, queue - scale), placed: 0, cost: 0 });
      }
    for (const d of this.dark) {
      if (d.minQty > qty) continue;
      const first = Math.max(d.minQty, chunk);
      options.push({ venue: d.venue, kind: 'mid', px: this.worstMid(), cap: Infinity, minQty: d.minQty, p: this.score.fillRate(d.venue, 'mid', first), onFill: d.fee + this.score.adverseCost(d.venue, mid), scale: 4 * first, ahead: 0, placed: 0, cost: 0 });
    }
    if (options.length === 0) return [];
    for (const o of options) o.cost = this.seekCost(o);
    let left = this.lots(qty);
    while (left > 0) {
      let best: SeekOption | undefined;
      let bestSize = 0;
      for (const o of options) {
        // A pool's first chunk is at least its minimum, or the pool is out of reach.
        const size = o.placed === 0 && o.minQty > chunk ? o.minQty : Math.min(chunk, left);
        if (size > left || o.placed + size > o.cap) continue;
        if (!best || o.cost < best.cost) (best = o), (bestSize = size);
      }
      if (!best) break;
      best.placed += bestSize;
      best.cost = this.seekCost(best);
      left -= bestSize;
    }
    // Dark allocations below the pool's minimum go to the cheapest option that can take them.
    for (const o of options) {
      if (o.placed === 0 || o.placed >= o.minQty) continue;
      const moved = o.placed;
      o.placed = 0;
      let to: SeekOption | undefined;
      for (const x of options) if (x !== o && x.placed + moved <= x.cap && (x.placed > 0 || x.minQty <= moved) && (!to || x.cost < to.cost)) to = x;
      if (to) to.placed += moved;
    }
    const out: ChildRoute[] = [];
    for (const o of options)
      if (o.placed > 0)
        out.push(
          o.kind === 'mid'
            ? { venue: o.venue, kind: 'mid', px: o.px, qty: o.placed, placement: 'mid', minQty: this.probe(o.minQty, o.placed) }
            : { venue: o.venue, kind: o.kind, px: o.px, qty: o.placed, placement: o.kind === 'ioc' ? 'aggressive' : 'passive' },
        );
    return out;
  }

  /**
   * Expected cost of the option's next chunk: certain for a take; for a queue or a pool,
   * fill chance × cost of the fill + the rest × the underfill penalty. The learned rate
   * is for a typical queue: a longer one, or more of ours in it, fills less.
   */
  seekCost(o: SeekOption): number {
    if (o.kind === 'ioc') return o.onFill;
    const p = (o.p * o.scale) / (o.scale + o.ahead + o.placed);
    return p * o.onFill + (1 - p) * this.underfill;
  }
}
