/** New York wall-clock helpers for the parent detail page. Engine times are epoch ms of engine (virtual) time. */

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

function parts(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const x of nyParts.formatToParts(ms)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** New York's offset from UTC at an instant, ms (negative: behind UTC). */
function nyOffset(ms: number): number {
  const p = parts(ms);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of "HH:MM" or "HH:MM:SS" New York time on the New York day of
 * `dayOf` (epoch ms). Undefined for anything that is not a time of day.
 */
export function nyTimeOnDay(dayOf: number, text: string): number | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const p = parts(dayOf);
  const wall = Date.UTC(p.y, p.mo - 1, p.d, h, mi, s);
  // Twice: the first guess may sit on the other side of a DST change.
  let t = wall - nyOffset(wall);
  t = wall - nyOffset(t);
  return t;
}

/** A duration as the desk reads it: 45s, 12m 05s, 2h 10m. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const neg = ms < 0;
  let s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
  return neg ? `−${out}` : out;
}
