import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toDollars } from '../../engine/instruments';
import { connectClient, type Client, type Received } from './testClient';
import { startTestDesk, type TestDesk } from './testDesk';

/**
 * The gateway against a real FIX initiator (jspurefix) over TCP on loopback, with
 * the real engine, market and SQLite journal behind it.
 */
const nos = (clOrdId: string, f: Record<string, unknown> = {}) => ({
  ClOrdID: clOrdId,
  Instrument: { Symbol: 'AAPL' },
  Side: '1',
  TransactTime: new Date(),
  OrderQtyData: { OrderQty: 100 },
  OrdType: '1',
  ...f,
});
const er = (clOrdId: string, execType?: string) => (r: Received) => r.msgType === '8' && r.body.ClOrdID === clOrdId && (execType === undefined || r.body.ExecType === execType);

async function waitFor(test: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let desk: TestDesk;
const clients: Client[] = [];
async function oms(opts: Parameters<typeof connectClient>[0] | object = {}): Promise<Client> {
  const c = await connectClient({ port: desk.port, ...opts });
  clients.push(c);
  return c;
}
async function logoutAll(): Promise<void> {
  for (const c of clients.splice(0)) {
    if (!c.session.isStopped) c.session.logout();
    await c.done;
  }
  await waitFor(() => desk.gateway.loggedOn.length === 0);
}

beforeAll(async () => {
  desk = await startTestDesk();
});
afterEach(logoutAll);
afterAll(async () => desk.close());

describe('logon', () => {
  it('accepts the configured OMS and answers its Logon', async () => {
    const c = await oms();
    expect(desk.gateway.loggedOn).toEqual(['OMS']);
    const logon = c.session.sessionMessages.find((m) => m.msgType === 'A')!;
    expect(logon.body.StandardHeader.SenderCompID).toBe('DESK');
    expect(logon.body.ResetSeqNumFlag).toBe(true);
  });

  it.each([
    ['an unknown SenderCompID', { senderCompId: 'WHO' }, 'unknown SenderCompID or wrong password'],
    ['a wrong password', { password: 'guess' }, 'unknown SenderCompID or wrong password'],
    ['another TargetCompID', { targetCompId: 'NOTDESK' }, 'TargetCompID NOTDESK is not this desk'],
  ])('refuses %s with a Logout saying why', async (_what, opts, reason) => {
    await expect(connectClient({ port: desk.port, ...opts })).rejects.toThrow();
    const refused = desk.db.prepare("SELECT text FROM fix_messages WHERE direction = 'refused' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(refused).toContain(reason);
    const logout = desk.db.prepare("SELECT text FROM fix_messages WHERE direction = 'out' AND msg_type = '5' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(logout).toContain(reason);
  });

  it('refuses a second connection while the OMS is logged on, and leaves the first alone', async () => {
    const first = await oms();
    await expect(connectClient({ port: desk.port })).rejects.toThrow();
    expect(desk.db.prepare("SELECT text FROM fix_messages WHERE direction = 'refused' ORDER BY id DESC LIMIT 1").pluck().get()).toContain('already has a session connected');
    first.session.sendApp('D', nos('still-works'));
    await first.session.next(er('still-works', '0'));
  });

  it('never lets a refused logon touch the real session numbers', async () => {
    const before = desk.db.prepare("SELECT sender_seq, target_seq FROM fix_sessions WHERE session_id = 'FIX.4.4-DESK-OMS'").get();
    await expect(connectClient({ port: desk.port, password: 'wrong', reset: false, lastSentSeqNum: 500 })).rejects.toThrow();
    expect(desk.db.prepare("SELECT sender_seq, target_seq FROM fix_sessions WHERE session_id = 'FIX.4.4-DESK-OMS'").get()).toEqual(before);
  });

  it('masks the password in the audit trail', async () => {
    await oms();
    const logons = desk.db.prepare("SELECT text FROM fix_messages WHERE msg_type = 'A' AND direction = 'in'").pluck().all() as string[];
    expect(logons.length).toBeGreaterThan(0);
    for (const t of logons) expect(t).not.toContain('oms-demo');
  });
});

/** Sizes of the intent orders (AAPL buys, like most here), apart from every other order's. */
let intentQty = 10_000;

describe('new orders', () => {
  it('acknowledges a NewOrderSingle and enters it as a FIX order of the OMS user', async () => {
    const c = await oms();
    c.session.sendApp('D', nos('ack-1', { OrdType: '2', Price: 200.5, OrderQtyData: { OrderQty: 300 } }));
    const ack = await c.session.next(er('ack-1'));
    expect(ack.body).toMatchObject({ ExecType: '0', OrdStatus: '0', Side: '1', LeavesQty: 300, CumQty: 0, AvgPx: 0, OrdType: '2', Price: 200.5 });
    const order = desk.engine.orders.get(ack.body.OrderID)!;
    expect(order).toMatchObject({ clOrdId: 'ack-1', owner: 'oms', desk: 'OMS', source: 'fix', symbol: 'AAPL', side: 'buy', qty: 300, urgency: 'medium' });
  });

  it.each([
    ['TargetStrategy 1 (VWAP)', { TargetStrategy: 1 }, 'low'],
    ['TargetStrategy 3 (minimize impact)', { TargetStrategy: 3 }, 'low'],
    ['TargetStrategy 1000 (IS)', { TargetStrategy: 1000 }, 'high'],
    ['Participate at 10 %', { TargetStrategy: 2, ParticipationRate: 0.1 }, 'low'],
    ['Participate at 18 %', { TargetStrategy: 2, ParticipationRate: 0.18 }, 'medium'],
    ['Participate at 40 %', { TargetStrategy: 2, ParticipationRate: 0.4 }, 'critical'],
    ['urgency stated in 848', { TargetStrategy: 1, TargetStrategyParameters: 'urgency=critical' }, 'critical'],
  ])('maps %s onto the order’s urgency', async (_what, fields, urgency) => {
    const c = await oms();
    const id = `intent-${urgency}-${Math.random().toString(36).slice(2, 8)}`;
    // A size of its own, so that no test here depends on the duplicate window's setting.
    c.session.sendApp('D', nos(id, { ...fields, OrderQtyData: { OrderQty: (intentQty += 10) } }));
    const ack = await c.session.next(er(id));
    expect(ack.body.ExecType).toBe('0');
    expect(desk.engine.orders.get(ack.body.OrderID)!.urgency).toBe(urgency);
  });

  it.each([
    ['an unknown TargetStrategy', { TargetStrategy: 7 }, 'TargetStrategy (847) 7 is not offered'],
    ['Participate without a rate', { TargetStrategy: 2 }, 'needs ParticipationRate (849)'],
    ['a rate above 100 %', { ParticipationRate: 15 }, 'ParticipationRate (849) must be a fraction'],
    ['an unknown strategy parameter', { TargetStrategyParameters: 'aggression=11' }, 'unknown parameter "aggression=11"'],
    ['a stop order', { OrdType: '3' }, 'OrdType (40) 3 is not taken here'],
    ['a limit order without a price', { OrdType: '2' }, 'needs a positive Price (44)'],
    ['a fractional quantity', { OrderQtyData: { OrderQty: 10.5 } }, 'OrderQty (38) must be a positive whole number'],
    ['an unknown instrument', { Instrument: { Symbol: 'ZZZZ' } }, 'UNKNOWN_INSTRUMENT'],
    ['a short sale', { Side: '5' }, 'Side (54) 5 is not taken here'],
  ])('rejects %s with the reason in Text', async (_what, fields, text) => {
    const c = await oms();
    const id = `rej-${Math.random().toString(36).slice(2, 8)}`;
    c.session.sendApp('D', nos(id, fields));
    const rej = await c.session.next(er(id));
    expect(rej.body).toMatchObject({ ExecType: '8', OrdStatus: '8', OrderID: 'NONE' });
    expect(rej.body.Text).toContain(text);
  });

  it('names the risk rule of a risk reject', async () => {
    const c = await oms();
    desk.engine.handle({ type: 'SetRestricted', symbol: 'MSFT', restricted: true, by: 'sam', reason: 'news pending' });
    c.session.sendApp('D', nos('risk-1', { Instrument: { Symbol: 'MSFT' } }));
    const rej = await c.session.next(er('risk-1'));
    expect(rej.body.ExecType).toBe('8');
    expect(rej.body.Text).toMatch(/^RESTRICTED: /);
    expect(rej.body.OrdRejReason).toBe(0);
    desk.engine.handle({ type: 'SetRestricted', symbol: 'MSFT', restricted: false, by: 'sam', reason: 'news out' });
  });
});

describe('fills', () => {
  it('reports each fill to the original ClOrdID with CumQty, LeavesQty and AvgPx', async () => {
    const c = await oms();
    c.session.sendApp('D', nos('fill-1', { Instrument: { Symbol: 'NVDA' }, OrderQtyData: { OrderQty: 3000 }, TargetStrategyParameters: 'urgency=critical' }));
    const ack = await c.session.next(er('fill-1', '0'));
    const orderId = ack.body.OrderID as string;
    const trades: Received[] = [];
    for (let i = 0; i < 60 && desk.engine.orders.get(orderId)!.status !== 'filled'; i++) desk.advance(60_000);
    const order = desk.engine.orders.get(orderId)!;
    expect(order.filledQty).toBeGreaterThan(0);
    for (;;) {
      const t = await c.session.next(er('fill-1', 'F'));
      trades.push(t);
      if (t.body.CumQty === order.filledQty) break;
    }
    let cum = 0;
    let value = 0;
    for (const t of trades) {
      cum += t.body.LastQty;
      value += t.body.LastQty * t.body.LastPx;
      expect(t.body.CumQty).toBe(cum);
      expect(t.body.LeavesQty).toBe(t.body.OrdStatus === '2' ? 0 : 3000 - cum);
      expect(t.body.AvgPx).toBeCloseTo(value / cum, 5);
      expect(t.body.OrderID).toBe(orderId);
    }
    expect(cum).toBe(order.filledQty);
    expect(trades[trades.length - 1].body.AvgPx).toBeCloseTo(toDollars(order.filledValue / order.filledQty), 5);
    if (order.status === 'filled') expect(trades[trades.length - 1].body.OrdStatus).toBe('2');
  });

  it('reports an internal cross against another desk order at once', async () => {
    const c = await oms();
    const resting = desk.engine.handle({ type: 'SubmitOrder', clOrdId: 'alice-x1', owner: 'alice', desk: 'EQ-1', source: 'ticket', symbol: 'KO', side: 'sell', qty: 800, urgency: 'low' });
    expect(resting.ok).toBe(true);
    c.session.sendApp('D', nos('cross-1', { Instrument: { Symbol: 'KO' }, OrderQtyData: { OrderQty: 500 }, TargetStrategy: 3 }));
    await c.session.next(er('cross-1', '0'));
    const fill = await c.session.next(er('cross-1', 'F'));
    expect(fill.body).toMatchObject({ LastQty: 500, CumQty: 500, LeavesQty: 0, OrdStatus: '2' });
    expect(fill.body.LastMkt).toBeUndefined();
  });

  it('keeps reports for a disconnected OMS and sends them at its next logon', async () => {
    let c = await oms();
    c.session.sendApp('D', nos('away-1', { Instrument: { Symbol: 'XOM' }, OrderQtyData: { OrderQty: 400 }, TargetStrategyParameters: 'urgency=low' }));
    await c.session.next(er('away-1', '0'));
    await logoutAll();
    // While it is away: a trader's order crosses it.
    desk.engine.handle({ type: 'SubmitOrder', clOrdId: 'bob-away', owner: 'bob', desk: 'EQ-2', source: 'ticket', symbol: 'XOM', side: 'sell', qty: 400, urgency: 'low' });
    expect(desk.db.prepare("SELECT COUNT(*) FROM fix_outbox WHERE counterparty = 'OMS'").pluck().get()).toBeGreaterThan(0);
    c = await oms();
    const fill = await c.session.next(er('away-1', 'F'));
    expect(fill.body).toMatchObject({ LastQty: 400, CumQty: 400, OrdStatus: '2' });
    expect(desk.db.prepare("SELECT COUNT(*) FROM fix_outbox WHERE counterparty = 'OMS'").pluck().get()).toBe(0);
  });
});

describe('cancel and replace', () => {
  // Each order a size of its own, so that no test here depends on the duplicate window's setting.
  let size = 100;
  const farBuy = (id: string, qty = (size += 7)) => nos(id, { Instrument: { Symbol: 'JPM' }, OrdType: '2', Price: 200, OrderQtyData: { OrderQty: qty }, TargetStrategy: 3 });

  it('cancels on OrderCancelRequest, answering to the cancel’s ClOrdID', async () => {
    const c = await oms();
    c.session.sendApp('D', farBuy('cxl-1'));
    const ack = await c.session.next(er('cxl-1', '0'));
    c.session.sendApp('F', { OrigClOrdID: 'cxl-1', ClOrdID: 'cxl-1-c', Instrument: { Symbol: 'JPM' }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 500 } });
    const done = await c.session.next((r) => r.msgType === '8' && r.body.ExecType === '4' && r.body.OrderID === ack.body.OrderID);
    expect(done.body).toMatchObject({ ClOrdID: 'cxl-1-c', OrigClOrdID: 'cxl-1', OrdStatus: '4', LeavesQty: 0 });
    expect(desk.engine.orders.get(ack.body.OrderID)!.status).toBe('cancelled');
  });

  it('replaces quantity and price, and later reports carry the new ClOrdID', async () => {
    const c = await oms();
    c.session.sendApp('D', farBuy('rpl-1', 1000));
    const ack = await c.session.next(er('rpl-1', '0'));
    c.session.sendApp('G', { OrigClOrdID: 'rpl-1', ClOrdID: 'rpl-1-r', Instrument: { Symbol: 'JPM' }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 600 }, OrdType: '2', Price: 201 });
    const replaced = await c.session.next((r) => r.msgType === '8' && r.body.OrderID === ack.body.OrderID && (r.body.ExecType === '5' || r.body.ExecType === 'E'));
    const final = replaced.body.ExecType === 'E' ? (desk.advance(5_000), await c.session.next(er('rpl-1-r', '5'))) : replaced;
    expect(final.body).toMatchObject({ ClOrdID: 'rpl-1-r', OrigClOrdID: 'rpl-1', OrderQtyData: { OrderQty: 600 }, Price: 201 });
    expect(desk.engine.orders.get(ack.body.OrderID)).toMatchObject({ qty: 600, limitPx: 2_010_000 });
    // The order now answers to its new ClOrdID.
    c.session.sendApp('F', { OrigClOrdID: 'rpl-1-r', ClOrdID: 'rpl-1-c', Instrument: { Symbol: 'JPM' }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 600 } });
    const cancelled = await c.session.next((r) => r.msgType === '8' && r.body.ExecType === '4' && r.body.OrderID === ack.body.OrderID, 15_000).catch(async () => {
      desk.advance(5_000);
      return c.session.next((r) => r.msgType === '8' && r.body.ExecType === '4' && r.body.OrderID === ack.body.OrderID);
    });
    expect(cancelled.body).toMatchObject({ ClOrdID: 'rpl-1-c', OrigClOrdID: 'rpl-1-r' });
  });

  it('refuses a replace the desk cannot do with OrderCancelReject naming why', async () => {
    const c = await oms();
    c.session.sendApp('D', farBuy('rpl-2', 555));
    await c.session.next(er('rpl-2', '0'));
    c.session.sendApp('G', { OrigClOrdID: 'rpl-2', ClOrdID: 'rpl-2-r', Instrument: { Symbol: 'JPM' }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 900 }, OrdType: '2', Price: 200 });
    const rej = await c.session.next((r) => r.msgType === '9');
    expect(rej.body).toMatchObject({ ClOrdID: 'rpl-2-r', OrigClOrdID: 'rpl-2', CxlRejResponseTo: '2', OrdStatus: '0' });
    expect(rej.body.Text).toContain('BAD_AMEND: an amend may only reduce quantity');
  });

  it.each([
    ['an unknown order', 'cxl-2', { OrigClOrdID: 'never-sent', ClOrdID: 'x-c1' }, 1, 'UNKNOWN_ORDER'],
    ['a reused ClOrdID', 'cxl-3', { OrigClOrdID: 'cxl-3', ClOrdID: 'cxl-3' }, 6, 'DUPLICATE_CLORDID'],
  ])('refuses to cancel %s', async (_what, id, ids, reason, text) => {
    const c = await oms();
    c.session.sendApp('D', farBuy(id));
    await c.session.next(er(id, '0'));
    c.session.sendApp('F', { ...ids, Instrument: { Symbol: 'JPM' }, Side: '1', TransactTime: new Date(), OrderQtyData: { OrderQty: 500 } });
    const rej = await c.session.next((r) => r.msgType === '9');
    expect(rej.body).toMatchObject({ CxlRejResponseTo: '1', CxlRejReason: reason });
    expect(rej.body.Text).toContain(text);
  });

  it('tells the OMS when a supervisor cancels its order', async () => {
    const c = await oms();
    c.session.sendApp('D', farBuy('sup-1'));
    const ack = await c.session.next(er('sup-1', '0'));
    desk.engine.handle({ type: 'CancelOrder', orderId: ack.body.OrderID, by: 'sam', reason: 'client called' });
    desk.advance(5_000);
    const out = await c.session.next(er('sup-1', '4'));
    expect(out.body.Text).toBe('cancelled by sam: client called');
  });
});

describe('duplicates', () => {
  it('never enters a PossDup resend of a NewOrderSingle twice', async () => {
    const c = await oms();
    const order = nos('dup-1', { Instrument: { Symbol: 'GOOGL' }, OrdType: '2', Price: 150 });
    c.session.sendApp('D', order);
    const ack = await c.session.next(er('dup-1', '0'));
    const seq = desk.db.prepare("SELECT msg_seq FROM fix_messages WHERE direction = 'in' AND msg_type = 'D' AND text LIKE '%|11=dup-1|%'").pluck().get() as number;
    const before = desk.engine.orders.size;
    c.session.sendRaw('D', { ...order, StandardHeader: { MsgSeqNum: seq, PossDupFlag: true, SendingTime: new Date() } });
    const status = await c.session.next(er('dup-1', 'I'));
    expect(status.body.OrderID).toBe(ack.body.OrderID);
    expect(status.body.Text).toContain('not entered again');
    expect(desk.engine.orders.size).toBe(before);
  });

  it('takes the same size again under a new ClOrdID (an OMS slicing), unless a supervisor sets a FIX duplicate window', async () => {
    const c = await oms();
    const slice = (id: string) => nos(id, { Instrument: { Symbol: 'KO' }, OrdType: '2', Price: 60, OrderQtyData: { OrderQty: 4_321 } });
    c.session.sendApp('D', slice('slice-1'));
    await c.session.next(er('slice-1', '0'));
    c.session.sendApp('D', slice('slice-2'));
    expect((await c.session.next(er('slice-2'))).body.ExecType).toBe('0');
    const set = (ms: number) => desk.engine.handle({ type: 'SetRiskLimits', limits: { duplicateWindowFixMs: ms }, by: 'sam', reason: 'test' });
    expect(set(60_000).ok).toBe(true);
    try {
      c.session.sendApp('D', slice('slice-3'));
      const rej = await c.session.next(er('slice-3'));
      // A broker's risk rule (0), not 6: the ClOrdID itself is new.
      expect(rej.body).toMatchObject({ ExecType: '8', OrdRejReason: 0 });
      expect(rej.body.Text).toMatch(/^DUPLICATE: same buy 4321 KO by oms .* inside the 60,000 ms duplicate window for FIX flow$/);
    } finally {
      expect(set(0).ok).toBe(true);
    }
  });

  it('rejects a new order that reuses a live ClOrdID', async () => {
    const c = await oms();
    c.session.sendApp('D', nos('dup-2', { Instrument: { Symbol: 'GOOGL' }, OrdType: '2', Price: 150, OrderQtyData: { OrderQty: 200 } }));
    await c.session.next(er('dup-2', '0'));
    c.session.sendApp('D', nos('dup-2', { Instrument: { Symbol: 'GOOGL' }, OrdType: '2', Price: 150, OrderQtyData: { OrderQty: 300 } }));
    const rej = await c.session.next(er('dup-2', '8'));
    expect(rej.body.Text).toMatch(/^DUPLICATE_CLORDID: /);
    expect(rej.body.OrdRejReason).toBe(6);
  });
});

describe('drop copy', () => {
  it('receives every fill of the desk, FIX or not', async () => {
    const dc = await connectClient({ port: desk.port, senderCompId: 'DROPCOPY', password: 'dropcopy-demo' });
    clients.push(dc);
    const c = await oms();
    desk.engine.handle({ type: 'SubmitOrder', clOrdId: 'alice-dc', owner: 'alice', desk: 'EQ-1', source: 'ticket', symbol: 'AMZN', side: 'buy', qty: 700, urgency: 'low' });
    c.session.sendApp('D', nos('dc-1', { Instrument: { Symbol: 'AMZN' }, Side: '2', OrderQtyData: { OrderQty: 700 }, TargetStrategy: 3 }));
    const mine = await dc.session.next(er('dc-1', 'F'));
    const hers = await dc.session.next(er('alice-dc', 'F'));
    expect(mine.body).toMatchObject({ Account: 'oms', LastQty: 700, CumQty: 700, OrdStatus: '2', Side: '2' });
    expect(hers.body).toMatchObject({ Account: 'alice', LastQty: 700, CumQty: 700, Side: '1' });
    expect(mine.body.ExecID).not.toBe(hers.body.ExecID);
  });

  it('takes no orders', async () => {
    const dc = await connectClient({ port: desk.port, senderCompId: 'DROPCOPY', password: 'dropcopy-demo' });
    clients.push(dc);
    dc.session.sendApp('D', nos('dc-order'));
    const rej = await dc.session.next((r) => r.msgType === 'j');
    expect(rej.body).toMatchObject({ RefMsgType: 'D', BusinessRejectReason: 3 });
  });
});

describe('audit trail', () => {
  it('keeps FIX traffic searchable as type FIX, by order and by user', async () => {
    const c = await oms();
    c.session.sendApp('D', nos('audit-1', { Instrument: { Symbol: 'KO' }, OrdType: '2', Price: 50 }));
    const ack = await c.session.next(er('audit-1', '0'));
    const { AuditLog } = await import('../store/audit');
    const audit = new AuditLog(desk.db);
    expect(audit.types()).toContain('FIX');
    const rows = audit.search({ type: 'FIX', orderId: ack.body.OrderID, limit: 50 });
    expect(rows.map((r) => r.summary)).toEqual(expect.arrayContaining([expect.stringContaining('desk → OMS ExecutionReport')]));
    const byUser = audit.search({ type: 'FIX', user: 'oms', limit: 5 });
    expect(byUser.length).toBe(5);
    expect(byUser.every((r) => r.actor === 'oms')).toBe(true);
    const inbound = audit.search({ type: 'FIX', limit: 500 }).find((r) => r.summary.includes('OMS → desk NewOrderSingle') && r.summary.includes('audit-1'));
    expect(inbound).toBeDefined();
    // The engine's own events for the order are in the trail as ever.
    expect(audit.search({ orderId: ack.body.OrderID, limit: 10 }).some((r) => r.type === 'OrderAccepted')).toBe(true);
  });
});
