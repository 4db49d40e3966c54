/**
 * Venue configuration. Fees are per share in price units (PRICE_SCALE per dollar,
 * so 30 = $0.0030); positive means we pay, negative is a rebate.
 */
export type VenueKind = 'lit' | 'dark';
export type VenueStatus = 'open' | 'halted' | 'down';
export const VENUE_STATUSES: readonly VenueStatus[] = ['open', 'halted', 'down'];

export interface VenueConfig {
  id: string;
  name: string;
  kind: VenueKind;
  /** Fee for adding liquidity (resting order filled); negative = rebate. */
  makeFee: number;
  /** Fee for removing liquidity; negative = rebate (inverted venues). */
  takeFee: number;
  /** Order entry one-way latency, ms, and its jitter (exponential, mean ms). */
  entryMs: number;
  jitterMs: number;
  /** Delay of this venue's market data to us, ms. */
  mdMs: number;
  /** Share of background lit flow (lit) or of dark volume (dark). */
  flowShare: number;
  /** Dark pools: smallest quantity that may rest or cross. */
  minQty?: number;
}

export const DEFAULT_VENUES: readonly VenueConfig[] = [
  { id: 'NYSE', name: 'New York Stock Exchange', kind: 'lit', makeFee: -20, takeFee: 30, entryMs: 0.35, jitterMs: 0.1, mdMs: 0.4, flowShare: 0.3 },
  { id: 'NASDAQ', name: 'Nasdaq', kind: 'lit', makeFee: -25, takeFee: 30, entryMs: 0.25, jitterMs: 0.08, mdMs: 0.3, flowShare: 0.35 },
  // Inverted (taker-maker) venue: takers are paid, makers pay.
  { id: 'BATS', name: 'Cboe BYX (inverted)', kind: 'lit', makeFee: 10, takeFee: -5, entryMs: 0.3, jitterMs: 0.1, mdMs: 0.35, flowShare: 0.2 },
  // IEX's 350 µs speed bump sits on top of its entry latency.
  { id: 'IEX', name: 'Investors Exchange', kind: 'lit', makeFee: 0, takeFee: 9, entryMs: 0.7, jitterMs: 0.1, mdMs: 0.7, flowShare: 0.15 },
  { id: 'MIDX', name: 'Midpoint dark pool', kind: 'dark', makeFee: 10, takeFee: 10, entryMs: 0.5, jitterMs: 0.2, mdMs: 0.5, flowShare: 0.6, minQty: 100 },
  { id: 'BLOCK', name: 'Block dark pool', kind: 'dark', makeFee: 15, takeFee: 15, entryMs: 0.6, jitterMs: 0.2, mdMs: 0.6, flowShare: 0.4, minQty: 1_000 },
];
