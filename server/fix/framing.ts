import { Transform, type TransformCallback } from 'node:stream';

/**
 * Frames the bytes of a FIX connection into whole messages before the FIX engine
 * parses them, and drops what the FIX session layer calls garbled: a message whose
 * BodyLength (9) does not end at its CheckSum (10), whose CheckSum is wrong, whose
 * first fields are not 8=, 9=, 35=, or bytes that are no message at all.
 *
 * Why here and not in jspurefix: its parser accepts any BodyLength (on purpose, for
 * hand-edited logs), answers a bad CheckSum with a session Reject after taking the
 * MsgSeqNum, and treats stray bytes as a fatal stream error that ends the session.
 * FIX prescribes otherwise: a garbled message is ignored — no Reject, no sequence
 * number consumed — and parsing resumes at the next BeginString; the gap it leaves
 * is recovered by the usual ResendRequest. So only well-formed frames reach the
 * engine, and each dropped piece is reported (it goes to the audit trail).
 */
export const SOH = 0x01;
const BEGIN = Buffer.from('8=FIX');
/** Longest a BeginString field may be before we call it garbage ("8=FIXT.1.1" is 10). */
const MAX_BEGIN_FIELD = 32;

export interface GarbledInput {
  reason: string;
  bytes: Buffer;
}

export interface FramerOptions {
  /** The BeginString this acceptor speaks; frames with another are dropped as garbled. */
  beginString: string;
  /** Largest BodyLength accepted: bounds what one connection can make us buffer. */
  maxBodyLength?: number;
  onGarbled: (g: GarbledInput) => void;
  /** Sees the connection's first whole message before it is passed on (the gateway judges the Logon there). */
  onFirstFrame?: (frame: Buffer) => void;
}

export class FixFramer extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private readonly maxBody: number;
  private readonly beginField: Buffer;
  private seenFirst = false;

  constructor(private readonly opts: FramerOptions) {
    // One chunk per message downstream: the first can be looked at on its own.
    super({ readableObjectMode: true });
    this.maxBody = opts.maxBodyLength ?? 64 * 1024;
    this.beginField = Buffer.from(`8=${opts.beginString}\x01`);
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const buf = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    const at = this.frames(buf);
    // Keep only the unfinished tail; copy it so the socket's chunk can be released.
    this.pending = at < buf.length ? Buffer.from(buf.subarray(at)) : Buffer.alloc(0);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pending.length) this.garbled('connection ended inside a message', this.pending);
    this.pending = Buffer.alloc(0);
    done();
  }

  /** Pushes every whole frame in buf; returns where the unfinished rest starts. */
  private frames(buf: Buffer): number {
    let pos = 0;
    for (;;) {
      const start = buf.indexOf(BEGIN, pos);
      if (start < 0) {
        // A BeginString may be split across chunks: keep the last few bytes.
        const keep = Math.max(pos, buf.length - (BEGIN.length - 1));
        if (keep > pos) this.garbled('bytes outside any message (no BeginString 8=FIX)', buf.subarray(pos, keep));
        return keep;
      }
      if (start > pos) this.garbled('bytes outside any message (no BeginString 8=FIX)', buf.subarray(pos, start));
      const r = this.frameAt(buf, start);
      if (r === 'incomplete') return start;
      if (typeof r === 'string') {
        // Resume at the next BeginString; everything up to it belongs to the bad message.
        const next = buf.indexOf(BEGIN, start + 1);
        const end = next < 0 ? buf.length : next;
        this.garbled(r, buf.subarray(start, end));
        pos = end;
        continue;
      }
      const frame = Buffer.from(buf.subarray(start, r));
      if (!this.seenFirst) {
        this.seenFirst = true;
        this.opts.onFirstFrame?.(frame);
      }
      this.push(frame);
      pos = r;
    }
  }

  /** The end of the well-formed message at `start`, 'incomplete', or why it is garbled. */
  private frameAt(buf: Buffer, start: number): number | 'incomplete' | string {
    const soh1 = buf.indexOf(SOH, start);
    if (soh1 < 0) return buf.length - start > MAX_BEGIN_FIELD ? 'BeginString (8) is not terminated' : 'incomplete';
    if (buf.length < soh1 + 3) return 'incomplete';
    if (buf[soh1 + 1] !== 0x39 /* 9 */ || buf[soh1 + 2] !== 0x3d /* = */) return 'BodyLength (9) must be the second field';
    const soh2 = buf.indexOf(SOH, soh1 + 3);
    if (soh2 < 0) return buf.length - soh1 > 12 ? 'BodyLength (9) is not terminated' : 'incomplete';
    const lengthText = buf.toString('latin1', soh1 + 3, soh2);
    if (!/^\d{1,7}$/.test(lengthText)) return `BodyLength (9) "${lengthText}" is not a number`;
    const bodyLength = Number(lengthText);
    if (bodyLength > this.maxBody) return `BodyLength (9) ${bodyLength} is over the ${this.maxBody}-byte limit`;
    const trailer = soh2 + 1 + bodyLength;
    if (buf.length < trailer + 7) return 'incomplete';
    if (buf[trailer - 1] !== SOH || buf[trailer] !== 0x31 || buf[trailer + 1] !== 0x30 || buf[trailer + 2] !== 0x3d || buf[trailer + 6] !== SOH)
      return `BodyLength (9) ${bodyLength} does not end where CheckSum (10) starts`;
    const sumText = buf.toString('latin1', trailer + 3, trailer + 6);
    if (!/^\d{3}$/.test(sumText)) return `CheckSum (10) "${sumText}" is not three digits`;
    let sum = 0;
    for (let i = start; i < trailer; i++) sum += buf[i];
    if (sum % 256 !== Number(sumText)) return `CheckSum (10) ${sumText} is wrong: the message sums to ${String(sum % 256).padStart(3, '0')}`;
    if (!buf.subarray(start, soh1 + 1).equals(this.beginField))
      return `BeginString ${buf.toString('latin1', start + 2, soh1)}: this acceptor speaks ${this.opts.beginString}`;
    if (buf[soh2 + 1] !== 0x33 || buf[soh2 + 2] !== 0x35 || buf[soh2 + 3] !== 0x3d) return 'MsgType (35) must be the third field';
    return trailer + 7;
  }

  private garbled(reason: string, bytes: Buffer): void {
    try {
      this.opts.onGarbled({ reason, bytes: Buffer.from(bytes) });
    } catch {
      // Reporting must never break the connection's stream.
    }
  }
}

/** A frame's fields in order, as [tag, value] (values as latin1 text). */
export function fieldsOf(frame: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let at = 0;
  while (at < frame.length) {
    const eq = frame.indexOf(0x3d, at);
    if (eq < 0) break;
    let end = frame.indexOf(SOH, eq);
    if (end < 0) end = frame.length;
    out.push([Number(frame.toString('latin1', at, eq)), frame.toString('latin1', eq + 1, end)]);
    at = end + 1;
  }
  return out;
}

/** The first value of a tag in a frame, or undefined. */
export function fieldOf(frame: Buffer, tag: number): string | undefined {
  for (const [t, v] of fieldsOf(frame)) if (t === tag) return v;
  return undefined;
}

/** A message as people read it: SOH shown as |, control bytes escaped. */
export function readable(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) s += b === SOH ? '|' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return s;
}
