import { afterAll, describe, expect, it } from 'vitest';
import { RawFixClient, fixTime, type Fields } from './rawClient';
import { startTestDesk, type TestDesk } from './testDesk';

/**
 * Sequence numbers and FIX orders survive a restart of the desk (same SQLite
 * database); a ResendRequest is answered from the stored traffic, application
 * messages resent as PossDup and session messages gap-filled.
 */
const desks: TestDesk[] = [];
afterAll(async () => {
  for (const d of desks) await d.close().catch(() => {});
});

const order = (clOrdId: string, qty: number): Fields => [
  [11, clOrdId],
  [55, 'JPM'],
  [54, 1],
  [60, fixTime()],
  [38, qty],
  [40, 2],
  [44, 200],
];

describe('across a restart', () => {
  it('resumes the session numbers, resends what it sent, and still knows the orders', async () => {
    const first = await startTestDesk();
    desks.push(first);
    let c = await RawFixClient.connect(first.port);
    expect((await c.logon('oms-demo')).get(34)).toBe('1');
    c.send('D', order('r-1', 111));
    const ack1 = await c.next((m) => m.get(35) === '8' && m.get(11) === 'r-1');
    c.send('D', order('r-2', 112));
    const ack2 = await c.next((m) => m.get(35) === '8' && m.get(11) === 'r-2');
    expect([ack1.get(34), ack2.get(34)]).toEqual(['2', '3']);
    await c.logout();
    await first.close();
    desks.pop();

    expect(first.db.open).toBe(false);
    const second = await startTestDesk({ dir: first.dir });
    desks.push(second);
    expect(second.db.prepare("SELECT sender_seq, target_seq FROM fix_sessions WHERE session_id = 'FIX.4.4-DESK-OMS'").get()).toEqual({ sender_seq: 5, target_seq: 5 });

    c = await RawFixClient.connect(second.port);
    c.send('A', [
      [98, 0],
      [108, 30],
      [141, 'N'],
      [554, 'oms-demo'],
    ], { seq: 5 });
    const logon = await c.next((m) => m.get(35) === 'A');
    // Our numbers go on from before the restart, and we expect theirs to: no resend asked for.
    expect(logon.get(34)).toBe('5');
    expect(await c.silent((m) => m.get(35) === '2', 300)).toBe(true);

    // The two acknowledgements again, as they were, marked as possible duplicates.
    c.send('2', [
      [7, 2],
      [16, 3],
    ]);
    const again = [await c.next((m) => m.get(35) === '8' && m.get(34) === '2'), await c.next((m) => m.get(35) === '8' && m.get(34) === '3')];
    for (const [i, m] of again.entries()) {
      const original = [ack1, ack2][i];
      expect(m.get(43)).toBe('Y');
      expect(m.get(122)).toBeDefined();
      for (const tag of [11, 17, 37, 150, 39, 151, 14]) expect(m.get(tag)).toBe(original.get(tag));
    }

    // Session messages are not replayed: the Logon (1) and Logout (4), Logon (5) are gap-filled.
    c.send('2', [
      [7, 1],
      [16, 0],
    ]);
    const fills = [await c.next((m) => m.get(35) === '4'), await c.next((m) => m.get(35) === '4')];
    expect(fills.map((m) => [m.get(34), m.get(36), m.get(123), m.get(43)])).toEqual([
      ['1', '2', 'Y', 'Y'],
      ['4', '6', 'Y', 'Y'],
    ]);

    // An order from before the restart is known by its ClOrdID.
    c.send('F', [
      [41, 'r-1'],
      [11, 'r-1-cxl'],
      [55, 'JPM'],
      [54, 1],
      [60, fixTime()],
      [38, 111],
    ]);
    const cancelled = await c.next((m) => m.get(35) === '8' && m.get(150) === '4', 5_000).catch(async () => {
      second.advance(5_000);
      return c.next((m) => m.get(35) === '8' && m.get(150) === '4');
    });
    expect([cancelled.get(11), cancelled.get(41), cancelled.get(37)]).toEqual(['r-1-cxl', 'r-1', ack1.get(37)]);
    await c.logout();
  });
});

describe('when the journal cannot write', () => {
  it('acknowledges nothing it could not make durable: the orders of the failed write are refused, and a recovered desk has none of them', async () => {
    const first = await startTestDesk();
    desks.push(first);
    const c = await RawFixClient.connect(first.port);
    expect((await c.logon('oms-demo')).get(35)).toBe('A');
    c.send('D', order('w-1', 121));
    expect((await c.next((m) => m.get(35) === '8' && m.get(11) === 'w-1')).get(150)).toBe('0');

    // A real SQLite failure inside the journal's transaction (as a full disk would fail it).
    first.db.exec("CREATE TRIGGER journal_fails BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END");
    // Three orders in one write: journaled together, or not at all.
    c.burst(['w-2', 'w-3', 'w-4'].map((id, i) => c.message('D', order(id, 122 + i))));
    // Each refused by number (Logon 1, w-1 2, then 3, 4, 5): BusinessMessageReject, application not available.
    for (const seq of ['3', '4', '5']) {
      const reject = await c.next((m) => m.get(35) === 'j' && m.get(45) === seq);
      expect([reject.get(372), reject.get(380)]).toEqual(['D', '4']);
      expect(reject.get(58)).toContain('disk I/O error (test)');
    }
    expect(await c.silent((m) => m.get(35) === '8' && ['w-2', 'w-3', 'w-4'].includes(m.get(11)!), 300)).toBe(true);
    // The engine is ahead of its journal: it halts (the desk process exits and recovers).
    expect(first.engine.halted?.message).toContain('ahead of its journal');
    first.db.exec('DROP TRIGGER journal_fails');
    await c.logout();
    await first.close();
    desks.pop();

    const second = await startTestDesk({ dir: first.dir });
    desks.push(second);
    expect([...second.engine.orders.all()].map((o) => o.clOrdId)).toEqual(['w-1']);
    // The refused orders can be sent again and are taken.
    const again = await RawFixClient.connect(second.port);
    again.send('A', [
      [98, 0],
      [108, 30],
      [141, 'Y'],
      [554, 'oms-demo'],
    ]);
    await again.next((m) => m.get(35) === 'A');
    again.send('D', order('w-2', 122));
    expect((await again.next((m) => m.get(35) === '8' && m.get(11) === 'w-2')).get(150)).toBe('0');
    await again.logout();
  });
});

describe('a resend', () => {
  it('gives back every value as it was sent: one the log points into, and one with a | it keeps a copy of', async () => {
    const desk = await startTestDesk();
    desks.push(desk);
    const c = await RawFixClient.connect(desk.port);
    await c.logon('oms-demo');
    // '|' is an ordinary character in a FIX value, but the logged text's delimiter.
    c.send('D', order('plain-1', 131));
    const plain = await c.next((m) => m.get(35) === '8' && m.get(11) === 'plain-1');
    c.send('D', order('pipe|1', 132));
    const piped = await c.next((m) => m.get(35) === '8' && m.get(11) === 'pipe|1');
    c.send('2', [
      [7, Number(plain.get(34))],
      [16, Number(piped.get(34))],
    ]);
    for (const original of [plain, piped]) {
      const again = await c.next((m) => m.get(35) === '8' && m.get(43) === 'Y' && m.get(34) === original.get(34));
      for (const tag of [11, 17, 37, 150, 39, 151, 14, 55]) expect(again.get(tag)).toBe(original.get(tag));
    }
    await c.logout();
  });
});
