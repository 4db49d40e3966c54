import type Database from 'better-sqlite3';
import type { AuditQuery, AuditRow } from '../store/audit';
import type { FixWrites, TrafficMessage } from './store';

/** Every FIX message in and out, garbled input and refused logons (fix_messages, db.ts). */
export type Direction = 'in' | 'out' | 'garbled' | 'refused';

export interface TrafficEntry {
  /** The counterparty's CompID, or the remote address when it never said who it is. */
  counterparty: string;
  /** The desk user it acts as (orders sessions), else the CompID: the audit trail's "user". */
  actor: string;
  direction: Direction;
  msgType?: string;
  msgSeq?: number;
  /** The session store's epoch (outbound messages: what a ResendRequest may replay). */
  epoch?: number;
  possDup?: boolean;
  orderId?: string;
  /** Outbound application messages: the message object as sent, for resends. */
  body?: string;
  /** The message as on the wire with SOH shown as |, or why it was dropped or refused. */
  text: string;
}

export interface StoredOutbound {
  seq: number;
  msgType: string;
  at: number;
  body: string | null;
}

/** The audit trail's event type for FIX traffic (audit.ts lists it beside the journal's). */
export const FIX_AUDIT_TYPE = 'FIX';

const MSG_NAMES: Record<string, string> = {
  '0': 'Heartbeat',
  '1': 'TestRequest',
  '2': 'ResendRequest',
  '3': 'Reject',
  '4': 'SequenceReset',
  '5': 'Logout',
  A: 'Logon',
  D: 'NewOrderSingle',
  F: 'OrderCancelRequest',
  G: 'OrderCancelReplaceRequest',
  '8': 'ExecutionReport',
  '9': 'OrderCancelReject',
  j: 'BusinessMessageReject',
};

export class FixTraffic {
  private readonly outboundRows: Database.Statement;
  private readonly outboundBlocks: Database.Statement;

  constructor(
    private readonly writes: FixWrites,
    /** Engine time, so FIX rows sit on the audit trail's time axis. */
    private readonly engineNow: () => number,
  ) {
    // The first copy of each number: a PossDup resend of it is logged too, but is not the original.
    this.outboundRows = writes.db.prepare(
      `SELECT msg_seq AS seq, msg_type AS msgType, MIN(at) AS at, body FROM fix_message_rows
       WHERE direction = 'out' AND counterparty = ? AND epoch = ? AND poss_dup = 0 AND msg_seq BETWEEN ? AND ?
       GROUP BY msg_seq ORDER BY msg_seq`,
    );
    this.outboundBlocks = writes.db.prepare('SELECT body FROM fix_traffic WHERE counterparty = ? AND epoch = ? AND out_to >= ? AND out_from <= ? ORDER BY id').pluck();
  }

  /** Logged with the turn's other FIX writes (store.ts). */
  record(e: TrafficEntry): void {
    this.writes.addTraffic(e.counterparty, e.actor, [Date.now(), this.engineNow(), e.direction, e.msgType ?? null, e.msgSeq ?? null, e.epoch ?? null, e.possDup ? 1 : 0, e.orderId ?? null, e.body ?? null, e.text]);
  }

  /** What we sent a counterparty in this epoch, numbers from..to: the source of a resend. */
  sent(counterparty: string, epoch: number, from: number, to: number): StoredOutbound[] {
    this.writes.flush();
    const first = new Map<number, StoredOutbound>();
    const keep = (s: StoredOutbound) => {
      const had = first.get(s.seq);
      if (!had || s.at < had.at) first.set(s.seq, s);
    };
    for (const s of this.outboundRows.all(counterparty, epoch, from, to) as StoredOutbound[]) keep(s);
    for (const body of this.outboundBlocks.all(counterparty, epoch, from, to) as string[])
      for (const m of JSON.parse(body) as TrafficMessage[]) {
        const seq = m[4];
        if (m[2] === 'out' && m[5] === epoch && !m[6] && seq !== null && seq >= from && seq <= to) keep({ seq, msgType: m[3] ?? '', at: m[0], body: m[8] === null ? null : bodyInText(m[8], m[9]) });
      }
    return [...first.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Commits pending rows (tests and the audit page read the table). */
  flush(): void {
    this.writes.flush();
  }
}

/** A FIX message as the audit trail reads it, from a block or a row of the older layout. */
interface TrafficRecord {
  id: number;
  at: number;
  ts: number;
  counterparty: string;
  actor: string;
  direction: Direction;
  msg_type: string | null;
  msg_seq: number | null;
  poss_dup: number;
  order_id: string | null;
  text: string;
}

/** True when any FIX traffic is logged (the audit page then lists the type). */
export function hasFixTraffic(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM fix_traffic LIMIT 1').get() !== undefined || db.prepare('SELECT 1 FROM fix_message_rows LIMIT 1').get() !== undefined;
}

/**
 * A templated body is logged as where it sits in its message's logged text: `=` and the offset of its
 * first field (the body runs to the trailer, "10=nnn|"), written only when its values are ASCII
 * without '|' (session.ts), so the text holds them as they were and its '|' after each field is
 * exactly its SOH. Anything else is logged as
 * its own copy (session.ts `serialize`). Checked here: the trailer where it should be, and the first
 * field where the body's length says; undefined when the text is not as expected.
 */
export function bodyInTextMark(text: string, bodyLength: number, firstTag: number): string | undefined {
  const end = text.length - TRAILER_LENGTH;
  const start = end - bodyLength;
  if (start <= 0 || text.charCodeAt(start - 1) !== PIPE || !text.startsWith('|10=', end - 1) || text.charCodeAt(text.length - 1) !== PIPE) return undefined;
  return text.startsWith(`${firstTag}=`, start) ? `=${start}` : undefined;
}

/** A logged body as its fields in FIX's form (session.ts `deserialize` reads it); a mark is read from the text. */
export function bodyInText(body: string, text: string): string {
  if (body.charCodeAt(0) !== EQUALS) return body;
  return text.slice(Number(body.slice(1)), text.length - TRAILER_LENGTH).replaceAll('|', '\x01');
}

/** "10=nnn|": CheckSum is always three digits. */
const TRAILER_LENGTH = 7;
const PIPE = 124;
const EQUALS = 61;

/** A tag's value in a logged message ("…|35=D|…"), or undefined. */
export function tagIn(text: string, tag: number): string | undefined {
  // Every logged message is read for a few tags: their search strings are made once.
  const key = (TAG_KEYS[tag] ??= `|${tag}=`);
  let from: number;
  // The first field has no '|' before it.
  if (text.startsWith((TAG_HEADS[tag] ??= `${tag}=`))) from = key.length - 1;
  else {
    const at = text.indexOf(key);
    if (at < 0) return undefined;
    from = at + key.length;
  }
  const end = text.indexOf('|', from);
  return text.slice(from, end < 0 ? undefined : end);
}

const TAG_KEYS: string[] = [];
const TAG_HEADS: string[] = [];

/**
 * FIX traffic as audit rows, newest first, a page at a time (`beforeSeq` pages by
 * the row's own number, which is what `seq` holds for these rows). Filters: an
 * order id matches OrderID (37) or the text; a user matches the acting desk user
 * or the CompID; the time window is engine time, like the journal's.
 */
export function searchFixTraffic(db: Database.Database, q: AuditQuery): AuditRow[] {
  if (q.parentId) return [];
  const before = q.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  // As SQL's LIKE matched it: case-insensitively, without LIKE's wildcards.
  const orderText = q.orderId ? `=${q.orderId.replace(/[%_]/g, '')}|`.toLowerCase() : undefined;
  const rows = [...blockMessages(db, q, before, orderText), ...olderRows(db, q, before)].sort((a, b) => b.id - a.id).slice(0, q.limit);
  return rows.map((r) => {
    const name = r.msg_type ? (MSG_NAMES[r.msg_type] ?? `35=${r.msg_type}`) : '';
    const clOrdId = tagIn(r.text, 11);
    const what =
      r.direction === 'garbled'
        ? `garbled input from ${r.counterparty} ignored: ${r.text.split('\n')[0]}`
        : r.direction === 'refused'
          ? `connection from ${r.counterparty} refused: ${r.text}`
          : `${r.direction === 'in' ? `${r.counterparty} → desk` : `desk → ${r.counterparty}`} ${name} #${r.msg_seq ?? '?'}${r.poss_dup ? ' (PossDup)' : ''}${clOrdId ? ` ClOrdID ${clOrdId}` : ''}${tagIn(r.text, 58) ? `: ${tagIn(r.text, 58)}` : ''}`;
    return {
      seq: r.id,
      ts: r.ts,
      type: FIX_AUDIT_TYPE,
      actor: r.actor,
      orderIds: r.order_id ? [r.order_id] : [],
      parentId: null,
      summary: what,
      detail: JSON.stringify({ direction: r.direction, counterparty: r.counterparty, msgType: r.msg_type, msgSeqNum: r.msg_seq, possDup: !!r.poss_dup, wallTime: new Date(r.at).toISOString(), message: r.text }),
    };
  });
}

/** Messages of fix_traffic blocks that pass the query, newest first, up to its limit. */
function blockMessages(db: Database.Database, q: AuditQuery, before: number, orderText: string | undefined): TrafficRecord[] {
  const where: string[] = ['id < ?'];
  const args: unknown[] = [];
  // Blocks are picked in SQL by what all their messages share, or by their text; each message then decides.
  if (q.orderId) {
    // Either alternative a message may match by: its OrderID, or its text (the id without LIKE's wildcards).
    where.push("(body LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')");
    args.push(containing(q.orderId), containing(q.orderId.replace(/[%_]/g, '')));
  }
  if (q.user) where.push('(actor = ? OR counterparty = ?)'), args.push(q.user, q.user);
  if (q.fromTs !== undefined) where.push('ts_to >= ?'), args.push(q.fromTs);
  if (q.toTs !== undefined) where.push('ts_from <= ?'), args.push(q.toTs);
  const page = db.prepare(`SELECT id, counterparty, actor, body FROM fix_traffic WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT 64`).raw();
  const out: TrafficRecord[] = [];
  for (let below = before, blocks; (blocks = page.all(below, ...args) as Array<[number, string, string, string]>).length; below = blocks[blocks.length - 1][0]) {
    for (const [first, counterparty, actor, body] of blocks) {
      const messages = JSON.parse(body) as TrafficMessage[];
      for (let i = messages.length - 1; i >= 0; i--) {
        const [at, ts, direction, msgType, msgSeq, , possDup, orderId, , text] = messages[i];
        const id = first + i;
        if (id >= before || (q.fromTs !== undefined && ts < q.fromTs) || (q.toTs !== undefined && ts > q.toTs)) continue;
        if (q.orderId && orderId !== q.orderId && !text.toLowerCase().includes(orderText!)) continue;
        out.push({ id, at, ts, counterparty, actor, direction: direction as Direction, msg_type: msgType, msg_seq: msgSeq, poss_dup: possDup, order_id: orderId, text });
        if (out.length >= q.limit) return out;
      }
    }
  }
  return out;
}

/** Rows of the one-row-a-message layout (written before blocks) that pass the query. */
function olderRows(db: Database.Database, q: AuditQuery, before: number): TrafficRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.orderId) where.push('(order_id = ? OR text LIKE ?)'), args.push(q.orderId, `%=${q.orderId.replace(/[%_]/g, '')}|%`);
  if (q.user) where.push('(actor = ? OR counterparty = ?)'), args.push(q.user, q.user);
  if (q.fromTs !== undefined) where.push('ts >= ?'), args.push(q.fromTs);
  if (q.toTs !== undefined) where.push('ts <= ?'), args.push(q.toTs);
  where.push('id < ?');
  args.push(before);
  return db.prepare(`SELECT * FROM fix_message_rows WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, q.limit) as TrafficRecord[];
}

/** A LIKE pattern for a string anywhere in a block's JSON (as JSON writes it, wildcards escaped). */
const containing = (s: string) => `%${JSON.stringify(s).slice(1, -1).replace(/[\\%_]/g, '\\$&')}%`;
