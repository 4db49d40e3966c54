import type { EngineEvent } from '../../engine/events';
import type { StoredToken } from './codec';

/**
 * Format 4 (db.ts): a journal row's body as bytes (a BLOB) instead of JSON text.
 *
 * The tokens are format 3's exactly (codec.ts: a time, a batch mark, an event in its
 * array layout or as an object) — `readRow` gives back the very array `JSON.parse` gave
 * for a format-3 row, so replay and the audit read both the same way. What changes is
 * how they are written: straight from the events into one reused buffer, no array per
 * event and no JSON.stringify of the row, which were most of the journal's own cost on
 * the intake path; and a row names each repeated string (an owner, a desk, a symbol, a
 * side, an event type) once and then by its number, which makes an intake row a little over half
 * of its JSON — fewer bytes to insert and to write to the WAL.
 *
 * A body opens with its format byte (4). Each value is a tag byte and what follows it:
 *
 *   NULL · FALSE · TRUE
 *   UINT  varint             a whole number 0 … 2^53
 *   NEG   varint             minus that whole number
 *   F64   8 bytes LE         any other finite number (a non-finite one is NULL, as JSON writes it)
 *   STR   varint, bytes      a string: the varint is its byte length × 2, + 1 when UTF-8 (else Latin-1, i.e. ASCII here)
 *   KEY   the same as STR    a string that this row numbers (0, 1, … in order of appearance)
 *   REF   varint             the string KEY numbered so
 *   ARRAY varint, values     an array of that many values
 *   JSON  as STR             an object, as JSON text (events without an array layout, rare on the hot path)
 *
 * Every string of a row appears in it once as its bytes (KEY or STR, or inside JSON), so the
 * audit's search still narrows rows in SQL by looking for those bytes (audit.ts).
 */
export const FORMAT_4 = 4;

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const UINT = 3;
const NEG = 4;
const F64 = 5;
const STR = 6;
const KEY = 7;
const REF = 8;
const ARRAY = 9;
const JSON_TEXT = 10;

/**
 * Writes one row at a time into a buffer it keeps: `begin`, then times, batch marks and
 * events in order, then `bytes` — valid until the next `begin` (the journal binds it to its
 * insert at once; SQLite copies it).
 */
export class RowWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = 0;
  /** The row's numbered strings. */
  private readonly keys = new Map<string, number>();

  begin(): void {
    this.at = 0;
    this.keys.clear();
    this.buf[this.at++] = FORMAT_4;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** The time of the events after it. */
  time(ts: number): void {
    this.room(10);
    this.number(ts);
  }

  /** A batch starts at the next event: null when numbered by that event's seq, else `[batch]`. */
  batchMark(batch: number | null): void {
    this.room(12);
    if (batch === null) this.buf[this.at++] = NULL;
    else (this.buf[this.at++] = ARRAY), this.varint(1), this.number(batch);
  }

  /**
   * One event as codec.ts's `encodeBody` has it (the layouts' order is the same; rowCodec.test.ts
   * holds the two together, field by field). Strings that repeat from order to order (and parent ids) are numbered; order and cross ids are not.
   */
  event(e: EngineEvent): void {
    switch (e.type) {
      case 'OrderAccepted': {
        const o = e.order;
        this.array(16);
        this.key(e.type);
        this.value(o.orderId);
        this.value(o.clOrdId);
        this.key(o.owner);
        this.key(o.desk);
        this.key(o.source);
        this.key(o.symbol);
        this.key(o.side);
        this.value(o.qty);
        this.value(o.limitPx);
        this.key(o.urgency);
        this.key(o.basketId);
        this.value(o.notional);
        this.value(o.createdAt);
        this.value(o.pendingChange);
        this.value(o.arrivalPx);
        return;
      }
      case 'OrderJoinedParent':
        this.array(4);
        this.key(e.type);
        this.value(e.orderId);
        this.key(e.parentId);
        this.value(e.qty);
        return;
      case 'InternalCross':
        this.array(9);
        this.key(e.type);
        this.value(e.crossId);
        this.key(e.symbol);
        this.value(e.qty);
        this.value(e.px);
        this.value(e.buyOrderId);
        this.value(e.sellOrderId);
        this.value(e.spreadSaved);
        this.value(e.feesSaved);
        return;
      default:
        this.value(e);
    }
  }

  private array(n: number): void {
    this.room(6);
    this.buf[this.at++] = ARRAY;
    this.varint(n);
  }

  /** A value likely to repeat within the row: numbered the first time, named by number after. */
  private key(v: unknown): void {
    if (typeof v !== 'string') return this.value(v);
    const no = this.keys.get(v);
    if (no === undefined) {
      this.keys.set(v, this.keys.size);
      this.string(KEY, v);
    } else {
      this.room(6);
      this.buf[this.at++] = REF;
      this.varint(no);
    }
  }

  /** Any value, as JSON would keep it: undefined and non-finite numbers are null. */
  private value(v: unknown): void {
    this.room(10);
    if (typeof v === 'number') this.number(v);
    else if (typeof v === 'string') this.string(STR, v);
    else if (v === undefined || v === null) this.buf[this.at++] = NULL;
    else if (typeof v === 'boolean') this.buf[this.at++] = v ? TRUE : FALSE;
    else if (Array.isArray(v)) {
      this.array(v.length);
      for (const x of v) this.value(x);
    } else this.string(JSON_TEXT, JSON.stringify(v));
  }

  /** Room for 10 bytes is made by the caller. */
  private number(v: number): void {
    const b = this.buf;
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      // Quantities, prices in units, counts (and -0, written as 0, as JSON writes it): 32-bit arithmetic.
      b[this.at++] = UINT;
      let at = this.at;
      while (v >= 0x80) (b[at++] = (v & 0x7f) | 0x80), (v >>>= 7);
      b[at++] = v;
      this.at = at;
    } else if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
      b[this.at++] = v < 0 ? NEG : UINT;
      this.varint(v < 0 ? -v : v);
    } else if (Number.isFinite(v)) {
      b[this.at++] = F64;
      this.at = b.writeDoubleLE(v, this.at);
    } else b[this.at++] = NULL;
  }

  /** A whole number 0 … 2^53, seven bits a byte, low first; room made by the caller (at most 8 bytes). */
  private varint(v: number): void {
    const b = this.buf;
    let at = this.at;
    while (v >= 0x80) {
      b[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[at++] = v;
    this.at = at;
  }

  private string(tag: number, s: string): void {
    const n = s.length;
    this.room(3 * n + 10);
    const b = this.buf;
    const start = this.at;
    b[this.at++] = tag;
    this.varint(2 * n);
    // ASCII (nearly every string here) byte by byte; anything else as UTF-8, rewritten.
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.at = start + 1;
        const bytes = Buffer.byteLength(s, 'utf8');
        this.varint(2 * bytes + 1);
        this.at += b.write(s, this.at, 'utf8');
        return;
      }
      b[at++] = c;
    }
    this.at = at;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + n));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}

/** A format-4 body back to its tokens: the array `JSON.parse` gives for the same row in format 3. */
export function readRow(body: Uint8Array): StoredToken[] {
  const r = new RowReader(body);
  if (body[0] !== FORMAT_4) throw new Error(`a journal row in an unknown binary format (${body[0]})`);
  r.at = 1;
  const tokens: StoredToken[] = [];
  while (r.at < body.length) tokens.push(r.value() as StoredToken);
  return tokens;
}

/** A row's body as its tokens, whichever format wrote it: JSON text (formats 2 and 3) or bytes (format 4). */
export function rowTokens(body: string | Uint8Array): unknown[] {
  return typeof body === 'string' ? (JSON.parse(body) as unknown[]) : readRow(body);
}

class RowReader {
  at = 0;
  private readonly keys: string[] = [];
  private readonly buf: Buffer;

  constructor(body: Uint8Array) {
    this.buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  value(): unknown {
    const tag = this.buf[this.at++];
    switch (tag) {
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case UINT:
        return this.varint();
      case NEG:
        return -this.varint();
      case F64: {
        const v = this.buf.readDoubleLE(this.at);
        this.at += 8;
        return v;
      }
      case STR:
        return this.string();
      case KEY: {
        const s = this.string();
        this.keys.push(s);
        return s;
      }
      case REF: {
        const s = this.keys[this.varint()];
        if (s === undefined) throw new Error('a journal row names a string it has not written');
        return s;
      }
      case ARRAY: {
        const n = this.varint();
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = this.value();
        return a;
      }
      case JSON_TEXT:
        return JSON.parse(this.string());
      default:
        throw new Error(`a journal row holds an unknown tag ${tag} at byte ${this.at - 1}`);
    }
  }

  private varint(): number {
    const b = this.buf;
    let v = 0;
    let scale = 1;
    for (;;) {
      const x = b[this.at++];
      if (x === undefined) throw new Error('a journal row ends inside a number');
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 0x80;
    }
  }

  private string(): string {
    const len = this.varint();
    const bytes = Math.floor(len / 2);
    const from = this.at;
    this.at += bytes;
    if (this.at > this.buf.length) throw new Error('a journal row ends inside a string');
    return this.buf.toString(len % 2 ? 'utf8' : 'latin1', from, this.at);
  }
}
