import { PRICE_SCALE } from '../instruments';
import type { SimMarket } from './market';

/** What a simulated day amounted to: the headless CLI's JSON and the statistical tests' input. */
export interface DaySummary {
  seed: string;
  date: string;
  events: number;
  venues: Array<{ venue: string; kind: 'lit' | 'dark'; trades: number; volume: number }>;
  instruments: Array<{
    symbol: string;
    trades: number;
    volume: number;
    adv: number;
    volumeVsAdv: number;
    realisedVol: number;
    configuredVol: number;
    avgSpreadTicks: number;
    avgSpreadBps: number;
    open: number | null;
    close: number | null;
    high: number | null;
    low: number | null;
    vwap: number | null;
    /** Share of the day's volume per half hour. */
    volumeProfile: number[];
  }>;
}

const dollars = (units: number | undefined) => (units === undefined ? null : units / PRICE_SCALE);
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Realised daily volatility from five-minute mid-quote log returns. */
export function realisedVol(mids: readonly number[]): number {
  let sum = 0;
  for (let i = 1; i < mids.length; i++) sum += Math.log(mids[i] / mids[i - 1]) ** 2;
  return Math.sqrt(sum);
}

export function summariseDay(market: SimMarket, seed: string, date: string, events: number): DaySummary {
  return {
    seed,
    date,
    events,
    venues: market.venueStats().map(({ venue, kind, trades, volume }) => ({ venue, kind, trades, volume })),
    instruments: [...market.listings.values()].map(({ inst, stats }) => {
      const spread = stats.spreadSamples ? stats.spreadSum / stats.spreadSamples : 0;
      const midPx = stats.mids.length ? stats.mids.reduce((a, b) => a + b, 0) / stats.mids.length : inst.refPx;
      return {
        symbol: inst.symbol,
        trades: stats.trades,
        volume: stats.volume,
        adv: inst.adv,
        volumeVsAdv: round(stats.volume / inst.adv, 4),
        realisedVol: round(realisedVol(stats.mids), 5),
        configuredVol: inst.dailyVol,
        avgSpreadTicks: round(spread / inst.tick, 3),
        avgSpreadBps: round((spread / midPx) * 10_000, 3),
        open: dollars(stats.open),
        close: dollars(stats.last),
        high: dollars(stats.high),
        low: dollars(stats.low),
        vwap: stats.volume ? round(stats.notional / stats.volume / PRICE_SCALE, 4) : null,
        volumeProfile: stats.buckets.map((b) => round(stats.volume ? b / stats.volume : 0, 4)),
      };
    }),
  };
}
