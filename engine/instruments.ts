/**
 * The static instrument list of the foundation slice. The simulated market
 * (engine/market) will own a configurable universe; until then this is it.
 *
 * Prices in the engine are scaled integers: PRICE_SCALE units per dollar, so a
 * one-cent tick is 100 units and tick-grid checks are exact integer arithmetic.
 */
export const PRICE_SCALE = 10_000;

export interface Instrument {
  symbol: string;
  name: string;
  /** Minimum price increment, in price units (PRICE_SCALE per dollar). */
  tick: number;
  /** Shares per round lot: order quantities are whole multiples of it. */
  lot: number;
  /** Reference (previous close) price in price units: where the simulated day starts. */
  refPx: number;
  /** Daily volatility of returns, as a fraction (0.02 = 2 %). */
  dailyVol: number;
  /** Average daily volume, shares. */
  adv: number;
  /** Mean size of a background trade, shares; sets how many prints make the ADV. */
  avgTradeSize: number;
}

const usd = (dollars: number) => Math.round(dollars * PRICE_SCALE);

/**
 * The default universe: ten US-equity-like names. Volumes are scaled to what a
 * simulated day of ten names on six venues can run in seconds headless; the
 * ratios between names (large vs small, calm vs volatile) are what matter.
 */
export const DEFAULT_INSTRUMENTS: readonly Instrument[] = [
  { symbol: 'AAPL', name: 'Apple Inc.', tick: usd(0.01), lot: 1, refPx: usd(227.5), dailyVol: 0.016, adv: 6_000_000, avgTradeSize: 300 },
  { symbol: 'MSFT', name: 'Microsoft Corp.', tick: usd(0.01), lot: 1, refPx: usd(418.2), dailyVol: 0.014, adv: 4_000_000, avgTradeSize: 200 },
  { symbol: 'AMZN', name: 'Amazon.com Inc.', tick: usd(0.01), lot: 1, refPx: usd(201.75), dailyVol: 0.02, adv: 5_000_000, avgTradeSize: 300 },
  { symbol: 'NVDA', name: 'NVIDIA Corp.', tick: usd(0.01), lot: 1, refPx: usd(141.3), dailyVol: 0.03, adv: 8_000_000, avgTradeSize: 400 },
  { symbol: 'GOOGL', name: 'Alphabet Inc. Cl A', tick: usd(0.01), lot: 1, refPx: usd(176.4), dailyVol: 0.018, adv: 4_000_000, avgTradeSize: 250 },
  { symbol: 'JPM', name: 'JPMorgan Chase & Co.', tick: usd(0.01), lot: 1, refPx: usd(243.9), dailyVol: 0.013, adv: 2_500_000, avgTradeSize: 150 },
  { symbol: 'XOM', name: 'Exxon Mobil Corp.', tick: usd(0.01), lot: 1, refPx: usd(118.45), dailyVol: 0.015, adv: 3_000_000, avgTradeSize: 200 },
  { symbol: 'KO', name: 'Coca-Cola Co.', tick: usd(0.01), lot: 1, refPx: usd(63.2), dailyVol: 0.009, adv: 3_000_000, avgTradeSize: 250 },
  // A lot-of-100 instrument, so lot-multiple validation is exercised end to end.
  { symbol: 'BRK.B', name: 'Berkshire Hathaway Inc. Cl B', tick: usd(0.01), lot: 100, refPx: usd(470.1), dailyVol: 0.011, adv: 1_500_000, avgTradeSize: 200 },
  // A sub-dollar name on a 0.0001 tick (Reg NMS allows it under $1).
  { symbol: 'SIRI', name: 'Sirius XM (sub-dollar demo)', tick: usd(0.0001), lot: 100, refPx: usd(0.9875), dailyVol: 0.035, adv: 10_000_000, avgTradeSize: 2_000 },
];

/** Converts a decimal dollar price to price units, or undefined if it is finer than one unit. */
export function toPriceUnits(dollars: number): number | undefined {
  const units = Math.round(dollars * PRICE_SCALE);
  return Math.abs(units - dollars * PRICE_SCALE) < 1e-6 ? units : undefined;
}

export function toDollars(units: number): number {
  return units / PRICE_SCALE;
}
