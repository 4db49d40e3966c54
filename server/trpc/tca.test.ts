import { describe, expect, it } from 'vitest';
import { Engine, MemoryJournal } from '../../engine/engine';
import { DEFAULT_INSTRUMENTS } from '../../engine/instruments';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import { weightedBps } from '../../engine/tca/metrics';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import { TCA_CSV_HEAD, tcaCsv } from '../http/tcaExport';
import { TcaHub, tcaHub, tcaRouter, tcaVisibility, type TcaMessage } from './tca';

const OPEN = Date.parse('2026-11-20T14:30:00Z');
const instruments = DEFAULT_INSTRUMENTS.filter((i) => i.symbol === 'KO' || i.symbol === 'XOM');

const alice: User = { username: 'alice', role: 'trader', desk: 'EQ-1', display: 'Alice' };
const bob: User = { username: 'bob', role: 'trader', desk: 'EQ-2', display: 'Bob' };
const sam: User = { username: 'sam', role: 'supervisor', desk: 'EQ-1', display: 'Sam' };
const vic: User = { username: 'vic', role: 'viewer', desk: 'COMPLIANCE', display: 'Vic' };

/** A morning of KO and XOM orders from two traders (as engine/tca/report.test.ts): buys and sells, some crossing. */
function morning(minutes = 40): Desk {
  const engine = new Engine({ journal: new MemoryJournal(), startTime: OPEN, seed: 11, instruments, market: { venues: DEFAULT_VENUES } });
  const orders = [
    { at: 60, owner: 'alice', symbol: 'KO', side: 'buy', qty: 6_000, urgency: 'high' },
    { at: 90, owner: 'bob', symbol: 'KO', side: 'sell', qty: 2_000, urgency: 'high' },
    { at: 120, owner: 'alice', symbol: 'KO', side: 'buy', qty: 3_000, urgency: 'high' },
    { at: 150, owner: 'bob', symbol: 'XOM', side: 'sell', qty: 8_000, urgency: 'critical' },
    { at: 200, owner: 'alice', symbol: 'XOM', side: 'buy', qty: 1_500, urgency: 'critical' },
    { at: 240, owner: 'bob', symbol: 'KO', side: 'sell', qty: 1_000, urgency: 'medium', limitPrice: 63.1 },
  ];
  orders.forEach((o, i) => engine.scheduler.at(OPEN + o.at * 1000, () => engine.handle({ type: 'SubmitOrder', clOrdId: `c${i}`, desk: 'cash', source: 'ticket', ...o })));
  engine.scheduler.runUntil(OPEN + minutes * 60_000);
  return { engine } as unknown as Desk;
}

const closeTo = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(a).toBeCloseTo(b, 9);
};

describe('what each role sees of the TCA', () => {
  const desk = morning();
  const hub = new TcaHub(desk);
  const tick = hub.tick();

  it('a supervisor or a viewer sees every row, and the summary is the report’s own totals', () => {
    for (const user of [sam, vic]) {
      const v = tick.view(tcaVisibility(desk, user));
      expect(v.children).toHaveLength(tick.report.children.length);
      expect(v.parents).toHaveLength(tick.report.parents.length);
      expect(v.orders).toHaveLength(tick.report.orders.length);
      const s = v.summary;
      const t = tick.report.totals;
      expect(s.scope).toBe('desk');
      expect(s.marketQty).toBe(t.marketQty);
      expect(s.crossedQty).toBe(t.crossedQty);
      closeTo(s.childVsVwapBps, t.childVsVwapBps);
      closeTo(s.childVsArrivalBps, t.childVsArrivalBps);
      closeTo(s.parentVsVwapBps, t.parentVsVwapBps);
      closeTo(s.parentVsArrivalBps, t.parentVsArrivalBps);
      expect(s.orders.paperUsd).toBeCloseTo(t.orders.paperUsd, 6);
      expect(s.orders.shortfallUsd).toBeCloseTo(t.orders.shortfallUsd, 6);
      closeTo(s.orders.shortfallBps, t.orders.shortfallBps);
      expect(s.orders.feesUsd).toBeCloseTo(t.orders.feesUsd, 6);
    }
  });

  it('a trader sees only the parents holding their orders, those parents’ children and their own orders', () => {
    const a = tick.view(tcaVisibility(desk, alice));
    const b = tick.view(tcaVisibility(desk, bob));
    expect(a.summary.scope).toBe('own');
    expect(a.parents.length).toBeGreaterThan(0);
    expect(b.parents.length).toBeGreaterThan(0);
    for (const [view, who] of [
      [a, 'alice'],
      [b, 'bob'],
    ] as const) {
      expect(view.parents.every((p) => p.owners.includes(who))).toBe(true);
      const mine = new Set(view.parents.map((p) => p.parentId));
      expect(view.children.every((c) => mine.has(c.parentId))).toBe(true);
      expect(view.orders.every((o) => o.owner === who)).toBe(true);
      // Nothing of theirs is left out either.
      expect(view.orders).toHaveLength(tick.report.orders.filter((o) => o.owner === who).length);
      expect(view.children).toHaveLength(tick.report.children.filter((c) => mine.has(c.parentId)).length);
    }
    // The desk has parents that are only bob's: alice sees none of them, nor their children.
    const bobsOnly = tick.parents.filter((p) => !p.owners.includes('alice')).map((p) => p.parentId);
    expect(bobsOnly.length).toBeGreaterThan(0);
    expect(a.parents.some((p) => bobsOnly.includes(p.parentId))).toBe(false);
    expect(a.children.some((c) => bobsOnly.includes(c.parentId))).toBe(false);
    // Her totals are over her rows only.
    expect(a.summary.counts.orders).toBe(a.orders.length);
    closeTo(a.summary.childVsVwapBps, weightedBps(a.children.map((c) => ({ qty: c.filled, bps: c.slippageVsVwapBps }))));
    expect(a.summary.askedQty).toBe(a.orders.reduce((n, o) => n + o.qty, 0));
  });

  it('total lines weight slippage by filled quantity and add the shortfall up in dollars', () => {
    const v = tick.view(tcaVisibility(desk, sam));
    const p = v.summary.totals.parents;
    expect(p.filled).toBe(v.parents.reduce((n, r) => n + r.filled, 0));
    closeTo(p.slippageVsTwapBps, weightedBps(v.parents.map((r) => ({ qty: r.filled, bps: r.slippageVsTwapBps }))));
    const s = p.shortfall!;
    expect(s.total).toBeCloseTo(v.parents.reduce((n, r) => n + r.shortfall!.total, 0), 6);
    expect(s.delay + s.execution + s.opportunity + s.fees).toBeCloseTo(s.total, 6);
    expect(s.bps.total).toBeCloseTo((s.total * 10_000) / p.paperUsd, 9);
  });
});

describe('one computation a tick, shared by every subscriber', () => {
  it('streams a snapshot then deltas of changed rows to many subscribers from one report a second', async () => {
    const desk = morning(10);
    const hub = tcaHub(desk);
    const ac = new AbortController();
    const callers = [sam, vic, alice, bob, sam, alice].map((user) => tcaRouter.createCaller({ desk, user }, { signal: ac.signal }));
    const streams = await Promise.all(callers.map((c) => c.stream({ levels: ['children', 'parents', 'orders'] })));
    const its = streams.map((s) => (s as AsyncIterable<TcaMessage>)[Symbol.asyncIterator]());
    const firsts = await Promise.all(its.map((it) => it.next()));
    const before = hub.computations;
    expect(before).toBe(1);
    for (const f of firsts) expect((f.value as TcaMessage).kind).toBe('snapshot');
    expect(new Set(firsts.map((f) => (f.value as TcaMessage).tick)).size).toBe(1);
    const aliceFirst = firsts[2].value as TcaMessage;
    expect(aliceFirst.orders.every((o) => o.owner === 'alice')).toBe(true);

    // The market moves on; two ticks later every subscriber has its deltas from the same two reports.
    desk.engine.scheduler.runUntil(OPEN + 12 * 60_000);
    const seconds = await Promise.all(its.map((it) => it.next()));
    for (const s of seconds) expect((s.value as TcaMessage).kind).toBe('delta');
    const ticks = new Set(seconds.map((s) => (s.value as TcaMessage).tick));
    expect(ticks.size).toBe(1);
    expect(hub.computations).toBe(before + 1);
    const samDelta = seconds[0].value as TcaMessage;
    expect(samDelta.parents.length + samDelta.children.length).toBeGreaterThan(0);
    const aliceDelta = seconds[2].value as TcaMessage;
    const aliceParents = new Set(aliceFirst.parents.map((p) => p.parentId));
    for (const p of aliceDelta.parents) expect(p.owners).toContain('alice');
    for (const c of aliceDelta.children) expect(aliceParents.has(c.parentId) || aliceDelta.parents.some((p) => p.parentId === c.parentId)).toBe(true);
    expect(aliceDelta.orders.every((o) => o.owner === 'alice')).toBe(true);

    ac.abort();
    await Promise.all(its.map((it) => it.return?.()));
    expect(hub.watchers).toBe(0);
  });

  it('a parent that becomes visible later (the trader’s order joins it) arrives with the children it already had', async () => {
    const desk = morning(12);
    const hub = tcaHub(desk);
    const ac = new AbortController();
    const it = (await tcaRouter.createCaller({ desk, user: bob }, { signal: ac.signal }).stream({ levels: ['children', 'parents'] }))[Symbol.asyncIterator]();
    const first = (await it.next()).value as TcaMessage;
    const koBuy = hub.current().parents.find((p) => p.symbol === 'KO' && p.side === 'buy' && p.status === 'working' && p.owners.join() === 'alice');
    expect(koBuy, 'alice works a KO buy alone').toBeDefined();
    const before = hub.current().childrenOf(koBuy!.parentId);
    expect(before.length).toBeGreaterThan(0);
    expect(first.parents.some((p) => p.parentId === koBuy!.parentId)).toBe(false);
    // Bob buys KO at the same urgency: his order joins alice's parent.
    desk.engine.handle({ type: 'SubmitOrder', clOrdId: 'join', owner: 'bob', desk: 'cash', source: 'ticket', symbol: 'KO', side: 'buy', qty: 500, urgency: 'high' });
    expect(desk.engine.parents.get(koBuy!.parentId)!.owners).toContain('bob');
    const next = (await it.next()).value as TcaMessage;
    expect(next.parents.map((p) => p.parentId)).toContain(koBuy!.parentId);
    const got = new Set(next.children.map((c) => c.childId));
    for (const c of before) expect(got.has(c.childId)).toBe(true);
    ac.abort();
    await it.return?.();
    expect(hub.watchers).toBe(0);
  });

  it('a query within the same second reuses the tick; an idle hub computes afresh', () => {
    const desk = morning(5);
    const hub = new TcaHub(desk, 60_000);
    const a = hub.current();
    expect(hub.current()).toBe(a);
    expect(hub.computations).toBe(1);
  });

  it('refuses a caller without a session', async () => {
    const desk = morning(1);
    const anon = tcaRouter.createCaller({ desk, user: undefined });
    await expect(anon.report()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.stream()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(tcaRouter.createCaller({ desk, user: alice }).report({ levels: ['nope' as never] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('the CSV export', () => {
  const desk = morning();
  const tick = new TcaHub(desk).tick();
  const split = (csv: string) => csv.trimEnd().split('\n').map((l) => l.split(','));

  it('children: one line per child with a fill, a header like a broker’s report, and a quantity-weighted TOTAL', () => {
    const v = tick.view(tcaVisibility(desk, sam));
    const lines = split(tcaCsv('children', v));
    const head = lines[0];
    expect(head.join(',')).toBe(TCA_CSV_HEAD.children);
    expect(head.slice(0, 3)).toEqual(['child_id', 'parent_id', 'placed_utc']);
    expect(lines).toHaveLength(v.children.length + 2);
    for (const l of lines) expect(l).toHaveLength(head.length);
    const total = Object.fromEntries(head.map((h, i) => [h, lines[lines.length - 1][i]]));
    expect(total.child_id).toBe('TOTAL');
    expect(Number(total.filled)).toBe(v.children.reduce((n, c) => n + c.filled, 0));
    // Weighted by quantity from the rounded lines it sums, to the cent of a bp.
    const body = lines.slice(1, -1).map((l) => Object.fromEntries(head.map((h, i) => [h, l[i]])));
    const w = body.reduce((n, r) => n + Number(r.filled) * Number(r.vs_vwap_bps), 0) / body.reduce((n, r) => n + Number(r.filled), 0);
    expect(Number(total.vs_vwap_bps)).toBeCloseTo(w, 1);
    expect(Number(total.vs_vwap_bps)).toBeCloseTo(v.summary.childVsVwapBps!, 2);
  });

  it('parents and orders: benchmarks, the four shortfall components and a TOTAL line', () => {
    const v = tick.view(tcaVisibility(desk, alice));
    for (const level of ['parents', 'orders'] as const) {
      const lines = split(tcaCsv(level, v));
      const head = lines[0];
      expect(head.join(',')).toBe(TCA_CSV_HEAD[level]);
      expect(lines).toHaveLength(v[level].length + 2);
      for (const l of lines) expect(l).toHaveLength(head.length);
      const rows = lines.slice(1).map((l) => Object.fromEntries(head.map((h, i) => [h, l[i]])));
      const total = rows[rows.length - 1];
      expect(total[head[0]]).toBe('TOTAL');
      for (const r of rows) {
        if (r.shortfall_usd === '') continue;
        expect(Number(r.delay_usd) + Number(r.execution_usd) + Number(r.opportunity_usd) + Number(r.fees_usd)).toBeCloseTo(Number(r.shortfall_usd), 1);
      }
      if (level === 'orders') expect(rows.slice(0, -1).every((r) => r.owner === 'alice')).toBe(true);
      else expect(rows.slice(0, -1).every((r) => r.owners.split(' ').includes('alice'))).toBe(true);
    }
  });
});
