import 'reflect-metadata';
import type { Writable } from 'node:stream';
import type { IJsFixConfig, ILooseObject, SendCallback } from 'jspurefix';
import { AsciiMsgTransmitter } from 'jspurefix/dist/transport/ascii/ascii-msg-transmitter';
import { MsgPayload } from 'jspurefix/dist/transport/msg-payload';
import type { AsciiEncoder } from 'jspurefix/dist/buffer/ascii';
import { FIELDS, headerFields, trailerFields, type BodyFields } from './encoding';

/**
 * jspurefix's ASCII transmitter, writing each message to the connection as it is
 * encoded rather than through its Transform stream (an object-mode write, a push and
 * a pipe hop a message, as much as a tenth of a report's cost).
 *
 * Everything else happens as jspurefix's stream does it, in the same order: the message
 * is numbered (MsgSeqNum) and written — header, body, BodyLength, CheckSum and trailer —
 * by jspurefix's `encodeMessage`, or, for a report whose body is already fields, whole
 * (`templated`, the same bytes); the wire bytes (those of jspurefix's `trim`) go out;
 * 'encoded' is emitted with the logged text and header — the session moves its sequence
 * number and store on it, and the desk logs the message (session.ts) — and the caller's
 * callback is settled. A message that cannot be encoded is an 'error', as the stream's
 * would be.
 *
 * The connection is corked by the gateway until the turn's traffic log is committed
 * (gateway.ts `hold`), so a turn's messages still leave in one write, after the log.
 * Registered in the session's container under jspurefix's own token (gateway.ts), the
 * seam jspurefix uses to pick a transmitter.
 */
export class DirectTransmitter extends AsciiMsgTransmitter {
  /** Whether the message last sent was written whole (`templated`): its values are ASCII without a delimiter. */
  wroteWhole = false;

  constructor(
    config: IJsFixConfig,
    private readonly out: Writable,
  ) {
    super(config);
  }

  override send(msgType: string, obj: ILooseObject, callback: SendCallback | null = null): void {
    const payload = new MsgPayload(msgType, obj, callback);
    try {
      let header: ILooseObject | null;
      let text: string;
      const whole = this.templated(msgType, obj);
      this.wroteWhole = whole !== undefined;
      if (whole) {
        ({ header, text } = whole);
        payload.encoded = whole.wire;
      } else {
        this.encoder.reset();
        header = this.encodeMessage(msgType, obj);
        payload.encoded = wireCopy(this.encoder as AsciiEncoder);
        text = this.buffer.toString();
      }
      // A connection already gone drops it, as the stream's pipe would.
      if (!this.out.destroyed && !this.out.writableEnded) this.out.write(payload.encoded);
      this.emit('encoded', msgType, text, header);
      this.settle(payload, header ? null : new Error(`could not encode ${msgType}`), header);
    } catch (e) {
      this.settle(payload, e as Error, null);
      this.emit('error', e);
    }
  }

  /**
   * A message whose body is already fields (encoding.ts: nearly every report), with the header
   * and trailer jspurefix's session factory makes for an ordinary send, written whole
   * (`wholeMessage`) — what `encodeMessage` and `wireCopy` make of it, byte for byte
   * (transmitter.test.ts), for some two thirds of their cost: no encoder object walk, no
   * per-field bookkeeping. The header and trailer are still the factory's. Undefined,
   * before anything is numbered, for everything else: a resend's header, a value holding a
   * delimiter or a byte past ASCII; those take jspurefix's path.
   */
  protected templated(msgType: string, obj: ILooseObject): { header: ILooseObject; text: string; wire: Buffer } | undefined {
    const body = obj[FIELDS as unknown as string] as BodyFields | undefined;
    const factory = this.config.factory;
    if (!body || obj.StandardHeader !== undefined || !factory) return undefined;
    const msgSeqNum = this.msgSeqNum;
    const header = factory.header(msgType, msgSeqNum, this.time || new Date(), {});
    const head = header && headerFields(header);
    if (!head) return undefined;
    const encoder = this.encoder as AsciiEncoder;
    const message = wholeMessage(head, body, Math.max(4, this.config.description.BodyLengthChars ?? 7), encoder.logDelimiter, encoder.delimiter, (sum) => trailerFields(factory.trailer(sum) ?? {}));
    if (!message) return undefined;
    this.msgSeqNum = msgSeqNum + 1;
    return { header, ...message };
  }
}

/**
 * A message as FIX text from its fields — the header's (BeginString, the BodyLength
 * placeholder, MsgType onwards), the body's, then the trailer's (`trailer` gets the CheckSum
 * value) — as jspurefix's transmitter writes it: BodyLength zero-padded to `lengthChars`
 * digits and counted from MsgType to the body's last delimiter, CheckSum the wire bytes'
 * sum mod 256. The logged text has `log` after each field, the wire `delimiter`. Undefined
 * when a value holds either delimiter or a character past ASCII (the text could not say
 * where fields end, or jspurefix would write it otherwise), or when it does not fit.
 *
 * Written a character at a time into one scratch buffer: a string built field by field cost
 * as much as jspurefix's encoder did (a concatenation per piece), and a native write per
 * field more.
 */
export function wholeMessage(
  head: BodyFields,
  body: BodyFields,
  lengthChars: number,
  log: number,
  delimiter: number,
  trailer: (checksum: number) => BodyFields | undefined,
): { text: string; wire: Buffer } | undefined {
  if (head.length < 3 || head[0][0] !== 8 || head[1][0] !== 9 || head[2][0] !== 35) return undefined;
  const b = scratch;
  let at = field(b, 0, 8, head[0][1], log, delimiter);
  if (at < 0) return undefined;
  // BodyLength: its digits are written once the body's length is known.
  b[at++] = 57; // '9'
  b[at++] = 61; // '='
  const lengthAt = at;
  at += lengthChars;
  b[at++] = log;
  const from = at;
  for (let i = 2; i < head.length && at >= 0; i++) at = field(b, at, head[i][0], head[i][1], log, delimiter);
  for (let i = 0; i < body.length && at >= 0; i++) at = field(b, at, body[i][0], body[i][1], log, delimiter);
  if (at < 0) return undefined;
  let length = at - from;
  if (length >= 10 ** lengthChars) return undefined;
  for (let i = lengthAt + lengthChars - 1; i >= lengthAt; i--, length = Math.floor(length / 10)) b[i] = 48 + (length % 10);
  // The wire's byte sum: every log delimiter written is one field's (values hold none).
  let sum = 0;
  for (let i = 0; i < at; i++) sum += b[i];
  sum -= (head.length + body.length) * (log - delimiter);
  const tail = trailer(sum % 256);
  if (!tail || tail.length !== 1 || tail[0][0] !== 10) return undefined;
  at = field(b, at, 10, tail[0][1], log, delimiter);
  if (at < 0) return undefined;
  const text = b.toString('latin1', 0, at);
  if (log !== delimiter) for (let i = 0; i < at; i++) if (b[i] === log) b[i] = delimiter;
  const wire = Buffer.allocUnsafe(at);
  b.copy(wire, 0, 0, at);
  return { text, wire };
}

/** Room for one message; a larger one is left to jspurefix. */
const scratch = Buffer.allocUnsafe(64 * 1024);
const TAG_TEXT: string[] = [];

/** Writes `tag=value` and the log delimiter at `at`; the position after it, or -1 (a value the text cannot hold, or no room). */
function field(b: Buffer, at: number, tag: number, value: string, log: number, delimiter: number): number {
  const tagText = (TAG_TEXT[tag] ??= `${tag}=`);
  if (at + tagText.length + value.length + 1 > b.length) return -1;
  for (let i = 0; i < tagText.length; i++) b[at++] = tagText.charCodeAt(i);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7f || c === log || c === delimiter) return -1;
    b[at++] = c;
  }
  b[at++] = log;
  return at;
}

/**
 * The encoder's message as it goes on the wire: its buffer with each field's log delimiter
 * ('|') turned back into the wire's (SOH) — what jspurefix's `AsciiEncoder.trim` returns
 * (encoding.test.ts checks it), from a pooled buffer and without a checked write per field:
 * a fifth of trim's cost.
 */
export function wireCopy(encoder: AsciiEncoder): Buffer {
  // slice() is a view of the encoder's buffer, reused by the next message: copied out.
  const encoded = encoder.buffer.slice();
  const wire = Buffer.allocUnsafe(encoded.length);
  encoded.copy(wire);
  const delimiter = encoder.delimiter;
  if (delimiter !== encoder.logDelimiter) {
    const tags = encoder.tags;
    for (let i = 0; i < tags.nextTagPos; i++) {
      const at = tags.tagPos[i];
      wire[at.start + at.len] = delimiter;
    }
  }
  return wire;
}
