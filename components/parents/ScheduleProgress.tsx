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
 * Progress against schedule: crossed (blue) and filled (green) of the parent's
 * quantity, a tick where the plan wants it to be by now, amber or red when
 * behind. Used by the Parents blotter and the parent detail page.
 */
export function ScheduleProgress({ row: r, large }: { row: ParentRow; large?: boolean }) {
  const done = r.crossed + r.filled;
  const pct = r.qty > 0 ? Math.round(Math.min(1, done / r.qty) * 100) : r.status === 'completed' ? 100 : 0;
  const w = (n: number) => `${r.qty > 0 ? Math.min(100, (n / r.qty) * 100) : 0}%`;
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
      title={`crossed ${formatQty(r.crossed)} · filled ${formatQty(r.filled)} · open ${formatQty(r.open)} of ${formatQty(r.qty)}${pace}`}
    >
      <span className="pr-progress-track">
        <i className="pr-progress-crossed" style={{ width: w(r.crossed) }} />
        <i className="pr-progress-filled" style={{ width: w(r.filled) }} />
        {planned !== null ? <b className="pr-progress-plan" style={{ left: `${planned}%` }} aria-hidden="true" /> : null}
      </span>
      <span className="pr-progress-pct num">{pct}%</span>
    </span>
  );
}
