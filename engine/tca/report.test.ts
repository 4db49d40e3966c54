import { describe, expect, it } from 'vitest';
import { Engine, MemoryJournal } from '../engine';
import type { ChildFilled, ChildPlaced, EngineEvent } from '../events';
import { DEFAULT_INSTRUMENTS } from '../instruments';
import { Tape } from '../market/tape';
import { DEFAULT_VENUES } from '../market/venues';
import type { Child } from '../execution/children';
import { aggregationValue, benchmark, childTca, tcaReport, type TcaReport } from './report';

const $ = (dollars: number) => Math.round(dollars * 10_000);

/** Prints at 1, 2, 3 and 4 s; the window (1 s, 3 s] holds 200 @ 10.10 and 100 @ 10.40: VWAP 10.20. */
function tape(): Tape {
  const t = new Tape();
  t.print(1_000, $(10), 100);
  t.print(2_000, $(10.1), 200);
  t.print(3_000, $(10.4), 100);
  t.print(4_000, $(11), 500);
  [10, 10.2, 10.4, 10.6].forEach((m, i) => t.mid((i + 1) * 1_000, $(m)));
  return t;
}

function child(side: 'buy' | 'sell', status: Child['status']): Child {
  return {
    childId: 'C1',
    parentId: 'P1',
    symbol: 'KO',
    side,
    venue: 'NYSE',
    kind: 'limit',
    px: $(10.2),
    qty: 400,
    placement: 'passive',
    arrivalMid: $(10.05),
    status,
    leaves: status === 'live' ? 100 : 0,
    filledQty: 300,
    filledValue: 300 * $(10.15),
    fees: $(0.6),
    cancelRequested: false,
    rotate: false,
    possiblyLive: false,
    placedAt: 1_000,
    updatedAt: 3_000,
  };
}

describe('a child order against its benchmarks (hand-computed)', () => {
  it('a buy: VWAP over its life only, arrival at the mid when sent', () => {
    const c = childTca(child('buy', 'filled'), tape(), 60_000);
    expect(c.endAt).toBe(3_000); // finished: its window ends when it did, not at asOf
    expect(c.vwap).toBeCloseTo(10.2, 10);
    expect(c.avgPx).toBeCloseTo(10.15, 10);
    expect(c.arrivalPx).toBeCloseTo(10.05, 10);
    // (10.20 − 10.15) / 10.20 = +49.02 bps better; (10.05 − 10.15) / 10.05 = −99.50 bps worse.
    expect(c.slippageVsVwapBps).toBeCloseTo(49.0196, 3);
    expect(c.slippageVsArrivalBps).toBeCloseTo(-99.5025, 3);
    expect(c.fees).toBeCloseTo(0.6, 10);
  });

  it('a sell the other way round', () => {
    const c = childTca(child('sell', 'filled'), tape(), 60_000);
    expect(c.slippageVsVwapBps).toBeCloseTo(-49.0196, 3);
    expect(c.slippageVsArrivalBps).toBeCloseTo(99.5025, 3);
  });

  it('a working child is measured up to now', () => {
    const c = childTca(child('buy', 'live'), tape(), 4_000);
    expect(c.working).toBe(true);
    expect(c.endAt).toBe(4_000);
    // (200 × 10.10 + 100 × 10.40 + 500 × 11) / 800 = 10.7
    expect(c.vwap).toBeCloseTo(10.7, 10);
  });
});

describe('a parent or small order against its benchmarks (hand-computed)', () => {
  it('a partly filled buy: benchmarks over its window, shortfall split four ways', () => {
    // Decided at 10.00 for 1,000; trading began at 10.10; 800 filled at 10.20 with $4 of fees; mid 10.50 at the end.
    const b = benchmark({ side: 'buy', qty: 1_000, filled: 800, value: 800 * $(10.2), fees: $(4), arrivalPx: $(10), startPx: $(10.1), endPx: $(10.5), tape: tape(), from: 1_000, to: 3_000, closePx: $(10.3) });
    expect(b.vwapBenchmark).toBeCloseTo(10.2, 10);
    expect(b.twapBenchmark).toBeCloseTo(10.3, 10); // mids at 2 s and 3 s: 10.2, 10.4
    expect(b.slippageVsVwapBps).toBeCloseTo(0, 10);
    expect(b.slippageVsArrivalBps).toBeCloseTo(-200, 6); // (10.00 − 10.20) / 10.00
    expect(b.slippageVsTwapBps).toBeCloseTo((0.1 / 10.3) * 10_000, 6);
    expect(b.slippageVsCloseBps).toBeCloseTo((0.1 / 10.3) * 10_000, 6);
    const s = b.shortfall!;
    expect(s.delay).toBeCloseTo(80, 6); //        800 × 0.10
    expect(s.execution).toBeCloseTo(80, 6); //    800 × 0.10
    expect(s.opportunity).toBeCloseTo(100, 6); // 200 × 0.50
    expect(s.fees).toBeCloseTo(4, 6);
    expect(s.total).toBeCloseTo(264, 6);
    expect(s.bps.total).toBeCloseTo(264, 6); // of a $10,000 paper order: 264 bps
  });

  it('a sell filled below its VWAP lost against it; nothing filled means no price, only opportunity', () => {
    const sold = benchmark({ side: 'sell', qty: 300, filled: 300, value: 300 * $(10.15), fees: 0, arrivalPx: $(10), startPx: $(10), endPx: $(10.4), tape: tape(), from: 1_000, to: 3_000, closePx: undefined });
    expect(sold.slippageVsVwapBps).toBeCloseTo(-49.0196, 3);
    expect(sold.slippageVsArrivalBps).toBeCloseTo(150, 6);
    expect(sold.shortfall!.total).toBeCloseTo(-45, 6); // sold 0.15 above the decision price: a gain
    expect(sold.closePx).toBeNull();
    const none = benchmark({ side: 'sell', qty: 300, filled: 0, value: 0, fees: 0, arrivalPx: $(10), startPx: $(10), endPx: $(9.8), tape: tape(), from: 1_000, to: 3_000, closePx: undefined });
    expect(none.avgPx).toBeNull();
    expect(none.slippageVsVwapBps).toBeNull();
    expect(none.shortfall!.opportunity).toBeCloseTo(60, 6); // 300 × 0.20 the price fell while we waited
    expect(none.shortfall!.total).toBeCloseTo(60, 6);
  });
});

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const instruments = DEFAULT_INSTRUMENTS.filter((i) => i.symbol === 'KO' || i.symbol === 'XOM');

/** A morning of KO and XOM orders from two traders, buys and sells, some crossing, one with a limit. */
function morning(aggregation = true): { engine: Engine; journal: MemoryJournal } {
  const journal = new MemoryJournal();
  const engine = new Engine({ journal, startTime: OPEN, seed: 11, instruments, market: { venues: DEFAULT_VENUES }, aggregation });
  const orders = [
    { at: 60, owner: 'alice', symbol: 'KO', side: 'buy', qty: 6_000, urgency: 'high' },
    { at: 90, owner: 'bob', symbol: 'KO', side: 'sell', qty: 2_000, urgency: 'high' },
    { at: 120, owner: 'alice', symbol: 'KO', side: 'buy', qty: 3_000, urgency: 'high' },
    { at: 150, owner: 'bob', symbol: 'XOM', side: 'sell', qty: 8_000, urgency: 'critical' },
    { at: 200, owner: 'alice', symbol: 'XOM', side: 'buy', qty: 1_500, urgency: 'critical' },
    { at: 240, owner: 'bob', symbol: 'KO', side: 'sell', qty: 1_000, urgency: 'medium', limitPrice: 63.1 },
  ];
  orders.forEach((o, i) =>
    engine.scheduler.at(OPEN + o.at * 1000, () => engine.handle({ type: 'SubmitOrder', clOrdId: `c${i}`, desk: 'cash', source: 'ticket', ...o })),
  );
  engine.scheduler.runUntil(OPEN + 40 * 60_000);
  return { engine, journal };
}

const of = <T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

describe('the TCA report of a running desk', () => {
  const { engine, journal } = morning();
  const report = tcaReport(engine);

  it('reads each parent from its children as journaled: average price, window, arrival', () => {
    const placed = of(journal.events, 'ChildPlaced');
    const fills = of(journal.events, 'ChildFilled');
    expect(report.parents.some((p) => p.side === 'buy' && p.filled > 0)).toBe(true);
    expect(report.parents.some((p) => p.side === 'sell' && p.filled > 0)).toBe(true);
    for (const p of report.parents) {
      const mine = fills.filter((f: ChildFilled) => f.parentId === p.parentId);
      const qty = mine.reduce((a, f) => a + f.qty, 0);
      expect(p.filled).toBe(qty);
      if (qty) expect(p.avgPx!).toBeCloseTo(mine.reduce((a, f) => a + f.qty * f.px, 0) / qty / 10_000, 9);
      const first = placed.find((c: ChildPlaced) => c.parentId === p.parentId);
      expect(p.startAt).toBe(first?.ts ?? p.createdAt);
      const completed = of(journal.events, 'ParentCompleted').find((c) => c.parentId === p.parentId);
      expect(p.endAt).toBe(completed?.ts ?? engine.now());
      const vwap = engine.market!.tape(p.symbol)!.vwap(p.startAt, p.endAt);
      expect(p.vwapBenchmark).toBeCloseTo(vwap! / 10_000, 9);
      const created = of(journal.events, 'ParentCreated').find((c) => c.parentId === p.parentId)!;
      expect(p.arrivalPx).toBe(created.arrivalPx! / 10_000);
    }
  });

  it('every child with a fill has a row, its arrival the mid it was sent at', () => {
    const placed = new Map(of(journal.events, 'ChildPlaced').map((c) => [c.childId, c]));
    const filled = new Set(of(journal.events, 'ChildFilled').map((f) => f.childId));
    expect(report.children.map((c) => c.childId).sort()).toEqual([...filled].sort());
    for (const c of report.children) expect(c.arrivalPx).toBe(placed.get(c.childId)!.arrivalMid! / 10_000);
  });

  it('shortfall components add up to the total for every parent and small order', () => {
    for (const x of [...report.parents, ...report.orders]) {
      const s = x.shortfall!;
      expect(s).not.toBeNull();
      expect(s.delay + s.execution + s.opportunity + s.fees).toBeCloseTo(s.total, 6);
    }
  });

  it('an order crossed in full on arrival cost nothing: it traded at the mid it arrived at', () => {
    const crossedInFull = report.orders.filter((o) => o.crossed === o.qty && o.parentId === null);
    expect(crossedInFull.length).toBeGreaterThan(0);
    for (const o of crossedInFull) {
      expect(o.avgPx).toBe(o.arrivalPx);
      expect(o.shortfall!.total).toBeCloseTo(0, 9);
    }
    expect(report.totals.crossedQty).toBe(engine.crosses.reduce((a, x) => a + 2 * x.qty, 0));
  });

  it('small orders carry their share of the parent’s fees, pro rata to their market fills', () => {
    for (const p of report.parents) {
      const members = report.orders.filter((o) => o.parentId === p.parentId);
      expect(members.reduce((a, o) => a + o.shortfall!.fees, 0)).toBeCloseTo(p.fees * (p.filled > 0 ? 1 : 0), 6);
    }
  });

  it('after the close, the close is the last print of the session', () => {
    const { engine: e } = morning();
    e.scheduler.runUntil(e.market!.close + 60_000);
    const r = tcaReport(e);
    expect(r.marketClosed).toBe(true);
    for (const p of r.parents) expect(p.closePx).toBe(e.market!.tape(p.symbol)!.lastPx(e.market!.close)! / 10_000);
    expect(report.parents.every((p) => p.closePx === null)).toBe(true);
  });
});

describe('the value of aggregation', () => {
  it('the counterfactual desk works every order alone and crosses nothing', () => {
    const { engine, journal } = morning(false);
    const accepted = of(journal.events, 'OrderAccepted').length;
    expect(of(journal.events, 'InternalCross')).toHaveLength(0);
    expect(of(journal.events, 'ParentCreated')).toHaveLength(accepted);
    const parentsOf = new Set([...engine.orders.all()].map((o) => o.parentId));
    expect(parentsOf.size).toBe(accepted);
  });

  it('compares what the same orders cost in both worlds', () => {
    const aggregated: TcaReport = tcaReport(morning().engine);
    const naive: TcaReport = tcaReport(morning(false).engine);
    const v = aggregationValue(aggregated, naive);
    expect(v.smallOrders).toBe(6);
    expect(v.parents).toBe(aggregated.parents.length);
    expect(v.crossedQty).toBeGreaterThan(0);
    expect(v.crossedShare).toBeCloseTo(v.crossedQty / 21_500, 12);
    expect(v.savingsBps).toBeCloseTo(v.naiveCostBps! - v.aggregatedCostBps!, 9);
    expect(v.savingsUsd).toBeCloseTo(naive.totals.orders.shortfallUsd - aggregated.totals.orders.shortfallUsd, 6);
    expect(naive.totals.crossedQty).toBe(0);
  });
});
