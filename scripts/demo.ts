/**
 * `npm run demo`: plays the desk's journeys (e2e/journeys/deskDay.ts, the same
 * acts the Playwright tests check) against a running desk in Chromium, pausing
 * where a person would look and writing a screenshot of each of those moments.
 *
 *   npm run demo                          # the desk at http://localhost:3000 (or $PORT); headless
 *   npm run demo -- --headed              # watch it (needs a display)
 *   npm run demo -- --url http://host:3000 --out shots --pause 2000
 *
 * With no desk answering at the address, it starts one of its own (a production
 * server on a fresh data directory; `next build` first if there is none).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { startServer, type DeskServer } from '../e2e/support/server';
import { complianceReviews, newDeskDay, parentCompletesAndTca, supervisorIntervenes, traderRebalances } from '../e2e/journeys/deskDay';
import type { Stage } from '../e2e/journeys/stage';

interface Options {
  url: string;
  headed: boolean;
  out: string;
  pauseMs: number;
}

function usage(message?: string): never {
  if (message) console.error(`demo: ${message}`);
  console.error('usage: npm run demo -- [--url URL] [--headed] [--out DIR] [--pause MS]');
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { url: `http://localhost:${process.env.PORT ?? 3000}`, headed: false, out: 'demo-shots', pauseMs: -1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--headed') o.headed = true;
    else if (a === '--url') o.url = value().replace(/\/$/, '');
    else if (a === '--out') o.out = value();
    else if (a === '--pause') {
      o.pauseMs = Number(value());
      if (!Number.isFinite(o.pauseMs) || o.pauseMs < 0) usage('--pause takes milliseconds, 0 or more');
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  // A person watching needs time to read; headless, the screenshots are the pause.
  if (o.pauseMs < 0) o.pauseMs = o.headed ? 2_500 : 300;
  return o;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

function ensureBuild(): void {
  if (fs.existsSync(path.join(process.cwd(), process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID'))) return;
  console.log('demo: no production build yet; running next build…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('next build failed');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.headed && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) usage('--headed needs a display (DISPLAY is not set); run headless without it');

  let own: DeskServer | undefined;
  let baseUrl = opts.url;
  if (!(await answers(baseUrl))) {
    console.log(`demo: no desk answers at ${baseUrl}; starting one of its own (start yours with npm start to play against it)`);
    ensureBuild();
    own = await startServer({ env: { ENGINE_SPEED: process.env.ENGINE_SPEED ?? '20' } });
    baseUrl = own.url;
  }

  fs.rmSync(opts.out, { recursive: true, force: true });
  fs.mkdirSync(opts.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: !opts.headed,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  const shots: Array<{ file: string; caption: string }> = [];
  const stage: Stage = {
    baseUrl,
    browser,
    async look(page: Page, name: string, caption: string) {
      await page.waitForTimeout(Math.min(opts.pauseMs, 400)); // let the last update paint
      const file = `${String(shots.length + 1).padStart(2, '0')}-${name}.png`;
      await page.screenshot({ path: path.join(opts.out, file) });
      shots.push({ file, caption });
      console.log(`  ▸ ${file}  ${caption}`);
      if (opts.pauseMs > 400) await page.waitForTimeout(opts.pauseMs - 400);
    },
    note: (text) => console.log(`    · ${text}`),
  };

  const day = newDeskDay(stage);
  const acts: Array<[string, () => Promise<void>]> = [
    ['1. A trader rebalances: basket, parents, crosses, the trilemma, routing', () => traderRebalances(day)],
    ['2. A supervisor overrides the parent and pulls a kill switch', () => supervisorIntervenes(day)],
    ['3. The parent completes: TCA and its export', () => parentCompletesAndTca(day)],
    ['4. The viewer reads; compliance audits the override', () => complianceReviews(day)],
  ];
  let failed = false;
  console.log(`demo: playing the desk's journeys at ${baseUrl} (${opts.headed ? 'headed' : 'headless'}); screenshots in ${opts.out}/`);
  try {
    for (const [title, act] of acts) {
      console.log(title);
      const started = Date.now();
      await act();
      console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (err) {
    failed = true;
    console.error(`demo: the journey stopped: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    const index = ['# Desk demo', '', `Played at ${new Date().toISOString()} against ${baseUrl}.`, '', ...shots.map((s) => `## ${s.caption}\n\n![${s.caption}](${s.file})\n`)];
    fs.writeFileSync(path.join(opts.out, 'index.md'), `${index.join('\n')}\n`);
    await day.cast.close();
    await browser.close();
    await own?.stop();
  }
  console.log(`demo: ${shots.length} screenshots and index.md in ${opts.out}/`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
