import net from 'node:net';

/**
 * FIX by hand over a raw socket, for tests that must send what no FIX engine would:
 * bad checksums, wrong body lengths, missing tags, garbage. Reads what the desk
 * answers as maps of tag → value. Test support only.
 */
export type Fields = Array<[number, string | number]>;
export type Message = Map<number, string>;

const SOH = '\x01';

/** Encodes a message; `tamper` breaks it on purpose. */
export function encode(msgType: string, fields: Fields, tamper: { checksum?: boolean; bodyLengthBy?: number } = {}): Buffer {
  const body = `35=${msgType}${SOH}${fields.map(([t, v]) => `${t}=${v}${SOH}`).join('')}`;
  const head = `8=FIX.4.4${SOH}9=${Buffer.byteLength(body, 'latin1') + (tamper.bodyLengthBy ?? 0)}${SOH}`;
  const bytes = Buffer.from(head + body, 'latin1');
  let sum = 0;
  for (const b of bytes) sum += b;
  const checksum = (sum + (tamper.checksum ? 1 : 0)) % 256;
  return Buffer.concat([bytes, Buffer.from(`10=${String(checksum).padStart(3, '0')}${SOH}`, 'latin1')]);
}

export const fixTime = (d = new Date()) => d.toISOString().replace(/-/g, '').replace('T', '-').replace('Z', '');

export class RawFixClient {
  readonly received: Message[] = [];
  /** Every message received, in arrival order (taken or not). */
  readonly log: Message[] = [];
  private buffer = '';
  private waiters: Array<{ test: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  private seq = 0;
  readonly closed: Promise<void>;

  private constructor(
    readonly socket: net.Socket,
    readonly sender: string,
    readonly target: string,
  ) {
    socket.on('data', (d) => this.onData(d));
    socket.on('error', () => {});
    this.closed = new Promise((r) => socket.on('close', () => r()));
  }

  static async connect(port: number, sender = 'OMS', target = 'DESK'): Promise<RawFixClient> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawFixClient(socket, sender, target);
  }

  /** The header a well-behaved sender writes, with the next MsgSeqNum unless one is given. */
  header(seq?: number): Fields {
    const n = seq ?? ++this.seq;
    if (seq !== undefined) this.seq = Math.max(this.seq, seq);
    return [
      [49, this.sender],
      [56, this.target],
      [34, n],
      [52, fixTime()],
    ];
  }

  send(msgType: string, fields: Fields, opts: { seq?: number; checksum?: boolean; bodyLengthBy?: number; possDup?: boolean } = {}): void {
    this.socket.write(this.message(msgType, fields, opts));
  }

  /** A message's bytes, numbered as `send` would number it (PossDup: 43=Y and 122), for `burst`. */
  message(msgType: string, fields: Fields, opts: { seq?: number; checksum?: boolean; bodyLengthBy?: number; possDup?: boolean } = {}): Buffer {
    const header = this.header(opts.seq);
    if (opts.possDup) header.push([43, 'Y'], [122, fixTime()]);
    return encode(msgType, [...header, ...fields], opts);
  }

  /** Several messages in one socket write: the desk reads them together. */
  burst(messages: Buffer[]): void {
    this.socket.write(Buffer.concat(messages));
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  logon(password: string, heartBtInt = 30): Promise<Message> {
    this.send('A', [
      [98, 0],
      [108, heartBtInt],
      [141, 'Y'],
      [554, password],
    ]);
    return this.next((m) => m.get(35) === 'A' || m.get(35) === '5');
  }

  async logout(): Promise<void> {
    if (this.socket.destroyed) return;
    this.send('5', []);
    await Promise.race([this.next((m) => m.get(35) === '5', 3_000).catch(() => undefined), this.closed]);
    this.socket.end();
  }

  next(test: (m: Message) => boolean, timeoutMs = 5_000): Promise<Message> {
    const i = this.received.findIndex(test);
    if (i >= 0) return Promise.resolve(this.received.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (m: Message) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching message within ${timeoutMs} ms; received ${this.received.map((m) => [...m].map(([t, v]) => `${t}=${v}`).join('|')).join(' / ')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves true if nothing matching arrives within ms. */
  async silent(test: (m: Message) => boolean, ms: number): Promise<boolean> {
    return this.next(test, ms).then(
      () => false,
      () => true,
    );
  }

  private onData(d: Buffer): void {
    this.buffer += d.toString('latin1');
    for (;;) {
      const end = this.buffer.search(/\x0110=\d{3}\x01/);
      if (end < 0) return;
      const raw = this.buffer.slice(0, end + 8);
      this.buffer = this.buffer.slice(end + 8);
      const m: Message = new Map();
      for (const f of raw.split(SOH)) {
        const eq = f.indexOf('=');
        if (eq > 0 && !m.has(Number(f.slice(0, eq)))) m.set(Number(f.slice(0, eq)), f.slice(eq + 1));
      }
      this.log.push(m);
      const w = this.waiters.find((x) => x.test(m));
      if (w) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      } else this.received.push(m);
    }
  }
}
