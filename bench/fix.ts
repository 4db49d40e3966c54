/**
 * FIX gateway benchmark: NewOrderSingle → acknowledgement (ExecutionReport 150=0)
 * over one session on loopback.
 *
 * The desk runs here as it does in production — engine, SQLite journal (WAL), the
 * gateway with its SQLite session store and traffic log — and the OMS is a FIX initiator
 * in a child process (its encoding and parsing do not share this thread). Two OMSs:
 *   - 'lean' (bench/fixLoad.ts): a FIX 4.4 session over a raw socket that does only what
 *     an order session needs — the headline figure. A real OMS runs on another machine;
 *     here it shares the desk's two cores, so its own CPU per order is taken from the desk.
 *   - 'jspurefix': a jspurefix initiator (server/fix/testClient.ts), ~65–95 µs of CPU per
 *     order on this machine — the reference line, as measured before the lean OMS.
 * Both send the same orders (fixLoad.ts `benchOrder`). Per OMS, two runs:
 *   - throughput: orders pipelined with up to WINDOW unacknowledged; acks per second,
 *     and latency percentiles under that load (queueing included);
 *   - ping-pong: one order at a time; latency percentiles of a quiet desk.
 * Engine time stands still (no market thread), so what is measured is intake:
 * FIX parse → engine command → journal write → execution report → FIX encode.
 *
 * Standalone: `npx tsx bench/fix.ts [lean|lean-burst|jspurefix|both]` (both: lean and jspurefix, the default); `benchFix()`
 * returns one OMS's figures. With FIX_BENCH_PROFILE=<file.cpuprofile>, the desk's CPU profile
 * of the throughput run alone (module loading, warm-up and ping-pong left out) is written
 * there (with both OMSs, the last run's).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { Session as InspectorSession } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MsgView } from 'jspurefix';
import { Engine } from '../engine/engine';
import { DEFAULT_VENUES } from '../engine/market/venues';
import { openDatabase } from '../server/store/db';
import { SqliteJournal } from '../server/store/journal';
import { FixGateway } from '../server/fix/gateway';
import { loadFixSettings } from '../server/fix/settings';
import { benchOrder, measureOms, type OmsRunResult } from './fixLoad';

/**
 * Which OMS drives the desk: the lean raw-socket initiator (headline), jspurefix's (reference), or
 * the lean one writing a turn's orders in one burst ('lean-burst': a control — bursts answering
 * bursts of acks keep the desk and the OMS in lockstep; the headline writes each order as it is
 * sent, as jspurefix does, so only the OMS's own cost differs from the reference).
 */
export type BenchOms = 'lean' | 'lean-burst' | 'jspurefix';

/** The OMS's figures (latencies, rates, its CPU per order: see OmsRunResult), with the desk's beside them. */
export interface FixBenchResult extends OmsRunResult {
  oms: BenchOms;
  /**
   * CPU time per acknowledged order in the throughput run, µs (user + system): the desk's
   * process and the OMS client's. Less noisy than wall time on a shared machine: a desk
   * that spends 100 µs of CPU per order can ack at most 10,000/s on one core.
   */
  deskCpuUsPerOrder: number;
  /**
   * Desk CPU over OMS CPU in the same run. The OMS's work per order does not change with the
   * desk's code, and on a shared machine both processes' CPU per order rise and fall together
   * (contention, clock): the ratio is the steadier figure for comparing desk versions.
   */
  deskPerClientCpu: number;
  /**
   * NewOrderSingles per desk turn in the throughput run: how many a socket read brought, on
   * average (inbound D messages over the traffic log's blocks, one a turn for one session; read
   * from the log after the run). The desk's CPU per order falls as it rises (one group commit,
   * one traffic-log commit, one writev per turn), so it says how the OMS paced the desk.
   */
  ordersPerTurn: number;
}

const T0 = Date.parse('2026-11-20T14:30:00Z');

export async function benchFix(opts: { oms?: BenchOms; orders?: number; window?: number; pingPong?: number; warmup?: number } = {}): Promise<FixBenchResult> {
  const oms = opts.oms ?? 'lean';
  const orders = opts.orders ?? 20_000;
  const window = opts.window ?? 100;
  const pingPong = opts.pingPong ?? 2_000;
  const warmup = opts.warmup ?? 3_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-fix-bench-'));
  // As server/main.ts opens it by default: synchronous NORMAL, and the desk's exclusive lock on its data directory.
  const db = openDatabase(dir, 'normal', true);
  const engine = new Engine({ journal: new SqliteJournal(db), startTime: T0, seed: 7, market: { venues: DEFAULT_VENUES } });
  // A desk without a market clock: lift the per-second throttle and credit so every order is accepted.
  engine.handle({ type: 'SetRiskLimits', limits: { maxMessagesPerSecond: 1e9, creditPerUser: 1e15, creditPerDesk: 1e15 }, by: 'bench', reason: 'benchmark' });
  const gateway = new FixGateway({ engine, db, settings: loadFixSettings({ FIX_PORT: '0', FIX_HOST: '127.0.0.1' } as unknown as NodeJS.ProcessEnv) });
  await gateway.start();
  try {
    const self = fileURLToPath(import.meta.url);
    const script = oms === 'jspurefix' ? self : path.join(path.dirname(self), 'fixLoad.ts');
    const args = ['--client', String(gateway.port), String(orders), String(window), String(pingPong), String(warmup), ...(oms === 'lean-burst' ? ['--burst'] : [])];
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: path.resolve(path.dirname(self), '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    // The client marks the throughput run on stdout: the desk's CPU is read at both ends.
    let cpuFrom: NodeJS.CpuUsage | undefined;
    let deskCpuUs = 0;
    let loadedFrom = 0;
    let loadedTo = 0;
    const profiler = process.env.FIX_BENCH_PROFILE ? new DeskProfiler(process.env.FIX_BENCH_PROFILE) : undefined;
    child.stdout.on('data', (d) => {
      out += d;
      if (!cpuFrom && out.includes('LOADED-START\n')) {
        profiler?.start();
        cpuFrom = process.cpuUsage();
        loadedFrom = Date.now();
      }
      if (cpuFrom && !deskCpuUs && out.includes('LOADED-END\n')) {
        const used = process.cpuUsage(cpuFrom);
        deskCpuUs = used.user + used.system;
        loadedTo = Date.now();
        profiler?.stop();
      }
    });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const line = out.trim().split('\n').pop() ?? '';
    if (code !== 0 || !line.startsWith('{')) throw new Error(`the FIX bench's ${oms} OMS failed (exit ${code}): ${out}`);
    const result = JSON.parse(line) as OmsRunResult;
    const deskCpuUsPerOrder = deskCpuUs / result.orders;
    gateway.traffic.flush();
    // Blocks of the throughput run (by their first message's wall-clock time) and the orders in them.
    const turns = db
      .prepare(
        `SELECT COUNT(*) AS blocks, SUM((SELECT COUNT(*) FROM json_each(body) WHERE json_extract(value, '$[2]') = 'in' AND json_extract(value, '$[3]') = 'D')) AS orders
         FROM fix_traffic WHERE json_extract(body, '$[0][0]') BETWEEN ? AND ?`,
      )
      .get(loadedFrom, loadedTo) as { blocks: number; orders: number | null };
    return {
      oms,
      ...result,
      deskCpuUsPerOrder: Math.round(deskCpuUsPerOrder),
      clientCpuUsPerOrder: Math.round(result.clientCpuUsPerOrder),
      deskPerClientCpu: Math.round((100 * deskCpuUsPerOrder) / result.clientCpuUsPerOrder) / 100,
      ordersPerTurn: turns.blocks ? Math.round((10 * (turns.orders ?? 0)) / turns.blocks) / 10 : 0,
    };
  } finally {
    await gateway.stop();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** V8's sampling profiler on the desk's thread, for the throughput run only. */
class DeskProfiler {
  private readonly session = new InspectorSession();
  constructor(private readonly file: string) {
    this.session.connect();
  }
  start(): void {
    this.session.post('Profiler.enable', () => this.session.post('Profiler.start'));
  }
  stop(): void {
    this.session.post('Profiler.stop', (err, r) => {
      if (!err) fs.writeFileSync(this.file, JSON.stringify(r.profile));
      this.session.disconnect();
    });
  }
}

/** The jspurefix OMS (the reference line), in its own process. Prints one JSON line, as fixLoad.ts's child does. */
async function client(port: number, orders: number, window: number, pingPong: number, warmup: number): Promise<void> {
  const { connectClient } = await import('../server/fix/testClient');
  const c = await connectClient({ port });
  const s = c.session;
  let n = 0;
  const sentAt = new Map<string, number>();
  const nextOrder = () => {
    const o = benchOrder(n++);
    sentAt.set(o.clOrdId, performance.now());
    s.sendApp('D', { ClOrdID: o.clOrdId, Instrument: { Symbol: o.symbol }, Side: o.side, TransactTime: new Date(), OrderQtyData: { OrderQty: o.qty }, OrdType: '2', Price: o.price });
  };

  const run = (count: number, inFlight: number): Promise<{ latencies: Float64Array; rejected: number }> =>
    new Promise((resolve) => {
      const latencies = new Float64Array(count);
      let acked = 0;
      let sent = 0;
      let rejected = 0;
      s.onMessage = (msgType: string, view: MsgView) => {
        if (msgType !== '8') return;
        const id = view.getString(11) ?? '';
        const t0 = sentAt.get(id);
        if (t0 === undefined) return;
        sentAt.delete(id);
        if (view.getString(150) !== '0') rejected++;
        latencies[acked++] = performance.now() - t0;
        if (sent < count) nextOrder(), sent++;
        if (acked === count) resolve({ latencies, rejected });
      };
      for (; sent < Math.min(inFlight, count); sent++) nextOrder();
    });

  const result = await measureOms(run, { orders, window, pingPong, warmup });
  s.onMessage = undefined;
  s.logout();
  await Promise.race([c.done, new Promise((r) => setTimeout(r, 2_000))]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const argv = process.argv.slice(2);
if (argv[0] === '--client') {
  const [port, orders, window, pingPong, warmup] = argv.slice(1).map(Number);
  client(port, orders, window, pingPong, warmup).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --json: the figures as one line of JSON, for `npm run bench`, which runs this file in a process of its own.
  const json = argv.includes('--json');
  const which = argv.filter((a) => a !== '--json')[0] ?? 'both';
  if (!['lean', 'lean-burst', 'jspurefix', 'both'].includes(which)) throw new Error(`bench/fix.ts takes lean, lean-burst, jspurefix or both, not "${which}"`);
  const omss: BenchOms[] = which === 'both' ? ['lean', 'jspurefix'] : [which as BenchOms];
  (async () => {
    if (json) {
      const results: FixBenchResult[] = [];
      for (const oms of omss) results.push(await benchFix({ oms }));
      console.log(JSON.stringify(results));
      return;
    }
    console.log(`FIX NewOrderSingle → ack, one session on loopback (${os.cpus().length} cores)`);
    for (const oms of omss) printFix(await benchFix({ oms }));
  })().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

export const OMS_NAMES: Record<BenchOms, string> = {
  lean: 'lean OMS (raw-socket FIX initiator, bench/fixLoad.ts)',
  'lean-burst': 'lean OMS writing a turn’s orders in one burst (control)',
  jspurefix: 'jspurefix OMS (reference: the initiator the bench used before)',
};

function printFix(r: FixBenchResult): void {
  console.log(`  ${OMS_NAMES[r.oms]}${r.oms === 'lean' ? ' — the headline figure' : ''}`);
  console.log(`    throughput  ${r.acksPerSecond.toLocaleString('en-US')} acks/s   (target ≥ 10,000/s; ${r.orders} orders, ≤ ${r.window} in flight, ${r.rejected} refused)`);
  console.log(`    under load  p50 ${r.loadedP50Ms} ms   p99 ${r.loadedP99Ms} ms`);
  console.log(`    ping-pong   p50 ${r.pingPongP50Ms} ms   p99 ${r.pingPongP99Ms} ms   (${r.pingPongOrders} orders, one at a time)`);
  console.log(`    CPU/order   desk ${r.deskCpuUsPerOrder} µs   OMS ${r.clientCpuUsPerOrder} µs   desk/OMS ${r.deskPerClientCpu}   ${r.ordersPerTurn} orders a desk turn   (throughput run; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
}
