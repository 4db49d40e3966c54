import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

export type Scorecard = inferRouterOutputs<AppRouter>['routing']['scorecard'];
export type VenueScoreRow = Scorecard['venues'][number];

/** Basis points with a sign and one decimal, and shares 0..1 as "62.5%": as everywhere on the desk. */
export { formatBps, formatPct } from '@/components/data/format';

/** Engine milliseconds, readable: "0.84 ms", "312 ms", "4.2 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** Shares filled of shares sent over the day, from the per-minute history. */
export function fillRate(v: VenueScoreRow): number | null {
  let sent = 0;
  let filled = 0;
  for (const m of v.history) (sent += m.sentQty), (filled += m.filledQty);
  return sent ? filled / sent : null;
}

/** Shares sent there over the day. */
export const sentQty = (v: VenueScoreRow) => v.history.reduce((n, m) => n + m.sentQty, 0);
