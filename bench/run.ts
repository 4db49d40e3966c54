/**
 * `npm run bench`: each figure printed beside its target. In-process, on this
 * machine; never asserted in tests (timings belong here, not in CI verdicts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, MemoryJournal, NullJournal, type JournalPort } from '../engine/engine';
import { DEFAULT_LIMITS } from '../engine/risk/riskBook';
import { VirtualClock } from '../engine/core/clock';
import { seededRng } from '../engine/core/rng';
import { Scheduler } from '../engine/core/scheduler';
import { DEFAULT_INSTRUMENTS } from '../engine/instruments';
import { OrderBook } from '../engine/market/book';
import { SimMarket, type VenueQuote } from '../engine/market/market';
import { DEFAULT_VENUES, type VenueConfig } from '../engine/market/venues';
import { ROUTING_LOGICS, route } from '../engine/routing/router';
import { VenueScorecard } from '../engine/routing/scorecard';
import type { SubmitBasket } from '../engine/commands';
import type { EngineEvent } from '../engine/events';
import { decide } from '../engine/strategies/decide';
import { openDatabase } from '../server/store/db';
import { SqliteJournal } from '../server/store/journal';
import type { FixBenchResult } from './fix';
import { benchLoad } from './load';

interface Row {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}
const rows: Row[] = [];
const T0 = Date.parse('2026-11-20T14:30:00Z');

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function event(seq: number): EngineEvent {
  return {
    type: 'OrderAccepted',
    seq,
    ts: T0 + seq,
    order: {
      orderId: `O${String(seq).padStart(7, '0')}`,
      clOrdId: `bench-${seq}`,
      owner: 'alice',
      desk: 'EQ-1',
      source: 'api',
      symbol: 'AAPL',
      side: 'buy',
      qty: 100,
      limitPx: 2_275_000,
      urgency: 'medium',
      notional: 22_750,
      createdAt: T0 + seq,
    },
  };
}

/** Journal appends per second, 1,000 events per transaction, WAL + synchronous=NORMAL. */
function benchJournal(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
  const db = openDatabase(dir, 'normal');
  const journal = new SqliteJournal(db);
  const batch = 1_000;
  const total = 300_000;
  let seq = 0;
  const warm = Array.from({ length: batch }, () => event(++seq));
  journal.append(warm);
  const start = process.hrtime.bigint();
  while (seq < total) {
    const events: EngineEvent[] = new Array(batch);
    for (let i = 0; i < batch; i++) events[i] = event(++seq);
    journal.append(events);
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = (total - batch) / secs;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  rows.push({ name: 'journal appends (batches of 1,000, WAL)', value: `${Math.round(rate).toLocaleString('en-US')}/s`, target: '≥ 100,000/s', ok: rate >= 100_000 });
}

/** Single-event transactions, as the live engine writes them (one command, one commit). */
function benchJournalPerCommand(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
  const db = openDatabase(dir, 'normal');
  const journal = new SqliteJournal(db);
  const total = 50_000;
  const start = process.hrtime.bigint();
  for (let seq = 1; seq <= total; seq++) journal.append([event(seq)]);
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  rows.push({ name: 'journal appends (one transaction per command)', value: `${Math.round(total / secs).toLocaleString('en-US')}/s`, target: '(reference)', ok: true });
}

/** Every risk check still runs; only the limits are wide enough for 100,000 orders from one user. */
const BENCH_LIMITS = { ...DEFAULT_LIMITS, maxOrderQty: 1e9, maxOrderNotional: Infinity, creditPerUser: Infinity, creditPerDesk: Infinity, maxMessagesPerSecond: 1e9 };

/** Submit → acknowledgement inside the engine, with the in-memory journal and with SQLite (no fsync). */
function benchSubmit(label: string, make: () => { engine: Engine; close(): void }): void {
  const { engine, close } = make();
  const n = 100_000;
  const lat = new Float64Array(n);
  const symbols = ['AAPL', 'MSFT', 'NVDA', 'JPM'];
  const refs = [227.5, 418.2, 141.3, 243.9]; // passive limits a little off each reference price
  for (let i = 0; i < n + 5_000; i++) {
    // 3 ms of engine time between orders, so the duplicate window sees each key rarely.
    engine.scheduler.runUntil(engine.now() + 3);
    const t = process.hrtime.bigint();
    const r = engine.handle({
      type: 'SubmitOrder',
      clOrdId: `b${i}`,
      owner: 'alice',
      desk: 'EQ-1',
      source: 'api',
      symbol: symbols[i & 3],
      side: i & 1 ? 'buy' : 'sell',
      qty: 100 * (1 + (i % 2000)),
      limitPrice: refs[i & 3] + (i & 1 ? -1 : 1) * (0.5 + (i % 50) / 100),
      urgency: 'medium',
    });
    const dt = Number(process.hrtime.bigint() - t) / 1_000;
    if (!r.ok) throw new Error(`bench order rejected: ${(r as { reason: string }).reason}`);
    if (i >= 5_000) lat[i - 5_000] = dt; // first 5,000 warm the JIT
  }
  close();
  lat.sort();
  const p50 = percentile(lat, 0.5);
  const p99 = percentile(lat, 0.99);
  rows.push({ name: `submit → ack p50 (${label})`, value: `${p50.toFixed(1)} µs`, target: '(reference)', ok: true });
  rows.push({ name: `submit → ack p99 (${label})`, value: `${p99.toFixed(1)} µs`, target: '≤ 200 µs', ok: p99 <= 200 });
}

/**
 * Recovery: open a journal of 1,000,000 events and replay it into a fresh engine.
 * The target's journal holds accepted orders appended 1,000 at a time (one
 * transaction, one batch each). The reference is the layout single-order intake
 * writes: one command (an acceptance and its join to a parent) per batch, so per
 * journal row — the most rows a million events can take.
 */
function benchReplay(layout: 'batches of 1,000' | 'one order per command'): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
  const db = openDatabase(dir, 'normal');
  const journal = new SqliteJournal(db);
  const total = 1_000_000;
  let orders = total;
  if (layout === 'batches of 1,000') for (let seq = 1; seq <= total; seq += 1_000) journal.append(Array.from({ length: 1_000 }, (_, i) => event(seq + i)));
  else {
    const parent: EngineEvent = { type: 'ParentCreated', parentId: 'P0000001', symbol: 'AAPL', side: 'buy', key: 'AAPL|buy|medium|near|desk choice', reason: 'bench', seq: 1, ts: T0 };
    journal.append([parent]);
    orders = (total - 1) >> 1;
    for (let o = 1; o <= orders; o += 1_000) {
      const group = [];
      for (let k = o; k < o + 1_000 && k <= orders; k++) {
        const accepted = event(k);
        const seq = 2 * k;
        const joined: EngineEvent = { type: 'OrderJoinedParent', orderId: `O${String(k).padStart(7, '0')}`, parentId: 'P0000001', qty: 100, seq: seq + 1, ts: accepted.ts };
        group.push({ events: [{ ...accepted, seq }, joined], batch: seq });
      }
      journal.appendGroup(group);
    }
  }
  const start = process.hrtime.bigint();
  const engine = new Engine({ journal, startTime: T0, seed: 1 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (engine.orders.size !== orders) throw new Error(`replayed ${engine.orders.size} orders, expected ${orders}`);
  const events = engine.lastSeq;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (layout === 'batches of 1,000') rows.push({ name: 'recovery: replay 1,000,000 events from SQLite', value: `${(ms / 1000).toFixed(1)} s`, target: '≤ 5 s', ok: ms <= 5_000 });
  else rows.push({ name: `recovery: replay ${events.toLocaleString('en-US')} events, one order per command`, value: `${(ms / 1000).toFixed(1)} s`, target: '(reference)', ok: true });
}

/**
 * Matching operations per second on one book: a mix like the simulated flow's —
 * passive adds near the touch, cancels of random resting orders, and marketable
 * orders that match — with the book held at a realistic few hundred orders.
 */
function benchMatching(): void {
  const n = 4_000_000;
  const rng = seededRng('bench-matching');
  const kind = new Uint8Array(n);
  const dist = new Int32Array(n);
  const qty = new Int32Array(n);
  const pick = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    kind[i] = r < 0.45 ? 0 : r < 0.9 ? 1 : 2; // add, cancel, marketable
    dist[i] = 1 + Math.floor(-Math.log(1 - rng.next()) * 2.5);
    qty[i] = 100 * (1 + rng.int(4));
    pick[i] = rng.next();
  }
  let fills = 0;
  const book = new OrderBook(() => fills++);
  const resting: number[] = [];
  let id = 0;
  const mid = 100_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const side = i & 1 ? 'buy' : 'sell';
    if (kind[i] === 0) {
      const px = side === 'buy' ? mid - dist[i] : mid + dist[i];
      book.submit(++id, side, 'limit', px, qty[i]);
      resting.push(id);
    } else if (kind[i] === 1) {
      if (resting.length === 0) continue;
      const j = Math.floor(pick[i] * resting.length);
      const victim = resting[j];
      resting[j] = resting[resting.length - 1];
      resting.pop();
      book.cancel(victim);
    } else {
      book.submit(++id, side, 'ioc', side === 'buy' ? mid + 3 : mid - 3, qty[i]);
    }
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / secs;
  rows.push({ name: `matching ops, one core (add/cancel/match mix, ~${book.orderCount} resting)`, value: `${(rate / 1e6).toFixed(2)} M/s`, target: '≥ 2.00 M/s', ok: rate >= 2_000_000 });
}

/** One full simulated session, ten names on six venues, as fast as possible. */
function benchDay(): void {
  const open = Date.parse('2026-11-20T14:30:00Z');
  const start = process.hrtime.bigint();
  const scheduler = new Scheduler(new VirtualClock(open));
  new SimMarket(scheduler, { seed: 42, instruments: DEFAULT_INSTRUMENTS, venues: DEFAULT_VENUES, open });
  const events = scheduler.runAll();
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  rows.push({ name: `full simulated day, 10 names × 6 venues (${(events / 1e6).toFixed(1)} M events)`, value: `${secs.toFixed(1)} s`, target: '≤ 20 s', ok: secs <= 20 });
}

/**
 * Intake → risk → aggregation in-process: 200,000 small orders over eight names, fifty
 * owners, both sides, limits at each name's reference price, into parents. As the desk
 * runs it: the simulated market is attached, so each order is priced against the NBBO
 * (arrival mid, collar reference), crosses internally with opposing orders whose limits
 * allow the mid (about two in five here), and the rest joins or starts a parent. Every
 * risk check runs — limits are wide, and no order is `confirmed`, so each is checked for
 * duplicates. Engine time stands still during the run: the market's own flow is not
 * intake's cost. One SubmitOrder command per order (`engine.handle`), or batched as the
 * desk's multi-order intake takes them: `basketLines` — basket uploads of that many lines,
 * each line judged on its own, the whole basket journaled in one transaction; `group` —
 * `engine.handleAll` over that many SubmitOrder commands, as the FIX gateway hands over a
 * socket read's NewOrderSingles: each order its own command and result, all of them in one
 * group commit.
 *
 * The same workload first runs on a throwaway engine, so the figure is the steady rate of
 * a desk that has been up a while, not the JIT's warm-up. `runs` > 1 prints the median.
 * Beside the wall-clock rate, the rate per second of this process's CPU time (user +
 * system, GC threads included): on a machine shared with other work, the steadier of the two.
 */
function benchIntake(
  label: string,
  target: number | undefined,
  journal: () => { journal: JournalPort; close(): void },
  opts: { basketLines?: number; group?: number; market?: boolean; runs?: number } = {},
): void {
  const syms = ['AAPL', 'MSFT', 'AMZN', 'NVDA', 'GOOGL', 'JPM', 'XOM', 'KO'];
  const refs = [227.5, 418.2, 201.75, 141.3, 176.4, 243.9, 118.45, 63.2];
  const market = opts.market ?? true;
  const run = (n: number): { wall: number; cpu: number } => {
    const j = journal();
    const engine = new Engine({ journal: j.journal, startTime: T0, seed: 1, riskLimits: BENCH_LIMITS, market: market ? { venues: DEFAULT_VENUES } : undefined });
    const cmds = Array.from({ length: n }, (_, i) => ({
      type: 'SubmitOrder' as const,
      clOrdId: `c${i}`,
      owner: `u${i % 50}`,
      desk: 'D',
      source: 'api',
      symbol: syms[i & 7],
      side: (i >> 3) & 1 ? 'buy' : 'sell',
      qty: 100 * (1 + (i % 997)),
      limitPrice: refs[i & 7],
      urgency: 'medium',
    }));
    const baskets: SubmitBasket[] = [];
    for (let b = 0; opts.basketLines && b * opts.basketLines < n; b++) {
      const lines = cmds.slice(b * opts.basketLines, (b + 1) * opts.basketLines).map((c) => ({ clOrdId: c.clOrdId, symbol: c.symbol, side: c.side, qty: c.qty, limitPrice: c.limitPrice, urgency: c.urgency }));
      baskets.push({ type: 'SubmitBasket', basketId: `B${b}`, name: `basket ${b}`, owner: `u${b % 50}`, desk: 'D', lines });
    }
    const groups: (typeof cmds)[] = [];
    for (let g = 0; opts.group && g * opts.group < n; g++) groups.push(cmds.slice(g * opts.group, (g + 1) * opts.group));
    // The market's opening instant runs before the clock starts: it is not intake.
    engine.scheduler.runUntil(T0);
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    if (opts.basketLines) for (const b of baskets) engine.handle(b);
    else if (opts.group) for (const g of groups) engine.handleAll(g);
    else for (const c of cmds) engine.handle(c);
    const wall = n / (Number(process.hrtime.bigint() - start) / 1e9);
    const used = process.cpuUsage(cpu);
    if (engine.orders.size !== n) throw new Error(`intake accepted ${engine.orders.size} of ${n} orders`);
    j.close();
    return { wall, cpu: n / ((used.user + used.system) / 1e6) };
  };
  run(20_000);
  const runs = Array.from({ length: opts.runs ?? 1 }, () => run(200_000));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const rate = median(runs.map((r) => r.wall));
  const cpuRate = median(runs.map((r) => r.cpu));
  rows.push({
    name: `intake → risk → aggregation, ${label}`,
    value: `${Math.round(rate).toLocaleString('en-US')}/s (CPU ${Math.round(cpuRate).toLocaleString('en-US')}/s)`,
    target: target === undefined ? '(reference)' : `≥ ${target.toLocaleString('en-US')}/s`,
    ok: target === undefined || rate >= target,
  });
}

/**
 * One strategy decision including child generation: decide() — plan vs actual,
 * recalibration, sizing — and the router's children, for a live IS parent with
 * resting children, at 100,000 instants across its window. Gathering the
 * parent's state (inputFor) is timed separately, for reference. Timed after 20,000
 * untimed decisions.
 */
function benchDecision(): void {
  const engine = new Engine({ journal: new MemoryJournal(), startTime: T0, seed: 5, market: { venues: DEFAULT_VENUES } });
  engine.scheduler.runUntil(T0 + 30 * 60_000);
  engine.handle({ type: 'SubmitOrder', clOrdId: 'b1', owner: 'alice', desk: 'D', source: 'api', symbol: 'AAPL', side: 'buy', qty: 50_000, urgency: 'high' });
  for (let i = 0; i < 12; i++) engine.handle({ type: 'SubmitOrder', clOrdId: `b1-${i}`, owner: `u${i}`, desk: 'D', source: 'api', symbol: 'AAPL', side: 'buy', qty: 1_000 * (i + 1), urgency: 'high', confirmed: true });
  engine.scheduler.runUntil(T0 + 40 * 60_000);
  const parentId = [...engine.parents.all()][0].parentId;
  const n = 100_000;
  const base = engine.executor!.inputFor(parentId)!;
  const inputs = Array.from({ length: 64 }, (_, k) => ({ ...base, now: base.now + k * 7_000, done: Math.max(0, base.done - k * 150) }));
  const t = new Float64Array(n);
  const g = new Float64Array(n);
  // Warm: the first thousands of calls run before V8 has optimized decide(), and a desk makes
  // decisions all day. Cold, they lifted the p99 by about 5 µs.
  for (let i = 0; i < 20_000; i++) decide(inputs[i & 63]);
  let placed = 0;
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    const d = decide(inputs[i & 63]);
    t[i] = Number(process.hrtime.bigint() - s) / 1e3;
    placed += d.place.length;
    const s2 = process.hrtime.bigint();
    engine.executor!.inputFor(parentId);
    g[i] = Number(process.hrtime.bigint() - s2) / 1e3;
  }
  if (placed === 0) throw new Error('the benchmark decisions placed nothing');
  t.sort();
  g.sort();
  rows.push({ name: `strategy decision + child generation p50 (${base.children.length} working children)`, value: `${percentile(t, 0.5).toFixed(2)} µs`, target: '(reference)', ok: true });
  rows.push({ name: 'strategy decision + child generation p99', value: `${percentile(t, 0.99).toFixed(2)} µs`, target: '≤ 20 µs', ok: percentile(t, 0.99) <= 20 });
  rows.push({ name: `gathering a parent's state for a decision p99 (${engine.parents.get(parentId)!.orderIds.length} orders)`, value: `${percentile(g, 0.99).toFixed(2)} µs`, target: '(reference)', ok: true });
}

/**
 * One routing decision with eight venues (six lit books five levels deep, two dark
 * pools), in-process, against a scorecard that has learned from a few thousand
 * children: each logic routes a 5,000-share slice, all three placements in turn.
 */
function benchRouting(): void {
  const lit = ['NYSE', 'NASDAQ', 'BATS', 'IEX', 'ARCA', 'EDGX'];
  const configs: VenueConfig[] = [
    ...lit.map((id, i): VenueConfig => ({ id, name: id, kind: 'lit', makeFee: -20 + 5 * i, takeFee: 30 - 4 * i, entryMs: 0.3, jitterMs: 0.1, mdMs: 0.3, flowShare: 1 / 6 })),
    { id: 'MIDX', name: 'MIDX', kind: 'dark', makeFee: 10, takeFee: 10, entryMs: 0.5, jitterMs: 0.2, mdMs: 0.5, flowShare: 0.6, minQty: 100 },
    { id: 'BLOCK', name: 'BLOCK', kind: 'dark', makeFee: 15, takeFee: 15, entryMs: 0.6, jitterMs: 0.2, mdMs: 0.6, flowShare: 0.4, minQty: 1_000 },
  ];
  const score = new VenueScorecard(configs, { at: () => {}, mid: () => 1_000_000 });
  for (let i = 0; i < 5_000; i++) {
    const c = configs[i % configs.length];
    const child = { venue: c.id, kind: (c.kind === 'dark' ? 'mid' : i % 3 ? 'limit' : 'ioc') as 'mid' | 'limit' | 'ioc', qty: 100 * (1 + (i % 30)), side: 'buy' as const, symbol: 'AAPL', placedAt: i, filledQty: 0 };
    score.placed(child, i);
    if (i % 4) (child.filledQty = child.qty / 2), score.filled(child, child.qty / 2, 1_000_100, 10, i + 5);
    score.finished(child);
  }
  const quotes: VenueQuote[] = lit.map((venue, i) => {
    const bid = 1_000_000 - (i % 2) * 100;
    const ask = 1_000_100 + (i % 3) * 100;
    const level = (px: number, k: number, dir: number): [number, number] => [px + dir * k * 100, 200 + 100 * ((i + k) % 7)];
    return { venue, bid, bidQty: 300 + 100 * i, ask, askQty: 400 + 50 * i, makeFee: configs[i].makeFee, takeFee: configs[i].takeFee, levels: { bids: [0, 1, 2, 3, 4].map((k) => level(bid, k, -1)), asks: [0, 1, 2, 3, 4].map((k) => level(ask, k, 1)) } };
  });
  const dark = [
    { venue: 'MIDX', minQty: 100, fee: 10 },
    { venue: 'BLOCK', minQty: 1_000, fee: 15 },
  ];
  const placements = ['aggressive', 'passive', 'mid'] as const;
  for (const logic of ROUTING_LOGICS) {
    const n = 60_000;
    const t = new Float64Array(n);
    let children = 0;
    for (let i = 0; i < n; i++) {
      const req = { side: 'buy' as const, qty: 5_000, placement: placements[i % 3], logic, limitPx: 1_000_400, lot: 100, tick: 100, minSlice: 100, urgency: 0.5 };
      const s = process.hrtime.bigint();
      children += route(req, quotes, dark, score).length;
      t[i] = Number(process.hrtime.bigint() - s) / 1e3;
    }
    if (children === 0) throw new Error(`the ${logic} router placed nothing`);
    t.sort();
    rows.push({ name: `routing decision, 8 venues, ${logic} p50 (p99 ${percentile(t, 0.99).toFixed(1)} µs)`, value: `${percentile(t, 0.5).toFixed(2)} µs`, target: '≤ 10 µs', ok: percentile(t, 0.5) <= 10 });
  }
}

/**
 * `BENCH_ONLY=intake,replay npm run bench` runs only those groups (for profiling one of
 * them); the names are the keys below. Unset, everything runs.
 */
const only = process.env.BENCH_ONLY?.split(',').map((g) => g.trim());
const wants = (group: string) => !only || only.includes(group);

if (wants('decision')) benchDecision();
if (wants('routing')) benchRouting();
if (wants('matching')) benchMatching();
const sqliteJournal = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
  const db = openDatabase(dir, 'normal');
  return { journal: new SqliteJournal(db), close: () => (db.close(), fs.rmSync(dir, { recursive: true, force: true })) };
};
const noJournal = () => ({ journal: new NullJournal(), close: () => {} });
if (wants('intake')) {
  benchIntake('no journal, one handle(SubmitOrder) per order (market attached, as the desk runs it)', 500_000, noJournal, { runs: 3 });
  benchIntake('no journal, handleAll of 1,000 SubmitOrders (batched, as FIX reads arrive)', 500_000, noJournal, { group: 1_000, runs: 3 });
  benchIntake('no journal, engine alone (no market: no mid, no crossing)', undefined, noJournal, { market: false, runs: 3 });
}
if (wants('intake') || wants('intake-sqlite')) {
  benchIntake('SQLite journal, 1,000-line baskets (one transaction each)', 100_000, sqliteJournal, { basketLines: 1_000, runs: 3 });
  benchIntake('SQLite journal, handleAll of 1,000 SubmitOrders (one transaction each)', 100_000, sqliteJournal, { group: 1_000, runs: 3 });
  benchIntake('SQLite journal, one transaction per order', undefined, sqliteJournal);
}
if (wants('day')) benchDay();
if (wants('journal')) {
  benchJournal();
  benchJournalPerCommand();
}
if (wants('replay')) {
  benchReplay('batches of 1,000');
  benchReplay('one order per command');
}
if (wants('submit')) {
  benchSubmit('engine, in-memory journal', () => ({
    engine: new Engine({ journal: new MemoryJournal(), startTime: T0, seed: 1, riskLimits: BENCH_LIMITS }),
    close: () => {},
  }));
  benchSubmit('engine + SQLite journal, no fsync', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
    const db = openDatabase(dir, 'normal');
    return {
      engine: new Engine({ journal: new SqliteJournal(db), startTime: T0, seed: 1, riskLimits: BENCH_LIMITS }),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

// FIX gateway (bench/fix.ts): the desk in this process, the OMS in a child process, one session on loopback.
// The headline figure's OMS is the lean raw-socket initiator (bench/fixLoad.ts): on this 2-core machine the
// OMS shares the desk's cores, and a real one runs elsewhere. The jspurefix OMS's run is the reference line.
if (wants('fix')) {
  // In a process of its own: the desk runs in the bench's process, and here that process would carry
  // the heap the intake benches left (its GC cost the desk ~15 % CPU per order: 111 µs against 95 alone).
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fix.ts', import.meta.url)), 'both', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const [fix, ref] = JSON.parse(out.trim().split('\n').pop()!) as FixBenchResult[];
  rows.push({ name: 'NewOrderSingle → ack over one FIX session (lean OMS)', value: `${fix.acksPerSecond.toLocaleString('en-US')}/s`, target: '≥ 10,000/s', ok: fix.acksPerSecond >= 10_000 && fix.rejected === 0 });
  rows.push({ name: 'NewOrderSingle → ack latency p50 / p99 (lean OMS)', value: `${fix.loadedP50Ms} / ${fix.loadedP99Ms} ms`, target: `(${fix.window} orders in flight)`, ok: true });
  rows.push({ name: 'NewOrderSingle → ack, desk CPU per order (lean OMS)', value: `${fix.deskCpuUsPerOrder} µs`, target: `(lean OMS ${fix.clientCpuUsPerOrder} µs, desk/OMS ${fix.deskPerClientCpu}; ${fix.ordersPerTurn} orders a desk turn; one at a time: p50 ${fix.pingPongP50Ms} ms)`, ok: true });
  rows.push({ name: 'NewOrderSingle → ack, jspurefix OMS (reference)', value: `${ref.acksPerSecond.toLocaleString('en-US')}/s`, target: `(p50 / p99 ${ref.loadedP50Ms} / ${ref.loadedP99Ms} ms; desk ${ref.deskCpuUsPerOrder} µs, jspurefix OMS ${ref.clientCpuUsPerOrder} µs CPU per order; ${ref.ordersPerTurn} orders a desk turn)`, ok: ref.rejected === 0 });
}
if (wants('load')) rows.push(...(await benchLoad()));

const w = Math.max(...rows.map((r) => r.name.length));
const v = Math.max(...rows.map((r) => r.value.length));
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log(`${'benchmark'.padEnd(w)}  ${'measured'.padStart(v)}  target`);
for (const r of rows) console.log(`${r.name.padEnd(w)}  ${r.value.padStart(v)}  ${r.target}${r.target.startsWith('(') ? '' : r.ok ? '  ok' : '  MISSED'}`);
