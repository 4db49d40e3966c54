/**
 * TCA against the real server process (requires `next build`): the live
 * subscription and the report query show a trader only their own rows, the CSV
 * export likewise, and callers without a session are refused everywhere.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import { startServer, type DeskServer } from '../e2e/support/server';
import type { AppRouter } from './trpc/router';
import type { TcaMessage } from './trpc/tca';

let server: DeskServer;

beforeAll(async () => {
  server = await startServer({ env: { ENGINE_START: '2026-11-20T14:30:00Z' } });
});
afterAll(async () => {
  await server?.stop();
});

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

const client = (cookie: string) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { cookie } })] });

function wsClient(cookie: string) {
  const headers = { cookie, origin: server.url };
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createWSClient({ url: server.url.replace('http', 'ws') + '/api/ws', WebSocket: CookieWebSocket as never, retryDelayMs: () => 100 });
}

/** Follows tca.stream as one user: the rows by id as they stand, and every message. */
function follow(cookie: string) {
  const ws = wsClient(cookie);
  const state = { messages: [] as TcaMessage[], parents: new Map<string, TcaMessage['parents'][number]>(), children: new Map<string, TcaMessage['children'][number]>(), orders: new Map<string, TcaMessage['orders'][number]>() };
  const sub = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }).tca.stream.subscribe(
    { levels: ['children', 'parents', 'orders'] },
    {
      onData: (m) => {
        state.messages.push(m);
        if (m.kind === 'snapshot') (state.parents.clear(), state.children.clear(), state.orders.clear());
        for (const r of m.parents) state.parents.set(r.parentId, r);
        for (const r of m.children) state.children.set(r.childId, r);
        for (const r of m.orders) state.orders.set(r.orderId, r);
      },
    },
  );
  return { ...state, close: () => (sub.unsubscribe(), ws.close()) };
}

async function parentOf(c: ReturnType<typeof client>, orderId: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const row = (await c.orders.list.query()).rows.find((o) => o.orderId === orderId);
      if (!row?.parentId) throw new Error('no parent yet');
      return row.parentId;
    },
    { timeout: 10_000, interval: 100 },
  );
}

describe('TCA on the desk', () => {
  it('refuses callers without a session: the query, the export and the stream’s socket', async () => {
    const res = await fetch(`${server.url}/api/trpc/tca.report`);
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toContain('not signed in');
    const csv = await fetch(`${server.url}/api/tca/export.csv?level=children`);
    expect(csv.status).toBe(401);
    expect(await csv.json()).toEqual({ error: 'not signed in: log in to the desk first' });
    // The subscription lives on the WebSocket, whose upgrade wants a session.
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.url.replace('http', 'ws') + '/api/ws', { headers: { origin: server.url } });
      ws.on('open', () => (ws.close(), resolve(101)));
      ws.on('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);
    // A forged or expired cookie is no session either.
    expect((await fetch(`${server.url}/api/tca/export.csv`, { headers: { cookie: 'desk_session=forged' } })).status).toBe(401);
  });

  it('a trader sees only their own parents, children and orders — live, in the report and in the CSV; a supervisor sees both', async () => {
    const [aliceCookie, bobCookie, samCookie] = await Promise.all([login('alice', 'alice-trader'), login('bob', 'bob-trader'), login('sam', 'sam-supervisor')]);
    const alice = client(aliceCookie);
    const bob = client(bobCookie);
    const streams = { alice: follow(aliceCookie), bob: follow(bobCookie), sam: follow(samCookie) };
    try {
      await vi.waitFor(() => expect(Object.values(streams).every((s) => s.messages.length > 0)).toBe(true), { timeout: 10_000 });
      expect(streams.alice.messages[0].kind).toBe('snapshot');
      expect(streams.alice.messages[0].summary.scope).toBe('own');
      expect(streams.sam.messages[0].summary.scope).toBe('desk');

      const a = await alice.orders.submit.mutate({ clOrdId: 'tca-a', symbol: 'NVDA', side: 'buy', qty: 3_000, urgency: 'critical', source: 'api' });
      const b = await bob.orders.submit.mutate({ clOrdId: 'tca-b', symbol: 'AMZN', side: 'sell', qty: 3_000, urgency: 'critical', source: 'api' });
      if (!a.accepted || !b.accepted) throw new Error('not accepted');
      const pa = await parentOf(alice, a.orderId);
      const pb = await parentOf(bob, b.orderId);
      const childrenOf = (s: typeof streams.alice, parentId: string) => [...s.children.values()].filter((c) => c.parentId === parentId);

      // Both parents get fills; the supervisor sees both, each trader only their own.
      await vi.waitFor(() => expect(childrenOf(streams.sam, pa).length > 0 && childrenOf(streams.sam, pb).length > 0).toBe(true), { timeout: 30_000, interval: 200 });
      await vi.waitFor(() => expect(childrenOf(streams.alice, pa).length).toBeGreaterThan(0), { timeout: 10_000, interval: 200 });
      await vi.waitFor(() => expect(childrenOf(streams.bob, pb).length).toBeGreaterThan(0), { timeout: 10_000, interval: 200 });
      for (const [who, s, mine, theirs] of [
        ['alice', streams.alice, pa, pb],
        ['bob', streams.bob, pb, pa],
      ] as const) {
        expect(s.parents.has(mine)).toBe(true);
        expect(s.parents.has(theirs)).toBe(false);
        expect([...s.parents.values()].every((p) => p.owners.includes(who))).toBe(true);
        expect(childrenOf(s, theirs)).toHaveLength(0);
        expect([...s.orders.values()].every((o) => o.owner === who)).toBe(true);
        expect(s.messages.every((m) => m.summary.scope === 'own')).toBe(true);
      }
      const aliceChild = childrenOf(streams.alice, pa)[0];
      expect(aliceChild.slippageVsVwapBps === null || Number.isFinite(aliceChild.slippageVsVwapBps)).toBe(true);
      expect(streams.alice.messages.at(-1)!.summary.marketQty).toBeGreaterThan(0);

      // The report query: the same rule.
      const ra = await alice.tca.report.query();
      expect(ra.parents.map((p) => p.parentId)).toContain(pa);
      expect(ra.parents.map((p) => p.parentId)).not.toContain(pb);
      expect(ra.children.every((c) => c.parentId !== pb)).toBe(true);
      expect(ra.orders.every((o) => o.owner === 'alice')).toBe(true);
      const rs = await client(samCookie).tca.report.query({ levels: ['parents'] });
      expect(rs.parents.map((p) => p.parentId)).toEqual(expect.arrayContaining([pa, pb]));
      expect(rs.children).toEqual([]);

      // The CSV export: the same rule, with a header and a TOTAL line.
      const csv = async (cookie: string, level: string) => {
        const res = await fetch(`${server.url}/api/tca/export.csv?level=${level}`, { headers: { cookie } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/text\/csv/);
        expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="tca-${level}-\\d{14}\\.csv"`));
        return (await res.text()).trim().split('\n');
      };
      const aliceParents = await csv(aliceCookie, 'parents');
      expect(aliceParents[0].startsWith('parent_id,symbol,side,status,strategy')).toBe(true);
      expect(aliceParents.some((l) => l.startsWith(`${pa},`))).toBe(true);
      expect(aliceParents.some((l) => l.startsWith(`${pb},`))).toBe(false);
      expect(aliceParents.at(-1)!.startsWith('TOTAL,')).toBe(true);
      const aliceChildren = await csv(aliceCookie, 'children');
      expect(aliceChildren[0].startsWith('child_id,parent_id,placed_utc')).toBe(true);
      expect(aliceChildren.slice(1, -1).every((l) => l.split(',')[1] !== pb)).toBe(true);
      expect(aliceChildren.at(-1)!.startsWith('TOTAL,')).toBe(true);
      const bobOrders = await csv(bobCookie, 'orders');
      expect(bobOrders.slice(1, -1).every((l) => l.split(',')[2] === 'bob')).toBe(true);
      const samChildren = await csv(samCookie, 'children');
      expect(samChildren.slice(1, -1).some((l) => l.split(',')[1] === pb)).toBe(true);
      expect(samChildren.slice(1, -1).some((l) => l.split(',')[1] === pa)).toBe(true);
      // A bad level is a 400 with the reason.
      const bad = await fetch(`${server.url}/api/tca/export.csv?level=venues`, { headers: { cookie: aliceCookie } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toContain('level must be children, parents, orders');
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });
});
