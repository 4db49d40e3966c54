/**
 * The lean OMS of the FIX benchmark: a FIX 4.4 initiator over a raw TCP socket, in a
 * child process of its own (`node --import tsx bench/fixLoad.ts --client …`, spawned by
 * bench/fix.ts), that pipelines NewOrderSingles at the desk and times their acks.
 *
 * Why it exists: on this 2-core machine the load generator shares the cores with the
 * desk. The jspurefix initiator costs ~65–95 µs of CPU per order — nearly as much as the
 * desk — and a real OMS runs on another machine. This one does only what an order
 * session needs, so the headline figure is bounded mostly by the desk, not by its client.
 *
 * It is a real session, not a replay: Logon (35=A, ResetSeqNumFlag=Y, the counterparty's
 * password), every message numbered (34) and stamped (52) with its own BodyLength and
 * CheckSum, TestRequests answered with a Heartbeat carrying their TestReqID, a Heartbeat
 * when it has sent nothing for HeartBtInt, and a Logout that waits for the desk's. What
 * it receives is framed by BodyLength, its CheckSum checked and its MsgSeqNum followed;
 * anything a correct desk never sends on a clean loopback session — a garbled message,
 * a sequence gap, a ResendRequest, a session Reject, a Logout it did not ask for — ends
 * the session with that reason, so a run cannot quietly measure nothing. It does not
 * resend (a ResendRequest from the desk ends the session): it keeps no store.
 */
import net from 'node:net';

const SOH = '\x01';

/** Sum of a string's character codes: its bytes, for the ASCII this session writes. */
function byteSum(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n += s.charCodeAt(i);
  return n;
}

/** A constant run of a message, with its bytes' sum made once. */
interface Piece {
  text: string;
  sum: number;
}
const piece = (text: string): Piece => {
  if (!/^[\x01\x20-\x7e]*$/.test(text)) throw new Error(`FIX text must be printable ASCII: ${JSON.stringify(text)}`);
  return { text, sum: byteSum(text) };
};

const BEGIN = piece(`8=FIX.4.4${SOH}9=`);
const SENDING_TIME = piece(`${SOH}52=`);

/** FIX UTCTimestamp (ms), made once per millisecond: a pipelined burst shares it. */
class Stamp {
  private ms = -1;
  text = '';
  sum = 0;
  at(ms: number): this {
    if (ms !== this.ms) {
      const iso = new Date(ms).toISOString();
      this.ms = ms;
      this.text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
      this.sum = byteSum(this.text);
    }
    return this;
  }
}

const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

export interface LeanSessionOptions {
  port: number;
  host?: string;
  senderCompId?: string;
  targetCompId?: string;
  password?: string;
  /** HeartBtInt (108), seconds: the desk expects to hear from us at least this often. */
  heartBtInt?: number;
  /** false: no idle Heartbeats, so the desk's TestRequest can be seen answered (tests). */
  idleHeartbeats?: boolean;
  /**
   * false (default): each message in a socket write of its own as it is sent, as jspurefix's
   * initiator writes them; true: a turn's messages in one write. How the orders arrive shapes
   * the desk's reads: a burst answering a burst of acks keeps desk and OMS in lockstep (each
   * waits while the other works), one at a time lets the desk read while the OMS still sends.
   */
  burst?: boolean;
}

/** The order a NewOrderSingle carries; ClOrdID is the session user's. */
export interface LeanOrder {
  clOrdId: string;
  symbol: string;
  /** FIX Side (54): '1' buy, '2' sell. */
  side: '1' | '2';
  qty: number;
  /** Limit price (OrdType 2). */
  price: number;
}

/** Bytes of the tags the scanner looks for, SOH before so '11=' never matches '111='. */
const TAG = {
  seq: Buffer.from(`${SOH}34=`),
  clOrdId: Buffer.from(`${SOH}11=`),
  execType: Buffer.from(`${SOH}150=`),
  text: Buffer.from(`${SOH}58=`),
  testReqId: Buffer.from(`${SOH}112=`),
  refSeqNum: Buffer.from(`${SOH}45=`),
} as const;
const BEGIN_BYTES = Buffer.from(BEGIN.text, 'latin1');

export class LeanFixSession {
  /** Called for each ExecutionReport (35=8): its ClOrdID, ExecType (150) and Text (58) when a reject. */
  onExecutionReport: ((clOrdId: string, execType: string, text: string | undefined) => void) | undefined;
  /** Application messages other than an ExecutionReport (OrderCancelReject, BusinessMessageReject). */
  onOtherApplication: ((msgType: string, text: string | undefined) => void) | undefined;
  /** The TestReqIDs answered, oldest first. */
  readonly testRequestsAnswered: string[] = [];
  /** Resolves when the connection is gone: undefined after a clean Logout, or why it ended. */
  readonly closed: Promise<Error | undefined>;
  /** The next MsgSeqNum each way. */
  nextOut = 1;
  nextIn = 1;

  private readonly socket: net.Socket;
  private readonly sender: string;
  private readonly target: string;
  private readonly heartBtInt: number;
  private readonly burst: boolean;
  private readonly stamp = new Stamp();
  /** '35=<type>|49=…|56=…|34=' of each message type sent. */
  private readonly heads = new Map<string, Piece>();
  /** Messages not yet written to the socket (a burst: this turn's, written at its end). */
  private outbox = '';
  private flushQueued = false;
  private rest: Buffer | undefined;
  private lastSentAt = Date.now();
  private heartbeat: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  private state: 'logging-on' | 'active' | 'logging-out' | 'closed' = 'logging-on';
  private logonAnswer: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private logoutAnswer: (() => void) | undefined;
  /** Per-symbol NewOrderSingle runs: '|55=SYM|54=' and '|60=' around what varies. */
  private readonly orderPieces = new Map<string, Piece>();

  private constructor(socket: net.Socket, o: LeanSessionOptions) {
    this.socket = socket;
    this.sender = o.senderCompId ?? 'OMS';
    this.target = o.targetCompId ?? 'DESK';
    this.heartBtInt = o.heartBtInt ?? 30;
    this.burst = o.burst ?? false;
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => this.abort(e));
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        clearInterval(this.heartbeat);
        if (this.state !== 'closed' && !this.failure) this.failure = new Error(`the desk closed the connection (${this.state})`);
        this.state = 'closed';
        this.logonAnswer?.reject(this.failure!);
        resolve(this.failure);
      }),
    );
    if (o.idleHeartbeats !== false) {
      // A Heartbeat when nothing has been sent for HeartBtInt: the desk's TestRequest never has to ask.
      this.heartbeat = setInterval(() => {
        if (this.state === 'active' && Date.now() - this.lastSentAt >= this.heartBtInt * 1000) this.send('0', '', 0);
      }, 250);
      this.heartbeat.unref();
    }
  }

  /** Connects and logs on with ResetSeqNumFlag=Y (both sides start at 1, as the jspurefix OMS does). */
  static async connect(o: LeanSessionOptions): Promise<LeanFixSession> {
    const socket = net.connect(o.port, o.host ?? '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const s = new LeanFixSession(socket, o);
    const answered = new Promise<void>((resolve, reject) => (s.logonAnswer = { resolve, reject }));
    const fields = `98=0${SOH}108=${s.heartBtInt}${SOH}141=Y${SOH}553=${s.sender}${SOH}554=${o.password ?? 'oms-demo'}${SOH}`;
    s.send('A', fields, byteSum(fields));
    const timer = setTimeout(() => s.abort(new Error('no Logon answer within 5 s')), 5_000);
    try {
      await answered;
    } finally {
      clearTimeout(timer);
    }
    return s;
  }

  get active(): boolean {
    return this.state === 'active';
  }

  /** A NewOrderSingle (35=D), a limit order. */
  sendOrder(o: LeanOrder): void {
    if (this.state !== 'active') throw new Error(`cannot send an order: the session is ${this.failure ? `ended (${this.failure.message})` : this.state}`);
    let middle = this.orderPieces.get(o.symbol + o.side);
    if (!middle) this.orderPieces.set(o.symbol + o.side, (middle = piece(`${SOH}55=${o.symbol}${SOH}54=${o.side}${SOH}60=`)));
    const stamp = this.stamp.at(Date.now());
    const id = `11=${o.clOrdId}`;
    const rest = `${SOH}38=${o.qty}${SOH}40=2${SOH}44=${o.price}${SOH}`;
    // ClOrdID 11, Instrument 55, Side 54, TransactTime 60, OrderQty 38, OrdType 40, Price 44: the dictionary's order.
    this.send('D', id + middle.text + stamp.text + rest, byteSum(id) + middle.sum + stamp.sum + byteSum(rest));
  }

  /** Logout (35=5), then waits for the desk's Logout and the connection's end. */
  async logout(text?: string): Promise<void> {
    if (this.state !== 'active') return;
    this.state = 'logging-out';
    const answered = new Promise<void>((r) => (this.logoutAnswer = r));
    const fields = text ? `58=${text}${SOH}` : '';
    this.send('5', fields, byteSum(fields));
    const timer = setTimeout(() => this.abort(new Error('no Logout answer within 3 s')), 3_000);
    await Promise.race([answered, this.closed]);
    clearTimeout(timer);
    this.socket.end();
    await this.closed;
  }

  /** Ends the session with an error: a Logout with the reason if it can still send one, then the connection. */
  abort(e: Error): void {
    if (this.failure || this.state === 'closed') return;
    this.failure = e;
    if (this.state === 'active') {
      const fields = `58=${e.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200)}${SOH}`;
      this.send('5', fields, byteSum(fields));
      this.flush();
    }
    this.state = 'logging-out';
    this.logonAnswer?.reject(e);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 500).unref();
  }

  /** Header, BodyLength and CheckSum around `fields` (SOH-ended, their byte sum given), numbered now. */
  private send(msgType: string, fields: string, fieldsSum: number): void {
    let head = this.heads.get(msgType);
    if (!head) this.heads.set(msgType, (head = piece(`35=${msgType}${SOH}49=${this.sender}${SOH}56=${this.target}${SOH}34=`)));
    const seq = String(this.nextOut++);
    const now = Date.now();
    const stamp = this.stamp.at(now);
    const length = String(head.text.length + seq.length + SENDING_TIME.text.length + stamp.text.length + 1 + fields.length);
    const sum = BEGIN.sum + byteSum(length) + 1 + head.sum + byteSum(seq) + SENDING_TIME.sum + stamp.sum + 1 + fieldsSum;
    this.outbox += `${BEGIN.text}${length}${SOH}${head.text}${seq}${SENDING_TIME.text}${stamp.text}${SOH}${fields}10=${pad3(sum & 255)}${SOH}`;
    this.lastSentAt = now;
    if (!this.burst) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** What is waiting, in one socket write. */
  private flush(): void {
    this.flushQueued = false;
    if (!this.outbox) return;
    if (!this.socket.destroyed) this.socket.write(this.outbox, 'latin1');
    this.outbox = '';
  }

  private onData(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = 0;
    while (at < buf.length && !this.failure) {
      const end = this.frame(buf, at);
      if (end < 0) break;
      at = end;
    }
    this.rest = at < buf.length && !this.failure ? buf.subarray(at) : undefined;
  }

  /** Handles the message at `at`; its end, or -1 when it has not all arrived. */
  private frame(buf: Buffer, at: number): number {
    const n = buf.length;
    if (n - at < BEGIN_BYTES.length + 2) return -1;
    for (let i = 0; i < BEGIN_BYTES.length; i++) if (buf[at + i] !== BEGIN_BYTES[i]) return this.garbled('does not begin with 8=FIX.4.4|9=');
    let p = at + BEGIN_BYTES.length;
    let length = 0;
    for (; p < n && buf[p] !== 1; p++) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) return this.garbled('BodyLength (9) is not a number');
      length = length * 10 + d;
    }
    if (p >= n) return -1;
    const bodyFrom = p + 1;
    const bodyTo = bodyFrom + length;
    const end = bodyTo + 7;
    if (end > n) return -1;
    // 10=nnn|
    if (buf[bodyTo] !== 49 || buf[bodyTo + 1] !== 48 || buf[bodyTo + 2] !== 61 || buf[end - 1] !== 1) return this.garbled('BodyLength (9) does not end at CheckSum (10)');
    let sum = 0;
    for (let i = at; i < bodyTo; i++) sum += buf[i];
    const given = (buf[bodyTo + 3] - 48) * 100 + (buf[bodyTo + 4] - 48) * 10 + (buf[bodyTo + 5] - 48);
    if ((sum & 255) !== given) return this.garbled(`CheckSum (10) ${given} is wrong`);
    this.message(buf, bodyFrom, bodyTo);
    return end;
  }

  private garbled(why: string): number {
    this.abort(new Error(`garbled message from the desk: ${why}`));
    return -1;
  }

  /** One whole message, body from..to (MsgType first, as FIX puts it). */
  private message(buf: Buffer, from: number, to: number): void {
    if (buf[from] !== 51 || buf[from + 1] !== 53 || buf[from + 2] !== 61) return void this.abort(new Error('a message without MsgType (35) first in its body'));
    const typeEnd = buf.indexOf(1, from + 3);
    const msgType = buf.toString('latin1', from + 3, typeEnd);
    const seq = Number(value(buf, typeEnd, to, TAG.seq));
    if (seq !== this.nextIn) return void this.abort(new Error(`MsgSeqNum (34) ${seq} from the desk, expected ${this.nextIn}${seq > this.nextIn ? ': a gap' : ''}`));
    this.nextIn++;
    switch (msgType) {
      case '8': {
        const execType = value(buf, typeEnd, to, TAG.execType);
        const clOrdId = value(buf, typeEnd, to, TAG.clOrdId);
        if (execType === undefined || clOrdId === undefined) return void this.abort(new Error('an ExecutionReport without ExecType (150) or ClOrdID (11)'));
        this.onExecutionReport?.(clOrdId, execType, execType === '0' ? undefined : value(buf, typeEnd, to, TAG.text));
        return;
      }
      case '0':
        return;
      case '1': {
        const id = value(buf, typeEnd, to, TAG.testReqId) ?? '';
        const fields = `112=${id}${SOH}`;
        this.send('0', fields, byteSum(fields));
        this.testRequestsAnswered.push(id);
        return;
      }
      case 'A':
        if (this.state !== 'logging-on') return void this.abort(new Error('a second Logon from the desk'));
        this.state = 'active';
        this.logonAnswer?.resolve();
        this.logonAnswer = undefined;
        return;
      case '5':
        if (this.state === 'logging-out') {
          this.state = 'closed';
          this.logoutAnswer?.();
          return;
        }
        return void this.abort(new Error(`the desk logged out: ${value(buf, typeEnd, to, TAG.text) ?? '(no Text)'}`));
      case '3':
        return void this.abort(new Error(`session Reject of our MsgSeqNum ${value(buf, typeEnd, to, TAG.refSeqNum)}: ${value(buf, typeEnd, to, TAG.text) ?? '(no Text)'}`));
      case '2':
      case '4':
        return void this.abort(new Error(`35=${msgType} from the desk: this OMS keeps no store to resend from`));
      default:
        this.onOtherApplication?.(msgType, value(buf, typeEnd, to, TAG.text));
    }
  }
}

/** The value of the first `tag` (its bytes '|tag=') in buf between from and to. */
function value(buf: Buffer, from: number, to: number, tag: Buffer): string | undefined {
  const i = buf.indexOf(tag, from);
  if (i < 0 || i >= to) return undefined;
  const start = i + tag.length;
  return buf.toString('latin1', start, buf.indexOf(1, start));
}

// ── the benchmark's OMS ────────────────────────────────────────────────────────

/** What an OMS child process reports on its last stdout line (bench/fix.ts reads it). */
export interface OmsRunResult {
  acksPerSecond: number;
  orders: number;
  window: number;
  loadedP50Ms: number;
  loadedP99Ms: number;
  pingPongP50Ms: number;
  pingPongP99Ms: number;
  pingPongOrders: number;
  /** Orders the desk refused in the throughput run (should be 0: the figures are for acceptances). */
  rejected: number;
  /** The OMS process's CPU (user + system) per order in the throughput run, µs, unrounded. */
  clientCpuUsPerOrder: number;
}

export const BENCH_SYMBOLS = ['AAPL', 'MSFT', 'AMZN', 'NVDA', 'GOOGL', 'JPM', 'XOM', 'KO'];

/**
 * The i-th order of a bench run: buy limits well under the market — accepted and parked, never
 * crossed or filled — and no two alike, so that the figure does not depend on the FIX duplicate
 * window (off by default; a supervisor may set one). The jspurefix OMS sends the same ones.
 */
export const benchOrder = (i: number, prefix = 'b'): LeanOrder => ({
  clOrdId: `${prefix}${i}`,
  symbol: BENCH_SYMBOLS[i % BENCH_SYMBOLS.length],
  side: '1',
  qty: 100 + Math.floor(i / BENCH_SYMBOLS.length),
  price: 10,
});

export function percentileMs(a: Float64Array, p: number): number {
  const sorted = Float64Array.from(a).sort();
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 1000) / 1000;
}

/**
 * Sends `count` orders with at most `inFlight` unacknowledged, from order number `first`, and
 * resolves with each one's latency (sent → its ExecutionReport) in ms. Every report must name
 * an order in flight; rejections are counted and passed on. Rejects if the session ends.
 */
export function pipeline(s: LeanFixSession, first: number, count: number, inFlight: number, opts: { prefix?: string; onReport?: (clOrdId: string, execType: string, text?: string) => void } = {}): Promise<{ latencies: Float64Array; rejected: number }> {
  const prefix = opts.prefix ?? 'b';
  return new Promise((resolve, reject) => {
    const latencies = new Float64Array(count);
    const sentAt = new Float64Array(count);
    let acked = 0;
    let sent = 0;
    let rejected = 0;
    const next = () => {
      sentAt[sent] = performance.now();
      s.sendOrder(benchOrder(first + sent++, prefix));
    };
    s.onExecutionReport = (clOrdId, execType, text) => {
      const k = clOrdId.startsWith(prefix) ? Number(clOrdId.slice(prefix.length)) - first : NaN;
      if (!(k >= 0 && k < sent) || latencies[k] !== 0) return void s.abort(new Error(`an ExecutionReport for ${clOrdId}, which is not an order in flight`));
      latencies[k] = performance.now() - sentAt[k] || Number.MIN_VALUE;
      if (execType !== '0') rejected++;
      opts.onReport?.(clOrdId, execType, text);
      if (sent < count) next();
      if (++acked === count) {
        s.onExecutionReport = undefined;
        resolve({ latencies, rejected });
      }
    };
    s.onOtherApplication = (msgType, text) => reject(new Error(`35=${msgType} from the desk: ${text ?? '(no Text)'}`));
    s.closed.then((e) => reject(e ?? new Error('the session ended before every order was answered')));
    while (sent < Math.min(inFlight, count)) next();
  });
}

/**
 * One OMS run as the bench measures it, whichever initiator drives `run` (orders `count`, at most
 * `inFlight` unacknowledged): a warm-up, the throughput run between the LOADED markers bench/fix.ts
 * profiles by, then one order at a time.
 */
export async function measureOms(
  run: (count: number, inFlight: number) => Promise<{ latencies: Float64Array; rejected: number }>,
  { orders, window, pingPong, warmup }: { orders: number; window: number; pingPong: number; warmup: number },
): Promise<OmsRunResult> {
  await run(warmup, window);
  process.stdout.write('LOADED-START\n');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = await run(orders, window);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write('LOADED-END\n');
  const quiet = await run(pingPong, 1);
  return {
    acksPerSecond: Math.round(orders / seconds),
    orders,
    window,
    loadedP50Ms: percentileMs(loaded.latencies, 0.5),
    loadedP99Ms: percentileMs(loaded.latencies, 0.99),
    pingPongP50Ms: percentileMs(quiet.latencies, 0.5),
    pingPongP99Ms: percentileMs(quiet.latencies, 0.99),
    pingPongOrders: pingPong,
    rejected: loaded.rejected,
    clientCpuUsPerOrder: (cpu.user + cpu.system) / orders,
  };
}

/** The OMS child: warm-up, the throughput run between LOADED-START and LOADED-END on stdout, ping-pong, one JSON line. */
async function child(port: number, orders: number, window: number, pingPong: number, warmup: number, burst: boolean): Promise<void> {
  const s = await LeanFixSession.connect({ port, burst });
  let n = 0;
  const run = async (count: number, inFlight: number) => {
    const r = await pipeline(s, n, count, inFlight);
    n += count;
    return r;
  };
  const result = await measureOms(run, { orders, window, pingPong, warmup });
  await s.logout();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

if (process.argv[2] === '--client' && process.argv[1]?.endsWith('fixLoad.ts')) {
  const [port, orders, window, pingPong, warmup] = process.argv.slice(3, 8).map(Number);
  child(port, orders, window, pingPong, warmup, process.argv[8] === '--burst').catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
