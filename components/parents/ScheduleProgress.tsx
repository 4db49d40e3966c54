import type { ParentRow } from '@/server/desk';
import { formatQty } from '@/components/data/format';
import './parents.css';

/** Behind plan by more than this (% of the parent) shows amber: the strategy's own tolerance is 2 %. */
export const BEHIND_PCT = 2;
/** … and by more than this, red. */
export const LATE_PCT = 10;

export type PaceTone = 'ok' | 'behind' | 'late';

export function paceOf(r: Pick<ParentRow, 'behindPct' | 'status'>): PaceTone {
  if (r.status !== 'working' || r.behindPct === null) return 'ok';
  return r.behindPct > LATE_PCT ? 'late' : r.behindPct > BEHIND_PCT ? 'behind' : 'ok';
}

/**
 * Progress against schedule, as shares of the parent's quantity: crossed
 * internally (blue), filled on the market (green), in flight at venues now
 * (hatched) and the rest remaining (the bare track); a tick where the plan wants
 * it by now, amber or red when behind. Used by the Parents blotter and the
 * parent detail page.
 */
export function ScheduleProgress({ row: r, large }: { row: ParentRow; large?: boolean }) {
  const done = r.crossed + r.filled;
  const pct = r.qty > 0 ? Math.round(Math.min(1, done / r.qty) * 100) : r.status === 'completed' ? 100 : 0;
  const w = (n: number) => `${r.qty > 0 ? Math.min(100, (n / r.qty) * 100) : 0}%`;
  // In flight is part of what is open; it never exceeds it, but a row between updates might.
  const inFlight = Math.max(0, Math.min(r.inFlight ?? 0, r.qty - r.crossed - r.filled));
  const remaining = Math.max(0, r.qty - r.crossed - r.filled - inFlight);
  const planned = r.planned !== null && r.qty > 0 && r.status === 'working' ? Math.min(100, (r.planned / r.qty) * 100) : null;
  const tone = paceOf(r);
  const pace =
    r.behindPct === null || r.status !== 'working'
      ? ''
      : ` · plan ${formatQty(r.planned)} · ${Math.abs(r.behindPct) < 0.05 ? 'on plan' : `${Math.abs(r.behindPct).toFixed(1)}% ${r.behindPct > 0 ? 'behind' : 'ahead'}`}`;
  return (
    <span
      className={`pr-progress pace-${tone} ${large ? 'large' : ''}`}
      data-testid="parent-progress"
      data-pct={pct}
      data-planned-pct={planned === null ? '' : Math.round(planned)}
      data-pace={tone}
      data-qty={r.qty}
      data-crossed={r.crossed}
      data-filled={r.filled}
      data-inflight={inFlight}
      role="meter"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-label={`${r.parentId} ${pct}% done`}
      title={`crossed ${formatQty(r.crossed)} · filled ${formatQty(r.filled)} · in flight ${formatQty(inFlight)} · remaining ${formatQty(remaining)} of ${formatQty(r.qty)}${pace}`}
    >
      <span className="pr-progress-track">
        <i className="pr-progress-crossed" data-testid="progress-crossed" style={{ width: w(r.crossed) }} />
        <i className="pr-progress-filled" data-testid="progress-filled" style={{ width: w(r.filled) }} />
        <i className="pr-progress-inflight" data-testid="progress-inflight" style={{ width: w(inFlight) }} />
        {planned !== null ? <b className="pr-progress-plan" style={{ left: `${planned}%` }} aria-hidden="true" /> : null}
      </span>
      <span className="pr-progress-pct num">{pct}%</span>
    </span>
  );
}
