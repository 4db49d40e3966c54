'use client';

import { formatNyTime } from '@/components/data/format';
import type { Recalibration } from './types';

const ACTION_LABEL: Record<string, string> = { 'catch-up': 'catch up', 'slow-down': 'slow down', 'on-plan': 'on plan', 'clean-up': 'clean up', stop: 'stop' };

/** Behind (positive) or ahead of plan, in % of the parent, as the log shows it. */
export function behindText(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
  const a = Math.abs(pct);
  if (a < 0.05) return 'on plan';
  return `${a.toFixed(1)}% ${pct > 0 ? 'behind' : 'ahead'}`;
}

/** The strategy's changes of course, newest first: when, what it does now, how far off plan, and why. */
export function RecalibrationLog({ rows }: { rows: Recalibration[] }) {
  return (
    <div className="pd-recal" data-testid="recalibration-log" data-count={rows.length}>
      {rows.length === 0 ? (
        <div className="pd-empty">No changes of course yet.</div>
      ) : (
        <ol className="pd-recal-list">
          {rows.map((r, i) => (
            <li key={`${r.ts}-${i}`} className={`pd-recal-item a-${r.action}`} data-testid="recalibration">
              <span className="pd-recal-t num">{formatNyTime(r.ts)}</span>
              <span className={`pd-action a-${r.action}`}>{ACTION_LABEL[r.action] ?? r.action}</span>
              <span className={`pd-recal-behind num ${r.behindPct > 2 ? 'bad' : r.behindPct < -2 ? 'ahead' : ''}`}>{behindText(r.behindPct)}</span>
              <span className="pd-recal-why">{r.reason}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
