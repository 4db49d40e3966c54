/**
 * Integration tests against the real server process (requires `next build`):
 * crash recovery, authentication and roles on every procedure, the WebSocket
 * upgrade's checks, and live delivery after Next has served pages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import { startServer, type DeskServer } from '../e2e/support/server';
import type { AppRouter } from './trpc/router';
import type { StreamMessage } from './streams/rowStream';
import type { ChildRow, OrderRow } from './desk';

let server: DeskServer;

beforeAll(async () => {
  server = await startServer({ env: { ENGINE_START: '2026-11-20T14:30:00Z' } });
});
afterAll(async () => {
  await server?.stop();
});

async function login(username: string, password: string, url = server.url): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return cookie.split(';')[0];
}

function client(cookie?: string, url = server.url) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/api/trpc`, headers: () => (cookie ? { cookie } : {}) })],
  });
}

/** A tRPC WebSocket client that presents the session cookie and our own Origin, as a browser would. */
function wsClient(cookie: string, url = server.url) {
  const headers = { cookie, origin: url };
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createWSClient({ url: url.replace('http', 'ws') + '/api/ws', WebSocket: CookieWebSocket as never, retryDelayMs: () => 100 });
}

// Each order a different size, so pre-trade risk's duplicate check (same owner, side, symbol, size) stays out of the way.
let sizes = 0;
const submitBody = (clOrdId: string) => ({ clOrdId, symbol: 'MSFT', side: 'sell' as const, qty: 100 * (1 + (sizes++ % 30)), limitPrice: 418.25, urgency: 'high' as const, source: 'api' as const });

describe('authentication and roles', () => {
  it('refuses a wrong password with 401 and a clear message', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'nope' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'wrong username or password' });
  });

  it('answers every procedure with 401 when signed out', async () => {
    for (const [method, path, body] of [
      ['GET', 'session.me', undefined],
      ['GET', 'orders.list', undefined],
      ['GET', 'engine.instruments', undefined],
      ['GET', 'engine.status', undefined],
      ['POST', 'orders.submit', submitBody('x')],
      ['POST', 'orders.cancel', { orderId: 'O0000001' }],
    ] as const) {
      const res = await fetch(`${server.url}/api/trpc/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(await res.json()), path).toContain('not signed in');
    }
  });

  it('a viewer may read but not submit or cancel (403)', async () => {
    const viewer = client(await login('vic', 'vic-viewer'));
    expect((await viewer.session.me.query())?.role).toBe('viewer');
    await expect(viewer.orders.submit.mutate(submitBody('v1'))).rejects.toMatchObject({
      data: { httpStatus: 403, code: 'FORBIDDEN' },
      message: 'a viewer may not submit orders',
    });
    await expect(viewer.orders.cancel.mutate({ orderId: 'O0000001' })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    expect(Array.isArray((await viewer.orders.list.query()).rows)).toBe(true);
  });

  it('a trader sees only their own orders and cannot cancel another trader’s; a supervisor sees and cancels all', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const bob = client(await login('bob', 'bob-trader'));
    const sam = client(await login('sam', 'sam-supervisor'));
    const a = await alice.orders.submit.mutate(submitBody('iso-a'));
    const b = await bob.orders.submit.mutate(submitBody('iso-b'));
    expect(a.accepted && b.accepted).toBe(true);
    if (!a.accepted || !b.accepted) return;
    const aliceRows = (await alice.orders.list.query()).rows;
    expect(aliceRows.every((r) => r.owner === 'alice')).toBe(true);
    expect(aliceRows.map((r) => r.orderId)).toContain(a.orderId);
    expect(aliceRows.map((r) => r.orderId)).not.toContain(b.orderId);
    await expect(alice.orders.cancel.mutate({ orderId: b.orderId })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    const samIds = (await sam.orders.list.query()).rows.map((r) => r.orderId);
    expect(samIds).toEqual(expect.arrayContaining([a.orderId, b.orderId]));
    expect(await sam.orders.cancel.mutate({ orderId: b.orderId, reason: 'supervisor test' })).toEqual({ cancelled: true });
  });

  it('amends a working order: a trader their own, never another trader’s', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const bob = client(await login('bob', 'bob-trader'));
    const r = await alice.orders.submit.mutate({ ...submitBody('amend-1'), qty: 900 });
    expect(r.accepted).toBe(true);
    if (!r.accepted) return;
    expect(await alice.orders.amend.mutate({ orderId: r.orderId, qty: 500, limitPrice: 418.3 })).toEqual({ amended: true });
    expect((await alice.orders.list.query()).rows.find((x) => x.orderId === r.orderId)).toMatchObject({ qty: 500, limitPrice: 418.3, leavesQty: 500 });
    expect(await alice.orders.amend.mutate({ orderId: r.orderId, qty: 800 })).toMatchObject({ amended: false, reason: expect.stringContaining('may only reduce') });
    await expect(bob.orders.amend.mutate({ orderId: r.orderId, qty: 100 })).rejects.toMatchObject({ data: { httpStatus: 403 } });
  });

  it('rejects bad input with a specific error and changes nothing', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const before = (await alice.orders.list.query()).rows.length;
    await expect(alice.orders.submit.mutate({ ...submitBody('bad'), side: 'hold' as never })).rejects.toMatchObject({
      data: { httpStatus: 400 },
    });
    const offTick = await alice.orders.submit.mutate({ ...submitBody('bad2'), limitPrice: 418.255 });
    expect(offTick).toEqual({ accepted: false, code: 'OFF_TICK', reason: 'limit 418.255 is not on the MSFT tick grid of 0.01' });
    expect((await alice.orders.list.query()).rows.length).toBe(before);
  });

  it('refuses state changes from a foreign Origin', async () => {
    const cookie = await login('alice', 'alice-trader');
    const res = await fetch(`${server.url}/api/trpc/orders.submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'https://evil.example' },
      body: JSON.stringify(submitBody('csrf')),
    });
    expect(res.status).toBe(403);
  });
});

describe('WebSocket', () => {
  function upgrade(headers: Record<string, string>): Promise<number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(server.url.replace('http', 'ws') + '/api/ws', { headers });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
  }

  it('refuses an upgrade without a session (401) or from a foreign Origin (403)', async () => {
    const cookie = await login('alice', 'alice-trader');
    expect(await upgrade({ origin: server.url })).toBe(401);
    expect(await upgrade({ origin: 'https://evil.example', cookie })).toBe(403);
    expect(await upgrade({ cookie })).toBe(403);
    expect(await upgrade({ origin: server.url, cookie })).toBe(101);
  });

  it('closes a session’s streams when it logs out, and the cookie no longer opens one', async () => {
    const cookie = await login('bob', 'bob-trader');
    const ws = new WebSocket(server.url.replace('http', 'ws') + '/api/ws', { headers: { cookie, origin: server.url } });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    expect(out.status).toBe(200);
    expect(await closed).toBe(4401);
    expect(await upgrade({ cookie, origin: server.url })).toBe(401);
    expect((await fetch(`${server.url}/api/trpc/session.me`, { headers: { cookie } })).status).toBe(401);
  });

  it('delivers a snapshot and then live deltas, after Next has served pages', async () => {
    const cookie = await login('sam', 'sam-supervisor');
    // Serve pages first: this is when Next wires its own upgrade handling.
    for (const p of ['/orders', '/login']) expect((await fetch(`${server.url}${p}`, { headers: { cookie } })).status).toBeLessThan(500);
    const alice = client(await login('alice', 'alice-trader'));
    const ws = wsClient(cookie);
    const sam = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const messages: StreamMessage<OrderRow>[] = [];
    const sub = sam.orders.stream.subscribe(undefined, { onData: (d) => messages.push(d.data) });
    await expect.poll(() => messages.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(messages[0].kind).toBe('snapshot');
    const ack = await alice.orders.submit.mutate(submitBody(`live-${Date.now()}`));
    expect(ack.accepted).toBe(true);
    const t0 = Date.now();
    await expect
      .poll(() => messages.some((m) => m.kind === 'delta' && m.rows.some((r) => ack.accepted && r.orderId === ack.orderId)), { timeout: 2000 })
      .toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
    sub.unsubscribe();
    ws.close();
  });
});

describe('crash recovery', () => {
  it('finds every acknowledged order after SIGKILL and restart', async () => {
    const own = await startServer({ env: { ENGINE_START: '2026-11-20T14:30:00Z' } });
    try {
      const cookie = await login('alice', 'alice-trader', own.url);
      const alice = client(cookie, own.url);
      const acked: string[] = [];
      // Fire a burst concurrently and kill the process the moment the last ack arrives.
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => alice.orders.submit.mutate({ ...submitBody(`crash-${i}`), confirmed: true })));
      for (const r of results) if (r.accepted) acked.push(r.orderId);
      expect(acked).toHaveLength(40);
      const restarted = await own.restart('SIGKILL');
      const rows = (await client(await login('alice', 'alice-trader', restarted.url), restarted.url).orders.list.query()).rows;
      expect(rows.map((r) => r.orderId)).toEqual(expect.arrayContaining(acked));
      expect(restarted.output()).toMatch(/\d+ events replayed, 40 orders/);
      await restarted.stop();
    } finally {
      await own.stop('SIGKILL');
    }
  });

  it('shuts down cleanly on SIGTERM with exit code 0', async () => {
    const own = await startServer();
    expect(await own.stop('SIGTERM')).toBe(0);
    expect(own.output()).toContain('SIGTERM: stopping');
  });
});

describe('development mode', () => {
  it('keeps Next hot reload working beside our WebSocket', async () => {
    const dev = await startServer({ env: { NODE_ENV: 'development', NEXT_DIST_DIR: '.next-test-dev' } });
    try {
      const cookie = await login('alice', 'alice-trader', dev.url);
      expect((await fetch(`${dev.url}/login`)).status).toBe(200);
      const open = (p: string, headers: Record<string, string>) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(dev.url.replace('http', 'ws') + p, { headers });
          ws.on('message', (m) => {
            ws.close();
            resolve(String(m));
          });
          ws.on('unexpected-response', (_q, r) => resolve(`refused ${r.statusCode}`));
          ws.on('error', (e) => resolve(`error ${e.message}`));
          setTimeout(() => resolve('timeout'), 15_000);
        });
      // Next's hot-reload socket answers with its first message…
      expect(await open('/_next/hmr', { origin: dev.url })).toMatch(/^\{"type":/);
      // …and ours still delivers a subscription.
      const ws = wsClient(cookie, dev.url);
      const c = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
      const first = await new Promise<StreamMessage<OrderRow>>((resolve) => {
        const sub = c.orders.stream.subscribe(undefined, {
          onData: (d) => {
            sub.unsubscribe();
            resolve(d.data);
          },
        });
      });
      expect(first.kind).toBe('snapshot');
      ws.close();
    } finally {
      await dev.stop();
    }
  });
});

describe('market', () => {
  it('lists the venues with their kind, fees and status', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const venues = await alice.market.venues.query();
    expect(venues.map((v) => `${v.venue}:${v.kind}`)).toEqual(['NYSE:lit', 'NASDAQ:lit', 'BATS:lit', 'IEX:lit', 'MIDX:dark', 'BLOCK:dark']);
    expect(venues.find((v) => v.venue === 'BATS')!.takeFee).toBeLessThan(0); // the inverted venue
  });

  it('only a supervisor may halt a venue, with a reason; the switch is visible to every watcher', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    await expect(alice.market.setVenueStatus.mutate({ venue: 'IEX', status: 'halted', reason: 'x' })).rejects.toMatchObject({
      data: { httpStatus: 403 },
      message: 'a trader may not halt or resume venues',
    });
    const sam = client(await login('sam', 'sam-supervisor'));
    await expect(sam.market.setVenueStatus.mutate({ venue: 'IEX', status: 'halted', reason: ' ' })).rejects.toMatchObject({ data: { httpStatus: 400 } });
    expect(await sam.market.setVenueStatus.mutate({ venue: 'LSE', status: 'halted', reason: 'x' })).toEqual({ changed: false, reason: 'unknown venue "LSE"' });
    expect((await sam.market.setVenueStatus.mutate({ venue: 'IEX', status: 'halted', reason: 'test halt' })).changed).toBe(true);
    expect((await alice.market.venues.query()).find((v) => v.venue === 'IEX')!.status).toBe('halted');
    expect((await sam.market.setVenueStatus.mutate({ venue: 'IEX', status: 'open', reason: 'test over' })).changed).toBe(true);
  });

  it('streams an instrument: a snapshot with depth and bars, then updates with fresh prints', async () => {
    const cookie = await login('alice', 'alice-trader');
    const ws = wsClient(cookie);
    const c = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const got: Array<{ kind: string; prints: unknown[]; consolidated: { bids: unknown[] }; venues: Array<{ kind: string; bids: unknown[] }> }> = [];
    const sub = c.market.watch.subscribe({ symbol: 'AAPL' }, { onData: (d) => got.push(d) });
    await expect.poll(() => got.filter((m) => m.kind === 'update' && m.prints.length > 0).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(got[0].kind).toBe('snapshot');
    expect(got[0].consolidated.bids.length).toBeGreaterThan(0);
    for (const v of got[0].venues) if (v.kind === 'dark') expect(v.bids).toEqual([]);
    sub.unsubscribe();
    ws.close();
  });
});

describe('parents and crossing', () => {
  it('crosses opposing interest between traders, groups the rest into a parent, and shows each trader only their side', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const bob = client(await login('bob', 'bob-trader'));
    const sam = client(await login('sam', 'sam-supervisor'));
    const buy = await alice.orders.submit.mutate({ clOrdId: 'px-buy', symbol: 'KO', side: 'buy', qty: 700, urgency: 'low', source: 'api' });
    const sell = await bob.orders.submit.mutate({ clOrdId: 'px-sell', symbol: 'KO', side: 'sell', qty: 300, urgency: 'low', source: 'api' });
    expect(buy.accepted && sell.accepted).toBe(true);
    if (!buy.accepted || !sell.accepted) return;
    const crosses = await sam.parents.crosses.query({ symbol: 'KO' });
    expect(crosses[0]).toMatchObject({ qty: 300, buyOrderId: buy.orderId, sellOrderId: sell.orderId });
    const bobRow = (await bob.orders.list.query()).rows.find((r) => r.orderId === sell.orderId)!;
    expect(bobRow).toMatchObject({ status: 'filled', filledQty: 300, crossedQty: 300, leavesQty: 0, parentId: null, avgPrice: crosses[0].px });
    const aliceRow = (await alice.orders.list.query()).rows.find((r) => r.orderId === buy.orderId)!;
    expect(aliceRow).toMatchObject({ status: 'partial', filledQty: 300, leavesQty: 400 });
    const detail = await alice.parents.detail.query({ parentId: aliceRow.parentId! });
    expect(detail.reason).toBe('buy KO, low urgency, price-insensitive (market or deep limit), strategy: desk choice');
    expect(detail.orders.map((o) => o.orderId)).toContain(buy.orderId);
    await expect(bob.parents.detail.query({ parentId: aliceRow.parentId! })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    // Bob sees the cross he was part of; a third trader would not.
    expect((await bob.parents.crosses.query({ symbol: 'KO' })).map((x) => x.crossId)).toContain(crosses[0].crossId);
  });
});

describe('risk controls', () => {
  it('only a supervisor pulls a kill switch; it cancels the user’s working orders and blocks new ones with the rule named', async () => {
    const bob = client(await login('bob', 'bob-trader'));
    const sam = client(await login('sam', 'sam-supervisor'));
    await expect(bob.risk.setKillSwitch.mutate({ scope: 'desk', on: true, reason: 'x' })).rejects.toMatchObject({ data: { httpStatus: 403 }, message: 'a trader may not pull kill switches' });
    const working = await bob.orders.submit.mutate({ clOrdId: 'ks-1', symbol: 'XOM', side: 'buy', qty: 1200, limitPrice: 110, urgency: 'low', source: 'api' });
    expect(working.accepted).toBe(true);
    const pulled = await sam.risk.setKillSwitch.mutate({ scope: 'user', target: 'bob', on: true, reason: 'test' });
    expect(pulled).toMatchObject({ changed: true });
    if (pulled.changed) expect(pulled.cancelled).toBeGreaterThan(0);
    expect((await bob.orders.list.query()).rows.every((r) => r.leavesQty === 0)).toBe(true);
    expect(await bob.orders.submit.mutate({ clOrdId: 'ks-2', symbol: 'XOM', side: 'buy', qty: 1300, limitPrice: 110, urgency: 'low', source: 'api' })).toEqual({
      accepted: false,
      code: 'KILL_SWITCH',
      reason: 'the kill switch is on for bob',
    });
    expect((await bob.risk.state.query()).killedUsers).toEqual(['bob']);
    expect(await sam.risk.setKillSwitch.mutate({ scope: 'user', target: 'bob', on: false, reason: 'test over' })).toMatchObject({ changed: true });
  });
});

describe('basket upload', () => {
  it('judges every line of a CSV basket and reports what was accepted and what was rejected and why', async () => {
    const bob = client(await login('bob', 'bob-trader'));
    const viewer = client(await login('vic', 'vic-viewer'));
    const lines = ['symbol,side,qty,limit,urgency,clOrdId'];
    for (let i = 0; i < 120; i++) lines.push(`JPM,buy,${100 + i},,low,BK-${i}`); // more lines than the 50/s throttle: one message
    lines.push('JPM,buy,abc,,low,BK-bad1', 'ZZZZ,buy,100,,low,BK-bad2', 'BRK.B,sell,150,,low,BK-bad3', 'JPM,buy,100,,low,BK-0');
    const report = await bob.orders.uploadBasket.mutate({ name: 'rebalance', csv: lines.join('\n') });
    expect(report.accepted).toBe(120);
    expect(report.rejected).toBe(4);
    const byLine = new Map(report.lines.map((l) => [l.line, l]));
    expect(byLine.get(122)).toEqual({ line: 122, status: 'unreadable', reason: 'quantity "abc" is not a number' });
    expect(byLine.get(123)).toMatchObject({ status: 'rejected', code: 'UNKNOWN_INSTRUMENT', reason: 'unknown instrument "ZZZZ"' });
    expect(byLine.get(124)).toMatchObject({ status: 'rejected', code: 'NOT_LOT_MULTIPLE' });
    expect(byLine.get(125)).toMatchObject({ status: 'rejected', code: 'DUPLICATE_CLORDID' });
    const rows = (await bob.orders.list.query()).rows.filter((r) => r.clOrdId.startsWith('BK-'));
    expect(rows).toHaveLength(120);
    expect(rows.every((r) => r.source === 'basket')).toBe(true);
    await expect(viewer.orders.uploadBasket.mutate({ csv: lines.join('\n') })).rejects.toMatchObject({ data: { httpStatus: 403 } });
  });
});

describe('API tokens for programs', () => {
  it('a token acts as its user with the same role, over HTTP and the WebSocket, until revoked', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const { token } = await alice.session.createApiToken.mutate({ label: 'rebalancer' });
    expect(token).toMatch(/^dsk_/);
    const program = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { authorization: `Bearer ${token}` } })] });
    expect((await program.session.me.query())?.username).toBe('alice');
    const r = await program.orders.submit.mutate({ ...submitBody('prog-1'), source: 'api' });
    expect(r.accepted).toBe(true);
    // Over the WebSocket too, with no cookie and no Origin.
    const ws = createWSClient({
      url: server.url.replace('http', 'ws') + '/api/ws',
      WebSocket: class extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers: { authorization: `Bearer ${token}` } });
        }
      } as never,
    });
    const first = await new Promise<StreamMessage<OrderRow>>((resolve) => {
      const sub = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }).orders.stream.subscribe(undefined, {
        onData: (d) => (sub.unsubscribe(), resolve(d.data)),
      });
    });
    expect(first.rows.every((row) => row.owner === 'alice')).toBe(true);
    ws.close();
    // A viewer's token is a viewer.
    const vic = client(await login('vic', 'vic-viewer'));
    const vicToken = (await vic.session.createApiToken.mutate({ label: 'reports' })).token;
    const vicProgram = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { authorization: `Bearer ${vicToken}` } })] });
    await expect(vicProgram.orders.submit.mutate(submitBody('prog-v'))).rejects.toMatchObject({ data: { httpStatus: 403 } });
    // Revoked: 401.
    const [listed] = await alice.session.apiTokens.query();
    expect(listed.label).toBe('rebalancer');
    expect(await alice.session.revokeApiToken.mutate({ id: listed.id })).toEqual({ revoked: true });
    await expect(program.session.me.query()).rejects.toMatchObject({ data: { httpStatus: 401 } });
  });
});

describe('audit trail', () => {
  it('finds every transition of an order with time, actor and cause; exports CSV; traders may not read it', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const sam = client(await login('sam', 'sam-supervisor'));
    const vic = client(await login('vic', 'vic-viewer'));
    const r = await alice.orders.submit.mutate({ ...submitBody('audit-1'), qty: 2200 });
    if (!r.accepted) throw new Error('not accepted');
    await sam.orders.cancel.mutate({ orderId: r.orderId, reason: 'client asked' });
    // With children at venues the cancel is pending until they are back; then it lands.
    const rows = await vi.waitFor(
      async () => {
        const found = await vic.audit.search.query({ orderId: r.orderId });
        if (!found.some((x) => x.type === 'OrderCancelled')) throw new Error('cancel not landed yet');
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    const lifecycle = rows.filter((x) => x.type !== 'Allocated' && x.type !== 'OrderChangePending').map((x) => x.type);
    expect(lifecycle).toEqual(['OrderCancelled', 'OrderJoinedParent', 'OrderAccepted']);
    expect(rows[0]).toMatchObject({ actor: 'sam', summary: 'cancelled: client asked' });
    expect(rows[rows.length - 1]).toMatchObject({ actor: 'alice', orderIds: [r.orderId] });
    expect((await sam.audit.search.query({ user: 'sam', type: 'OrderCancelled' })).some((x) => x.orderIds.includes(r.orderId))).toBe(true);
    await expect(alice.audit.search.query({})).rejects.toMatchObject({ data: { httpStatus: 403 }, message: 'a trader may not read the audit trail' });
    const samCookie = await login('sam', 'sam-supervisor');
    const csv = await fetch(`${server.url}/api/audit/export.csv?orderId=${r.orderId}`, { headers: { cookie: samCookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('seq,time_utc,type,actor,order_ids,parent_id,summary');
    expect(lines).toHaveLength(rows.length + 1);
    const aliceCookie = await login('alice', 'alice-trader');
    expect((await fetch(`${server.url}/api/audit/export.csv`, { headers: { cookie: aliceCookie } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/audit/export.csv`)).status).toBe(401);
  });
});

describe('pre-trade preview', () => {
  it('previews a schedule with expected cost and risk; IS carries its frontier; urgency moves it', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const low = await alice.strategies.preview.query({ symbol: 'AAPL', qty: 200_000, strategy: 'is', startMinute: 0, minutes: 390, periods: 13, urgency: 'low' });
    const critical = await alice.strategies.preview.query({ symbol: 'AAPL', qty: 200_000, strategy: 'is', startMinute: 0, minutes: 390, periods: 13, urgency: 'critical' });
    expect(low.schedule.holdings[0]).toBe(200_000);
    expect(low.schedule.trades.reduce((a, b) => a + b, 0)).toBe(200_000);
    expect(critical.schedule.trades[0]).toBeGreaterThan(low.schedule.trades[0]); // more urgency, front-loaded
    expect(critical.stdDev).toBeLessThan(low.stdDev);
    expect(critical.expectedCost).toBeGreaterThan(low.expectedCost);
    expect(low.frontier!.filter((f) => f.current)).toHaveLength(1);
    const twap = await alice.strategies.preview.query({ symbol: 'AAPL', qty: 200_000, strategy: 'twap', startMinute: 0, minutes: 390, periods: 13 });
    expect(new Set(twap.schedule.trades.map((t) => Math.round(t / 10))).size).toBeLessThanOrEqual(2);
    await expect(alice.strategies.preview.query({ symbol: 'BRK.B', qty: 150, strategy: 'vwap' })).rejects.toMatchObject({ data: { httpStatus: 400 }, message: 'quantity 150 is not a multiple of the BRK.B lot of 100' });
    await expect(alice.strategies.preview.query({ symbol: 'AAPL', qty: 100, strategy: 'is', point: { impact: 0.5, risk: 0.5, completion: 0.5 } })).rejects.toMatchObject({ message: 'the three weights must sum to 1, not 1.5' });
  });
});

describe('steering parents', () => {
  it('traders steer their own parents; only supervisors override, pause, resume and cancel; the override reaches the trader’s row', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const bob = client(await login('bob', 'bob-trader'));
    const sam = client(await login('sam', 'sam-supervisor'));
    const vic = client(await login('vic', 'vic-viewer'));
    const r = await alice.orders.submit.mutate({ clOrdId: 'steer-1', symbol: 'JPM', side: 'buy', qty: 3_000, urgency: 'high', source: 'ticket' });
    if (!r.accepted) throw new Error('not accepted');
    const parentId = r.order.parentId ?? (await waitParent(alice, r.orderId));
    const detail = await alice.parents.detail.query({ parentId });
    expect(detail.plan).toMatchObject({ strategy: 'is' });
    expect(detail.schedule[0].planned).toBe(0);
    expect(detail.schedule[detail.schedule.length - 1].planned).toBe(3_000);
    // The trader steers their own parent…
    expect(await alice.parents.setTrilemma.mutate({ parentId, urgency: 'low' })).toEqual({ changed: true });
    expect(await alice.parents.setStrategy.mutate({ parentId, strategy: 'twap' })).toEqual({ changed: true });
    expect(await alice.parents.setStrategy.mutate({ parentId, minSlice: 500, maxSlice: 100 })).toEqual({ changed: false, reason: 'minimum slice 500 is above the maximum 100' });
    // …but not someone else's, and never overrides, pauses or cancels.
    await expect(bob.parents.setTrilemma.mutate({ parentId, urgency: 'critical' })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    await expect(bob.parents.detail.query({ parentId })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    await expect(vic.parents.setStrategy.mutate({ parentId, strategy: 'vwap' })).rejects.toMatchObject({ data: { httpStatus: 403 }, message: 'a viewer may not change a strategy' });
    for (const call of [
      () => alice.parents.override.mutate({ scope: 'parent', target: parentId, urgency: 'low', reason: 'mine' }),
      () => alice.parents.releaseOverride.mutate({ scope: 'parent', target: parentId, reason: 'mine' }),
      () => alice.parents.pause.mutate({ parentId, reason: 'mine' }),
      () => alice.parents.resume.mutate({ parentId, reason: 'mine' }),
      () => alice.parents.cancel.mutate({ parentId, reason: 'mine' }),
    ])
      await expect(call()).rejects.toMatchObject({ data: { httpStatus: 403 } });
    // The supervisor overrides with a reason; the trader's row says so, and the trader cannot undo it.
    await expect(sam.parents.override.mutate({ scope: 'parent', target: parentId, urgency: 'critical', reason: '' })).rejects.toMatchObject({ data: { httpStatus: 400 } });
    expect(await sam.parents.override.mutate({ scope: 'parent', target: parentId, urgency: 'critical', reason: 'client deadline' })).toEqual({ changed: true });
    expect((await alice.parents.detail.query({ parentId })).row.override).toEqual({ scope: 'parent', target: parentId, by: 'sam', reason: 'client deadline' });
    expect(await alice.parents.setTrilemma.mutate({ parentId, urgency: 'low' })).toEqual({ changed: true });
    expect((await alice.parents.detail.query({ parentId })).row.point).toEqual({ impact: 0.05, risk: 0.35, completion: 0.6 });
    expect(await sam.parents.pause.mutate({ parentId, reason: 'news' })).toEqual({ changed: true });
    expect((await alice.parents.detail.query({ parentId })).row.paused).toEqual({ by: 'sam', reason: 'news' });
    expect(await sam.parents.resume.mutate({ parentId, reason: 'news out' })).toEqual({ changed: true });
    expect(await sam.parents.releaseOverride.mutate({ scope: 'parent', target: parentId, reason: 'deadline moved' })).toEqual({ changed: true });
    expect(await sam.parents.cancel.mutate({ parentId, reason: 'client cancelled' })).toEqual({ changed: true });
    await vi.waitFor(async () => expect((await alice.parents.detail.query({ parentId })).row.status).toBe('completed'), { timeout: 10_000, interval: 100 });
  });
});

async function waitParent(c: ReturnType<typeof client>, orderId: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const row = (await c.orders.list.query()).rows.find((o) => o.orderId === orderId);
      if (!row?.parentId) throw new Error('no parent yet');
      return row.parentId as string;
    },
    { timeout: 5_000, interval: 50 },
  );
}

describe('smart order routing', () => {
  it('answers the routing procedures with 401 when signed out', async () => {
    for (const path of ['routing.scorecard', `routing.venueMap?input=${encodeURIComponent(JSON.stringify({ parentId: 'P0000001' }))}`]) {
      const res = await fetch(`${server.url}/api/trpc/${path}`);
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(await res.json()), path).toContain('not signed in');
    }
  });

  it('every role reads the venue scorecard, fees in dollars per share', async () => {
    for (const [user, password] of [
      ['alice', 'alice-trader'],
      ['sam', 'sam-supervisor'],
      ['vic', 'vic-viewer'],
    ]) {
      const card = await client(await login(user, password)).routing.scorecard.query();
      expect(card.venues.map((v) => v.venue), user).toEqual(['NYSE', 'NASDAQ', 'BATS', 'IEX', 'MIDX', 'BLOCK']);
      expect(card.kinds).toEqual(['limit', 'ioc', 'mid']);
      expect(card.buckets).toHaveLength(4);
      const nyse = card.venues.find((v) => v.venue === 'NYSE')!;
      expect(nyse).toMatchObject({ kind: 'lit', makeFee: -0.002, takeFee: 0.003 });
      expect(nyse.markoutBps).toHaveProperty('s10');
    }
  });

  it('a viewer may not choose the routing logic; a trader sets it on their own parent and hands it back to the trilemma', async () => {
    const alice = client(await login('alice', 'alice-trader'));
    const bob = client(await login('bob', 'bob-trader'));
    const vic = client(await login('vic', 'vic-viewer'));
    const r = await alice.orders.submit.mutate({ clOrdId: 'route-1', symbol: 'GOOGL', side: 'buy', qty: 2_000, urgency: 'low', source: 'api' });
    if (!r.accepted) throw new Error('not accepted');
    const parentId = r.order.parentId ?? (await waitParent(alice, r.orderId));
    // Low urgency puts impact at 60 %: the trilemma chooses liquidity-seeking.
    expect((await alice.parents.detail.query({ parentId })).row.routing).toEqual({ logic: 'seeking', chosenBy: 'trilemma' });
    await expect(vic.parents.setStrategy.mutate({ parentId, routing: 'parallel' })).rejects.toMatchObject({ data: { httpStatus: 403 }, message: 'a viewer may not change a strategy' });
    await expect(bob.parents.setStrategy.mutate({ parentId, routing: 'parallel' })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    await expect(alice.parents.setStrategy.mutate({ parentId, routing: 'smart' as never })).rejects.toMatchObject({ data: { httpStatus: 400 } });
    expect(await alice.parents.setStrategy.mutate({ parentId, routing: 'sequential' })).toEqual({ changed: true });
    expect((await alice.parents.detail.query({ parentId })).row.routing).toEqual({ logic: 'sequential', chosenBy: 'plan' });
    expect((await alice.routing.venueMap.query({ parentId })).routing).toEqual({ logic: 'sequential', chosenBy: 'plan' });
    expect(await alice.parents.setStrategy.mutate({ parentId, routing: null })).toEqual({ changed: true });
    expect((await alice.parents.detail.query({ parentId })).row.routing).toEqual({ logic: 'seeking', chosenBy: 'trilemma' });
    // The venue map is the parent's: another trader may not read it.
    await expect(bob.routing.venueMap.query({ parentId })).rejects.toMatchObject({ data: { httpStatus: 403 } });
    const map = await vic.routing.venueMap.query({ parentId });
    expect(map.venues.map((v) => `${v.venue}:${v.kind}`)).toEqual(['NYSE:lit', 'NASDAQ:lit', 'BATS:lit', 'IEX:lit', 'MIDX:dark', 'BLOCK:dark']);
  });

  it('streams children: a trader gets only those of parents holding their orders, a supervisor all, with venues, statuses and round trips', async () => {
    const aliceCookie = await login('alice', 'alice-trader');
    const bobCookie = await login('bob', 'bob-trader');
    const samCookie = await login('sam', 'sam-supervisor');
    const alice = client(aliceCookie);
    const bob = client(bobCookie);
    const streams = [aliceCookie, bobCookie, samCookie].map((cookie) => {
      const ws = wsClient(cookie);
      const rows = new Map<string, ChildRow>();
      const kinds: string[] = [];
      const sub = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }).routing.children.subscribe(undefined, {
        onData: (d) => {
          kinds.push(d.data.kind);
          for (const row of d.data.rows) rows.set(row.childId, row);
        },
      });
      return { ws, rows, kinds, sub };
    });
    const [a, b, s] = streams;
    await expect.poll(() => streams.every((x) => x.kinds.length > 0), { timeout: 5000 }).toBe(true);
    expect(a.kinds[0]).toBe('snapshot');
    const ra = await alice.orders.submit.mutate({ clOrdId: 'kids-a', symbol: 'NVDA', side: 'buy', qty: 4_000, urgency: 'critical', source: 'api' });
    const rb = await bob.orders.submit.mutate({ clOrdId: 'kids-b', symbol: 'AMZN', side: 'sell', qty: 4_000, urgency: 'critical', source: 'api' });
    if (!ra.accepted || !rb.accepted) throw new Error('not accepted');
    const pa = ra.order.parentId ?? (await waitParent(alice, ra.orderId));
    const pb = rb.order.parentId ?? (await waitParent(bob, rb.orderId));
    const of = (rows: Map<string, ChildRow>, parentId: string) => [...rows.values()].filter((r) => r.parentId === parentId);
    await expect.poll(() => of(a.rows, pa).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => of(b.rows, pb).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => of(s.rows, pa).length > 0 && of(s.rows, pb).length > 0, { timeout: 15_000 }).toBe(true);
    // Each trader sees only their own parent's children.
    expect([...a.rows.values()].every((r) => r.parentId !== pb)).toBe(true);
    expect([...b.rows.values()].every((r) => r.parentId !== pa)).toBe(true);
    const child = of(a.rows, pa)[0];
    expect(child).toMatchObject({ symbol: 'NVDA', side: 'buy' });
    expect(['NYSE', 'NASDAQ', 'BATS', 'IEX', 'MIDX', 'BLOCK']).toContain(child.venue);
    expect(['sequential', 'parallel', 'seeking']).toContain(child.logic);
    // Acknowledged children carry their venue round trip, in microseconds.
    await expect.poll(() => of(a.rows, pa).some((r) => r.latencyUs !== null && r.latencyUs > 0), { timeout: 15_000 }).toBe(true);
    // A fresh subscriber's snapshot has them too.
    const fresh = await new Promise<StreamMessage<ChildRow>>((resolve) => {
      const ws = wsClient(bobCookie);
      const sub = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }).routing.children.subscribe(undefined, {
        onData: (d) => (sub.unsubscribe(), ws.close(), resolve(d.data)),
      });
    });
    expect(fresh.kind).toBe('snapshot');
    expect(fresh.rows.some((r) => r.parentId === pb)).toBe(true);
    expect(fresh.rows.every((r) => r.parentId !== pa)).toBe(true);
    for (const x of streams) {
      x.sub.unsubscribe();
      x.ws.close();
    }
    const sam = client(samCookie);
    for (const parentId of [pa, pb]) await sam.parents.cancel.mutate({ parentId, reason: 'routing test over' });
  });
});
