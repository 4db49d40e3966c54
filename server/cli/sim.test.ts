import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionOpen } from '../../engine/market/session';

const sim = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/sim.ts', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });

describe('npm run sim', () => {
  it('prints one JSON object, byte-identical for the same seed and different for another', () => {
    const a = sim('--seed', '42', '--json', '--symbols', 'AAPL,KO');
    const b = sim('--seed', '42', '--json', '--symbols', 'AAPL,KO');
    const c = sim('--seed', '43', '--json', '--symbols', 'AAPL,KO');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const day = JSON.parse(a);
    expect(day.venues.map((v: { venue: string; kind: string }) => `${v.venue}:${v.kind}`)).toEqual([
      'NYSE:lit',
      'NASDAQ:lit',
      'BATS:lit',
      'IEX:lit',
      'MIDX:dark',
      'BLOCK:dark',
    ]);
    for (const v of day.venues) expect(v.trades).toBeGreaterThan(0), expect(v.volume).toBeGreaterThan(0);
    expect(day.instruments.map((i: { symbol: string }) => i.symbol)).toEqual(['AAPL', 'KO']);
    for (const i of day.instruments) {
      expect(i.volume).toBeGreaterThan(0);
      expect(i.realisedVol).toBeGreaterThan(0);
      expect(i.avgSpreadBps).toBeGreaterThan(0);
    }
  });

  it('prints a readable summary without --json, and a clear error for bad arguments', () => {
    expect(sim('--seed', '1', '--symbols', 'KO')).toMatch(/^Simulated session 2026-11-20 \(seed 1\)/);
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/sim.ts', '--symbols', 'NOPE'], { stdio: 'pipe' })).toThrow(/unknown symbol\(s\) NOPE/);
  });
});

describe('npm run sim -- --scenario', () => {
  it('prints the small orders and parents of a scenario as one JSON object, and refuses a bad file clearly', () => {
    const full = JSON.parse(fs.readFileSync('scenarios/rebalance.json', 'utf8'));
    const names = new Set(['KO', 'PFE']);
    const part = { ...full, instruments: full.instruments.filter((i: { symbol: string }) => names.has(i.symbol)), orders: full.orders.filter((o: { symbol: string }) => names.has(o.symbol)) };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-scenario-'));
    fs.writeFileSync(path.join(dir, 'part.json'), JSON.stringify(part));
    const out = JSON.parse(sim('--scenario', path.join(dir, 'part.json'), '--seed', '7', '--json'));
    expect(Object.keys(out)).toEqual(['scenario', 'seed', 'venues', 'instruments', 'crosses', 'parents', 'smallOrders', 'children', 'rejected', 'tca', 'aggregation']);
    expect(out.smallOrders.length + out.rejected.length).toBe(part.orders.length);
    expect(Object.keys(out.smallOrders[0])).toEqual(expect.arrayContaining(['id', 'symbol', 'side', 'qty', 'limit', 'filled', 'avgPx', 'parentId', 'status']));
    expect(Object.keys(out.parents[0])).toEqual(expect.arrayContaining(['id', 'symbol', 'side', 'qty', 'filled', 'crossed', 'routing']));
    // Every child order, and the parents' market fills are exactly their children's.
    expect(out.children.length).toBeGreaterThan(0);
    expect(Object.keys(out.children[0])).toEqual(expect.arrayContaining(['id', 'parentId', 'venue', 'type', 'qty', 'filled', 'avgPx']));
    for (const p of out.parents as Array<{ id: string; qty: number; filled: number }>) {
      const kids = (out.children as Array<{ parentId: string; filled: number; qty: number }>).filter((c) => c.parentId === p.id);
      expect(kids.reduce((a, c) => a + c.filled, 0)).toBe(p.filled);
      expect(p.filled).toBeLessThanOrEqual(p.qty);
    }
    // TCA per parent: benchmarks, slippage and a shortfall whose components add up.
    expect(out.tca.parents.map((p: { id: string }) => p.id)).toEqual(out.parents.map((p: { id: string }) => p.id));
    for (const t of out.tca.parents) {
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'arrivalPx', 'vwapBenchmark', 'avgPx', 'slippageVsVwapBps', 'slippageVsArrivalBps', 'delay', 'execution', 'opportunity', 'fees', 'shortfall']));
      expect(t.arrivalPx).toBeGreaterThan(0);
      expect(Math.abs(t.delay + t.execution + t.opportunity + t.fees - t.shortfall)).toBeLessThanOrEqual(0.02);
      const kids = (out.children as Array<{ parentId: string; filled: number; avgPx: number | null }>).filter((c) => c.parentId === t.id && c.filled > 0);
      const filled = kids.reduce((a, c) => a + c.filled, 0);
      if (filled) expect(t.avgPx).toBeCloseTo(kids.reduce((a, c) => a + c.filled * c.avgPx!, 0) / filled, 4);
      else expect(t.avgPx).toBeNull();
    }
    // The value of aggregation, against every order worked alone on the same seed.
    expect(Object.keys(out.aggregation)).toEqual(expect.arrayContaining(['smallOrders', 'parents', 'crossedQty', 'naiveCostBps', 'aggregatedCostBps', 'savingsBps', 'savingsUsd']));
    expect(out.aggregation.smallOrders).toBe(out.smallOrders.length);
    expect(out.aggregation.parents).toBe(out.parents.length);
    expect(out.aggregation.crossedQty).toBe(2 * out.crosses.qty);
    expect(out.aggregation.savingsBps).toBeCloseTo(out.aggregation.naiveCostBps - out.aggregation.aggregatedCostBps, 2);
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ name: 'x', date: '20-11-2026', orders: [] }));
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/sim.ts', '--scenario', path.join(dir, 'bad.json')], { stdio: 'pipe' })).toThrow(/date: date must be YYYY-MM-DD/);
  });
});

describe('sessionOpen', () => {
  it('is 09:30 New York in winter and in summer time', () => {
    expect(new Date(sessionOpen('2026-11-20')!).toISOString()).toBe('2026-11-20T14:30:00.000Z');
    expect(new Date(sessionOpen('2026-07-01')!).toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(new Date(sessionOpen('2026-03-09')!).toISOString()).toBe('2026-03-09T13:30:00.000Z'); // day after DST starts
    expect(new Date(sessionOpen('2026-03-06')!).toISOString()).toBe('2026-03-06T14:30:00.000Z');
    expect(sessionOpen('2026-02-30')).toBeUndefined();
    expect(sessionOpen('tomorrow')).toBeUndefined();
  });
});
