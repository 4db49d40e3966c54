/**
 * Headless simulated day: `npm run sim -- --seed 42 [--json] [--date 2026-11-20] [--symbols AAPL,MSFT]`.
 * Runs the whole session as fast as possible. With --json, stdout carries exactly
 * one JSON object and nothing else; the same seed prints byte-identical output.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runScenario, scenarioAggregation, scenarioTca, type Scenario } from '../../engine/scenario';
import { parseScenario } from './scenarioSchema';
import { VirtualClock } from '../../engine/core/clock';
import { Scheduler } from '../../engine/core/scheduler';
import { DEFAULT_INSTRUMENTS } from '../../engine/instruments';
import { SimMarket } from '../../engine/market/market';
import { sessionOpen } from '../../engine/market/session';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import { summariseDay, type DaySummary } from '../../engine/market/summary';

function main(): number {
  let args;
  try {
    args = parseArgs({
      options: {
        seed: { type: 'string', default: '42' },
        json: { type: 'boolean', default: false },
        date: { type: 'string', default: '2026-11-20' },
        symbols: { type: 'string' },
        scenario: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`sim: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write('usage: npm run sim -- [--seed N] [--json] [--date YYYY-MM-DD] [--symbols AAPL,MSFT] [--scenario FILE]\n');
    return 0;
  }
  if (args.scenario) return scenarioRun(args.scenario, args.seed!, args.json!);
  const open = sessionOpen(args.date!);
  if (open === undefined) {
    process.stderr.write(`sim: --date must be YYYY-MM-DD, not "${args.date}"\n`);
    return 2;
  }
  const wanted = args.symbols?.split(',').map((s) => s.trim().toUpperCase());
  const instruments = wanted ? DEFAULT_INSTRUMENTS.filter((i) => wanted.includes(i.symbol)) : DEFAULT_INSTRUMENTS;
  const unknown = wanted?.filter((s) => !DEFAULT_INSTRUMENTS.some((i) => i.symbol === s)) ?? [];
  if (unknown.length) {
    process.stderr.write(`sim: unknown symbol(s) ${unknown.join(', ')}\n`);
    return 2;
  }

  const started = process.hrtime.bigint();
  const scheduler = new Scheduler(new VirtualClock(open));
  const market = new SimMarket(scheduler, { seed: args.seed!, instruments, venues: DEFAULT_VENUES, open });
  const events = scheduler.runAll();
  const summary = summariseDay(market, String(args.seed), args.date!, events);
  const secs = Number(process.hrtime.bigint() - started) / 1e9;

  if (args.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else process.stdout.write(readable(summary, secs));
  return 0;
}

function scenarioRun(file: string, seed: string, json: boolean): number {
  let scenario: Scenario;
  try {
    scenario = parseScenario(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    process.stderr.write(`sim: ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const started = process.hrtime.bigint();
  const r = runScenario(scenario, seed);
  const aggregation = scenarioAggregation(scenario, seed, r);
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const tca = scenarioTca(r.tca);
  const out = { scenario: r.scenario, seed: r.seed, venues: r.market.venues, instruments: r.market.instruments, crosses: r.crosses, parents: r.parents, smallOrders: r.smallOrders, children: r.children, rejected: r.rejected, tca, aggregation };
  if (json) {
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    return 0;
  }
  const working = r.parents.filter((p) => p.status === 'working').length;
  const lines = [
    `Scenario "${r.scenario}" (seed ${seed}): ${r.smallOrders.length} orders accepted, ${r.rejected.length} rejected, in ${secs.toFixed(1)} s`,
    `Parents: ${r.parents.length} (${working} working); crossed internally: ${r.crosses.qty.toLocaleString('en-US')} shares in ${r.crosses.count} crosses, saving $${r.crosses.spreadSaved.toLocaleString('en-US')} of spread and $${r.crosses.feesSaved.toLocaleString('en-US')} of fees`,
    `TCA: parents ${signed(tca.totals.parentVsVwapBps)} bps against interval VWAP, ${signed(tca.totals.parentVsArrivalBps)} bps against arrival (positive is better); the small orders' shortfall ${signed(tca.totals.orders.shortfallBps)} bps ($${tca.totals.orders.shortfallUsd.toLocaleString('en-US', { maximumFractionDigits: 0 })})`,
    `Aggregation: worked alone the ${aggregation.smallOrders} orders would have cost ${signed(aggregation.naiveCostBps)} bps, aggregated into ${aggregation.parents} parents ${signed(aggregation.aggregatedCostBps)} bps: saved ${signed(aggregation.savingsBps)} bps, $${aggregation.savingsUsd.toLocaleString('en-US', { maximumFractionDigits: 0 })}; ${(aggregation.crossedShare * 100).toFixed(1)} % crossed inside`,
    ...Object.entries(r.rejected.reduce<Record<string, number>>((acc, x) => ((acc[x.code] = (acc[x.code] ?? 0) + 1), acc), {})).map(([code, n]) => `  rejected ${code}: ${n}`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}

const signed = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);

function readable(s: DaySummary, secs: number): string {
  const lines = [
    `Simulated session ${s.date} (seed ${s.seed}): ${s.events.toLocaleString('en-US')} events in ${secs.toFixed(1)} s`,
    '',
    'venue    kind  trades      volume',
    ...s.venues.map((v) => `${v.venue.padEnd(8)} ${v.kind.padEnd(5)} ${String(v.trades).padStart(7)} ${v.volume.toLocaleString('en-US').padStart(12)}`),
    '',
    'symbol   volume/ADV  realised σ  configured σ  spread (bps)  open      close     VWAP',
    ...s.instruments.map(
      (i) =>
        `${i.symbol.padEnd(8)} ${i.volumeVsAdv.toFixed(3).padStart(10)}  ${(i.realisedVol * 100).toFixed(2).padStart(9)}%  ${(i.configuredVol * 100).toFixed(2).padStart(11)}%  ${i.avgSpreadBps.toFixed(2).padStart(12)}  ${String(i.open).padEnd(9)} ${String(i.close).padEnd(9)} ${i.vwap}`,
    ),
    '',
  ];
  return lines.join('\n');
}

process.exitCode = main();
