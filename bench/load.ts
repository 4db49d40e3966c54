/**
 * The desk under load, for `npm run bench`: live fan-out to 50 WebSocket clients
 * (bench/fanout.ts) and Chromium showing a 10,000-row blotter while updates
 * stream (bench/browser.ts). Both run the production server, so a missing
 * `next build` is made first. Latencies here depend on what else the machine
 * runs: each figure is printed with the load average and the CPU the measured
 * process used, which moves much less with the machine's load.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBrowser } from './browser';
import { benchFanout } from './fanout';

export interface LoadRow {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = (l: { before: number; after: number; cores: number }) => `${n(l.before, 1)} → ${n(l.after, 1)} on ${l.cores} cores`;

function ensureBuild(): void {
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  console.error('bench: no production build (.next); running `next build` first…');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function benchLoad(): Promise<LoadRow[]> {
  ensureBuild();
  const rows: LoadRow[] = [];

  const f = await benchFanout();
  const s = f.staleness;
  rows.push({ name: `live fan-out: ${f.clients} WS clients × orders, parents, children, market; delivered`, value: `${n(f.rowsPerSec)} rows/s`, target: '(reference)', ok: true });
  rows.push({ name: 'live fan-out: staleness p50 / p99 / max, all clients', value: `${n(s.p50)} / ${n(s.p99)} / ${n(s.max)} ms`, target: '(reference)', ok: true });
  rows.push({ name: 'live fan-out: staleness p99 of the worst client', value: `${n(s.worstClientP99)} ms`, target: 'every client ≤ 250 ms', ok: s.worstClientP99 <= 250 });
  if (f.serverCpu)
    rows.push({ name: 'live fan-out: server CPU (engine at 60× + streams)', value: `${n(f.serverCpu.cores, 2)} cores`, target: `(reference; load ${load(f.load)})`, ok: true });

  if (!fs.existsSync(chromiumPath())) {
    rows.push({ name: 'browser: 10,000-row blotter while updates stream', value: 'skipped', target: `(no Chromium at ${chromiumPath()}; set CHROMIUM_PATH)`, ok: true });
    return rows;
  }
  const b = await benchBrowser();
  rows.push({
    name: `browser: ${n(b.rows)}-row blotter streaming, frame time p50 / p95 / p99`,
    value: `${n(b.frameMs.p50, 1)} / ${n(b.frameMs.p95, 1)} / ${n(b.frameMs.p99, 1)} ms`,
    target: 'p95 ≤ 20 ms',
    ok: b.frameMs.p95 <= 20,
  });
  rows.push({ name: 'browser: long tasks (count, longest)', value: `${b.longTasks.count}, ${n(b.longTasks.maxMs)} ms`, target: 'none > 100 ms', ok: b.longTasks.maxMs <= 100 });
  if (b.mainThread)
    rows.push({
      name: 'browser: CPU, page main thread / all of Chromium',
      value: `${n(b.mainThread.cpuMsPerSec)} / ${n(b.chromiumCpuMsPerSec)} ms/s`,
      target: `(reference; load ${load(b.load)})`,
      ok: true,
    });
  return rows;
}
