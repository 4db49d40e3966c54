import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { runScenario, timeOfDay, type Scenario } from './scenario';

const rebalance = JSON.parse(fs.readFileSync('scenarios/rebalance.json', 'utf8')) as Scenario;
/** Milliseconds after the open of a scenario's last arrival. */
const lastArrival = (s: Scenario) => Math.max(...s.orders.map((o) => timeOfDay(o.at)!)) * 1000 - 9.5 * 3600_000;

describe('the rebalance scenario', () => {
  it('has about 1,000 orders over 20 names from several sources, buys and sells, some with limits', () => {
    expect(rebalance.orders.length).toBe(1000);
    expect(new Set(rebalance.orders.map((o) => o.symbol)).size).toBe(20);
    expect(new Set(rebalance.orders.map((o) => o.source))).toEqual(new Set(['ticket', 'basket', 'api', 'fix']));
    expect(new Set(rebalance.orders.map((o) => o.side))).toEqual(new Set(['buy', 'sell']));
    const limits = rebalance.orders.filter((o) => o.limit !== null).length;
    expect(limits).toBeGreaterThan(200);
    expect(limits).toBeLessThan(500);
  });

  it('runs through the day: every order judged, crosses conserved, nothing overfilled or filled through its limit', () => {
    // Six names keep the test quick; the CLI runs all twenty.
    const names = new Set(['AAPL', 'KO', 'PFE', 'BAC', 'NVDA', 'JPM']);
    const part: Scenario = { ...rebalance, instruments: rebalance.instruments!.filter((i) => names.has(i.symbol)), orders: rebalance.orders.filter((o) => names.has(o.symbol)) };
    const r = runScenario(part, '7', lastArrival(part) + 1000);
    expect(r.smallOrders.length + r.rejected.length).toBe(part.orders.length);
    for (const x of r.rejected) expect(x.reason.length).toBeGreaterThan(10);
    const byId = new Map(r.smallOrders.map((o) => [o.id, o]));
    for (const o of r.smallOrders) {
      expect(o.filled).toBeLessThanOrEqual(o.qty);
      if (o.limit !== null && o.avgPx !== null) expect(o.side === 'buy' ? o.avgPx <= o.limit + 1e-9 : o.avgPx >= o.limit - 1e-9).toBe(true);
    }
    // Every share a small order got is a cross or its share of a parent's market fills.
    const filled = (side: string) => r.smallOrders.filter((o) => o.side === side).reduce((a, o) => a + o.filled, 0);
    const market = (side: string) => r.parents.filter((p) => p.side === side).reduce((a, p) => a + p.filled, 0);
    expect(filled('buy')).toBe(r.crosses.qty + market('buy'));
    expect(filled('sell')).toBe(r.crosses.qty + market('sell'));
    expect(r.crosses.qty).toBeGreaterThan(0);
    expect(market('buy') + market('sell')).toBeGreaterThan(0);
    for (const p of r.parents) {
      const members = r.smallOrders.filter((o) => o.parentId === p.id);
      expect(members.length).toBe(p.orders);
      expect(members.every((o) => o.symbol === p.symbol && o.side === p.side)).toBe(true);
      expect(p.crossed + p.filled).toBeLessThanOrEqual(p.qty);
    }
    expect(r.parents.length).toBeLessThan(r.smallOrders.length / 2); // aggregation: far fewer parents than orders
    expect(byId.size).toBe(r.smallOrders.length);
  });

  it('is deterministic: the same seed gives the same result', () => {
    const names = new Set(['KO', 'PFE', 'BAC']);
    const small: Scenario = { ...rebalance, instruments: rebalance.instruments!.filter((i) => names.has(i.symbol)), orders: rebalance.orders.filter((o) => names.has(o.symbol)) };
    const until = lastArrival(small) + 1000;
    expect(JSON.stringify(runScenario(small, '7', until))).toBe(JSON.stringify(runScenario(small, '7', until)));
  });

  it('reads arrival times as New York time of day', () => {
    expect(timeOfDay('09:30:00')).toBe(34_200);
    expect(timeOfDay('15:59:59.5')).toBe(57_599.5);
    expect(timeOfDay('9:30')).toBeUndefined();
  });
});
