import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LeanFixSession, pipeline, type OmsRunResult } from '../../bench/fixLoad';
import { startTestDesk, type TestDesk } from './testDesk';

/**
 * The benchmark's lean OMS (bench/fixLoad.ts) against the real gateway on loopback: its
 * session must be one the desk accepts and answers in full, or the throughput figure
 * would measure nothing — every order acknowledged under its own ClOrdID, TestRequests
 * answered, idle heartbeats sent, a clean Logout, and a second logon on the same desk.
 */
let desk: TestDesk;
const sessions: LeanFixSession[] = [];
async function lean(opts: { heartBtInt?: number; idleHeartbeats?: boolean; burst?: boolean } = {}): Promise<LeanFixSession> {
  const s = await LeanFixSession.connect({ port: desk.port, ...opts });
  sessions.push(s);
  return s;
}

type Row = { direction: string; msg_type: string; msg_seq: number; text: string };
const traffic = (sql: string, ...args: unknown[]) => desk.db.prepare(`SELECT direction, msg_type, msg_seq, text FROM fix_messages WHERE counterparty = 'OMS' AND ${sql} ORDER BY id`).all(...args) as Row[];
const sessionSeqs = () => desk.db.prepare("SELECT sender_seq AS sender, target_seq AS target FROM fix_sessions WHERE session_id LIKE '%OMS%'").get() as { sender: number; target: number };

beforeAll(async () => {
  desk = await startTestDesk();
  // No market clock here: lift the per-second throttle, as the benchmark does.
  // Each test sends its own range of bench orders (their sizes follow their numbers), so none depends on
  // the duplicate window's setting, though engine time stands still for the whole file.
  desk.engine.handle({ type: 'SetRiskLimits', limits: { maxMessagesPerSecond: 1e9, creditPerUser: 1e15, creditPerDesk: 1e15 }, by: 'test', reason: 'pipelined orders' });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.logout();
  await desk.allLoggedOff();
});
afterAll(async () => desk.close());

describe('the lean OMS session', () => {
  it('logs on, has every pipelined order acknowledged under its own ClOrdID, and logs out cleanly', async () => {
    const s = await lean();
    const acked: string[] = [];
    const { latencies, rejected } = await pipeline(s, 10_000, 600, 50, { prefix: 'lean-a-', onReport: (id, execType) => execType === '0' && acked.push(id) });
    expect(rejected).toBe(0);
    expect(latencies.every((l) => l > 0)).toBe(true);
    expect(new Set(acked)).toEqual(new Set(Array.from({ length: 600 }, (_, i) => `lean-a-${10_000 + i}`)));
    // The desk holds each as an order of the OMS, and sent one ack with that ClOrdID each.
    const orders = [...desk.engine.orders.all()].filter((o) => o.clOrdId.startsWith('lean-a-'));
    expect(orders.length).toBe(600);
    expect(orders.every((o) => o.owner === 'oms' && o.source === 'fix')).toBe(true);
    const acks = traffic("direction = 'out' AND msg_type = '8' AND text LIKE '%|11=lean-a-%'");
    expect(acks.length).toBe(600);
    expect(acks.every((r) => r.text.includes('|150=0|'))).toBe(true);

    const sentBefore = s.nextOut;
    await s.logout();
    expect(await s.closed).toBeUndefined();
    // The desk's numbers follow the session's: Logon 1, orders, Logout; and the answers it sent.
    const seqs = sessionSeqs();
    expect(seqs.target).toBe(sentBefore + 1);
    expect(seqs.sender).toBe(s.nextIn);
    const inbound = traffic("direction = 'in' AND msg_type IN ('A', 'D', '5') AND msg_seq IS NOT NULL");
    const last = inbound.slice(-602);
    expect(last.map((r) => r.msg_seq)).toEqual(Array.from({ length: 602 }, (_, i) => i + 1));
    expect(last[0].msg_type).toBe('A');
    expect(last.at(-1)!.msg_type).toBe('5');
  });

  it('logs on again on the same desk (a sequence reset, as the benchmark does) and carries on, writing in bursts', async () => {
    const first = await lean();
    await pipeline(first, 20_000, 20, 5, { prefix: 'lean-b-' });
    await first.logout();
    const again = await lean({ burst: true });
    const { rejected } = await pipeline(again, 20_020, 20, 5, { prefix: 'lean-b-' });
    expect(rejected).toBe(0);
    expect([...desk.engine.orders.all()].filter((o) => o.clOrdId.startsWith('lean-b-')).length).toBe(40);
  });

  it('answers the desk’s TestRequest with a Heartbeat carrying its TestReqID, and stays logged on', async () => {
    // Silent when idle, with a one-second heartbeat: the desk asks after 1.5 s and would drop it at 2.5 s.
    const s = await lean({ heartBtInt: 1, idleHeartbeats: false });
    const until = Date.now() + 8_000;
    while (s.testRequestsAnswered.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(s.testRequestsAnswered.length).toBeGreaterThanOrEqual(2);
    const asked = traffic("direction = 'out' AND msg_type = '1'").map((r) => /\|112=([^|]*)\|/.exec(r.text)![1]);
    const answered = traffic("direction = 'in' AND msg_type = '0' AND text LIKE '%|112=%'").map((r) => /\|112=([^|]*)\|/.exec(r.text)![1]);
    for (const id of s.testRequestsAnswered) {
      expect(id).not.toBe('');
      expect(asked).toContain(id);
      expect(answered).toContain(id);
    }
    expect(s.active).toBe(true);
    expect(desk.gateway.loggedOn).toEqual(['OMS']);
    const { rejected } = await pipeline(s, 30_000, 10, 10, { prefix: 'lean-c-' });
    expect(rejected).toBe(0);
  });

  it('sends a Heartbeat when it has sent nothing for HeartBtInt, so the desk never has to ask', async () => {
    const before = traffic("direction = 'out' AND msg_type = '1'").length;
    const s = await lean({ heartBtInt: 1 });
    await new Promise((r) => setTimeout(r, 3_200));
    const beats = traffic("direction = 'in' AND msg_type = '0' AND text NOT LIKE '%|112=%'");
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(traffic("direction = 'out' AND msg_type = '1'").length).toBe(before);
    expect(s.testRequestsAnswered).toEqual([]);
    expect(s.active).toBe(true);
  });

  it('is refused, with the desk’s reason, on a wrong password', async () => {
    await expect(LeanFixSession.connect({ port: desk.port, password: 'not-it' })).rejects.toThrow(/logon refused: unknown SenderCompID or wrong password/);
  });

  it('runs as the benchmark runs it: a child process that reports every order acknowledged', async () => {
    const script = path.resolve(__dirname, '../../bench/fixLoad.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--client', String(desk.port), '400', '40', '20', '100'], { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['LOADED-START', 'LOADED-END']);
    const result = JSON.parse(lines[2]) as OmsRunResult;
    expect(result).toMatchObject({ orders: 400, window: 40, rejected: 0, pingPongOrders: 20 });
    expect(result.acksPerSecond).toBeGreaterThan(0);
    expect(result.clientCpuUsPerOrder).toBeGreaterThan(0);
    // Warm-up, throughput run and ping-pong: 520 orders b0…b519, each held by the desk.
    const ids = new Set([...desk.engine.orders.all()].map((o) => o.clOrdId));
    for (let i = 0; i < 520; i++) expect(ids.has(`b${i}`)).toBe(true);
  });
});
