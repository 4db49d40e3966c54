import type Database from 'better-sqlite3';
import type { AuditQuery, AuditRow } from '../store/audit';
import type { FixWrites } from './store';

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
  private readonly outbound: Database.Statement;

  constructor(
    private readonly writes: FixWrites,
    /** Engine time, so FIX rows sit on the audit trail's time axis. */
    private readonly engineNow: () => number,
  ) {
    // The first copy of each number: a PossDup resend of it is logged too, but is not the original.
    this.outbound = writes.db.prepare(
      `SELECT msg_seq AS seq, msg_type AS msgType, MIN(at) AS at, body FROM fix_messages
       WHERE direction = 'out' AND counterparty = ? AND epoch = ? AND poss_dup = 0 AND msg_seq BETWEEN ? AND ?
       GROUP BY msg_seq ORDER BY msg_seq`,
    );
  }

  /** Logged with the turn's other FIX writes (store.ts). */
  record(e: TrafficEntry): void {
    this.writes.addTraffic([Date.now(), this.engineNow(), e.counterparty, e.actor, e.direction, e.msgType ?? null, e.msgSeq ?? null, e.epoch ?? null, e.possDup ? 1 : 0, e.orderId ?? null, e.body ?? null, e.text]);
  }

  /** What we sent a counterparty in this epoch, numbers from..to: the source of a resend. */
  sent(counterparty: string, epoch: number, from: number, to: number): StoredOutbound[] {
    this.writes.flush();
    return this.outbound.all(counterparty, epoch, from, to) as StoredOutbound[];
  }

  /** Commits pending rows (tests and the audit page read the table). */
  flush(): void {
    this.writes.flush();
  }
}

/** A tag's value in a logged message ("…|35=D|…"), or undefined. */
export function tagIn(text: string, tag: number): string | undefined {
  const key = `|${tag}=`;
  const at = text.startsWith(`${tag}=`) ? 0 : text.indexOf(key);
  if (at < 0) return undefined;
  const from = at === 0 ? `${tag}=`.length : at + key.length;
  const end = text.indexOf('|', from);
  return text.slice(from, end < 0 ? undefined : end);
}

/**
 * FIX traffic as audit rows, newest first, a page at a time (`beforeSeq` pages by
 * the row's own number, which is what `seq` holds for these rows). Filters: an
 * order id matches OrderID (37) or the text; a user matches the acting desk user
 * or the CompID; the time window is engine time, like the journal's.
 */
export function searchFixTraffic(db: Database.Database, q: AuditQuery): AuditRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.orderId) where.push('(order_id = ? OR text LIKE ?)'), args.push(q.orderId, `%=${q.orderId.replace(/[%_]/g, '')}|%`);
  if (q.user) where.push('(actor = ? OR counterparty = ?)'), args.push(q.user, q.user);
  if (q.parentId) return [];
  if (q.fromTs !== undefined) where.push('ts >= ?'), args.push(q.fromTs);
  if (q.toTs !== undefined) where.push('ts <= ?'), args.push(q.toTs);
  where.push('id < ?');
  args.push(q.beforeSeq ?? Number.MAX_SAFE_INTEGER);
  const rows = db.prepare(`SELECT * FROM fix_messages WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, q.limit) as Array<{
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
  }>;
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
