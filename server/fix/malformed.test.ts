import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawFixClient, encode, fixTime, type Fields, type Message } from './rawClient';
import { connectClient } from './testClient';
import { startTestDesk, type TestDesk } from './testDesk';

/**
 * What FIX prescribes for bad input, over a raw socket: garbled messages (bad
 * CheckSum, wrong BodyLength, stray bytes) are ignored without taking a sequence
 * number; a message missing a required tag gets a session Reject; the session, the
 * other sessions and the engine carry on.
 */
let desk: TestDesk;
const raws: RawFixClient[] = [];
async function raw(sender = 'OMS', password = 'oms-demo', heartBtInt = 30): Promise<RawFixClient> {
  const c = await RawFixClient.connect(desk.port, sender);
  raws.push(c);
  const answer = await c.logon(password, heartBtInt);
  expect(answer.get(35)).toBe('A');
  return c;
}

const order = (clOrdId: string, qty = 100): Fields => [
  [11, clOrdId],
  [55, 'AAPL'],
  [54, 1],
  [60, fixTime()],
  [38, qty],
  [40, 2],
  [44, 150],
];
const ack = (clOrdId: string) => (m: Message) => m.get(35) === '8' && m.get(11) === clOrdId;
const ordersCalled = (clOrdId: string) => [...desk.engine.orders.all()].filter((o) => o.clOrdId === clOrdId).length;
const lastGarbled = () => desk.db.prepare("SELECT text FROM fix_messages WHERE direction = 'garbled' ORDER BY id DESC LIMIT 1").pluck().get() as string;

beforeAll(async () => {
  desk = await startTestDesk();
});
afterEach(async () => {
  for (const c of raws.splice(0)) await c.logout();
  await desk.allLoggedOff();
});
afterAll(async () => desk.close());

describe('garbled input is ignored and takes no sequence number', () => {
  it('drops a message with a bad CheckSum; the same number then goes through', async () => {
    const c = await raw();
    c.send('D', order('bad-sum'), { seq: 2, checksum: true });
    expect(await c.silent(() => true, 400)).toBe(true);
    expect(ordersCalled('bad-sum')).toBe(0);
    expect(lastGarbled()).toMatch(/^CheckSum \(10\) \d{3} is wrong/);
    c.send('D', order('bad-sum'), { seq: 2 });
    expect((await c.next(ack('bad-sum'))).get(150)).toBe('0');
  });

  it('drops a message whose BodyLength does not end at its CheckSum', async () => {
    const c = await raw();
    c.send('D', order('bad-len', 101), { seq: 2, bodyLengthBy: 5 });
    c.send('D', order('bad-len-2', 102), { seq: 3, bodyLengthBy: -3 });
    expect(await c.silent(() => true, 400)).toBe(true);
    expect(ordersCalled('bad-len') + ordersCalled('bad-len-2')).toBe(0);
    expect(lastGarbled()).toMatch(/BodyLength \(9\) \d+ does not end where CheckSum \(10\) starts/);
    c.send('D', order('bad-len', 101), { seq: 2 });
    expect((await c.next(ack('bad-len'))).get(150)).toBe('0');
  });

  it('skips garbage bytes between messages and carries on', async () => {
    const c = await raw();
    c.write(Buffer.from('hello\x01\x02\x03 not FIX at all 9=12\x0135=D\x01', 'latin1'));
    c.write(Buffer.from([0xff, 0x00, 0x10, 0x38, 0x3d]));
    c.send('D', order('after-garbage', 103), { seq: 2 });
    expect((await c.next(ack('after-garbage'))).get(150)).toBe('0');
    const garbled = desk.db.prepare("SELECT text FROM fix_messages WHERE direction = 'garbled' AND counterparty = 'OMS' ORDER BY id DESC LIMIT 3").pluck().all() as string[];
    expect(garbled.some((t) => t.startsWith('bytes outside any message'))).toBe(true);
  });

  it('drops a message of another FIX version', async () => {
    const c = await raw();
    const fix42 = Buffer.from(encode('D', [...c.header(2), ...order('fix42', 104)]).toString('latin1').replace('8=FIX.4.4', '8=FIX.4.2'), 'latin1');
    // The checksum must still be right for the version check to be what fails.
    const body = fix42.subarray(0, fix42.length - 7);
    let sum = 0;
    for (const b of body) sum += b;
    c.write(Buffer.concat([body, Buffer.from(`10=${String(sum % 256).padStart(3, '0')}\x01`, 'latin1')]));
    expect(await c.silent(() => true, 300)).toBe(true);
    expect(lastGarbled()).toContain('BeginString FIX.4.2: this acceptor speaks FIX.4.4');
  });
});

describe('rejected as FIX prescribes', () => {
  it('answers a NewOrderSingle missing a required tag with a session Reject, and the session goes on', async () => {
    const c = await raw();
    c.send('D', [
      [11, 'no-symbol'],
      [54, 1],
      [60, fixTime()],
      [38, 100],
      [40, 1],
    ]);
    const reject = await c.next((m) => m.get(35) === '3');
    expect(reject.get(45)).toBe('2');
    expect(reject.get(373)).toBe('1');
    expect(reject.get(58)).toBe('Required tag missing: 55 (Symbol)');
    expect(reject.get(371)).toBe('55');
    expect(ordersCalled('no-symbol')).toBe(0);
    c.send('D', order('after-reject', 105));
    expect((await c.next(ack('after-reject'))).get(150)).toBe('0');
  });

  it('answers a TestRequest with a Heartbeat carrying its TestReqID', async () => {
    const c = await raw();
    c.send('1', [[112, 'are-you-there']]);
    const hb = await c.next((m) => m.get(35) === '0');
    expect(hb.get(112)).toBe('are-you-there');
  });

  it('sends heartbeats at the initiator’s interval', async () => {
    const c = await raw('OMS', 'oms-demo', 1);
    const hb = await c.next((m) => m.get(35) === '0', 4_000);
    expect(hb.get(49)).toBe('DESK');
  });

  it('asks for a resend when numbers jump, and takes a gap fill', async () => {
    const c = await raw();
    c.send('D', order('after-gap', 106), { seq: 5 });
    const resend = await c.next((m) => m.get(35) === '2');
    expect(resend.get(7)).toBe('2');
    // The message that revealed the gap is still processed.
    expect((await c.next(ack('after-gap'))).get(150)).toBe('0');
    c.send('4', [
      [43, 'Y'],
      [122, fixTime()],
      [123, 'Y'],
      [36, 6],
    ], { seq: 2 });
    c.send('D', order('after-fill', 107), { seq: 6 });
    expect((await c.next(ack('after-fill'))).get(150)).toBe('0');
  });

  it('disconnects a connection whose first message is not a Logon', async () => {
    const socket = net.connect(desk.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => {});
    socket.write(encode('D', [[49, 'OMS'], [56, 'DESK'], [34, 1], [52, fixTime()], ...order('no-logon')]));
    await new Promise((r) => socket.once('close', r));
    expect(desk.db.prepare("SELECT text FROM fix_messages WHERE direction = 'refused' ORDER BY id DESC LIMIT 1").pluck().get()).toContain('the first message must be a Logon');
  });
});

describe('nobody else is disturbed', () => {
  it('keeps other sessions and the engine working while one connection sends garbage', async () => {
    const noise = net.connect(desk.port, '127.0.0.1');
    noise.on('error', () => {});
    await new Promise((r) => noise.once('connect', r));
    const oms = await connectClient({ port: desk.port });
    const junk = Buffer.alloc(256 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251;
    noise.write(junk);
    noise.write(Buffer.from('8=FIX.4.4\x019=99999999\x0135=A\x01', 'latin1'));
    oms.session.sendApp('D', { ClOrdID: 'calm', Instrument: { Symbol: 'AAPL' }, Side: '2', TransactTime: new Date(), OrderQtyData: { OrderQty: 108 }, OrdType: '1' });
    const a = await oms.session.next((r) => r.msgType === '8' && r.body.ClOrdID === 'calm');
    expect(a.body.ExecType).toBe('0');
    expect(desk.engine.halted).toBeUndefined();
    oms.session.logout();
    await oms.done;
    noise.destroy();
  });
});
