import { Engine, MemoryJournal } from './engine';
import type { InternalCross } from './events';
import { PRICE_SCALE, type Instrument } from './instruments';
import { sessionOpen } from './market/session';
import { summariseDay, type DaySummary } from './market/summary';
import { DEFAULT_VENUES } from './market/venues';
import { aggregationValue, tcaReport, type AggregationValue, type ParentTca, type TcaReport, type TcaTotals } from './tca/report';

/**
 * A headless scenario: a universe and a list of small orders with their arrival
 * times, run through the whole engine — risk, crossing, aggregation — over one
 * simulated session, as fast as possible.
 */
export interface ScenarioOrder {
  /** Arrival, New York time of day HH:MM:SS(.mmm). */
  at: string;
  owner: string;
  desk: string;
  source: string;
  clOrdId: string;
  symbol: string;
  side: string;
  qty: number;
  limit: number | null;
  urgency: string;
}

export interface Scenario {
  name: string;
  date: string;
  instruments?: Array<{ symbol: string; name: string; tick: number; lot: number; refPrice: number; dailyVol: number; adv: number; avgTradeSize: number }>;
  orders: ScenarioOrder[];
}

export interface ScenarioResult {
  scenario: string;
  seed: string;
  smallOrders: Array<{ id: string; clOrdId: string; owner: string; source: string; symbol: string; side: string; qty: number; limit: number | null; filled: number; avgPx: number | null; parentId: string | null; status: string }>;
  rejected: Array<{ clOrdId: string; owner: string; symbol: string; code: string; reason: string }>;
  parents: Array<{ id: string; symbol: string; side: string; qty: number; filled: number; crossed: number; orders: number; status: string; reason: string; routing: string | null }>;
  /** Every child order sent to a venue. */
  children: Array<{ id: string; parentId: string; venue: string; type: string; logic: string | null; qty: number; filled: number; avgPx: number | null; status: string }>;
  crosses: { count: number; qty: number; spreadSaved: number; feesSaved: number };
  market: DaySummary;
  /** Transaction cost analysis at the end of the run (engine/tca/report.ts). */
  tca: TcaReport;
}

/** What the scenario JSON carries of the TCA: each parent's benchmarks and shortfall, and the desk's totals. */
export interface ScenarioTca {
  parents: Array<Pick<ParentTca, 'symbol' | 'side' | 'strategy' | 'qty' | 'filled' | 'arrivalPx' | 'vwapBenchmark' | 'twapBenchmark' | 'closePx' | 'avgPx' | 'slippageVsVwapBps' | 'slippageVsArrivalBps'> & { id: string; delay: number | null; execution: number | null; opportunity: number | null; fees: number | null; shortfall: number | null; shortfallBps: number | null }>;
  totals: TcaTotals;
}

export function scenarioTca(report: TcaReport): ScenarioTca {
  const px = (x: number | null) => (x === null ? null : round(x, 6));
  const bps = (x: number | null) => (x === null ? null : round(x, 3));
  const usd = (x: number | undefined) => (x === undefined ? null : round(x, 2));
  return {
    parents: report.parents.map((p) => ({
      id: p.parentId,
      symbol: p.symbol,
      side: p.side,
      strategy: p.strategy,
      qty: p.qty,
      filled: p.filled,
      arrivalPx: px(p.arrivalPx),
      vwapBenchmark: px(p.vwapBenchmark),
      twapBenchmark: px(p.twapBenchmark),
      closePx: px(p.closePx),
      avgPx: px(p.avgPx),
      slippageVsVwapBps: bps(p.slippageVsVwapBps),
      slippageVsArrivalBps: bps(p.slippageVsArrivalBps),
      // Dollars; positive is a cost, and the four add up to the shortfall.
      delay: usd(p.shortfall?.delay),
      execution: usd(p.shortfall?.execution),
      opportunity: usd(p.shortfall?.opportunity),
      fees: usd(p.shortfall?.fees),
      shortfall: usd(p.shortfall?.total),
      shortfallBps: p.shortfall ? bps(p.shortfall.bps.total) : null,
    })),
    totals: report.totals,
  };
}

/**
 * The value of aggregation for a scenario: run it again on the same seed with
 * aggregation off — no crossing, each small order worked alone by its own default
 * strategy — and compare what the small orders cost in each world.
 */
export function scenarioAggregation(scenario: Scenario, seed: string, aggregated: ScenarioResult, untilMs?: number): AggregationValue {
  const naive = runScenario(scenario, seed, untilMs, { aggregation: false });
  const v = aggregationValue(aggregated.tca, naive.tca);
  const bps = (x: number | null) => (x === null ? null : round(x, 3));
  return { ...v, crossedShare: round(v.crossedShare, 6), naiveCostBps: bps(v.naiveCostBps), aggregatedCostBps: bps(v.aggregatedCostBps), savingsBps: bps(v.savingsBps), savingsUsd: round(v.savingsUsd, 2) };
}

const round = (x: number, d: number) => Number(x.toFixed(d));

/** Seconds after midnight for "HH:MM:SS(.mmm)", or undefined. */
export function timeOfDay(at: string): number | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d{1,3})?)$/.exec(at);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** `untilMs` (after the open) stops the day early: tests that only need the orders' fate need not simulate the afternoon. */
export function runScenario(scenario: Scenario, seed: string, untilMs?: number, opts: { aggregation?: boolean } = {}): ScenarioResult {
  const open = sessionOpen(scenario.date);
  if (open === undefined) throw new Error(`scenario date must be YYYY-MM-DD, not "${scenario.date}"`);
  const instruments: Instrument[] | undefined = scenario.instruments?.map((i) => ({
    symbol: i.symbol,
    name: i.name,
    tick: Math.round(i.tick * PRICE_SCALE),
    lot: i.lot,
    refPx: Math.round(i.refPrice * PRICE_SCALE),
    dailyVol: i.dailyVol,
    adv: i.adv,
    avgTradeSize: i.avgTradeSize,
  }));
  const journal = new MemoryJournal();
  const engine = new Engine({ journal, startTime: open, seed, instruments, market: { venues: DEFAULT_VENUES }, aggregation: opts.aggregation });
  scenario.orders.forEach((o, line) => {
    const tod = timeOfDay(o.at);
    if (tod === undefined) throw new Error(`order ${line + 1}: "at" must be HH:MM:SS, not "${o.at}"`);
    engine.scheduler.at(open + (tod - 9.5 * 3600) * 1000, () =>
      engine.handle({ type: 'SubmitOrder', clOrdId: o.clOrdId, owner: o.owner, desk: o.desk, source: o.source, symbol: o.symbol, side: o.side, qty: o.qty, limitPrice: o.limit ?? undefined, urgency: o.urgency }),
    );
  });
  const events = untilMs === undefined ? engine.scheduler.runAll() : engine.scheduler.runUntil(open + untilMs);

  const crosses = journal.events.filter((e): e is InternalCross & { seq: number; ts: number } => e.type === 'InternalCross');
  const orders = [...engine.orders.all()];
  return {
    scenario: scenario.name,
    seed,
    smallOrders: orders.map((o) => ({
      id: o.orderId,
      clOrdId: o.clOrdId,
      owner: o.owner,
      source: o.source,
      symbol: o.symbol,
      side: o.side,
      qty: o.qty,
      limit: o.limitPx === undefined ? null : o.limitPx / PRICE_SCALE,
      filled: o.filledQty,
      avgPx: o.filledQty ? round(o.filledValue / o.filledQty / PRICE_SCALE, 6) : null,
      parentId: o.parentId ?? null,
      status: o.status,
    })),
    rejected: journal.events.flatMap((e) => (e.type === 'OrderRejected' ? [{ clOrdId: e.clOrdId, owner: e.owner, symbol: e.symbol, code: e.code, reason: e.reason }] : [])),
    parents: [...engine.parents.all()].map((p) => ({
      id: p.parentId,
      symbol: p.symbol,
      side: p.side,
      qty: p.joinedQty,
      filled: p.filled,
      crossed: p.crossed,
      orders: p.orderIds.length,
      status: p.status,
      reason: p.reason,
      routing: engine.executor?.routingOf(p.parentId)?.logic ?? null,
    })),
    children: [...engine.children.all()].map((c) => ({
      id: c.childId,
      parentId: c.parentId,
      venue: c.venue,
      type: c.kind,
      logic: c.logic ?? null,
      qty: c.qty,
      filled: c.filledQty,
      avgPx: c.filledQty ? round(c.filledValue / c.filledQty / PRICE_SCALE, 6) : null,
      status: c.status,
    })),
    crosses: {
      count: crosses.length,
      qty: crosses.reduce((a, x) => a + x.qty, 0),
      spreadSaved: round(crosses.reduce((a, x) => a + x.spreadSaved, 0), 2),
      feesSaved: round(crosses.reduce((a, x) => a + x.feesSaved, 0), 2),
    },
    market: summariseDay(engine.market!, seed, scenario.date, events),
    tca: tcaReport(engine),
  };
}
