import { beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock';
import { Scheduler } from '../core/scheduler';
import { DEFAULT_INSTRUMENTS, type Instrument } from '../instruments';
import { SimMarket, type Print, type VenueReport } from './market';
import { BUCKETS, expectedVolumeProfile, intradayRate, SESSION_MS } from './profile';
import { DEFAULT_VENUES } from './venues';

const OPEN = Date.parse('2026-11-20T14:30:00Z');

function market(seed: number | string, instruments: readonly Instrument[] = DEFAULT_INSTRUMENTS) {
  const scheduler = new Scheduler(new VirtualClock(OPEN));
  const m = new SimMarket(scheduler, { seed, instruments, venues: DEFAULT_VENUES, open: OPEN });
  return { m, scheduler };
}

const realisedVol = (mids: number[]) => Math.sqrt(mids.slice(1).reduce((s, x, i) => s + Math.log(x / mids[i]) ** 2, 0));

describe('a simulated day (statistics)', () => {
  let day: ReturnType<typeof market>;
  beforeAll(() => {
    day = market(42);
    day.scheduler.runAll();
  });

  it('prints each name’s daily volume within ±15 % of its ADV', () => {
    for (const inst of DEFAULT_INSTRUMENTS) {
      const ratio = day.m.stats(inst.symbol)!.volume / inst.adv;
      expect(ratio, inst.symbol).toBeGreaterThan(0.85);
      expect(ratio, inst.symbol).toBeLessThan(1.15);
    }
  });

  it('realises the configured volatility: within ±20 % across the universe, ±35 % for any one name in one day', () => {
    const ratios = DEFAULT_INSTRUMENTS.map((inst) => realisedVol(day.m.stats(inst.symbol)!.mids) / inst.dailyVol);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.8);
    expect(mean).toBeLessThan(1.2);
    // One day of 78 five-minute returns estimates σ with ~8 % standard error.
    for (const r of ratios) expect(r).toBeGreaterThan(0.65), expect(r).toBeLessThan(1.35);
  });

  it('shows the U shape: the first and last half hours trade well above midday', () => {
    for (const inst of DEFAULT_INSTRUMENTS) {
      const b = day.m.stats(inst.symbol)!.buckets;
      const midday = (b[5] + b[6] + b[7]) / 3;
      expect(b[0] / midday, inst.symbol).toBeGreaterThan(1.5);
      expect(b[BUCKETS - 1] / midday, inst.symbol).toBeGreaterThan(1.3);
    }
  });

  it('keeps large-cap spreads tight (about a tick) and the book never crossed at the close', () => {
    for (const inst of DEFAULT_INSTRUMENTS) {
      const s = day.m.stats(inst.symbol)!;
      const ticks = s.spreadSum / s.spreadSamples / inst.tick;
      expect(ticks, inst.symbol).toBeGreaterThanOrEqual(1);
      expect(ticks, inst.symbol).toBeLessThan(3);
    }
  });

  it('spreads flow across every venue, dark pools included', () => {
    const byVenue = new Map<string, number>();
    const { m } = market(42, DEFAULT_INSTRUMENTS.slice(0, 1));
    m.onPrint((p) => byVenue.set(p.venue, (byVenue.get(p.venue) ?? 0) + p.qty));
    m['scheduler'].runUntil(OPEN + 3600_000);
    for (const v of DEFAULT_VENUES) expect(byVenue.get(v.id) ?? 0, v.id).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  const hour = (seed: number | string) => {
    const { m, scheduler } = market(seed, DEFAULT_INSTRUMENTS.slice(0, 3));
    const prints: Print[] = [];
    m.onPrint((p) => prints.push(p));
    scheduler.runUntil(OPEN + 20 * 60_000);
    return { prints, depth: m.consolidatedDepth('AAPL'), stats: DEFAULT_INSTRUMENTS.slice(0, 3).map((i) => m.stats(i.symbol)) };
  };

  it('the same seed gives the identical prints, books and statistics; another seed does not', () => {
    const a = hour(7);
    const b = hour(7);
    expect(a.prints.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(hour(8).prints).not.toEqual(a.prints);
  });
});

describe('the volume profile', () => {
  it('has mean rate 1 over the session and buckets summing to 1', () => {
    let sum = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) sum += intradayRate(((i + 0.5) / n) * SESSION_MS);
    expect(sum / n).toBeCloseTo(1, 3);
    const p = expectedVolumeProfile();
    expect(p).toHaveLength(13);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(p[0]).toBeGreaterThan(2 * p[6]);
  });
});

describe('desk orders behind the venue port', () => {
  function setup() {
    const { m, scheduler } = market('desk', DEFAULT_INSTRUMENTS.slice(0, 1));
    const reports: VenueReport[] = [];
    m.onReport((r) => reports.push(r));
    scheduler.runUntil(OPEN + 60_000);
    return { m, scheduler, reports, settle: () => scheduler.runUntil(scheduler.clock.now() + 50) };
  }

  it('a marketable buy takes displayed liquidity, pays the taker fee and leaves impact', () => {
    const { m, reports, settle } = setup();
    const before = m.fundamental('AAPL')!;
    const q = m.nbbo('AAPL');
    m.submit({ id: 'c1', venue: 'NASDAQ', symbol: 'AAPL', side: 'buy', kind: 'ioc', px: q.ask! + 500, qty: 200 });
    settle();
    expect(reports[0]).toMatchObject({ type: 'accepted', id: 'c1' });
    const fills = reports.filter((r) => r.type === 'fill');
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) if (f.type === 'fill') expect(f.fee).toBe(30 * f.qty), expect(f.liquidity).toBe('taker');
    expect(m.fundamental('AAPL')!).toBeGreaterThan(before * 0.999); // moved up, net of one second of diffusion at most
  });

  it('the inverted venue pays takers a rebate', () => {
    const { m, reports, settle } = setup();
    const q = m.nbbo('AAPL');
    m.submit({ id: 'c2', venue: 'BATS', symbol: 'AAPL', side: 'sell', kind: 'ioc', px: q.bid! - 500, qty: 100 });
    settle();
    const fill = reports.find((r) => r.type === 'fill');
    if (fill?.type === 'fill') expect(fill.fee).toBe(-5 * fill.qty);
    else expect(reports.at(-1)).toMatchObject({ type: 'cancelled' }); // BATS book may be empty on that side
  });

  it('rejects bad requests with a reason and never throws', () => {
    const { m, reports, settle } = setup();
    m.submit({ id: 'b1', venue: 'NOPE', symbol: 'AAPL', side: 'buy', kind: 'limit', px: 2_000_000, qty: 100 });
    m.submit({ id: 'b2', venue: 'NYSE', symbol: 'AAPL', side: 'buy', kind: 'limit', px: 2_000_050, qty: 100 });
    m.submit({ id: 'b3', venue: 'NYSE', symbol: 'ZZZ', side: 'buy', kind: 'limit', px: 2_000_000, qty: 100 });
    m.submit({ id: 'b4', venue: 'MIDX', symbol: 'AAPL', side: 'buy', kind: 'limit', px: 2_000_000, qty: 100 });
    m.submit({ id: 'b5', venue: 'BLOCK', symbol: 'AAPL', side: 'buy', kind: 'mid', qty: 100 });
    m.setVenueStatus('IEX', 'halted');
    m.submit({ id: 'b6', venue: 'IEX', symbol: 'AAPL', side: 'buy', kind: 'limit', px: 2_000_000, qty: 100 });
    m.setVenueStatus('NYSE', 'down');
    m.submit({ id: 'b7', venue: 'NYSE', symbol: 'AAPL', side: 'buy', kind: 'limit', px: 2_000_000, qty: 100 });
    expect(m.setVenueStatus('XYZ', 'open')).toBe('unknown venue "XYZ"');
    settle();
    const reasons = Object.fromEntries(reports.filter((r) => r.type === 'rejected').map((r) => [r.id, r.type === 'rejected' ? r.reason : '']));
    expect(reasons).toEqual({
      b1: 'unknown venue "NOPE"',
      b2: 'price 200.005 is not on the AAPL tick grid',
      b3: 'unknown instrument "ZZZ"',
      b4: 'dark pool MIDX takes only midpoint orders',
      b5: 'BLOCK minimum quantity is 1000',
      b6: 'venue IEX is halted',
      b7: 'venue NYSE is down',
    });
  });

  it('a resting order can be amended down and cancelled; the cancel reports the open quantity', () => {
    const { m, reports, settle } = setup();
    const q = m.nbbo('AAPL');
    m.submit({ id: 'r1', venue: 'IEX', symbol: 'AAPL', side: 'buy', kind: 'post-only', px: q.bid! - 2000, qty: 500 });
    settle();
    m.amend('r1', 300);
    settle();
    m.cancel('r1');
    settle();
    expect(reports.map((r) => r.type)).toEqual(['accepted', 'amended', 'cancelled']);
    expect(reports[2]).toMatchObject({ qty: 300, reason: 'cancelled by request' });
  });

  it('a dark order crosses hidden contra liquidity at the NBBO midpoint', () => {
    const { m, scheduler, reports } = setup();
    m.submit({ id: 'd1', venue: 'MIDX', symbol: 'AAPL', side: 'buy', kind: 'mid', qty: 2000 });
    scheduler.runUntil(scheduler.clock.now() + 30 * 60_000);
    const fills = reports.filter((r) => r.type === 'fill');
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) if (f.type === 'fill') expect(f.liquidity).toBe('mid'), expect(f.fee).toBe(10 * f.qty);
  });

  it('self-trade prevention cancels our resting order instead of trading with it', () => {
    const { m, reports, settle } = setup();
    const q = m.nbbo('AAPL');
    const px = q.ask! + 100_000; // far away: nobody else is there
    m.submit({ id: 's1', venue: 'NYSE', symbol: 'AAPL', side: 'sell', kind: 'post-only', px, qty: 100 });
    settle();
    m.submit({ id: 's2', venue: 'NYSE', symbol: 'AAPL', side: 'buy', kind: 'limit', px: px + 100, qty: 100_000 });
    settle();
    expect(reports.find((r) => r.id === 's1' && r.type === 'cancelled')).toMatchObject({ reason: 'self-trade prevention' });
    expect(reports.filter((r) => r.type === 'fill').every((f) => f.type === 'fill' && f.id === 's2')).toBe(true);
  });

  it('latency jitter never reorders a venue’s reports: accepted first, nothing after the last fill or cancel', () => {
    const { m, scheduler, reports } = setup();
    for (let i = 0; i < 200; i++) {
      const q = m.nbbo('AAPL');
      const venue = ['NYSE', 'NASDAQ', 'BATS', 'IEX'][i % 4];
      const side = i % 2 ? 'buy' : 'sell';
      const px = side === 'buy' ? q.bid! + (i % 3) * 100 : q.ask! - (i % 3) * 100;
      m.submit({ id: `j${i}`, venue, symbol: 'AAPL', side, kind: i % 5 === 0 ? 'ioc' : 'limit', px, qty: 100 * (1 + (i % 4)) });
      if (i % 3 === 0) m.cancel(`j${i}`);
      scheduler.runUntil(scheduler.clock.now() + 0.2);
    }
    scheduler.runUntil(scheduler.clock.now() + 60_000);
    const byId = new Map<string, string[]>();
    for (const r of reports) byId.set(r.id, [...(byId.get(r.id) ?? []), r.type]);
    for (const [id, types] of byId) {
      expect(types[0], id).toMatch(/accepted|rejected/);
      const end = types.findIndex((t, k) => t === 'cancelled' || (t === 'fill' && k === types.length - 1));
      if (end >= 0) expect(types.slice(end + 1), id).toEqual([]);
    }
    const times = reports.map((r) => r.ts);
    expect(times.length).toBeGreaterThan(200);
  });

  it('nothing trades while a venue is halted, and trading resumes when it reopens', () => {
    const { m, scheduler } = setup();
    let iex = 0;
    m.onPrint((p) => p.venue === 'IEX' && iex++);
    m.setVenueStatus('IEX', 'halted');
    scheduler.runUntil(scheduler.clock.now() + 10 * 60_000);
    expect(iex).toBe(0);
    m.setVenueStatus('IEX', 'open');
    scheduler.runUntil(scheduler.clock.now() + 10 * 60_000);
    expect(iex).toBeGreaterThan(0);
    expect(m.nbbo('AAPL').bid).toBeDefined();
  });
});

describe('the NBBO memo', () => {
  /** The NBBO worked out from the books themselves, as the memo must always agree with. */
  function walked(m: SimMarket, symbol: string) {
    const q: { bid?: number; bidQty: number; ask?: number; askQty: number } = { bidQty: 0, askQty: 0 };
    const listing = m.listings.get(symbol)!;
    for (const { venue, book } of listing.lit) {
      if (venue.status !== 'open') continue;
      const b = book.displayedBest('buy');
      const a = book.displayedBest('sell');
      const tick = listing.inst.tick;
      if (b) q.bid === undefined || b.px * tick > q.bid ? ((q.bid = b.px * tick), (q.bidQty = b.qty)) : b.px * tick === q.bid && (q.bidQty += b.qty);
      if (a) q.ask === undefined || a.px * tick < q.ask ? ((q.ask = a.px * tick), (q.askQty = a.qty)) : a.px * tick === q.ask && (q.askQty += a.qty);
    }
    return q;
  }

  it('always equals a fresh walk of the books: through the day’s flow, our orders, fills, amends, cancels and venue halts', () => {
    const { m, scheduler } = market('memo', DEFAULT_INSTRUMENTS.slice(0, 2));
    // Read inside fill callbacks too, halfway through a match.
    m.onPrint((p) => expect(m.nbbo(p.symbol)).toEqual(walked(m, p.symbol)));
    let id = 0;
    for (let step = 0; step < 400; step++) {
      scheduler.runUntil(OPEN + step * 1_500);
      for (const symbol of ['AAPL', 'MSFT']) {
        expect(m.nbbo(symbol)).toEqual(walked(m, symbol));
        const q = m.nbbo(symbol);
        if (step % 7 === 0 && q.ask !== undefined) m.submit({ id: `t${++id}`, venue: 'NASDAQ', symbol, side: 'buy', kind: 'ioc', px: q.ask + 200, qty: 300 });
        if (step % 5 === 0 && q.bid !== undefined) m.submit({ id: `r${++id}`, venue: 'IEX', symbol, side: 'buy', kind: 'limit', px: q.bid, qty: 400 });
        expect(m.nbbo(symbol)).toEqual(walked(m, symbol));
      }
      if (step % 50 === 10) m.setVenueStatus('NYSE', 'halted');
      if (step % 50 === 30) m.setVenueStatus('NYSE', 'open');
    }
  });
});
