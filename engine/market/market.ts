import type { Rng } from '../core/rng';
import { seededRng } from '../core/rng';
import type { Scheduler } from '../core/scheduler';
import type { Instrument } from '../instruments';
import { OrderBook, type BookSide, type OrderKind, type RestingOrder } from './book';
import { expDraw, normalDraw, pickWeighted, sizeDraw } from './draws';
import { BUCKET_MS, BUCKETS, expectedVolumeProfile, intradayRate, SESSION_MS } from './profile';
import { Tape } from './tape';
import type { VenueConfig, VenueStatus } from './venues';

/**
 * The simulated market: lit venues with full books, dark pools crossing at the
 * NBBO midpoint, background flow after Cont, Stoikov & Talreja (2010) around a
 * diffusing fundamental price, and market data. Everything runs on the engine's
 * scheduler and seeded randomness, so the same seed gives the same day.
 */

// Cont, Stoikov & Talreja (2010), Table 2 estimates (events/s, unit lots):
// limit orders at i ticks from the opposite best, λ(i); market orders μ;
// per-order cancellation at distance i, θ(i). Beyond 5 ticks λ(i) = k / i^α.
const CST_K = 1.92;
const CST_ALPHA = 0.52;
const CST_MU = 0.94;
const CST_LAMBDA = [1.85, 1.51, 1.09, 0.88, 0.77];
const CST_THETA = [0.71, 0.81, 0.68, 0.56, 0.47];
const LEVELS = 10;
const LAMBDA = Array.from({ length: LEVELS }, (_, i) => (i < 5 ? CST_LAMBDA[i] : CST_K / Math.pow(i + 1, CST_ALPHA)));
const THETA = Array.from({ length: LEVELS }, (_, i) => CST_THETA[Math.min(i, 4)]);
const THETA_MAX = Math.max(...THETA);
const LAMBDA_SIDE = LAMBDA.reduce((a, b) => a + b, 0);

// Almgren, Thum, Hauptmann & Li (2005): permanent impact I = γ σ (X/V) (Θ/V)^δ,
// γ = 0.314, δ = 1/4; Θ/V (shares outstanding over ADV) taken as 200 for large caps.
const PERM_GAMMA = 0.314 * Math.pow(200, 0.25);

export const DESK_OWNER = 1;
const SECONDS_PER_SESSION = SESSION_MS / 1000;
const FUNDAMENTAL_STEP_MS = 1000;
const MID_SAMPLE_MS = 5 * 60_000;

export interface MarketOptions {
  seed: number | string;
  instruments: readonly Instrument[];
  venues: readonly VenueConfig[];
  /** Session open (ms since epoch, engine time); the day runs 6.5 hours from here. */
  open: number;
  /** Share of each name's volume that prints in dark pools. */
  darkShare?: number;
  /** Multiplier on limit-order arrival rates: deeper or thinner books. */
  depth?: number;
}

export interface Print {
  ts: number;
  symbol: string;
  venue: string;
  /** Price units. */
  px: number;
  qty: number;
  /** Who took liquidity; dark crosses have no aggressor. */
  aggressor: BookSide | 'cross';
  desk: boolean;
}

/** One lit venue's top of book (displayed) and fees, price units. */
export interface VenueQuote {
  venue: string;
  bid?: number;
  bidQty: number;
  ask?: number;
  askQty: number;
  makeFee: number;
  takeFee: number;
  /** When asked for depth: displayed levels [price units, qty], best first. */
  levels?: { bids: Array<[number, number]>; asks: Array<[number, number]> };
}

export interface Quote {
  bid?: number;
  bidQty: number;
  ask?: number;
  askQty: number;
}

export interface InstrumentStats {
  symbol: string;
  volume: number;
  notional: number;
  trades: number;
  open?: number;
  high?: number;
  low?: number;
  last?: number;
  /** Volume per half-hour bucket of the session. */
  buckets: number[];
  /** Mid-quote samples every five minutes (price units), for realised volatility. */
  mids: number[];
  /** Sum and count of one-second NBBO spread samples (price units). */
  spreadSum: number;
  spreadSamples: number;
  /** One-minute bars of the session, in order, for charts. */
  bars: Bar[];
}

/** A one-minute bar; prices in price units. `vwap` is the session VWAP at the bar's last print. */
export interface Bar {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
}

/** A desk (our) order as sent to a venue. Prices in price units. */
export interface DeskOrderRequest {
  id: string;
  venue: string;
  symbol: string;
  side: BookSide;
  /** Lit: limit, market, ioc, post-only. Dark: 'mid' (pegged to the NBBO midpoint). */
  kind: OrderKind | 'mid';
  /** Limit price; for a midpoint order, optional, the worst price it may cross at. */
  px?: number;
  qty: number;
  /** Dark pools: smallest execution accepted. */
  minQty?: number;
}

export type VenueReport =
  | { type: 'accepted'; id: string; venue: string; ts: number }
  | { type: 'rejected'; id: string; venue: string; ts: number; reason: string }
  | { type: 'fill'; id: string; venue: string; ts: number; qty: number; px: number; liquidity: 'maker' | 'taker' | 'mid'; fee: number; leaves: number }
  | { type: 'cancelled'; id: string; venue: string; ts: number; qty: number; reason: string }
  | { type: 'amended'; id: string; venue: string; ts: number; qty: number; px?: number };

interface DeskOrder {
  req: DeskOrderRequest;
  num: number;
  leaves: number;
  live: boolean;
}

interface DarkOrder {
  num: number;
  side: BookSide;
  qty: number;
  minQty: number;
  desk?: DeskOrder;
}

class Venue {
  status: VenueStatus = 'open';
  /** Latest arrival times of requests at the venue and of its reports back to us: each direction is FIFO. */
  requestsAt = 0;
  reportsAt = 0;
  trades = 0;
  volume = 0;
  readonly books = new Map<string, OrderBook>();
  readonly dark = new Map<string, { buys: DarkOrder[]; sells: DarkOrder[] }>();
  constructor(readonly config: VenueConfig) {}
}

class Listing {
  fundamental: number;
  readonly stats: InstrumentStats;
  /** Running desk-taking pressure folded into the fundamental (for reporting). */
  permanentImpact = 0;
  /** Every print and a midpoint a second, for interval VWAP and TWAP benchmarks. */
  readonly tape = new Tape();
  /** This name's book on each lit venue, in venue order: the NBBO read walks these, with no lookups by name. */
  readonly lit: Array<{ venue: Venue; book: OrderBook }> = [];
  /**
   * The NBBO as last worked out, and what it was worked out from: the sum of the lit books'
   * change counts (each only grows, so any change moves the sum) and which venues were open.
   * Orders arriving while the books stand still — a basket's lines, a FIX read's orders,
   * anything in one engine instant — read it instead of walking every book again.
   */
  readonly quoted: Quote = { bid: undefined, bidQty: 0, ask: undefined, askQty: 0 };
  quotedChanges = -1;
  quotedOpen = -1;
  constructor(readonly inst: Instrument) {
    this.fundamental = inst.refPx;
    this.stats = { symbol: inst.symbol, volume: 0, notional: 0, trades: 0, buckets: new Array(BUCKETS).fill(0), mids: [], spreadSum: 0, spreadSamples: 0, bars: [] };
  }
}

export class SimMarket {
  readonly venues = new Map<string, Venue>();
  readonly listings = new Map<string, Listing>();
  readonly open: number;
  readonly close: number;
  private readonly darkShare: number;
  private readonly depth: number;
  private nextNum = 1;
  private readonly desk = new Map<string, DeskOrder>();
  private readonly deskByNum = new Map<number, DeskOrder>();
  private readonly printListeners = new Set<(p: Print) => void>();
  private readonly reportListeners = new Set<(r: VenueReport) => void>();
  private readonly statusListeners = new Set<(venue: string, status: VenueStatus) => void>();
  private readonly rngOf = new Map<string, Rng>();
  /** Most recent prints, newest last, for a page that opens mid-day. */
  readonly recentPrints: Print[] = [];
  /** `mid`'s quote, reused: nothing keeps it. */
  private readonly scratch: Quote = { bid: undefined, bidQty: 0, ask: undefined, askQty: 0 };

  constructor(
    private readonly scheduler: Scheduler,
    private readonly opts: MarketOptions,
  ) {
    this.open = opts.open;
    this.close = opts.open + SESSION_MS;
    this.darkShare = opts.darkShare ?? 0.12;
    this.depth = opts.depth ?? 1;
    for (const v of opts.venues) this.venues.set(v.id, new Venue(v));
    for (const inst of opts.instruments) {
      const listing = new Listing(inst);
      this.listings.set(inst.symbol, listing);
      for (const venue of this.venues.values()) {
        if (venue.config.kind === 'lit') {
          const book = this.makeBook(venue, listing);
          venue.books.set(inst.symbol, book);
          listing.lit.push({ venue, book });
        }
        else venue.dark.set(inst.symbol, { buys: [], sells: [] });
      }
    }
    this.start();
  }

  // ---- market data -----------------------------------------------------------

  /** Consolidated best bid and offer over open lit venues, displayed quantity only. */
  nbbo(symbol: string): Quote {
    const q: Quote = { bidQty: 0, askQty: 0 };
    const listing = this.listings.get(symbol);
    return listing ? this.nbboInto(listing, q) : q;
  }

  /**
   * The NBBO written into `q`, which the caller owns and reuses: the desk reads it on
   * every order it takes, and a fresh quote each time was garbage on that path.
   */
  quoteInto(symbol: string, q: Quote): Quote {
    q.bid = q.ask = undefined;
    q.bidQty = q.askQty = 0;
    const listing = this.listings.get(symbol);
    return listing ? this.nbboInto(listing, q) : q;
  }

  private nbboInto(listing: Listing, q: Quote): Quote {
    const lit = listing.lit;
    let changes = 0;
    let open = 0;
    for (let i = 0; i < lit.length; i++) {
      changes += lit[i].book.changes;
      if (lit[i].venue.status === 'open') open |= 1 << i;
    }
    const memo = listing.quoted;
    if (changes !== listing.quotedChanges || open !== listing.quotedOpen) {
      memo.bid = memo.ask = undefined;
      memo.bidQty = memo.askQty = 0;
      this.consolidate(listing, memo);
      listing.quotedChanges = changes;
      listing.quotedOpen = open;
    }
    // Only sides that are there, as the walk wrote them: `nbbo` hands out a quote without absent keys.
    if (memo.bid !== undefined) (q.bid = memo.bid), (q.bidQty = memo.bidQty);
    if (memo.ask !== undefined) (q.ask = memo.ask), (q.askQty = memo.askQty);
    return q;
  }

  /** Best bid and offer over the open lit books, into `q` (emptied by the caller). */
  private consolidate(listing: Listing, q: Quote): void {
    const tick = listing.inst.tick;
    const lit = listing.lit;
    for (let i = 0; i < lit.length; i++) {
      if (lit[i].venue.status !== 'open') continue;
      const book = lit[i].book;
      const b = book.displayedBestLevel('buy');
      const a = book.displayedBestLevel('sell');
      if (b) {
        const px = b.px * tick;
        if (q.bid === undefined || px > q.bid) (q.bid = px), (q.bidQty = b.qty);
        else if (px === q.bid) q.bidQty += b.qty;
      }
      if (a) {
        const px = a.px * tick;
        if (q.ask === undefined || px < q.ask) (q.ask = px), (q.askQty = a.qty);
        else if (px === q.ask) q.askQty += a.qty;
      }
    }
  }

  /** Top of book per open lit venue, displayed quantity only, with the venue's fees (and `depth` levels when asked): what a router looks at. */
  venueQuotes(symbol: string, depth = 1): VenueQuote[] {
    const out: VenueQuote[] = [];
    const tick = this.listings.get(symbol)?.inst.tick;
    if (tick === undefined) return out;
    for (const venue of this.venues.values()) {
      if (venue.config.kind !== 'lit' || venue.status !== 'open') continue;
      const book = venue.books.get(symbol)!;
      const b = book.displayedBest('buy');
      const a = book.displayedBest('sell');
      const q: VenueQuote = { venue: venue.config.id, bid: b ? b.px * tick : undefined, bidQty: b?.qty ?? 0, ask: a ? a.px * tick : undefined, askQty: a?.qty ?? 0, makeFee: venue.config.makeFee, takeFee: venue.config.takeFee };
      if (depth > 1) {
        const d = book.depth(depth);
        q.levels = { bids: d.bids.map(([p, n]) => [p * tick, n]), asks: d.asks.map(([p, n]) => [p * tick, n]) };
      }
      out.push(q);
    }
    return out;
  }

  /** Midpoint of the NBBO in price units, or undefined when one side is missing or the market is crossed. */
  mid(symbol: string): number | undefined {
    const q = this.quoteInto(symbol, this.scratch);
    if (q.bid === undefined || q.ask === undefined || q.bid >= q.ask) return undefined;
    return (q.bid + q.ask) / 2;
  }

  /** L2 depth of one lit venue: [price units, displayed qty] per level, best first. */
  venueDepth(venue: string, symbol: string, levels = 10): { bids: Array<[number, number]>; asks: Array<[number, number]> } {
    const book = this.venues.get(venue)?.books.get(symbol);
    const tick = this.listings.get(symbol)?.inst.tick ?? 1;
    if (!book) return { bids: [], asks: [] };
    const d = book.depth(levels);
    return { bids: d.bids.map(([p, q]) => [p * tick, q]), asks: d.asks.map(([p, q]) => [p * tick, q]) };
  }

  /** Consolidated depth over open lit venues, aggregated by price. */
  consolidatedDepth(symbol: string, levels = 10): { bids: Array<[number, number]>; asks: Array<[number, number]> } {
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    for (const v of this.venues.values()) {
      if (v.config.kind !== 'lit' || v.status !== 'open') continue;
      const d = this.venueDepth(v.config.id, symbol, levels);
      for (const [p, q] of d.bids) bids.set(p, (bids.get(p) ?? 0) + q);
      for (const [p, q] of d.asks) asks.set(p, (asks.get(p) ?? 0) + q);
    }
    return {
      bids: [...bids].sort((a, b) => b[0] - a[0]).slice(0, levels),
      asks: [...asks].sort((a, b) => a[0] - b[0]).slice(0, levels),
    };
  }

  venueStats(): Array<{ venue: string; kind: 'lit' | 'dark'; status: VenueStatus; trades: number; volume: number }> {
    return [...this.venues.values()].map((v) => ({ venue: v.config.id, kind: v.config.kind, status: v.status, trades: v.trades, volume: v.volume }));
  }

  stats(symbol: string): InstrumentStats | undefined {
    return this.listings.get(symbol)?.stats;
  }

  /** The name's tape: interval VWAP, TWAP and the mid at any past instant. */
  tape(symbol: string): Tape | undefined {
    return this.listings.get(symbol)?.tape;
  }

  vwap(symbol: string): number | undefined {
    const s = this.listings.get(symbol)?.stats;
    return s && s.volume > 0 ? s.notional / s.volume : undefined;
  }

  /** Expected share of daily volume per half hour: the profile VWAP schedules follow. */
  volumeProfile(): number[] {
    return expectedVolumeProfile();
  }

  fundamental(symbol: string): number | undefined {
    return this.listings.get(symbol)?.fundamental;
  }

  venueStatus(venue: string): VenueStatus | undefined {
    return this.venues.get(venue)?.status;
  }

  isOpen(t = this.scheduler.clock.now()): boolean {
    return t >= this.open && t < this.close;
  }

  onPrint(fn: (p: Print) => void): () => void {
    this.printListeners.add(fn);
    return () => this.printListeners.delete(fn);
  }

  onReport(fn: (r: VenueReport) => void): () => void {
    this.reportListeners.add(fn);
    return () => this.reportListeners.delete(fn);
  }

  onStatus(fn: (venue: string, status: VenueStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  // ---- venue status ------------------------------------------------------------

  /** Switches a venue open, halted or down. Returns an error message for bad input. */
  setVenueStatus(venueId: string, status: VenueStatus): string | undefined {
    const venue = this.venues.get(venueId);
    if (!venue) return `unknown venue "${venueId}"`;
    if (status !== 'open' && status !== 'halted' && status !== 'down') return `venue status must be open, halted or down, not "${status}"`;
    const was = venue.status;
    venue.status = status;
    // Back from an outage: the venue cancelled our session's orders when it lost us
    // (cancel on disconnect), and says so now; until then they were possibly live.
    if (was === 'down' && status !== 'down')
      for (const order of this.desk.values())
        if (order.live && order.req.venue === venueId) {
          const qty = venue.config.kind === 'lit' ? venue.books.get(order.req.symbol)!.cancel(order.num) : this.removeDark(venue, order);
          this.finish(order, venue, qty, 'cancelled on disconnect');
        }
    for (const fn of this.statusListeners) fn(venueId, status);
    return undefined;
  }

  // ---- desk orders (behind the Venue port, with latency) -------------------------------

  /**
   * Sends one of our orders to a venue. The answer — accepted, rejected, fills,
   * cancelled — comes back through onReport after the venue's latency. Bad
   * requests are rejected with a reason; nothing here throws.
   */
  submit(req: DeskOrderRequest): void {
    const venue = this.venues.get(req.venue);
    const now = this.scheduler.clock.now();
    const reject = (reason: string) => this.gatewayReject({ type: 'rejected', id: req.id, venue: req.venue, ts: now, reason });
    if (!venue) return reject(`unknown venue "${req.venue}"`);
    if (venue.status === 'down') return reject(`venue ${venue.config.id} is down`);
    if (this.desk.has(req.id)) return reject(`duplicate order id ${req.id}`);
    const listing = this.listings.get(req.symbol);
    if (!listing) return reject(`unknown instrument "${req.symbol}"`);
    if (!Number.isInteger(req.qty) || req.qty <= 0) return reject(`quantity must be a positive whole number, not ${req.qty}`);
    if (req.qty % listing.inst.lot !== 0) return reject(`quantity ${req.qty} is not a multiple of the lot of ${listing.inst.lot}`);
    const dark = venue.config.kind === 'dark';
    if (dark !== (req.kind === 'mid')) return reject(dark ? `dark pool ${venue.config.id} takes only midpoint orders` : `lit venue ${venue.config.id} does not take midpoint orders`);
    if (req.kind !== 'market' && req.kind !== 'mid') {
      if (req.px === undefined || !Number.isInteger(req.px) || req.px <= 0) return reject(`a ${req.kind} order needs a positive price`);
      if (req.px % listing.inst.tick !== 0) return reject(`price ${req.px / 10_000} is not on the ${req.symbol} tick grid`);
    }
    if (dark && req.qty < (venue.config.minQty ?? 0)) return reject(`${venue.config.id} minimum quantity is ${venue.config.minQty}`);
    const order: DeskOrder = { req, num: this.nextNum++, leaves: req.qty, live: false };
    this.desk.set(req.id, order);
    this.atVenue(venue, () => this.arrive(venue, listing, order));
  }

  cancel(id: string): void {
    const order = this.desk.get(id);
    if (!order) return this.gatewayReject({ type: 'rejected', id, venue: '?', ts: this.scheduler.clock.now(), reason: `unknown order id ${id}` });
    const venue = this.venues.get(order.req.venue)!;
    if (venue.status === 'down') return; // unreachable: possibly live until the venue returns and cancels it on disconnect
    this.atVenue(venue, () => {
      if (!order.live) return;
      const qty = venue.config.kind === 'lit' ? venue.books.get(order.req.symbol)!.cancel(order.num) : this.removeDark(venue, order);
      this.finish(order, venue, qty, 'cancelled by request');
    });
  }

  /** Replaces quantity (and price, lit only). Down venues are unreachable; halted ones accept amends. */
  amend(id: string, qty: number, px?: number): void {
    const order = this.desk.get(id);
    if (!order) return;
    const venue = this.venues.get(order.req.venue)!;
    if (venue.status === 'down') return;
    this.atVenue(venue, () => {
      if (!order.live) return;
      const listing = this.listings.get(order.req.symbol)!;
      if (venue.config.kind === 'dark') {
        if (qty <= 0 || qty % listing.inst.lot !== 0) return;
        order.leaves = qty;
        const d = this.findDark(venue, order);
        if (d) d.qty = qty;
        this.fromVenue(venue, { type: 'amended', id, venue: venue.config.id, ts: this.scheduler.clock.now(), qty });
        return;
      }
      const book = venue.books.get(order.req.symbol)!;
      const tick = listing.inst.tick;
      if (px !== undefined && px % tick !== 0) return;
      const r = book.amend(order.num, qty, px === undefined ? undefined : px / tick);
      if (!r || r.reject) return;
      order.leaves = qty - r.filled;
      if (px !== undefined) order.req = { ...order.req, px };
      this.fromVenue(venue, { type: 'amended', id, venue: venue.config.id, ts: this.scheduler.clock.now(), qty, px });
    });
  }

  // ---- internals -----------------------------------------------------------------

  private rng(key: string): Rng {
    let r = this.rngOf.get(key);
    if (!r) this.rngOf.set(key, (r = seededRng(`${this.opts.seed}/${key}`)));
    return r;
  }

  private latency(venue: Venue): number {
    return venue.config.entryMs + expDraw(this.rng(`latency/${venue.config.id}`), 1 / venue.config.jitterMs);
  }

  /** Delivers a request to the venue after its latency; a session is FIFO, so jitter never reorders. */
  private atVenue(venue: Venue, fn: () => void): void {
    venue.requestsAt = Math.max(venue.requestsAt, this.scheduler.clock.now() + this.latency(venue));
    this.scheduler.at(venue.requestsAt, fn);
  }

  /** Sends a venue's report back after its market-data delay plus jitter, in order. */
  private fromVenue(venue: Venue, r: VenueReport): void {
    const jitter = expDraw(this.rng(`md/${venue.config.id}`), 1 / venue.config.jitterMs);
    venue.reportsAt = Math.max(venue.reportsAt, this.scheduler.clock.now() + venue.config.mdMs + jitter);
    this.scheduler.at(venue.reportsAt, () => {
      for (const fn of this.reportListeners) fn(r);
    });
  }

  /** Our gateway's own refusals (never reached a venue): delivered on the next scheduler turn, not re-entrantly. */
  private gatewayReject(r: VenueReport): void {
    this.scheduler.at(this.scheduler.clock.now(), () => {
      for (const fn of this.reportListeners) fn(r);
    });
  }

  private arrive(venue: Venue, listing: Listing, order: DeskOrder): void {
    const now = this.scheduler.clock.now();
    const { req } = order;
    if (venue.status !== 'open') {
      this.desk.delete(req.id);
      return this.fromVenue(venue, { type: 'rejected', id: req.id, venue: venue.config.id, ts: now, reason: `venue ${venue.config.id} is ${venue.status}` });
    }
    if (!this.isOpen(now)) {
      this.desk.delete(req.id);
      return this.fromVenue(venue, { type: 'rejected', id: req.id, venue: venue.config.id, ts: now, reason: 'market is closed' });
    }
    order.live = true;
    this.deskByNum.set(order.num, order);
    this.fromVenue(venue, { type: 'accepted', id: req.id, venue: venue.config.id, ts: now });
    if (venue.config.kind === 'dark') {
      const pool = venue.dark.get(req.symbol)!;
      const d: DarkOrder = { num: order.num, side: req.side, qty: req.qty, minQty: Math.max(req.minQty ?? 0, venue.config.minQty ?? 0), desk: order };
      (req.side === 'buy' ? pool.buys : pool.sells).push(d);
      this.crossDark(venue, listing);
      return;
    }
    const book = venue.books.get(req.symbol)!;
    const tick = listing.inst.tick;
    const kind = req.kind as OrderKind;
    const r = book.submit(order.num, req.side, kind, kind === 'market' ? 0 : req.px! / tick, req.qty, DESK_OWNER);
    if (r.reject && r.reject !== 'NO_LIQUIDITY') {
      order.live = false;
      this.desk.delete(req.id);
      return this.fromVenue(venue, { type: 'rejected', id: req.id, venue: venue.config.id, ts: now, reason: rejectText(r.reject) });
    }
    if (r.cancelled > 0) this.finish(order, venue, r.cancelled, kind === 'market' ? 'no more liquidity' : 'immediate-or-cancel remainder');
  }

  private finish(order: DeskOrder, venue: Venue, qty: number, reason: string): void {
    if (!order.live) return;
    order.live = false;
    order.leaves = 0;
    this.deskByNum.delete(order.num);
    this.fromVenue(venue, { type: 'cancelled', id: order.req.id, venue: venue.config.id, ts: this.scheduler.clock.now(), qty, reason });
  }

  private makeBook(venue: Venue, listing: Listing): OrderBook {
    const tick = listing.inst.tick;
    const symbol = listing.inst.symbol;
    return new OrderBook(
      (takerNum, maker, qty, pxTicks) => {
        const px = pxTicks * tick;
        const taker = this.deskByNum.get(takerNum);
        const makerDesk = maker.owner === DESK_OWNER ? this.deskByNum.get(maker.id) : undefined;
        const aggressor: BookSide = maker.side === 'buy' ? 'sell' : 'buy';
        this.print({ ts: this.scheduler.clock.now(), symbol, venue: venue.config.id, px, qty, aggressor, desk: !!(taker || makerDesk) }, listing);
        if (taker) {
          this.deskFill(taker, venue, qty, px, 'taker');
          // Our aggressive flow moves the price for good (permanent impact).
          const sign = aggressor === 'buy' ? 1 : -1;
          const shift = sign * PERM_GAMMA * listing.inst.dailyVol * (qty / listing.inst.adv) * listing.fundamental;
          listing.fundamental += shift;
          listing.permanentImpact += shift;
        }
        if (makerDesk) this.deskFill(makerDesk, venue, qty, px, 'maker');
      },
      (resting: RestingOrder) => {
        const o = this.deskByNum.get(resting.id);
        if (o) this.finish(o, venue, resting.qty, 'self-trade prevention');
      },
    );
  }

  private deskFill(order: DeskOrder, venue: Venue, qty: number, px: number, liquidity: 'maker' | 'taker' | 'mid'): void {
    order.leaves -= qty;
    const rate = liquidity === 'maker' ? venue.config.makeFee : venue.config.takeFee;
    const fee = rate * qty; // price units × shares
    const done = order.leaves === 0;
    if (done) {
      order.live = false;
      this.deskByNum.delete(order.num);
    }
    this.fromVenue(venue, { type: 'fill', id: order.req.id, venue: venue.config.id, ts: this.scheduler.clock.now(), qty, px, liquidity, fee, leaves: order.leaves });
  }

  private print(p: Print, listing: Listing): void {
    const venue = this.venues.get(p.venue)!;
    venue.trades++;
    venue.volume += p.qty;
    const s = listing.stats;
    listing.tape.print(p.ts, p.px, p.qty);
    s.volume += p.qty;
    s.notional += p.px * p.qty;
    s.trades++;
    if (s.open === undefined) s.open = p.px;
    if (s.high === undefined || p.px > s.high) s.high = p.px;
    if (s.low === undefined || p.px < s.low) s.low = p.px;
    s.last = p.px;
    const bucket = Math.min(BUCKETS - 1, Math.max(0, Math.floor((p.ts - this.open) / BUCKET_MS)));
    s.buckets[bucket] += p.qty;
    const minute = this.open + Math.floor((p.ts - this.open) / 60_000) * 60_000;
    let bar = s.bars[s.bars.length - 1];
    if (!bar || bar.t !== minute) s.bars.push((bar = { t: minute, open: p.px, high: p.px, low: p.px, close: p.px, volume: 0, vwap: 0 }));
    if (p.px > bar.high) bar.high = p.px;
    if (p.px < bar.low) bar.low = p.px;
    bar.close = p.px;
    bar.volume += p.qty;
    bar.vwap = s.notional / s.volume;
    if (this.printListeners.size) {
      this.recentPrints.push(p);
      if (this.recentPrints.length > 2000) this.recentPrints.splice(0, 1000);
      for (const fn of this.printListeners) fn(p);
    }
  }

  // ---- dark pools ----------------------------------------------------------------

  private findDark(venue: Venue, order: DeskOrder): DarkOrder | undefined {
    const pool = venue.dark.get(order.req.symbol)!;
    return (order.req.side === 'buy' ? pool.buys : pool.sells).find((d) => d.num === order.num);
  }

  private removeDark(venue: Venue, order: DeskOrder): number {
    const pool = venue.dark.get(order.req.symbol)!;
    const list = order.req.side === 'buy' ? pool.buys : pool.sells;
    const i = list.findIndex((d) => d.num === order.num);
    if (i < 0) return 0;
    const [d] = list.splice(i, 1);
    return d.qty;
  }

  /** Crosses resting buys and sells at the NBBO midpoint, oldest first, honouring minimum quantities. */
  private crossDark(venue: Venue, listing: Listing): void {
    if (venue.status !== 'open') return;
    const pool = venue.dark.get(listing.inst.symbol)!;
    if (!pool.buys.length || !pool.sells.length) return;
    const mid = this.mid(listing.inst.symbol);
    if (mid === undefined) return;
    const px = Math.round(mid);
    for (let bi = 0; bi < pool.buys.length; bi++) {
      const b = pool.buys[bi];
      for (let si = 0; si < pool.sells.length && b.qty > 0; si++) {
        const s = pool.sells[si];
        if (b.desk && s.desk) continue; // never cross with ourselves
        // Our midpoint orders carry a worst price (the parent's limit): no cross beyond it.
        if ((b.desk?.req.px !== undefined && px > b.desk.req.px) || (s.desk?.req.px !== undefined && px < s.desk.req.px)) continue;
        const q = Math.min(b.qty, s.qty);
        if (q < Math.min(b.minQty, b.qty) || q < Math.min(s.minQty, s.qty)) continue;
        b.qty -= q;
        s.qty -= q;
        this.print({ ts: this.scheduler.clock.now(), symbol: listing.inst.symbol, venue: venue.config.id, px, qty: q, aggressor: 'cross', desk: !!(b.desk || s.desk) }, listing);
        if (b.desk) this.deskFill(b.desk, venue, q, px, 'mid');
        if (s.desk) this.deskFill(s.desk, venue, q, px, 'mid');
      }
    }
    pool.buys = pool.buys.filter((d) => d.qty > 0);
    pool.sells = pool.sells.filter((d) => d.qty > 0);
  }

  // ---- background flow -------------------------------------------------------------

  private start(): void {
    for (const listing of this.listings.values()) {
      this.seedBooks(listing);
      this.scheduler.at(this.open + FUNDAMENTAL_STEP_MS, () => this.stepFundamental(listing));
      this.scheduler.at(this.open, () => this.sampleMid(listing));
      for (const venue of this.venues.values()) {
        if (venue.config.kind === 'lit') this.scheduleLit(venue, listing);
        else this.scheduleDark(venue, listing);
      }
    }
  }

  /** The opening book: a few background orders at each of the first levels around the reference price. */
  private seedBooks(listing: Listing): void {
    const tick = listing.inst.tick;
    const f = Math.round(listing.fundamental / tick);
    for (const venue of this.venues.values()) {
      if (venue.config.kind !== 'lit') continue;
      const rng = this.rng(`seed/${venue.config.id}/${listing.inst.symbol}`);
      const book = venue.books.get(listing.inst.symbol)!;
      for (let i = 1; i <= LEVELS; i++) {
        const n = 1 + Math.round((LAMBDA[i - 1] / THETA[i - 1]) * this.depth * venue.config.flowShare * 2);
        for (let k = 0; k < n; k++) {
          book.submit(this.nextNum++, 'buy', 'limit', f - i, this.tradeSize(rng, listing));
          book.submit(this.nextNum++, 'sell', 'limit', f + i, this.tradeSize(rng, listing));
        }
      }
    }
  }

  private tradeSize(rng: Rng, listing: Listing): number {
    const step = Math.max(listing.inst.lot, 100);
    return sizeDraw(rng, listing.inst.avgTradeSize, Math.min(step, listing.inst.avgTradeSize));
  }

  /** Market orders per second on this venue for this name at time t (before the CST time scale). */
  private marketRate(venue: Venue, listing: Listing, t: number): number {
    const perDay = (listing.inst.adv * (1 - this.darkShare) * venue.config.flowShare) / listing.inst.avgTradeSize;
    return (perDay / SECONDS_PER_SESSION) * intradayRate(t - this.open);
  }

  private scheduleLit(venue: Venue, listing: Listing): void {
    const rng = this.rng(`flow/${venue.config.id}/${listing.inst.symbol}`);
    const book = venue.books.get(listing.inst.symbol)!;
    const bg: RestingOrder[] = []; // background orders that may be cancelled (swap-remove array)
    const tick = listing.inst.tick;
    const limitWeights = LAMBDA.map((l) => l * this.depth);
    const limitTotal = LAMBDA_SIDE * this.depth;
    const step = () => {
      const now = this.scheduler.clock.now();
      if (now >= this.close) return;
      // Time scale: CST rates are per unit of activity; scale so market orders match the target.
      const s = this.marketRate(venue, listing, now) / CST_MU;
      const cancelRate = bg.length * THETA_MAX;
      const total = s * (CST_MU + 2 * limitTotal + cancelRate);
      this.scheduler.after(expDraw(rng, total) * 1000, step);
      if (venue.status !== 'open') return;
      let r = rng.next() * (CST_MU + 2 * limitTotal + cancelRate);
      const f = listing.fundamental / tick;
      if (r < CST_MU) {
        // Market order; its side leans toward the fundamental so prices track it.
        const mid = midTicks(book, f);
        const pBuy = 0.5 + 0.4 * Math.tanh((f - mid) / 2);
        const side: BookSide = rng.next() < pBuy ? 'buy' : 'sell';
        book.submit(this.nextNum++, side, 'market', 0, this.tradeSize(rng, listing));
        return;
      }
      r -= CST_MU;
      if (r < 2 * limitTotal) {
        const side: BookSide = r < limitTotal ? 'buy' : 'sell';
        const i = 1 + pickWeighted(rng, limitWeights, limitTotal);
        const nbbo = this.nbboTicks(listing);
        // Distance i from the opposite best (CST), anchored to the fundamental when the book strays.
        const px = side === 'buy' ? Math.min(nbbo.ask ?? Infinity, Math.ceil(f) + 1) - i : Math.max(nbbo.bid ?? -Infinity, Math.floor(f) - 1) + i;
        if (px <= 0) return;
        const num = this.nextNum++;
        const out = book.submit(num, side, 'limit', px, this.tradeSize(rng, listing));
        if (out.resting > 0) bg.push(book.get(num)!);
        return;
      }
      // Cancellation: pick a background order uniformly, keep it with probability θ(i)/θmax (thinning).
      const k = rng.int(bg.length);
      const o = bg[k];
      bg[k] = bg[bg.length - 1];
      bg.pop();
      if (!o.level) return; // already filled
      const opposite = o.side === 'buy' ? book.bestAsk : book.bestBid;
      const dist = Number.isNaN(opposite) ? LEVELS : Math.min(LEVELS, Math.max(1, Math.abs(opposite - o.px)));
      if (rng.next() * THETA_MAX < THETA[dist - 1]) book.cancel(o.id);
      else bg.push(o);
    };
    this.scheduler.at(this.open, step);
  }

  private nbboTicks(listing: Listing): { bid?: number; ask?: number } {
    let bid: number | undefined;
    let ask: number | undefined;
    for (const venue of this.venues.values()) {
      if (venue.config.kind !== 'lit' || venue.status !== 'open') continue;
      const book = venue.books.get(listing.inst.symbol)!;
      if (!Number.isNaN(book.bestBid) && (bid === undefined || book.bestBid > bid)) bid = book.bestBid;
      if (!Number.isNaN(book.bestAsk) && (ask === undefined || book.bestAsk < ask)) ask = book.bestAsk;
    }
    return { bid, ask };
  }

  private scheduleDark(venue: Venue, listing: Listing): void {
    const rng = this.rng(`dark/${venue.config.id}/${listing.inst.symbol}`);
    const minQty = venue.config.minQty ?? 0;
    const meanSize = Math.max(minQty * 2, listing.inst.avgTradeSize * 5);
    const lifetimeMs = 10 * 60_000;
    const step = () => {
      const now = this.scheduler.clock.now();
      if (now >= this.close) return;
      // Both sides arrive at this rate; each cross consumes one of each, so crossed volume ≈ rate × size.
      const perDay = (listing.inst.adv * this.darkShare * venue.config.flowShare) / meanSize;
      const rate = 2 * (perDay / SECONDS_PER_SESSION) * intradayRate(now - this.open);
      this.scheduler.after(expDraw(rng, rate) * 1000, step);
      if (venue.status !== 'open') return;
      const pool = venue.dark.get(listing.inst.symbol)!;
      const d: DarkOrder = { num: this.nextNum++, side: rng.next() < 0.5 ? 'buy' : 'sell', qty: Math.max(minQty, sizeDraw(rng, meanSize, 100)), minQty };
      (d.side === 'buy' ? pool.buys : pool.sells).push(d);
      this.scheduler.after(expDraw(rng, 1 / lifetimeMs), () => {
        const list = d.side === 'buy' ? pool.buys : pool.sells;
        const i = list.indexOf(d);
        if (i >= 0) list.splice(i, 1);
      });
      this.crossDark(venue, listing);
    };
    this.scheduler.at(this.open, step);
  }

  /** Fundamental price: geometric Brownian motion at the name's daily volatility, one step a second. */
  private stepFundamental(listing: Listing): void {
    const now = this.scheduler.clock.now();
    if (now >= this.close) return;
    const rng = this.rng(`fundamental/${listing.inst.symbol}`);
    const sigma = listing.inst.dailyVol * Math.sqrt(FUNDAMENTAL_STEP_MS / 1000 / SECONDS_PER_SESSION);
    listing.fundamental *= Math.exp(sigma * normalDraw(rng) - (sigma * sigma) / 2);
    const q = this.nbbo(listing.inst.symbol);
    if (q.bid !== undefined && q.ask !== undefined && q.ask > q.bid) {
      listing.stats.spreadSum += q.ask - q.bid;
      listing.stats.spreadSamples++;
      listing.tape.mid(now, (q.bid + q.ask) / 2);
    }
    this.scheduler.after(FUNDAMENTAL_STEP_MS, () => this.stepFundamental(listing));
  }

  private sampleMid(listing: Listing): void {
    const now = this.scheduler.clock.now();
    if (now > this.close) return;
    const mid = this.mid(listing.inst.symbol);
    listing.stats.mids.push(mid ?? listing.stats.mids[listing.stats.mids.length - 1] ?? listing.inst.refPx);
    this.scheduler.after(MID_SAMPLE_MS, () => this.sampleMid(listing));
  }
}

/** Mid of one book in ticks, or the fundamental when a side is empty. */
function midTicks(book: OrderBook, fundamentalTicks: number): number {
  if (Number.isNaN(book.bestBid) || Number.isNaN(book.bestAsk)) return fundamentalTicks;
  return (book.bestBid + book.bestAsk) / 2;
}

function rejectText(code: string): string {
  switch (code) {
    case 'POST_ONLY_WOULD_TAKE':
      return 'post-only order would take liquidity';
    case 'BAD_PRICE':
      return 'price is not a positive whole number of ticks';
    case 'BAD_QUANTITY':
      return 'quantity must be a positive whole number';
    case 'DUPLICATE_ID':
      return 'duplicate order id';
    default:
      return code;
  }
}
