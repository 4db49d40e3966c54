/**
 * Recovery under load: the real server is killed with SIGKILL twenty times at
 * random moments while baskets and single orders pour in from two traders whose
 * interest crosses. After each restart no acknowledged order and no fill is lost,
 * and crossed quantities still add up.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import { startServer, type DeskServer } from '../e2e/support/server';
import { seededRng } from '../engine/core/rng';
import type { AppRouter } from './trpc/router';

let server: DeskServer | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
});

async function login(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc`, headers: { cookie } })] });
}

describe('recovery under load', () => {
  it('loses no acknowledged order or fill across 20 SIGKILLs during busy baskets', async () => {
    const rng = seededRng('recovery');
    server = await startServer({ env: { ENGINE_START: '2026-11-20T14:30:00Z' } });
    /** Every order the server acknowledged, with the fill it reported when it did. */
    const acked = new Map<string, { owner: string }>();
    let line = 0;
    for (let round = 0; round < 20; round++) {
      const alice = await login(server.url, 'alice', 'alice-trader');
      const bob = await login(server.url, 'bob', 'bob-trader');
      const basket = (side: string) =>
        ['symbol,side,qty,urgency,clOrdId', ...Array.from({ length: 60 }, (_, i) => `KO,${side},${100 * (1 + ((line + i) % 40))},low,R${round}-${side}-${line + i}`)].join('\n');
      line += 60;
      // Fire baskets and singles without waiting, and kill the server at a random moment among them.
      const inflight: Array<Promise<unknown>> = [];
      for (let k = 0; k < 6; k++) {
        const who = k % 2 ? bob : alice;
        const owner = k % 2 ? 'bob' : 'alice';
        inflight.push(
          who.orders.uploadBasket.mutate({ name: `r${round}-${k}`, csv: basket(k % 2 ? 'sell' : 'buy') }).then(
            (report) => report.lines.forEach((l) => l.status === 'accepted' && acked.set(l.orderId, { owner })),
            () => {},
          ),
        );
        inflight.push(
          who.orders.submit.mutate({ clOrdId: `S${round}-${k}`, symbol: 'XOM', side: k % 2 ? 'sell' : 'buy', qty: 100 + k, urgency: 'low', source: 'api' }).then(
            (r) => r.accepted && acked.set(r.orderId, { owner }),
            () => {},
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 20 + rng.int(250)));
      server = await server.restart('SIGKILL');
      await Promise.allSettled(inflight);

      const sam = await login(server.url, 'sam', 'sam-supervisor');
      const rows = new Map((await sam.orders.list.query()).rows.map((r) => [r.orderId, r]));
      for (const [id, a] of acked) {
        const row = rows.get(id);
        expect(row, `acknowledged order ${id} lost after kill ${round + 1}`).toBeDefined();
        expect(row!.owner).toBe(a.owner);
      }
      // Fills add up: every cross fills a buy and a sell equally, and nothing is overfilled.
      const all = [...rows.values()];
      const crossedBuy = all.filter((r) => r.side === 'buy').reduce((s, r) => s + r.crossedQty, 0);
      const crossedSell = all.filter((r) => r.side === 'sell').reduce((s, r) => s + r.crossedQty, 0);
      expect(crossedBuy).toBe(crossedSell);
      for (const r of all) expect(r.filledQty).toBeLessThanOrEqual(r.qty);
      const crosses = await sam.parents.crosses.query({ limit: 1000 });
      if (crosses.length < 1000) expect(crosses.reduce((s, x) => s + x.qty, 0)).toBe(crossedBuy);
    }
    expect(acked.size).toBeGreaterThan(100);
  }, 300_000);
});
