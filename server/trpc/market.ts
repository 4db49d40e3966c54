import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { PRICE_SCALE } from '../../engine/instruments';
import type { Bar, Print, SimMarket } from '../../engine/market/market';
import { allow, authed, router } from './init';
import { sleep } from './sleep';

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
   */
  watch: authed
    .input(z.object({ symbol: z.string().min(1).max(16), levels: z.number().int().min(1).max(20).default(10) }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<MarketMessage> {
      const market = needMarket(ctx.desk.engine.market);
      if (!market.listings.has(input.symbol)) throw new TRPCError({ code: 'BAD_REQUEST', message: `unknown instrument "${input.symbol}"` });
      let prints: PrintRow[] = [];
      const off = market.onPrint((p) => {
        if (p.symbol !== input.symbol) return;
        prints.push(printRow(p));
        if (prints.length > 500) prints = prints.slice(-250);
      });
      try {
        const stats = market.stats(input.symbol)!;
        const recent = market.recentPrints.filter((p) => p.symbol === input.symbol).slice(-200).map(printRow);
        yield { kind: 'snapshot', ...view(market, input.symbol, input.levels, ctx.desk.driver.engineTimeNow()), bars: stats.bars.map(barRow), prints: recent, profile: market.volumeProfile() };
        let barsSent = stats.bars.length;
        while (!signal?.aborted) {
          await sleep(250, signal);
          if (signal?.aborted) break;
          // The last bar sent may have grown; resend it with any new ones.
          const bars = stats.bars.slice(Math.max(0, barsSent - 1)).map(barRow);
          barsSent = stats.bars.length;
          const batch = prints;
          prints = [];
          yield { kind: 'update', ...view(market, input.symbol, input.levels, ctx.desk.driver.engineTimeNow()), bars, prints: batch };
        }
      } finally {
        off();
      }
    }),
});
