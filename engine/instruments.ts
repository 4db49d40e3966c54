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
  /** Reference price in price units, until live market data replaces it. */
  refPx: number;
}

const usd = (dollars: number) => Math.round(dollars * PRICE_SCALE);

export const DEFAULT_INSTRUMENTS: readonly Instrument[] = [
  { symbol: 'AAPL', name: 'Apple Inc.', tick: usd(0.01), lot: 1, refPx: usd(227.5) },
  { symbol: 'MSFT', name: 'Microsoft Corp.', tick: usd(0.01), lot: 1, refPx: usd(418.2) },
  { symbol: 'AMZN', name: 'Amazon.com Inc.', tick: usd(0.01), lot: 1, refPx: usd(201.75) },
  { symbol: 'NVDA', name: 'NVIDIA Corp.', tick: usd(0.01), lot: 1, refPx: usd(141.3) },
  { symbol: 'JPM', name: 'JPMorgan Chase & Co.', tick: usd(0.01), lot: 1, refPx: usd(243.9) },
  { symbol: 'XOM', name: 'Exxon Mobil Corp.', tick: usd(0.01), lot: 1, refPx: usd(118.45) },
  // A lot-of-100 instrument, so lot-multiple validation is exercised end to end.
  { symbol: 'BRK.B', name: 'Berkshire Hathaway Inc. Cl B', tick: usd(0.01), lot: 100, refPx: usd(470.1) },
  // A sub-dollar name on a 0.0001 tick (Reg NMS allows it under $1).
  { symbol: 'SIRI', name: 'Sirius XM (sub-dollar demo)', tick: usd(0.0001), lot: 100, refPx: usd(0.9875) },
];

/** Converts a decimal dollar price to price units, or undefined if it is finer than one unit. */
export function toPriceUnits(dollars: number): number | undefined {
  const units = Math.round(dollars * PRICE_SCALE);
  return Math.abs(units - dollars * PRICE_SCALE) < 1e-6 ? units : undefined;
}

export function toDollars(units: number): number {
  return units / PRICE_SCALE;
}
