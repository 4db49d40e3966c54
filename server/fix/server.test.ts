import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type DeskServer } from '../../e2e/support/server';
import { openDatabase } from '../store/db';
import { connectClient } from './testClient';

/**
 * The acceptor as `npm start` runs it: inside the desk's server process (needs
 * `next build`), listening once the desk is ready, closed in order on SIGTERM.
 */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

let server: DeskServer | undefined;
afterAll(async () => {
  await server?.stop();
});

describe('the desk process', () => {
  it('takes FIX orders on its FIX port, as the OMS user, and keeps the session numbers on stop', async () => {
    const fixPort = await freePort();
    server = await startServer({ env: { ENGINE_START: '2026-11-20T14:30:00Z', FIX_PORT: String(fixPort) } });
    expect(server.output()).toContain(`FIX 4.4 acceptor on 127.0.0.1:${fixPort} as DESK`);
    const c = await connectClient({ port: fixPort });
    c.session.sendApp('D', { ClOrdID: 'proc-1', Instrument: { Symbol: 'AAPL' }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 100 }, OrdType: '2', Price: 150 });
    const ack = await c.session.next((r) => r.msgType === '8' && r.body.ClOrdID === 'proc-1');
    expect(ack.body.ExecType).toBe('0');
    expect(await server.stop('SIGTERM')).toBe(0);
    await c.done;

    const db = openDatabase(server.dataDir);
    try {
      expect(db.prepare("SELECT role, desk FROM users WHERE username = 'oms'").get()).toEqual({ role: 'trader', desk: 'OMS' });
      // An orderly stop leaves the exact numbers: Logon, ack and our Logout sent; Logon and order received.
      expect(db.prepare("SELECT sender_seq, sender_reserved, target_seq FROM fix_sessions WHERE session_id = 'FIX.4.4-DESK-OMS'").get()).toEqual({ sender_seq: 4, sender_reserved: 4, target_seq: 3 });
      expect(db.prepare("SELECT COUNT(*) FROM fix_messages WHERE counterparty = 'OMS'").pluck().get()).toBeGreaterThanOrEqual(5);
    } finally {
      db.close();
    }
    expect(path.isAbsolute(server.dataDir)).toBe(true);
    server = undefined;
  });
});
