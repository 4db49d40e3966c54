import http from 'node:http';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { WebSocketServer } from 'ws';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { loadConfig } from './config';
import { openDatabase } from './store/db';
import { SqliteJournal } from './store/journal';
import { AuditLog } from './store/audit';
import { GridLayouts } from './store/layouts';
import { handleAuditExport } from './http/auditExport';
import { handleTcaExport } from './http/tcaExport';
import { UserStore } from './auth/users';
import { originAllowed, readCookie, SESSION_COOKIE } from './auth/cookies';
import { createDesk, sessionStart } from './desk';
import { appRouter } from './trpc/router';
import { createContext } from './trpc/init';
import { handleAuth } from './http/auth';
import { sendJson } from './http/respond';
import { SessionSockets } from './streams/sessionSockets';
import { sharedJsonEncoder } from './streams/sharedJson';
import { FixGateway } from './fix/gateway';

export const WS_PATH = '/api/ws';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Paths a signed-out browser may load: the login page and the assets it needs. */
const PUBLIC_PAGE = /^\/(login(\/|$)|_next\/|favicon\.ico$|__nextjs|.*\.(svg|png|ico|css|js|map|woff2?)$)/;

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.dataDir, config.journalSync, true);
  const users = new UserStore(db, config.sessionTtlHours * 3600_000);
  const seeded = users.seedDemoUsers();
  // Each FIX counterparty that sends orders owns them as a desk user (a trader who cannot log in).
  for (const cp of config.fix.counterparties) if (cp.role === 'orders') users.ensureServiceUser({ username: cp.owner, role: 'trader', desk: cp.desk, display: `${cp.compId} (FIX)` });
  users.purgeExpired(Date.now());
  const journal = new SqliteJournal(db);
  const desk = createDesk({ journal, users, config, startTime: sessionStart(), audit: new AuditLog(db), layouts: new GridLayouts(db) });
  // A failed group commit (a basket's one journal write) leaves the engine ahead of its journal:
  // stop at once, before anyone reads that state, and let the restart recover exactly the journal.
  desk.engine.onHalt((err) => {
    console.error(err.message);
    process.exit(70);
  });
  let ready = false;

  // Next attaches its own 'upgrade' listener to whatever server it is given. We
  // hand it a stand-in and forward only the upgrades that are not ours (hot
  // reload in dev), so Next can never answer — or end — our WebSocket.
  const nextUpgrades = new EventEmitter();
  const app = next({ dev: config.dev, dir: root, hostname: 'localhost', port: config.port, httpServer: nextUpgrades as unknown as http.Server });
  await app.prepare();
  const handlePage = app.getRequestHandler();
  const handleTrpc = createHTTPHandler({ router: appRouter, createContext, basePath: '/api/trpc/' });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (p === '/healthz') return sendJson(res, ready ? 200 : 503, { ok: ready, seq: desk.engine.lastSeq });
    if (p.startsWith('/api/auth/')) {
      handleAuth(desk, req, res, p, (token) => sockets.closeSession(token)).catch((err) => sendJson(res, 500, { error: String(err?.message ?? err) }));
      return;
    }
    if (p === '/api/audit/export.csv') return handleAuditExport(desk, req, res, url);
    if (p === '/api/tca/export.csv') return handleTcaExport(desk, req, res, url);
    if (p.startsWith('/api/trpc/')) {
      // Browsers send Origin on cross-site POSTs; only our own pages may change state.
      if (req.method === 'POST' && req.headers.origin && !originAllowed(req, config.allowedOrigins))
        return sendJson(res, 403, { error: { message: `origin ${req.headers.origin} may not call the desk API` } });
      return handleTrpc(req, res);
    }
    const signedIn = !!desk.users.userForSession(readCookie(req, SESSION_COOKIE), Date.now());
    if (!signedIn && !PUBLIC_PAGE.test(p)) {
      res.writeHead(302, { Location: `/login?next=${encodeURIComponent(p + url.search)}` });
      return res.end();
    }
    if (signedIn && (p === '/login' || p === '/')) {
      res.writeHead(302, { Location: '/orders' });
      return res.end();
    }
    handlePage(req, res).catch((err) => {
      console.error('page error', err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const sockets = new SessionSockets();
  // Live deltas shared by many sockets are JSON-encoded once (server/streams/sharedJson.ts).
  const trpcWs = applyWSSHandler({ wss, router: appRouter, createContext, keepAlive: { enabled: true, pingMs: 10_000, pongWaitMs: 5_000 }, experimental_encoder: sharedJsonEncoder });
  server.on('upgrade', (req, socket, head) => {
    const p = new URL(req.url ?? '/', 'http://localhost').pathname;
    const refuse = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}`);
    };
    if (p !== WS_PATH) {
      // Next wires its listener on its first page request; before that nobody would answer.
      if (nextUpgrades.listenerCount('upgrade') === 0) return refuse(503, 'no page served yet');
      nextUpgrades.emit('upgrade', req, socket, head);
      return;
    }
    // Programs may present an API token (browsers cannot set this header, so no Origin to check);
    // browsers present the session cookie and must come from our own origin.
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      if (!desk.users.userForApiToken(bearer)) return refuse(401, 'unknown API token');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
    if (!originAllowed(req, config.allowedOrigins)) return refuse(403, `origin ${req.headers.origin ?? '(none)'} may not open the desk stream`);
    const token = readCookie(req, SESSION_COOKIE);
    if (!desk.users.userForSession(token, Date.now())) return refuse(401, 'not signed in');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(token!, ws);
      wss.emit('connection', ws, req);
    });
  });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  // The FIX acceptor starts once the desk is replayed and serving: orders it takes are the desk's at once.
  const fix = config.fix.enabled ? new FixGateway({ engine: desk.engine, db, settings: config.fix, logLevel: process.env.FIX_LOG }) : undefined;
  await fix?.start();
  ready = true;
  console.log(
    `desk ready on http://localhost:${config.port} (${config.dev ? 'dev' : 'production'}); journal ${config.dataDir}, ` +
      `${desk.engine.lastSeq} events replayed, ${desk.engine.orders.size} orders${seeded ? `, ${seeded} demo users seeded` : ''}` +
      (fix ? `; FIX 4.4 acceptor on ${config.fix.host}:${fix.port} as ${config.fix.compId}` : '; FIX acceptor off'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    console.log(`${signal}: stopping`);
    server.close();
    // Logout to every FIX session while the database is still open (the Logouts are logged).
    void fix?.stop();
    desk.driver.stop();
    trpcWs.broadcastReconnectNotification();
    for (const client of wss.clients) client.close(1001, 'server shutting down');
    server.closeAllConnections();
    try {
      journal.checkpoint();
      db.close();
    } catch (err) {
      console.error('journal close failed', err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
