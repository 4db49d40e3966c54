import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../engine/events';
import { toDollars } from '../../engine/instruments';
import { eventsOfRow } from './codec';
import { rowTokens } from './rowCodec';
import { FIX_AUDIT_TYPE, hasFixTraffic, searchFixTraffic } from '../fix/traffic';

/** One journaled event as the audit trail shows it. */
export interface AuditRow {
  seq: number;
  ts: number;
  type: string;
  /** Who caused it: the supervisor or user acting, or the order's owner. */
  actor: string;
  orderIds: string[];
  parentId: string | null;
  summary: string;
  detail: string;
}

export interface AuditQuery {
  orderId?: string;
  parentId?: string;
  user?: string;
  type?: string;
  fromTs?: number;
  toTs?: number;
  /** Page backwards from here (exclusive). */
  beforeSeq?: number;
  limit: number;
}

/**
 * Searches the journal itself — the audit trail is the event log, not a copy.
 * Identifier filters match the JSON text of each event (case-insensitively, as
 * SQL's LIKE did), so every event that names an order, parent or user is found
 * whatever its shape.
 *
 * The journal stores runs of events as one row (formats 2 and 3, db.ts), so
 * a search picks candidate rows in SQL by their text, time and position, then
 * checks each event of those rows on its own, newest first, until the page is full.
 */
export class AuditLog {
  constructor(private readonly db: Database.Database) {}

  search(q: AuditQuery): AuditRow[] {
    // FIX traffic is not journaled (it is not engine state): it has its own log, listed as one more type.
    if (q.type === FIX_AUDIT_TYPE) return searchFixTraffic(this.db, q);
    const where: string[] = [];
    const args: unknown[] = [];
    const patterns: string[][] = [];
    const unquoted = (s: string) => s.replace(/[%_"\\]/g, '');
    const quoted = (s: string) => `"${unquoted(s)}"`;
    // `row` narrows rows in SQL: it must match every event's stored form (an array layout names
    // no fields, only values); `event` alternatives then decide on each event's JSON.
    // A row in bytes (format 4, rowCodec.ts) holds each of its strings once as its own bytes, not
    // quoted: there `bytes` narrows it, case-insensitively as LIKE does (ASCII letters lowered).
    const text = (row: string, bytes: string, ...event: string[]) => {
      where.push("(CASE WHEN typeof(body) = 'blob' THEN instr(lower(body), ?) > 0 ELSE body LIKE ? END)");
      args.push(bytes.replace(/[A-Z]/g, (c) => c.toLowerCase()), `%${row}%`);
      patterns.push(event.map((a) => a.toLowerCase()));
    };
    if (q.orderId) text(quoted(q.orderId), unquoted(q.orderId), quoted(q.orderId));
    if (q.parentId) text(quoted(q.parentId), unquoted(q.parentId), quoted(q.parentId));
    if (q.user) text(JSON.stringify(q.user), q.user, `"owner":${JSON.stringify(q.user)}`, `"by":${JSON.stringify(q.user)}`);
    if (q.type) text(JSON.stringify(q.type), q.type, `"type":${JSON.stringify(q.type)}`);
    if (q.fromTs !== undefined) where.push('ts_to >= ?'), args.push(q.fromTs);
    if (q.toTs !== undefined) where.push('ts_from <= ?'), args.push(q.toTs);
    const page = this.db.prepare(`SELECT seq, body, batch FROM journal WHERE ${[...where, 'seq < ?'].join(' AND ')} ORDER BY seq DESC LIMIT 64`).raw();
    const before = q.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const out: AuditRow[] = [];
    for (let below = before, rows; (rows = page.all(...args, below) as Array<[number, string | Buffer, number]>).length; below = rows[rows.length - 1][0]) {
      for (const [seq, body, batch] of rows) {
        const events: EngineEvent[] = [];
        eventsOfRow(rowTokens(body), seq, batch, (e) => events.push(e));
        for (let i = events.length - 1; i >= 0; i--) {
          const e = events[i];
          if (e.seq >= before || (q.type && e.type !== q.type)) continue;
          if ((q.fromTs !== undefined && e.ts < q.fromTs) || (q.toTs !== undefined && e.ts > q.toTs)) continue;
          if (patterns.length) {
            const json = JSON.stringify(e).toLowerCase();
            if (!patterns.every((alternatives) => alternatives.some((a) => json.includes(a)))) continue;
          }
          out.push(toAuditRow(e));
          if (out.length >= q.limit) return out;
        }
      }
    }
    return out;
  }

  types(): string[] {
    const types = this.db.prepare('SELECT type FROM journal_types ORDER BY type').pluck().all() as string[];
    const fix = hasFixTraffic(this.db);
    return fix ? [...types, FIX_AUDIT_TYPE].sort() : types;
  }
}

const px = (units: number | null | undefined) => (units == null ? 'MKT' : String(toDollars(units)));

const pointText = (p: { impact: number; risk: number; completion: number }) => `impact ${Math.round(p.impact * 100)} % / risk ${Math.round(p.risk * 100)} % / completion ${Math.round(p.completion * 100)} %`;

export function toAuditRow(e: EngineEvent): AuditRow {
  const base = { seq: e.seq, ts: e.ts, type: e.type, detail: JSON.stringify(e) };
  switch (e.type) {
    case 'OrderAccepted':
      return { ...base, actor: e.order.owner, orderIds: [e.order.orderId], parentId: null, summary: `${e.order.source} ${e.order.side} ${e.order.qty} ${e.order.symbol} @ ${px(e.order.limitPx)} ${e.order.urgency} (${e.order.clOrdId}) accepted` };
    case 'OrderRejected':
      return { ...base, actor: e.owner, orderIds: [], parentId: null, summary: `${e.side} ${e.qty} ${e.symbol} (${e.clOrdId}) rejected: ${e.code} — ${e.reason}` };
    case 'OrderCancelled':
      return { ...base, actor: e.by, orderIds: [e.orderId], parentId: null, summary: `cancelled${e.reason ? `: ${e.reason}` : ''}` };
    case 'OrderAmended':
      return { ...base, actor: e.by, orderIds: [e.orderId], parentId: null, summary: `amended to ${e.qty} @ ${px(e.limitPx)}` };
    case 'CancelRejected':
      return { ...base, actor: e.by, orderIds: [e.orderId], parentId: null, summary: `cancel/amend refused: ${e.reason}` };
    case 'ParentCreated':
      return { ...base, actor: 'desk', orderIds: [], parentId: e.parentId, summary: `parent ${e.side} ${e.symbol} created: ${e.reason}` };
    case 'OrderJoinedParent':
      return { ...base, actor: 'desk', orderIds: [e.orderId], parentId: e.parentId, summary: `joined ${e.parentId} with ${e.qty}` };
    case 'InternalCross':
      return { ...base, actor: 'desk', orderIds: [e.buyOrderId, e.sellOrderId], parentId: null, summary: `crossed ${e.qty} ${e.symbol} @ ${px(e.px)} (saved $${(e.spreadSaved + e.feesSaved).toFixed(2)})` };
    case 'ParentCompleted':
      return { ...base, actor: 'desk', orderIds: [], parentId: e.parentId, summary: 'parent completed' };
    case 'VenueStatusChanged':
      return { ...base, actor: e.by, orderIds: [], parentId: null, summary: `venue ${e.venue} → ${e.status}: ${e.reason}` };
    case 'KillSwitchSet':
      return { ...base, actor: e.by, orderIds: [], parentId: null, summary: `kill switch ${e.scope}${e.target ? ` ${e.target}` : ''} ${e.on ? 'ON' : 'off'}: ${e.reason}` };
    case 'RestrictedListChanged':
      return { ...base, actor: e.by, orderIds: [], parentId: null, summary: `${e.symbol} ${e.restricted ? 'restricted' : 'unrestricted'}: ${e.reason}` };
    case 'RiskLimitsChanged':
      return { ...base, actor: e.by, orderIds: [], parentId: null, summary: `risk limits changed: ${e.reason}` };
    case 'BasketReceived':
      return { ...base, actor: e.owner, orderIds: [], parentId: null, summary: `basket "${e.name}" (${e.basketId}) of ${e.lines} lines` };
    case 'CommandRejected':
      return { ...base, actor: e.by, orderIds: [], parentId: null, summary: `${e.command} refused: ${e.reason}` };
    case 'StrategySet':
      return { ...base, actor: e.by, orderIds: [], parentId: e.parentId, summary: `strategy ${e.plan.strategy.toUpperCase()} ${new Date(e.plan.startAt).toISOString().slice(11, 19)}–${new Date(e.plan.endAt).toISOString().slice(11, 19)}, slices ${e.plan.minSlice}–${e.plan.maxSlice}${e.plan.endOfWindow ? `, ${e.plan.endOfWindow} at end` : ''}` };
    case 'TrilemmaSet':
      return { ...base, actor: e.by, orderIds: [], parentId: e.parentId, summary: `trilemma set to ${pointText(e.point)}` };
    case 'OverrideSet':
      return { ...base, actor: e.by, orderIds: [], parentId: e.scope === 'parent' ? e.target : null, summary: `override on ${e.scope} ${e.target}: ${pointText(e.point)} — ${e.reason}` };
    case 'OverrideReleased':
      return { ...base, actor: e.by, orderIds: [], parentId: e.scope === 'parent' ? e.target : null, summary: `override on ${e.scope} ${e.target} released — ${e.reason}` };
    case 'ParentPaused':
      return { ...base, actor: e.by, orderIds: [], parentId: e.parentId, summary: `paused: ${e.reason}` };
    case 'ParentResumed':
      return { ...base, actor: e.by, orderIds: [], parentId: e.parentId, summary: `resumed: ${e.reason}` };
    case 'OrderChangePending':
      return { ...base, actor: e.by, orderIds: [e.orderId], parentId: null, summary: `${e.change} pending until the parent's children are back${e.reason ? `: ${e.reason}` : ''}` };
    case 'ChildPlaced':
      return { ...base, actor: 'desk', orderIds: [], parentId: e.parentId, summary: `child ${e.childId} ${e.side} ${e.qty} ${e.symbol} ${e.kind} @ ${px(e.px)} → ${e.venue} (${e.placement})` };
    case 'ChildAccepted':
      return { ...base, actor: 'venue', orderIds: [], parentId: null, summary: `child ${e.childId} accepted` };
    case 'ChildRejected':
      return { ...base, actor: 'venue', orderIds: [], parentId: null, summary: `child ${e.childId} rejected: ${e.reason}` };
    case 'ChildCancelRequested':
      return { ...base, actor: 'desk', orderIds: [], parentId: null, summary: `child ${e.childId} cancel requested: ${e.reason}` };
    case 'ChildCancelled':
      return { ...base, actor: 'venue', orderIds: [], parentId: null, summary: `child ${e.childId} cancelled (${e.qty} left): ${e.reason}` };
    case 'ChildFilled':
      return { ...base, actor: 'venue', orderIds: [], parentId: e.parentId, summary: `child ${e.childId} filled ${e.qty} @ ${px(e.px)} on ${e.venue} (${e.liquidity}), ${e.leaves} left` };
    case 'Allocated':
      return { ...base, actor: 'desk', orderIds: e.allocations.map((a) => a.orderId), parentId: e.parentId, summary: `fill of ${e.childId} @ ${px(e.px)} allocated: ${e.allocations.map((a) => `${a.orderId} ${a.qty}`).join(', ')}` };
    case 'ScheduleRecalibrated':
      return { ...base, actor: 'desk', orderIds: [], parentId: e.parentId, summary: `${e.action}: ${e.reason}` };
  }
}

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function auditCsv(rows: readonly AuditRow[]): string {
  const head = 'seq,time_utc,type,actor,order_ids,parent_id,summary';
  return [head, ...rows.map((r) => [r.seq, new Date(r.ts).toISOString(), r.type, r.actor, r.orderIds.join(' '), r.parentId ?? '', r.summary].map(csvCell).join(','))].join('\n') + '\n';
}
