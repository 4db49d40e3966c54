import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { PRICE_SCALE } from '../../engine/instruments';
import type { Bar, Print, SimMarket } from '../../engine/market/market';
import { markShared } from '../streams/sharedJson';
import { allow, authed, router } from './init';

const usd = (units: number | undefined) => (units === undefined ? null : units / PRICE_SCALE);
const ladder = (side: Array<[number, number]>) => side.map(([px, qty]) => ({ px: px / PRICE_SCALE, qty }));

export interface PrintRow {
  ts: number;
  venue: string;
  px: number;
  qty: number;
  aggressor: Print['aggressor'];
  desk: boolean;
}

/** A one-minute bar as the browser gets it: the engine's Bar with prices in dollars. */
export type BarRow = Bar;

const printRow = (p: Print): PrintRow => ({ ts: p.ts, venue: p.venue, px: p.px / PRICE_SCALE, qty: p.qty, aggressor: p.aggressor, desk: p.desk });
const barRow = (b: Bar): BarRow => ({ t: b.t, open: b.open / PRICE_SCALE, high: b.high / PRICE_SCALE, low: b.low / PRICE_SCALE, close: b.close / PRICE_SCALE, volume: b.volume, vwap: b.vwap / PRICE_SCALE });

function needMarket(market: SimMarket | undefined): SimMarket {
  if (!market) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this desk runs without a market' });
  return market;
}

/** Everything the Market page shows for one instrument at one moment. */
function view(market: SimMarket, symbol: string, levels: number, now: number) {
  const q = market.nbbo(symbol);
  const stats = market.stats(symbol)!;
  const listing = market.listings.get(symbol)!;
  return {
    symbol,
    engineTime: now,
    session: { open: market.open, close: market.close, isOpen: market.isOpen(now) },
    nbbo: { bid: usd(q.bid), bidQty: q.bidQty, ask: usd(q.ask), askQty: q.askQty, mid: usd(market.mid(symbol)) },
    venues: [...market.venues.values()].map((v) => ({
      venue: v.config.id,
      name: v.config.name,
      kind: v.config.kind,
      status: v.status,
      // Dark pools have no pre-trade transparency: no depth, ever.
      ...(v.config.kind === 'lit' ? (({ bids, asks }) => ({ bids: ladder(bids), asks: ladder(asks) }))(market.venueDepth(v.config.id, symbol, levels)) : { bids: [], asks: [] }),
    })),
    consolidated: (({ bids, asks }) => ({ bids: ladder(bids), asks: ladder(asks) }))(market.consolidatedDepth(symbol, levels)),
    stats: {
      last: usd(stats.last),
      open: usd(stats.open),
      high: usd(stats.high),
      low: usd(stats.low),
      vwap: usd(market.vwap(symbol)),
      volume: stats.volume,
      trades: stats.trades,
      adv: listing.inst.adv,
      refPrice: listing.inst.refPx / PRICE_SCALE,
    },
  };
}

export type MarketView = ReturnType<typeof view>;

export type MarketMessage =
  | ({ kind: 'snapshot'; bars: BarRow[]; prints: PrintRow[]; profile: number[] } & MarketView)
  | ({ kind: 'update'; bars: BarRow[]; prints: PrintRow[] } & MarketView);

/** A socket with more unsent bytes than this is congested: its market updates wait and merge. */
const CONGESTED_BYTES = 1 << 20;
/** The tape an update may carry: a watcher that lagged gets the most recent prints. */
const PRINTS_CAP = 500;
const SAMPLE_MS = 250;

/** Waiting updates as one: the latest view, bars by minute (latest wins), the prints in order (the newest PRINTS_CAP). */
function mergeUpdates(updates: readonly MarketMessage[]): MarketMessage {
  const bars = new Map<number, BarRow>();
  for (const u of updates) for (const b of u.bars) bars.set(b.t, b);
  const prints = updates.flatMap((u) => u.prints).slice(-PRINTS_CAP);
  const { kind: _kind, bars: _bars, prints: _prints, ...latest } = updates[updates.length - 1];
  return { kind: 'update', ...latest, bars: [...bars.values()].sort((a, b) => a.t - b.t), prints };
}

/**
 * One instrument's market sampled for all its watchers at once: each tick the
 * view is computed once and the same update object (encoded once: sharedJson.ts)
 * goes to every watcher. A watcher that joined between ticks already has the
 * prints so far in its snapshot; its first update skips them.
 */
export class MarketSampler {
  private prints: PrintRow[] = [];
  /** Prints of this name seen so far: the current batch starts at printsSeen − prints.length. */
  private printsSeen = 0;
  private barsSent: number;
  private readonly watchers = new Set<(update: MarketMessage, firstPrint: number) => void>();
  private readonly off: () => void;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly market: SimMarket,
    private readonly symbol: string,
    private readonly levels: number,
    private readonly now: () => number,
    private readonly onIdle: () => void,
  ) {
    this.off = market.onPrint((p) => {
      if (p.symbol !== symbol) return;
      this.prints.push(printRow(p));
      this.printsSeen++;
      if (this.prints.length > 2 * PRINTS_CAP) this.prints = this.prints.slice(-PRINTS_CAP);
    });
    this.barsSent = market.stats(symbol)!.bars.length;
    this.timer = setInterval(this.tick, SAMPLE_MS);
  }

  private tick = (): void => {
    const stats = this.market.stats(this.symbol)!;
    // The last bar sent may have grown; resend it with any new ones.
    const bars = stats.bars.slice(Math.max(0, this.barsSent - 1)).map(barRow);
    this.barsSent = stats.bars.length;
    const batch = this.prints;
    this.prints = [];
    const update = markShared<MarketMessage>({ kind: 'update', ...view(this.market, this.symbol, this.levels, this.now()), bars, prints: batch });
    const first = this.printsSeen - batch.length;
    for (const offer of this.watchers) offer(update, first);
  };

  /** A new watcher: its snapshot now, then every tick's update until it leaves. */
  join() {
    const stats = this.market.stats(this.symbol)!;
    const recent = this.market.recentPrints.filter((p) => p.symbol === this.symbol).slice(-200).map(printRow);
    const snapshot: MarketMessage = { kind: 'snapshot', ...view(this.market, this.symbol, this.levels, this.now()), bars: stats.bars.map(barRow), prints: recent, profile: this.market.volumeProfile() };
    /** Prints up to here are in the snapshot. */
    let seen = this.printsSeen;
    let waiting: MarketMessage[] = [];
    let wake: (() => void) | undefined;
    const offer = (update: MarketMessage, firstPrint: number) => {
      if (seen > firstPrint) update = { ...update, prints: update.prints.slice(seen - firstPrint) };
      seen = 0;
      waiting.push(update);
      if (waiting.length > 8) waiting = [mergeUpdates(waiting)];
      wake?.();
    };
    this.watchers.add(offer);
    return {
      snapshot,
      /** The next update (waiting ones merged), or undefined once `signal` aborts; holds while `congested()`. */
      next: async (signal?: AbortSignal, congested?: () => boolean): Promise<MarketMessage | undefined> => {
        while (!signal?.aborted) {
          if (waiting.length && !congested?.()) {
            const update = waiting.length === 1 ? waiting[0] : mergeUpdates(waiting);
            waiting = [];
            return update;
          }
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(t);
              signal?.removeEventListener('abort', done);
              wake = undefined;
              resolve();
            };
            // Congested: look again after a tick (an offer also wakes us).
            const t = waiting.length ? setTimeout(done, SAMPLE_MS) : undefined;
            wake = done;
            signal?.addEventListener('abort', done, { once: true });
          });
        }
        return undefined;
      },
      leave: () => {
        this.watchers.delete(offer);
        if (this.watchers.size === 0) {
          clearInterval(this.timer);
          this.off();
          this.onIdle();
        }
      },
    };
  }
}

const samplers = new WeakMap<SimMarket, Map<string, MarketSampler>>();

/** The sampler of one name at one depth, made when its first watcher comes and dropped when its last leaves. */
export function samplerFor(market: SimMarket, symbol: string, levels: number, now: () => number): MarketSampler {
  let bySymbol = samplers.get(market);
  if (!bySymbol) samplers.set(market, (bySymbol = new Map()));
  const key = `${symbol}:${levels}`;
  let sampler = bySymbol.get(key);
  if (!sampler) bySymbol.set(key, (sampler = new MarketSampler(market, symbol, levels, now, () => bySymbol.delete(key))));
  return sampler;
}

export const marketRouter = router({
  venues: authed.query(({ ctx }) => {
    const market = needMarket(ctx.desk.engine.market);
    const stats = new Map(market.venueStats().map((v) => [v.venue, v]));
    return [...market.venues.values()].map((v) => ({
      venue: v.config.id,
      name: v.config.name,
      kind: v.config.kind,
      status: v.status,
      makeFee: v.config.makeFee / PRICE_SCALE,
      takeFee: v.config.takeFee / PRICE_SCALE,
      latencyMs: v.config.entryMs,
      minQty: v.config.minQty ?? null,
      trades: stats.get(v.config.id)!.trades,
      volume: stats.get(v.config.id)!.volume,
    }));
  }),

  setVenueStatus: allow(['supervisor'], 'halt or resume venues')
    .input(
      z.object({
        venue: z.string().min(1).max(16),
        status: z.enum(['open', 'halted', 'down'], { error: 'status must be open, halted or down' }),
        reason: z.string().trim().min(1, 'a reason is required').max(200),
      }),
    )
    .mutation(({ ctx, input }) => {
      const r = ctx.desk.engine.handle({ type: 'SetVenueStatus', ...input, by: ctx.user.username });
      return r.ok ? { changed: true as const, seq: r.events[0].seq } : { changed: false as const, reason: r.reason };
    }),

  /**
   * One instrument's market, sampled four times a second: a snapshot with the
   * day's one-minute bars and recent prints, then updates with the prints since
   * the last message and the bars that changed. Sampling is the conflation:
   * however busy the market, a browser gets at most four messages a second.
   * Every watcher of a name gets the same sample (see MarketSampler).
   */
  watch: authed
    .input(z.object({ symbol: z.string().min(1).max(16), levels: z.number().int().min(1).max(20).default(10) }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<MarketMessage> {
      const market = needMarket(ctx.desk.engine.market);
      if (!market.listings.has(input.symbol)) throw new TRPCError({ code: 'BAD_REQUEST', message: `unknown instrument "${input.symbol}"` });
      const socket = ctx.socket;
      const watcher = samplerFor(market, input.symbol, input.levels, () => ctx.desk.driver.engineTimeNow()).join();
      try {
        yield watcher.snapshot;
        for (;;) {
          const update = await watcher.next(signal, socket ? () => socket.bufferedAmount > CONGESTED_BYTES : undefined);
          if (!update) break;
          yield update;
        }
      } finally {
        watcher.leave();
      }
    }),
});
