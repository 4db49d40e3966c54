/**
 * The audit page's search as it lives in the URL (?orderId=&parentId=&user=&type=&from=&to=),
 * and its translation to the server's filter (engine ms epoch for the time window).
 * Times are New York wall-clock HH:MM[:SS] on the engine's date.
 */

export interface AuditSearch {
  orderId: string;
  parentId: string;
  user: string;
  type: string;
  /** NY time "HH:MM" or "HH:MM:SS", or "" for open-ended. */
  from: string;
  to: string;
}

/** The server filter the search becomes (the same fields audit.search and the CSV export take). */
export interface AuditFilter {
  orderId?: string;
  parentId?: string;
  user?: string;
  type?: string;
  fromTs?: number;
  toTs?: number;
}

export const EMPTY_SEARCH: AuditSearch = { orderId: '', parentId: '', user: '', type: '', from: '', to: '' };
const KEYS = Object.keys(EMPTY_SEARCH) as (keyof AuditSearch)[];

export function searchFromParams(params: { get(name: string): string | null }): AuditSearch {
  const s = { ...EMPTY_SEARCH };
  for (const k of KEYS) s[k] = (params.get(k) ?? '').trim();
  return s;
}

/** Query string of a search, empty fields left out (so a blank search is a bare /audit). */
export function searchToQuery(s: AuditSearch): string {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const v = s[k].trim();
    if (v) q.set(k, v);
  }
  return q.toString();
}

export const isBlank = (s: AuditSearch) => KEYS.every((k) => !s[k].trim());

/** "9:35", "09:35", "09:35:20" → [h, m, s]; null if it is not a time of day. */
export function parseHhMm(text: string): [number, number, number] | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return null;
  return [h, mi, s];
}

const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function partsOf(ms: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of nyParts.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The New York calendar date of an instant, "YYYY-MM-DD". */
export function nyDate(ms: number): string {
  const p = partsOf(ms);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** How far New York wall-clock time is ahead of UTC at an instant (negative: behind). */
function nyOffsetMs(ms: number): number {
  const p = partsOf(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** Epoch ms of a New York wall-clock time on a New York date ("YYYY-MM-DD"). */
export function nyWallToEpoch(date: string, h: number, m: number, s: number): number {
  const [y, mo, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, m, s);
  const first = guess - nyOffsetMs(guess);
  // Near a DST switch the offset at the answer can differ from the offset at the guess.
  const second = guess - nyOffsetMs(first);
  return second;
}

export type FilterResult = { ok: true; filter: AuditFilter; needsDate: boolean } | { ok: false; field: 'from' | 'to'; message: string };

/**
 * The server filter for a search. "from" is inclusive from the start of its
 * minute (or second); "to" is inclusive to the end of it, so 10:05 includes 10:05:59.999.
 * Without the engine date yet, a time window cannot be placed: needsDate says so.
 */
export function toFilter(s: AuditSearch, engineDate: string | null): FilterResult {
  const f: AuditFilter = {};
  if (s.orderId.trim()) f.orderId = s.orderId.trim();
  if (s.parentId.trim()) f.parentId = s.parentId.trim();
  if (s.user.trim()) f.user = s.user.trim();
  if (s.type.trim()) f.type = s.type.trim();
  let needsDate = false;
  for (const which of ['from', 'to'] as const) {
    const text = s[which].trim();
    if (!text) continue;
    const t = parseHhMm(text);
    if (!t) return { ok: false, field: which, message: `${which === 'from' ? 'From' : 'To'} must be a New York time, HH:MM or HH:MM:SS` };
    if (!engineDate) {
      needsDate = true;
      continue;
    }
    const at = nyWallToEpoch(engineDate, ...t);
    if (which === 'from') f.fromTs = at;
    else f.toTs = at + (/:\d{2}:\d{2}$/.test(text) ? 999 : 59_999);
  }
  if (f.fromTs !== undefined && f.toTs !== undefined && f.fromTs > f.toTs) return { ok: false, field: 'to', message: 'To is before From' };
  return { ok: true, filter: f, needsDate };
}

/** /api/audit/export.csv with the same filters. */
export function exportHref(f: AuditFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return `/api/audit/export.csv${qs ? `?${qs}` : ''}`;
}

export type Family = 'order' | 'parent' | 'cross' | 'risk' | 'venue' | 'other';

const FAMILIES: Record<string, Family> = {
  OrderAccepted: 'order',
  OrderRejected: 'order',
  OrderCancelled: 'order',
  OrderAmended: 'order',
  CancelRejected: 'order',
  BasketReceived: 'order',
  ParentCreated: 'parent',
  OrderJoinedParent: 'parent',
  ParentCompleted: 'parent',
  InternalCross: 'cross',
  KillSwitchSet: 'risk',
  RestrictedListChanged: 'risk',
  RiskLimitsChanged: 'risk',
  CommandRejected: 'risk',
  VenueStatusChanged: 'venue',
};

/** Which family an event type belongs to, for its colour; new types are placed by name. */
export function familyOf(type: string): Family {
  const known = FAMILIES[type];
  if (known) return known;
  if (/Parent/.test(type)) return 'parent';
  if (/Cross/.test(type)) return 'cross';
  if (/Venue/.test(type)) return 'venue';
  if (/Kill|Risk|Restrict|Limit|Command/.test(type)) return 'risk';
  if (/Order|Cancel|Basket|Fill/.test(type)) return 'order';
  return 'other';
}

/** A refusal of some kind: drawn with a red edge whatever its family. */
export const isRefusal = (type: string) => /Rejected$/.test(type);

const msPad = (n: number) => String(((n % 1000) + 1000) % 1000).padStart(3, '0');

/** HH:MM:SS.mmm in New York. */
export function formatNyTimeMs(ms: number): string {
  const p = partsOf(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${msPad(ms)}`;
}
