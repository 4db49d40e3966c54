/**
 * The browser under load: Chromium shows the Orders blotter holding 10,000 rows
 * while updates stream (fills of the working orders, and more baskets arriving).
 * Frame times are measured inside the page with requestAnimationFrame, and long
 * tasks (main-thread work over 50 ms) with a PerformanceObserver.
 *
 * Run alone with `npx tsx bench/browser.ts` (needs `next build` and Chromium), or from `npm run bench`;
 * BROWSER_PROFILE_DIR keeps the page's CPU profile and trace, BROWSER_SCREENSHOT a screenshot at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createTRPCClient, httpLink } from '@trpc/client';
import { startServer } from '../e2e/support/server';
import type { AppRouter } from '../server/trpc/router';
import { DEFAULT_INSTRUMENTS } from '../engine/instruments';

export interface BrowserFigures {
  rows: number;
  seconds: number;
  frames: number;
  frameMs: { p50: number; p95: number; p99: number; max: number };
  longTasks: { count: number; maxMs: number };
  /**
   * CPU the page's main thread used per second of the run (ms/s), and style recalculations
   * and layouts per second: the work behind the frame times, which unlike them barely moves
   * when other processes compete for the cores.
   */
  mainThread: { cpuMsPerSec: number; recalcStylePerSec: number; layoutPerSec: number } | null;
  /** CPU all of Chromium's processes used per second of the run (ms/s): rendering, raster and GPU work included. */
  chromiumCpuMsPerSec: number;
  /** The machine's 1-minute load average before and after the measured run (server, Chromium and other work share its cores). */
  load: { before: number; after: number; cores: number };
}

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Small orders, so 10,000 of them stay inside the demo credit limits. Within a basket no two
 * lines share name, side and size, nor do two baskets in a row of the same trader (pre-trade risk
 * would hold them as duplicates).
 */
function basketCsv(n: number, lines: number): string {
  const rows = ['symbol,side,qty,limit,urgency,clOrdId'];
  const names = DEFAULT_INSTRUMENTS.length;
  for (let i = 0; i < lines; i++) {
    const inst = DEFAULT_INSTRUMENTS[i % names];
    const side = Math.floor(i / names) % 2 ? 'sell' : 'buy';
    rows.push(`${inst.symbol},${side},${(inst.lot || 1) * (1 + Math.floor(i / (2 * names)) + 50 * ((n >> 1) % 2))},,${['low', 'medium', 'high'][i % 3]},BR${n}-${i}`);
  }
  return rows.join('\n');
}

async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function benchBrowser(opts: { rows?: number; seconds?: number; /** Write the page's CPU profile and a performance trace of the measured run here. */ profileDir?: string; /** Save a screenshot of the page at the end of the run here. */ screenshot?: string } = {}): Promise<BrowserFigures> {
  const target = opts.rows ?? 10_000;
  const seconds = opts.seconds ?? 15;
  const server = await startServer({ env: { ENGINE_SPEED: '30', ENGINE_START: '2026-11-20T14:35:00Z' } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    // Two traders share the load: each stays inside its own credit and message limits.
    const users = [
      ['alice', 'alice-trader'],
      ['bob', 'bob-trader'],
    ];
    const apis = await Promise.all(
      users.map(async ([u, p]) => {
        const cookie = await login(server.url, u, p);
        return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { cookie, origin: server.url } })] });
      }),
    );
    let baskets = 0;
    let accepted = 0;
    while (accepted < target) {
      const r = await apis[baskets % 2].orders.uploadBasket.mutate({ name: `rows ${baskets}`, csv: basketCsv(baskets, Math.min(1_000, target - accepted)) });
      baskets++;
      accepted += r.accepted;
      if (r.accepted === 0) throw new Error(`a basket was refused entirely: ${JSON.stringify(r.lines.slice(0, 3))}`);
      // A trader's baskets repeat their sizes every other basket: keep them further apart than the
      // 5 s (engine time, 170 ms here) duplicate window, however fast intake takes them.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // A supervisor sees every order: the blotter holds them all.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const cookie = (await login(server.url, 'sam', 'sam-supervisor')).split('=');
    await context.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/orders`);
    const count = () => page.evaluate(() => Number(document.querySelector('[data-testid="blotter-count"]')?.getAttribute('data-count') ?? 0));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="blotter-count"]')?.getAttribute('data-count') ?? 0) >= n, target, { timeout: 60_000 });
    await page.waitForTimeout(2_000); // the snapshot is in; from here, streaming

    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__long = [];
      window.__stop = false;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      let last = performance.now();
      function tick(t) {
        window.__frames.push(t - last);
        last = t;
        if (!window.__stop) requestAnimationFrame(tick);
      }
      requestAnimationFrame(tick);
    })()`);
    const browserSession = await browser.newBrowserCDPSession();
    const chromiumCpu = async () => (await browserSession.send('SystemInfo.getProcessInfo')).processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
    const metricsSession = await context.newCDPSession(page);
    await metricsSession.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await metricsSession.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const cdp = opts.profileDir ? await context.newCDPSession(page) : undefined;
    const traceEvents: unknown[] = [];
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...e.value));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    }
    // Updates keep streaming: the working orders fill, and a basket arrives every 3 s.
    const loadBefore = os.loadavg()[0];
    const m0 = await metrics();
    const cpu0 = await chromiumCpu();
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      await apis[baskets % 2].orders.uploadBasket.mutate({ name: `stream ${baskets}`, csv: basketCsv(baskets, 100) }).catch(() => undefined);
      baskets++;
      // Scroll as a trader would, so rendering is exercised too.
      await page.mouse.move(700, 500);
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(3_000);
    }
    const m1 = await metrics();
    const cpu1 = await chromiumCpu();
    const { frames, long } = (await page.evaluate(`(() => { window.__stop = true; return { frames: window.__frames.slice(1), long: window.__long }; })()`)) as { frames: number[]; long: number[] };
    if (cdp && opts.profileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
      fs.mkdirSync(opts.profileDir, { recursive: true });
      fs.writeFileSync(path.join(opts.profileDir, 'page.cpuprofile'), JSON.stringify(profile));
      fs.writeFileSync(path.join(opts.profileDir, 'page.trace.json'), JSON.stringify({ traceEvents }));
    }
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot });
    const rows = await count();
    const secs = (Date.now() - t0) / 1000;
    const sorted = [...frames].sort((a, b) => a - b);
    return {
      rows,
      seconds: secs,
      frames: frames.length,
      frameMs: { p50: pct(sorted, 0.5), p95: pct(sorted, 0.95), p99: pct(sorted, 0.99), max: sorted[sorted.length - 1] },
      longTasks: { count: long.length, maxMs: long.length ? Math.max(...long) : 0 },
      mainThread:
        m1.ThreadTime === undefined
          ? null
          : {
              cpuMsPerSec: ((m1.ThreadTime - m0.ThreadTime) * 1000) / secs,
              recalcStylePerSec: (m1.RecalcStyleCount - m0.RecalcStyleCount) / secs,
              layoutPerSec: (m1.LayoutCount - m0.LayoutCount) / secs,
            },
      chromiumCpuMsPerSec: ((cpu1 - cpu0) * 1000) / secs,
      load: { before: loadBefore, after: os.loadavg()[0], cores: os.cpus().length },
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchBrowser({ profileDir: process.env.BROWSER_PROFILE_DIR, screenshot: process.env.BROWSER_SCREENSHOT })
    .then((f) => {
      console.log(JSON.stringify(f, null, 2));
      process.exit(0);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
