import type { Notice } from '@/server/trpc/notices';
import { formatAvgPrice, formatQty } from '../data/format';

export type ToastKind = 'fill' | 'reject' | 'override';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body: string;
  /** A single order's side colours the title. */
  side?: 'buy' | 'sell';
  /** Wall ms it was last added to, and when it goes. */
  at: number;
  until: number;
  /** What a summary toast has gathered, so a burst keeps adding to one toast. */
  fills?: { count: number; orders: Set<string>; shares: number; symbols: Set<string>; last: Extract<Notice, { kind: 'fill' }> };
  rejects?: { count: number; codes: Map<string, number>; first: Extract<Notice, { kind: 'reject' }> };
}

/** How long each kind stays; a reject or an override says more and stays longer. */
export const TOAST_MS: Record<ToastKind, number> = { fill: 5_000, reject: 10_000, override: 10_000 };
/** Notices within this long of a toast of their kind join it rather than stack up another. */
export const JOIN_MS = 2_000;
/** At most this many toasts on screen; the oldest goes first. */
export const MAX_TOASTS = 4;

let nextId = 1;

const plural = (n: number, one: string, many = `${one}s`) => `${formatQty(n)} ${n === 1 ? one : many}`;
const SIDE = (s: string) => (s === 'buy' ? 'BUY' : s === 'sell' ? 'SELL' : s.toUpperCase());

function fillText(t: Toast): void {
  const f = t.fills!;
  if (f.count === 1 && f.orders.size === 1) {
    const n = f.last;
    t.title = `${SIDE(n.side)} ${formatQty(n.qty)} ${n.symbol} @ ${formatAvgPrice(n.px)}`;
    t.body = `Filled · ${n.orderId} · ${formatQty(n.filledQty)} of ${formatQty(n.orderQty)} done`;
    t.side = n.side;
  } else {
    const syms = [...f.symbols];
    t.title = `${plural(f.count, 'fill')} on ${plural(f.orders.size, 'order')}`;
    t.body = `${formatQty(f.shares)} sh · ${syms.slice(0, 4).join(', ')}${syms.length > 4 ? ` +${syms.length - 4}` : ''}`;
    t.side = f.orders.size === 1 ? f.last.side : undefined;
  }
}

function rejectText(t: Toast): void {
  const r = t.rejects!;
  if (r.count === 1) {
    const n = r.first;
    t.title = `Rejected: ${SIDE(n.side)} ${formatQty(n.qty)} ${n.symbol}`;
    t.body = `${n.code} — ${n.reason}`;
    t.side = n.side === 'buy' || n.side === 'sell' ? n.side : undefined;
  } else {
    t.title = `${plural(r.count, 'order')} rejected`;
    t.body = `${[...r.codes].map(([c, n]) => `${c} ×${n}`).join(' · ')} — ${r.first.reason}`;
    t.side = undefined;
  }
}

const VERB = { set: 'overrode', released: 'released the override on', paused: 'paused', resumed: 'resumed' } as const;

function overrideText(n: Extract<Notice, { kind: 'override' }>): { title: string; body: string } {
  const what = n.scope === 'parent' ? n.target : n.scope === 'trader' ? 'all your parents' : `every parent of desk ${n.target}`;
  return { title: `${n.by} ${VERB[n.action as keyof typeof VERB]} ${what}`, body: `Supervisor · ${n.reason}` };
}

/**
 * Adds one message of notices to the toasts on screen: fills and rejects join
 * a recent toast of their kind ("12 fills on 7 orders") instead of stacking up,
 * each override gets its own. Returns the new list, newest last.
 */
export function addNotices(toasts: Toast[], notices: Notice[], now: number): Toast[] {
  const out = toasts.map((t) => ({ ...t }));
  const recent = (kind: ToastKind) => out.findLast((t) => t.kind === kind && now - t.at <= JOIN_MS && t.until > now);
  for (const n of notices) {
    if (n.kind === 'fill') {
      let t = recent('fill');
      if (!t) out.push((t = { id: nextId++, kind: 'fill', title: '', body: '', at: now, until: 0, fills: { count: 0, orders: new Set(), shares: 0, symbols: new Set(), last: n } }));
      const f = (t.fills = { ...t.fills!, orders: new Set(t.fills!.orders), symbols: new Set(t.fills!.symbols) });
      f.count += n.fills;
      f.orders.add(n.orderId);
      f.symbols.add(n.symbol);
      f.shares += n.qty;
      f.last = n;
      t.at = now;
      t.until = now + TOAST_MS.fill;
      fillText(t);
    } else if (n.kind === 'reject') {
      let t = recent('reject');
      if (!t) out.push((t = { id: nextId++, kind: 'reject', title: '', body: '', at: now, until: 0, rejects: { count: 0, codes: new Map(), first: n } }));
      const r = (t.rejects = { ...t.rejects!, codes: new Map(t.rejects!.codes) });
      r.count++;
      r.codes.set(n.code, (r.codes.get(n.code) ?? 0) + 1);
      t.at = now;
      t.until = now + TOAST_MS.reject;
      rejectText(t);
    } else {
      out.push({ id: nextId++, kind: 'override', ...overrideText(n), at: now, until: now + TOAST_MS.override });
    }
  }
  return out.slice(-MAX_TOASTS);
}

/** The toasts still due at `now` (a hovered toast is kept by its caller). */
export const expire = (toasts: Toast[], now: number, keep?: number) => toasts.filter((t) => t.until > now || t.id === keep);
