import 'reflect-metadata';
import type { ILooseObject, MsgTransmitter } from 'jspurefix';
import { AsciiEncoder } from 'jspurefix/dist/buffer/ascii';
import type { IContainedSet } from 'jspurefix/dist/dictionary/contained';

/**
 * A fast path for the message the desk sends most: the ExecutionReport.
 *
 * jspurefix encodes a message object generically — for every key, a dictionary
 * lookup, a sort by position, a dispatch on the field's type — which cost about as
 * much as the engine's whole handling of an order. An ExecutionReport object here
 * (mapping.ts builds it) has a fixed layout, so its body is written from a template:
 * the same fields, in the dictionary's order, formatted exactly as jspurefix formats
 * them (encoding.test.ts checks it byte for byte against jspurefix's own encoder).
 *
 * Only the body: the message still goes through jspurefix's transmitter, which
 * writes the header (MsgSeqNum, SendingTime, PossDup on a resend), BodyLength,
 * CheckSum and trailer, and keeps the session's sequence numbers. An object the
 * template cannot write exactly — a key it does not know, a number it would not
 * format as jspurefix does — is left to jspurefix whole.
 */

/** Marks a message body already written as FIX fields, in order: (tag, value as on the wire). */
export const FIELDS = Symbol('fix body fields');
export type BodyFields = ReadonlyArray<readonly [number, string]>;

export type Kind = 'string' | 'int' | 'float' | 'utc';
/**
 * The ExecutionReport fields the desk sends, in the QuickFIX FIX 4.4 dictionary's
 * order (components inline: Instrument → Symbol, OrderQtyData → OrderQty).
 */
const EXECUTION_REPORT: ReadonlyArray<readonly [tag: number, name: string, kind: Kind, component?: string]> = [
  [37, 'OrderID', 'string'],
  [11, 'ClOrdID', 'string'],
  [41, 'OrigClOrdID', 'string'],
  [17, 'ExecID', 'string'],
  [150, 'ExecType', 'string'],
  [39, 'OrdStatus', 'string'],
  [103, 'OrdRejReason', 'int'],
  [378, 'ExecRestatementReason', 'int'],
  [1, 'Account', 'string'],
  [55, 'Symbol', 'string', 'Instrument'],
  [54, 'Side', 'string'],
  [38, 'OrderQty', 'float', 'OrderQtyData'],
  [40, 'OrdType', 'string'],
  [44, 'Price', 'float'],
  [32, 'LastQty', 'float'],
  [31, 'LastPx', 'float'],
  [30, 'LastMkt', 'string'],
  [151, 'LeavesQty', 'float'],
  [14, 'CumQty', 'float'],
  [6, 'AvgPx', 'float'],
  [60, 'TransactTime', 'utc'],
  [58, 'Text', 'string'],
];
const KNOWN = new Set(EXECUTION_REPORT.map(([, name, , component]) => component ?? name));
const COMPONENT_KEYS: Record<string, string> = { Instrument: 'Symbol', OrderQtyData: 'OrderQty' };

/** The body of an ExecutionReport object as FIX fields, or undefined when jspurefix must encode it. */
export function executionReportFields(er: Record<string, unknown>): BodyFields | undefined {
  for (const key in er) {
    if (!KNOWN.has(key)) return undefined;
    const inner = COMPONENT_KEYS[key];
    if (inner !== undefined) {
      const c = er[key];
      if (c === null || typeof c !== 'object') return undefined;
      for (const k in c) if (k !== inner) return undefined;
    }
  }
  const fields: Array<readonly [number, string]> = [];
  for (const [tag, name, kind, component] of EXECUTION_REPORT) {
    const v = component === undefined ? er[name] : (er[component] as Record<string, unknown> | undefined)?.[name];
    // jspurefix leaves out null, undefined and empty strings.
    if (v === undefined || v === null || v === '') continue;
    const text = format(v, kind);
    if (text === undefined) return undefined;
    fields.push([tag, text]);
  }
  return fields;
}

/**
 * One field of a body being written straight to fields (mapping.ts `executionReportBody`):
 * skipped as jspurefix skips it, else formatted as `executionReportFields` would. False when
 * the value cannot be templated (the caller then leaves the whole report to jspurefix).
 */
export function addField(fields: Array<readonly [number, string]>, tag: number, kind: Kind, v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  const text = kind === 'utc' && typeof v === 'number' ? utcTimestampOf(v) : format(v, kind);
  if (text === undefined) return false;
  fields.push([tag, text]);
  return true;
}

function format(v: unknown, kind: Kind): string | undefined {
  // jspurefix writes any string as it is, whatever the field's type.
  if (typeof v === 'string') return v;
  if (kind === 'utc') return v instanceof Date ? utcTimestamp(v) : undefined;
  if (typeof v !== 'number') return undefined;
  if (kind === 'int') return Number.isSafeInteger(v) ? String(v) : undefined;
  if (kind === 'float') return decimal(v);
  return undefined;
}

/**
 * A number as jspurefix's ElasticBuffer.writeNumber writes it: whole numbers as
 * digits, others in fixed notation. Ordinary numbers only (safe integers, or
 * fractions whose shortest form has no exponent); anything else goes to jspurefix.
 */
function decimal(v: number): string | undefined {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e15) return undefined;
  const fraction = Math.round((v - Math.floor(v)) * 1e13) / 1e13;
  if (fraction === 0) return Number.isInteger(v) ? String(v) : undefined;
  const s = String(v);
  return s.includes('e') ? undefined : s;
}

const FIRST_4_DIGIT_YEAR = Date.UTC(1000, 0, 1);
const FIRST_5_DIGIT_YEAR = Date.UTC(10000, 0, 1);

/**
 * A timestamp as text, remembering the last one written. Two of them: a report's
 * TransactTime (the engine time its commit shares) and a header's SendingTime (the
 * millisecond a turn's sends share) alternate message by message, and one memory for
 * both would miss every time.
 */
class UtcTimestamps {
  private lastTime = Number.NaN;
  private lastText = '';

  /** YYYYMMDD-HH:MM:SS.sss, as jspurefix's TimeFormatter writes a UTCTimestamp, for a time in ms. */
  of(t: number): string | undefined {
    if (t === this.lastTime) return this.lastText;
    // Four-digit years, where toISOString and jspurefix agree.
    if (!(t >= FIRST_4_DIGIT_YEAR && t < FIRST_5_DIGIT_YEAR)) return undefined;
    const iso = new Date(t).toISOString();
    this.lastTime = t;
    this.lastText = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
    return this.lastText;
  }
}
const bodyTimes = new UtcTimestamps();
const headerTimes = new UtcTimestamps();

/** A body's UTCTimestamp field (a Date). */
function utcTimestamp(d: Date): string | undefined {
  return bodyTimes.of(d.getTime());
}

/** The same for a time in ms (what `new Date(t)` would be written as). */
function utcTimestampOf(t: number): string | undefined {
  return bodyTimes.of(t);
}

const HEADER_KEYS = new Set(['BeginString', 'BodyLength', 'MsgType', 'SenderCompID', 'TargetCompID', 'MsgSeqNum', 'SendingTime']);

/**
 * The header jspurefix's session factory makes for an ordinary send — BeginString,
 * BodyLength (its placeholder), MsgType, SenderCompID, TargetCompID, MsgSeqNum,
 * SendingTime — as fields in the QuickFIX FIX 4.4 dictionary's order, formatted as
 * jspurefix formats them. Anything else (a resend's PossDupFlag and OrigSendingTime, sub
 * ids, an odd value): undefined, and jspurefix encodes the header.
 */
export function headerFields(h: Record<string, unknown>): BodyFields | undefined {
  for (const key in h) if (!HEADER_KEYS.has(key) && h[key] !== undefined && h[key] !== null && h[key] !== '') return undefined;
  const { BeginString, BodyLength, MsgType, SenderCompID, TargetCompID, MsgSeqNum, SendingTime } = h;
  if (!nonEmpty(BeginString) || !nonEmpty(MsgType) || !nonEmpty(SenderCompID) || !nonEmpty(TargetCompID)) return undefined;
  if (!Number.isSafeInteger(BodyLength) || !Number.isSafeInteger(MsgSeqNum) || !(SendingTime instanceof Date)) return undefined;
  const time = headerTimes.of(SendingTime.getTime());
  if (time === undefined) return undefined;
  return [
    [8, BeginString],
    [9, String(BodyLength)],
    [35, MsgType],
    [49, SenderCompID],
    [56, TargetCompID],
    [34, String(MsgSeqNum)],
    [52, time],
  ];
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The trailer jspurefix's session factory makes — CheckSum alone, three digits — as its field;
 * anything else: undefined, and jspurefix encodes it.
 */
export function trailerFields(t: Record<string, unknown>): BodyFields | undefined {
  for (const key in t) if (key !== 'CheckSum' && t[key] !== undefined && t[key] !== null && t[key] !== '') return undefined;
  const sum = t.CheckSum;
  if (typeof sum !== 'string' || sum.length !== 3 || !isDigit(sum, 0) || !isDigit(sum, 1) || !isDigit(sum, 2)) return undefined;
  return [[10, sum]];
}

const isDigit = (s: string, i: number) => s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/**
 * jspurefix's ASCII encoder, but a body marked with FIELDS, an ordinary header and an ordinary
 * trailer are written as fields (with the same delimiter bookkeeping, so the checksum and the
 * logged text come out as jspurefix's own). Other headers and trailers and unmarked bodies:
 * jspurefix's code.
 */
class BodyFieldsEncoder extends AsciiEncoder {
  override encodeSet(objectToEncode: ILooseObject, set: IContainedSet): void {
    const body = objectToEncode[FIELDS as unknown as string] as BodyFields | undefined;
    const header = !body && set.name === 'StandardHeader';
    const fields = body ?? (header ? headerFields(objectToEncode) : set.name === 'StandardTrailer' ? trailerFields(objectToEncode) : undefined);
    if (!fields) return super.encodeSet(objectToEncode, set);
    // The set's fields as one string, written once: a Buffer.write per tag and per value cost more
    // than the rest of the set's encoding. jspurefix writes a string a char a byte ('ascii'), so
    // each field's place in the buffer follows from the lengths before it.
    const buffer = this.buffer;
    const base = buffer.getPos();
    const delimiter = String.fromCharCode(this.logDelimiter);
    let text = '';
    for (const [tag, value] of fields) {
      const pos = base + text.length;
      const t = String(tag);
      text += `${t}=${value}${delimiter}`;
      // As jspurefix's writeDelimiter: the log delimiter now, the wire's at trim().
      this.tags.store(pos + t.length + 1, value.length, tag);
      // Where the transmitter patches BodyLength in, and counts it from (as encodeSimple records them).
      if (header && tag === 9) this.bodyLengthPos = pos + 2;
      else if (header && tag === 35) this.msgTypePos = pos;
    }
    buffer.writeString(text);
  }
}

/** Lets a session's transmitter send bodies marked with FIELDS (everything else it encodes as before). */
export function acceptBodyFields(transmitter: MsgTransmitter): void {
  const current = transmitter.encoder as AsciiEncoder;
  const encoder = new BodyFieldsEncoder(current.buffer, current.definitions, current.timeFormatter, current.delimiter, current.logDelimiter);
  encoder.onUnknownField = current.onUnknownField;
  transmitter.encoder = encoder;
}
