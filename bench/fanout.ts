/**
 * Live fan-out under load: 50 authenticated WebSocket clients, each subscribed to
 * the orders, parents and children streams and one name's market data, while the
 * production server runs a busy simulated day at high speed (baskets arriving
 * throughout). Measures the updates delivered per second and how stale each
 * delivery is against the engine.
 *
 * Staleness of a row message: each live delta carries `since`, the wall-clock time
 * its oldest change was published by the engine's commit (server/streams/rowStream.ts);
 * staleness is the time the client received it minus that — conflation, the
 * server's queues and the socket included. Server and clients share this machine's clock.
 *
 * Run alone with `npx tsx bench/fanout.ts` (needs `next build`), or from `npm run bench`.
 */
import fs from 'node:fs';
import os from 'node:os';
import WebSocket from 'ws';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import { startServer } from '../e2e/support/server';
import type { AppRouter } from '../server/trpc/router';
import { DEFAULT_INSTRUMENTS } from '../engine/instruments';

export interface FanoutFigures {
  clients: number;
  seconds: number;
  /** Row and market messages delivered per second, over all clients. */
  messagesPerSec: number;
  /** Rows (order, parent, child) delivered per second, over all clients. */
  rowsPerSec: number;
  /** Staleness of live row messages, ms: received − published. */
  staleness: { p50: number; p99: number; max: number; worstClientP99: number };
  /** Engine events committed per second of wall time during the run. */
  eventsPerSec: number;
  /**
   * The server process's CPU time during the run (Linux /proc), as cores busy: a measure of
   * the streaming cost that, unlike the latencies, barely moves when other work shares the machine.
   */
  serverCpu: { cores: number; msPer1000Rows: number } | null;
  /** The machine's 1-minute load average before and after the measured run (server, clients and other work share its cores). */
  load: { before: number; after: number; cores: number };
}

const TRADERS = [
  { username: 'alice', password: 'alice-trader' },
  { username: 'bob', password: 'bob-trader' },
  { username: 'sam', password: 'sam-supervisor' },
  { username: 'vic', password: 'vic-viewer' },
];

async function login(url: string, u: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(u) });
  if (res.status !== 200) throw new Error(`login ${u.username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

function wsClientFor(url: string, cookie: string) {
  const headers = { cookie, origin: url };
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createWSClient({ url: url.replace('http', 'ws') + '/api/ws', WebSocket: CookieWebSocket as never, retryDelayMs: () => 200 });
}

/** A basket of `lines` orders over the desk's names, both sides, each a different size (duplicate checks stay quiet). */
function basketCsv(n: number, lines: number): string {
  const rows = ['symbol,side,qty,limit,urgency,clOrdId'];
  for (let i = 0; i < lines; i++) {
    const inst = DEFAULT_INSTRUMENTS[(i * 7 + n) % DEFAULT_INSTRUMENTS.length];
    const side = (i + n) % 3 === 0 ? 'sell' : 'buy';
    rows.push(`${inst.symbol},${side},${(inst.lot || 1) * (100 + ((i * 37 + n * 11) % 900))},,${['medium', 'high', 'critical'][i % 3]},FB${n}-${i}`);
  }
  return rows.join('\n');
}

/** CPU time (user + system) a process has used so far, ms; null where /proc is not there. */
function cpuMs(pid: number | undefined): number | null {
  try {
    // Fields after the command name (which may hold spaces, hence from the last ')'): utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ: /proc times are in hundredths of a second on every mainstream kernel. */
const CLOCK_TICKS = 100;

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);

export async function benchFanout(opts: { clients?: number; seconds?: number; speed?: number; serverEnv?: Record<string, string> } = {}): Promise<FanoutFigures> {
  const clients = opts.clients ?? 50;
  const seconds = opts.seconds ?? 30;
  const server = await startServer({ env: { ENGINE_SPEED: String(opts.speed ?? 60), ENGINE_START: '2026-11-20T14:35:00Z', ...opts.serverEnv } });
  const closers: Array<() => void> = [];
  try {
    const seqNow = async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { seq: number }).seq;
    const cookies: string[] = [];
    for (let i = 0; i < clients; i++) cookies.push(await login(server.url, TRADERS[i % TRADERS.length]));
    const stale: number[][] = cookies.map(() => []);
    let messages = 0;
    let rows = 0;
    let measuring = false;
    const symbols = DEFAULT_INSTRUMENTS.map((i) => i.symbol);
    cookies.forEach((cookie, i) => {
      const ws = wsClientFor(server.url, cookie);
      const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
      const onRows = (msg: { data: { kind: string; rows: unknown[]; since?: number } }) => {
        const at = Date.now();
        if (!measuring) return;
        messages++;
        rows += msg.data.rows.length;
        if (msg.data.since !== undefined) stale[i].push(at - msg.data.since);
      };
      const subs = [
        api.orders.stream.subscribe(undefined, { onData: onRows as never }),
        api.parents.stream.subscribe(undefined, { onData: onRows as never }),
        api.routing.children.subscribe(undefined, { onData: onRows as never }),
        api.market.watch.subscribe({ symbol: symbols[i % symbols.length], levels: 10 }, { onData: () => void (measuring && messages++) }),
      ];
      closers.push(() => {
        for (const s of subs) s.unsubscribe();
        ws.close();
      });
    });

    // A busy day: baskets of 200 lines from the traders, one every 2 s of wall time.
    const traders = await Promise.all([login(server.url, TRADERS[0]), login(server.url, TRADERS[1])]);
    const http = traders.map((cookie) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { cookie, origin: server.url } })] }));
    let baskets = 0;
    const sendBasket = () => http[baskets % 2].orders.uploadBasket.mutate({ name: `load ${baskets}`, csv: basketCsv(baskets++, 200) });
    await sendBasket();
    await new Promise((r) => setTimeout(r, 2_000)); // snapshots delivered; from here, the steady state
    const seq0 = await seqNow();
    const loadBefore = os.loadavg()[0];
    const cpu0 = cpuMs(server.proc.pid);
    measuring = true;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await sendBasket();
      await new Promise((r) => setTimeout(r, 2_000));
    }
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuMs(server.proc.pid);
    const seq1 = await seqNow();

    const all = stale.flat().sort((a, b) => a - b);
    const perClientP99 = stale.map((s) => pct([...s].sort((a, b) => a - b), 0.99)).filter((x) => !Number.isNaN(x));
    return {
      clients,
      seconds: elapsed,
      messagesPerSec: messages / elapsed,
      rowsPerSec: rows / elapsed,
      staleness: { p50: pct(all, 0.5), p99: pct(all, 0.99), max: all[all.length - 1] ?? NaN, worstClientP99: Math.max(...perClientP99) },
      eventsPerSec: (seq1 - seq0) / elapsed,
      serverCpu: cpu0 === null || cpu1 === null ? null : { cores: (cpu1 - cpu0) / 1000 / elapsed, msPer1000Rows: ((cpu1 - cpu0) * 1000) / Math.max(1, rows) },
      load: { before: loadBefore, after: os.loadavg()[0], cores: os.cpus().length },
    };
  } finally {
    for (const c of closers) c();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // FANOUT_SERVER_NODE_OPTIONS reaches the server only, e.g. `--import ./profiler.mjs` to profile it under load.
  benchFanout(process.env.FANOUT_SERVER_NODE_OPTIONS ? { serverEnv: { NODE_OPTIONS: process.env.FANOUT_SERVER_NODE_OPTIONS } } : {})
    .then((f) => {
      console.log(JSON.stringify(f, null, 2));
      process.exit(0);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
