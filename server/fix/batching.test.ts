import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawFixClient, fixTime, type Fields, type Message } from './rawClient';
import { startTestDesk, type TestDesk } from './testDesk';

/**
 * Orders that arrive together (one socket read) are journaled together
 * (intake.ts) — and answered exactly as if they had arrived one at a time: the
 * same answers in the same order, whatever is mixed in with them.
 */
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => desk.close());

const order = (clOrdId: string, qty: number, over: Fields = []): Fields => {
  const f: Fields = [
    [11, clOrdId],
    [55, 'MSFT'],
    [54, 1],
    [60, fixTime()],
    [38, qty],
    [40, 2],
    [44, 300],
  ];
  for (const [tag, value] of over) {
    const i = f.findIndex(([t]) => t === tag);
    if (value === '') f.splice(i, 1);
    else if (i >= 0) f[i] = [tag, value];
    else f.push([tag, value]);
  }
  return f;
};

/**
 * One scenario's messages (ClOrdIDs under `p`): plain orders, a duplicate ClOrdID, a
 * cancel of an order of the same read, a PossDup resend of one, an order the desk
 * cannot map, one missing a required tag, and more plain orders after them.
 */
function scenario(c: RawFixClient, p: string, qty: number): Buffer[] {
  const first = c.message('D', order(`${p}1`, qty + 1));
  const firstSeq = Number(/\x0134=(\d+)\x01/.exec(first.toString('latin1'))![1]);
  return [
    first,
    c.message('D', order(`${p}2`, qty + 2)),
    c.message('D', order(`${p}2`, qty + 3)),
    c.message('F', [
      [41, `${p}1`],
      [11, `${p}1-c`],
      [55, 'MSFT'],
      [54, 1],
      [60, fixTime()],
      [38, qty + 1],
    ]),
    c.message('D', order(`${p}1`, qty + 1), { seq: firstSeq, possDup: true }),
    c.message('D', order(`${p}3`, qty + 4, [[54, 7]])),
    c.message('D', order(`${p}4`, qty + 5, [[55, '']])),
    c.message('D', order(`${p}5`, qty + 6)),
    c.message('D', order(`${p}6`, qty + 7)),
  ];
}

/** The answers, in order, as (type, ClOrdID without the scenario's prefix, ExecType or the refused tag). */
const answers = (log: Message[], p: string) =>
  log
    .filter((m) => ['8', '9', '3', 'j'].includes(m.get(35)!))
    .map((m) => [m.get(35), m.get(11)?.replace(p, ''), m.get(150) ?? m.get(371) ?? m.get(380)]);

async function settle(c: RawFixClient, count: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (answers(c.log, '').length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  // Nothing more is coming.
  await new Promise((r) => setTimeout(r, 200));
}

describe('orders arriving together', () => {
  it('are answered as one by one: the same answers, in the order received', async () => {
    const c = await RawFixClient.connect(desk.port);
    expect((await c.logon('oms-demo')).get(35)).toBe('A');

    // One at a time: each message its own write, its answers awaited.
    const single = scenario(c, 's', 100);
    for (const m of single) {
      c.write(m);
      await new Promise((r) => setTimeout(r, 30));
    }
    await settle(c, 9);
    const oneByOne = answers(c.log, 's');
    c.log.length = 0;

    // The same in one write.
    const ordersBefore = desk.engine.orders.size;
    c.burst(scenario(c, 't', 200));
    await settle(c, 9);
    const together = answers(c.log, 't');

    expect(together).toEqual(oneByOne);
    expect(together).toEqual([
      ['8', '1', '0'],
      ['8', '2', '0'],
      ['8', '2', '8'],
      ['8', '1-c', '4'],
      // The resent order is reported under the ClOrdID it answers to now: its cancel's.
      ['8', '1-c', 'I'],
      ['8', '3', '8'],
      ['3', undefined, '55'],
      ['8', '5', '0'],
      ['8', '6', '0'],
    ]);
    // Four orders entered, once each.
    expect(desk.engine.orders.size - ordersBefore).toBe(4);
    await c.logout();
  });
});
