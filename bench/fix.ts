/**
 * FIX gateway benchmark: NewOrderSingle → acknowledgement (ExecutionReport 150=0)
 * over one session on loopback.
 *
 * The desk runs here as it does in production — engine, SQLite journal (WAL), the
 * gateway with its SQLite session store and traffic log — and the OMS is a real
 * jspurefix initiator in a child process (its encoding and parsing do not share
 * this thread). Two runs:
 *   - throughput: orders pipelined with up to WINDOW unacknowledged; acks per second,
 *     and latency percentiles under that load (queueing included);
 *   - ping-pong: one order at a time; latency percentiles of a quiet desk.
 * Engine time stands still (no market thread), so what is measured is intake:
 * FIX parse → engine command → journal write → execution report → FIX encode.
 *
 * Standalone: `npx tsx bench/fix.ts`; `benchFix()` returns the figures. With
 * FIX_BENCH_PROFILE=<file.cpuprofile>, the desk's CPU profile of the throughput run alone
 * (module loading, warm-up and ping-pong left out) is written there.
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

export interface FixBenchResult {
  /** Acknowledgements per second with up to `window` orders in flight. */
  acksPerSecond: number;
  orders: number;
  window: number;
  /** Latency NewOrderSingle sent → ack received, under the throughput run's load, ms. */
  loadedP50Ms: number;
  loadedP99Ms: number;
  /** Latency one order at a time, ms. */
  pingPongP50Ms: number;
  pingPongP99Ms: number;
  pingPongOrders: number;
  /** Orders the desk refused (should be 0: the figures are for acceptances). */
  rejected: number;
  /**
   * CPU time per acknowledged order in the throughput run, µs (user + system): the desk's
   * process and the OMS client's. Less noisy than wall time on a shared machine: a desk
   * that spends 100 µs of CPU per order can ack at most 10,000/s on one core.
   */
  deskCpuUsPerOrder: number;
  clientCpuUsPerOrder: number;
  /**
   * Desk CPU over OMS CPU in the same run. The OMS's work per order does not change with the
   * desk's code, and on a shared machine both processes' CPU per order rise and fall together
   * (contention, clock): the ratio is the steadier figure for comparing desk versions.
   */
  deskPerClientCpu: number;
}

const SYMBOLS = ['AAPL', 'MSFT', 'AMZN', 'NVDA', 'GOOGL', 'JPM', 'XOM', 'KO'];
const T0 = Date.parse('2026-11-20T14:30:00Z');

export async function benchFix(opts: { orders?: number; window?: number; pingPong?: number; warmup?: number } = {}): Promise<FixBenchResult> {
  const orders = opts.orders ?? 20_000;
  const window = opts.window ?? 100;
  const pingPong = opts.pingPong ?? 2_000;
  const warmup = opts.warmup ?? 3_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-fix-bench-'));
  const db = openDatabase(dir);
  const engine = new Engine({ journal: new SqliteJournal(db), startTime: T0, seed: 7, market: { venues: DEFAULT_VENUES } });
  // A desk without a market clock: lift the per-second throttle and credit so every order is accepted.
  engine.handle({ type: 'SetRiskLimits', limits: { maxMessagesPerSecond: 1e9, creditPerUser: 1e15, creditPerDesk: 1e15 }, by: 'bench', reason: 'benchmark' });
  const gateway = new FixGateway({ engine, db, settings: loadFixSettings({ FIX_PORT: '0', FIX_HOST: '127.0.0.1' } as unknown as NodeJS.ProcessEnv) });
  await gateway.start();
  try {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--client', String(gateway.port), String(orders), String(window), String(pingPong), String(warmup)], {
      cwd: path.resolve(path.dirname(self), '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    // The client marks the throughput run on stdout: the desk's CPU is read at both ends.
    let cpuFrom: NodeJS.CpuUsage | undefined;
    let deskCpuUs = 0;
    const profiler = process.env.FIX_BENCH_PROFILE ? new DeskProfiler(process.env.FIX_BENCH_PROFILE) : undefined;
    child.stdout.on('data', (d) => {
      out += d;
      if (!cpuFrom && out.includes('LOADED-START\n')) {
        profiler?.start();
        cpuFrom = process.cpuUsage();
      }
      if (cpuFrom && !deskCpuUs && out.includes('LOADED-END\n')) {
        const used = process.cpuUsage(cpuFrom);
        deskCpuUs = used.user + used.system;
        profiler?.stop();
      }
    });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const line = out.trim().split('\n').pop() ?? '';
    if (code !== 0 || !line.startsWith('{')) throw new Error(`the FIX bench client failed (exit ${code}): ${out}`);
    const result = JSON.parse(line) as FixBenchResult;
    const deskCpuUsPerOrder = deskCpuUs / result.orders;
    return {
      ...result,
      deskCpuUsPerOrder: Math.round(deskCpuUsPerOrder),
      clientCpuUsPerOrder: Math.round(result.clientCpuUsPerOrder),
      deskPerClientCpu: Math.round((100 * deskCpuUsPerOrder) / result.clientCpuUsPerOrder) / 100,
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

/** The OMS side, in its own process. Prints one JSON line. */
async function client(port: number, orders: number, window: number, pingPong: number, warmup: number): Promise<void> {
  const { connectClient } = await import('../server/fix/testClient');
  const c = await connectClient({ port });
  const s = c.session;
  let n = 0;
  let rejected = 0;
  const sentAt = new Map<string, number>();
  const nextOrder = () => {
    const i = n++;
    // Buy limits well under the market: accepted and parked, never crossed or filled, and no two
    // alike (the desk's duplicate-order rule refuses the same symbol, side and size within seconds).
    const symbol = SYMBOLS[i % SYMBOLS.length];
    const clOrdId = `b${i}`;
    sentAt.set(clOrdId, performance.now());
    s.sendApp('D', { ClOrdID: clOrdId, Instrument: { Symbol: symbol }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 100 + Math.floor(i / SYMBOLS.length) }, OrdType: '2', Price: 10 });
  };

  const run = (count: number, inFlight: number): Promise<Float64Array> =>
    new Promise((resolve) => {
      const latencies = new Float64Array(count);
      let acked = 0;
      let sent = 0;
      s.onMessage = (msgType: string, view: MsgView) => {
        if (msgType !== '8') return;
        const id = view.getString(11) ?? '';
        const t0 = sentAt.get(id);
        if (t0 === undefined) return;
        sentAt.delete(id);
        if (view.getString(150) !== '0') rejected++;
        latencies[acked++] = performance.now() - t0;
        if (sent < count) nextOrder(), sent++;
        if (acked === count) resolve(latencies);
      };
      for (; sent < Math.min(inFlight, count); sent++) nextOrder();
    });

  await run(warmup, window);
  rejected = 0;
  process.stdout.write('LOADED-START\n');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = await run(orders, window);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write('LOADED-END\n');
  const quiet = await run(pingPong, 1);
  const pct = (a: Float64Array, p: number) => {
    const sorted = Float64Array.from(a).sort();
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 1000) / 1000;
  };
  const result: FixBenchResult = {
    acksPerSecond: Math.round(orders / seconds),
    orders,
    window,
    loadedP50Ms: pct(loaded, 0.5),
    loadedP99Ms: pct(loaded, 0.99),
    pingPongP50Ms: pct(quiet, 0.5),
    pingPongP99Ms: pct(quiet, 0.99),
    pingPongOrders: pingPong,
    rejected,
    deskCpuUsPerOrder: 0,
    // Unrounded: the desk side rounds it once the ratio is taken.
    clientCpuUsPerOrder: (cpu.user + cpu.system) / orders,
    deskPerClientCpu: 0,
  };
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
  benchFix().then(
    (r) => {
      console.log(`FIX NewOrderSingle → ack, one session on loopback (${os.cpus().length} cores)`);
      console.log(`  throughput  ${r.acksPerSecond.toLocaleString('en-US')} acks/s   (target ≥ 10,000/s; ${r.orders} orders, ≤ ${r.window} in flight, ${r.rejected} refused)`);
      console.log(`  under load  p50 ${r.loadedP50Ms} ms   p99 ${r.loadedP99Ms} ms`);
      console.log(`  ping-pong   p50 ${r.pingPongP50Ms} ms   p99 ${r.pingPongP99Ms} ms   (${r.pingPongOrders} orders, one at a time)`);
      console.log(`  CPU/order   desk ${r.deskCpuUsPerOrder} µs   OMS client ${r.clientCpuUsPerOrder} µs   desk/OMS ${r.deskPerClientCpu}   (throughput run; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
