import type { VenueConfig, VenueStatus } from '../market/venues';

/**
 * The venue scorecard: what our own children taught us about each venue — fill
 * probability by order type and size, time to first fill, the fees we actually
 * paid, the displayed spread and depth we saw when routing, and markouts after
 * our fills (adverse selection at 1 s, 10 s and 60 s). The router reads it; the
 * Venues page shows it. Fed only from events (and the market's mid at fixed
 * delays after each fill), so replay rebuilds it exactly.
 */
export type ChildKind = 'limit' | 'ioc' | 'mid';
export const CHILD_KINDS: readonly ChildKind[] = ['limit', 'ioc', 'mid'];

/** Upper bounds of the child-size buckets, shares. */
export const SIZE_BUCKETS: readonly number[] = [200, 1_000, 5_000, Infinity];
export const SIZE_BUCKET_LABELS: readonly string[] = ['≤ 200', '201–1,000', '1,001–5,000', '> 5,000'];
export const MARKOUT_HORIZONS_MS: readonly number[] = [1_000, 10_000, 60_000];

/**
 * Before we know a venue, what we assume a share sent as this kind fills with,
 * and how many shares of evidence that prior is worth.
 */
export const PRIOR_FILL: Readonly<Record<ChildKind, number>> = { limit: 0.5, ioc: 0.85, mid: 0.5 };
const PRIOR_WEIGHT_QTY = 2_000;
/** Markouts are shrunk toward zero by this many fills' worth of evidence. */
const PRIOR_WEIGHT_FILLS = 20;
const EWMA = 0.05;
const MINUTE = 60_000;

export function sizeBucket(qty: number): number {
  let i = 0;
  while (qty > SIZE_BUCKETS[i]) i++;
  return i;
}

interface Cell {
  orders: number;
  /** Orders that got at least one fill, of those finished. */
  finished: number;
  filledOrders: number;
  sentQty: number;
  filledQty: number;
}

interface Minute {
  t: number;
  sentQty: number;
  filledQty: number;
  markoutSum: number;
  markoutN: number;
}

interface VenueRecord {
  config: VenueConfig;
  status: VenueStatus;
  /** [kind][size bucket] */
  cells: Cell[][];
  children: number;
  fills: number;
  filledQty: number;
  /** Σ fees actually charged, price units × shares (negative: rebates). */
  fees: number;
  firstFillMsSum: number;
  firstFillN: number;
  /** Per horizon: Σ markout bps, count. */
  markoutSum: number[];
  markoutN: number[];
  spreadBps?: number;
  topQty?: number;
  minutes: Minute[];
}

/** What the scorecard says about one venue: the Venues page's row. Fees in price units per share. */
export interface VenueScore {
  venue: string;
  name: string;
  kind: 'lit' | 'dark';
  status: VenueStatus;
  makeFee: number;
  takeFee: number;
  children: number;
  fills: number;
  filledQty: number;
  /** Per child kind and size bucket: orders, share of finished orders with a fill, share of sent shares filled. */
  fillRates: Array<{ kind: ChildKind; bucket: string; orders: number; fillProb: number | null; fillRatio: number | null }>;
  meanTimeToFillMs: number | null;
  /** Fees we paid per filled share (negative: net rebate), price units. */
  effectiveFee: number | null;
  /** Displayed spread (bps of mid) and top-of-book size (both sides) seen when routing, smoothed. */
  spreadBps: number | null;
  topQty: number | null;
  /** Mean markout after our fills, bps, positive = the price moved our way (negative is adverse selection). */
  markoutBps: { s1: number | null; s10: number | null; s60: number | null };
  markoutSamples: number;
  /** Per minute of the day: shares sent and filled, and the mean 10 s markout of that minute's fills. */
  history: Array<{ t: number; sentQty: number; filledQty: number; markout10Bps: number | null }>;
}

/** How a child looks to the scorecard when it is placed, fills or ends. */
export interface ScoredChild {
  venue: string;
  kind: ChildKind;
  qty: number;
  side: 'buy' | 'sell';
  symbol: string;
  placedAt: number;
  filledQty: number;
}

export interface ScorecardHost {
  at(t: number, run: () => void): void;
  mid(symbol: string): number | undefined;
}

function cellOf(v: VenueRecord, kind: ChildKind, qty: number): Cell {
  return v.cells[CHILD_KINDS.indexOf(kind)][sizeBucket(qty)];
}

export class VenueScorecard {
  private readonly venues = new Map<string, VenueRecord>();

  constructor(
    configs: readonly VenueConfig[],
    private readonly host: ScorecardHost,
  ) {
    for (const config of configs)
      this.venues.set(config.id, {
        config,
        status: 'open',
        cells: CHILD_KINDS.map(() => SIZE_BUCKETS.map(() => ({ orders: 0, finished: 0, filledOrders: 0, sentQty: 0, filledQty: 0 }))),
        children: 0,
        fills: 0,
        filledQty: 0,
        fees: 0,
        firstFillMsSum: 0,
        firstFillN: 0,
        markoutSum: MARKOUT_HORIZONS_MS.map(() => 0),
        markoutN: MARKOUT_HORIZONS_MS.map(() => 0),
        minutes: [],
      });
  }

  // ---- learning ------------------------------------------------------------------

  placed(c: ScoredChild, ts: number): void {
    const v = this.venues.get(c.venue);
    if (!v) return;
    const cell = cellOf(v, c.kind, c.qty);
    cell.orders++;
    cell.sentQty += c.qty;
    v.children++;
    this.minute(v, ts).sentQty += c.qty;
  }

  filled(c: ScoredChild, qty: number, px: number, fee: number, ts: number): void {
    const v = this.venues.get(c.venue);
    if (!v) return;
    cellOf(v, c.kind, c.qty).filledQty += qty;
    v.fills++;
    v.filledQty += qty;
    v.fees += fee;
    if (c.filledQty === qty) (v.firstFillMsSum += ts - c.placedAt), v.firstFillN++;
    const m = this.minute(v, ts);
    m.filledQty += qty;
    const sign = c.side === 'buy' ? 1 : -1;
    MARKOUT_HORIZONS_MS.forEach((h, i) =>
      this.host.at(ts + h, () => {
        const mid = this.host.mid(c.symbol);
        if (mid === undefined) return;
        const bps = (sign * (mid - px) * 10_000) / px;
        v.markoutSum[i] += bps;
        v.markoutN[i]++;
        if (i === 1) (m.markoutSum += bps), m.markoutN++;
      }),
    );
  }

  /** A child is done (filled, cancelled or rejected): did it fill at all? */
  finished(c: ScoredChild): void {
    const v = this.venues.get(c.venue);
    if (!v) return;
    const cell = cellOf(v, c.kind, c.qty);
    cell.finished++;
    if (c.filledQty > 0) cell.filledOrders++;
  }

  status(venue: string, status: VenueStatus): void {
    const v = this.venues.get(venue);
    if (v) v.status = status;
  }

  /** What the router saw on a lit venue's top of book (smoothed). */
  observe(venue: string, bid: number | undefined, bidQty: number, ask: number | undefined, askQty: number): void {
    const v = this.venues.get(venue);
    if (!v || bid === undefined || ask === undefined || ask <= bid) return;
    const bps = ((ask - bid) * 20_000) / (ask + bid);
    v.spreadBps = v.spreadBps === undefined ? bps : v.spreadBps + EWMA * (bps - v.spreadBps);
    const top = bidQty + askQty;
    v.topQty = v.topQty === undefined ? top : v.topQty + EWMA * (top - v.topQty);
  }

  // ---- what the router asks --------------------------------------------------------

  /** Expected share of `qty` sent as `kind` that fills, from our history at that size, shrunk toward the prior. */
  fillRate(venue: string, kind: ChildKind, qty: number): number {
    const v = this.venues.get(venue);
    const prior = PRIOR_FILL[kind];
    if (!v) return prior;
    const cell = cellOf(v, kind, qty);
    return (cell.filledQty + prior * PRIOR_WEIGHT_QTY) / (cell.sentQty + PRIOR_WEIGHT_QTY);
  }

  /**
   * Adverse selection cost per share we expect after a fill there, price units at
   * price `px`: minus the 10 s markout, shrunk toward zero; never negative (a venue
   * whose fills happen to drift our way is not given a credit for it).
   */
  adverseCost(venue: string, px: number): number {
    const v = this.venues.get(venue);
    if (!v) return 0;
    const mean = v.markoutSum[1] / (v.markoutN[1] + PRIOR_WEIGHT_FILLS);
    return mean < 0 ? (-mean * px) / 10_000 : 0;
  }

  // ---- what the page shows -----------------------------------------------------------

  view(): VenueScore[] {
    const out: VenueScore[] = [];
    for (const v of this.venues.values()) {
      const fillRates: VenueScore['fillRates'] = [];
      CHILD_KINDS.forEach((kind, k) =>
        v.cells[k].forEach((cell, b) => {
          if (cell.orders === 0) return;
          fillRates.push({ kind, bucket: SIZE_BUCKET_LABELS[b], orders: cell.orders, fillProb: cell.finished ? cell.filledOrders / cell.finished : null, fillRatio: cell.sentQty ? cell.filledQty / cell.sentQty : null });
        }),
      );
      const mo = (i: number) => (v.markoutN[i] ? v.markoutSum[i] / v.markoutN[i] : null);
      out.push({
        venue: v.config.id,
        name: v.config.name,
        kind: v.config.kind,
        status: v.status,
        makeFee: v.config.makeFee,
        takeFee: v.config.takeFee,
        children: v.children,
        fills: v.fills,
        filledQty: v.filledQty,
        fillRates,
        meanTimeToFillMs: v.firstFillN ? v.firstFillMsSum / v.firstFillN : null,
        effectiveFee: v.filledQty ? v.fees / v.filledQty : null,
        spreadBps: v.spreadBps ?? null,
        topQty: v.topQty ?? null,
        markoutBps: { s1: mo(0), s10: mo(1), s60: mo(2) },
        markoutSamples: v.markoutN[0],
        history: v.minutes.map((m) => ({ t: m.t, sentQty: m.sentQty, filledQty: m.filledQty, markout10Bps: m.markoutN ? m.markoutSum / m.markoutN : null })),
      });
    }
    return out;
  }

  private minute(v: VenueRecord, ts: number): Minute {
    const t = Math.floor(ts / MINUTE) * MINUTE;
    let m = v.minutes[v.minutes.length - 1];
    if (!m || m.t !== t) v.minutes.push((m = { t, sentQty: 0, filledQty: 0, markoutSum: 0, markoutN: 0 }));
    return m;
  }
}
