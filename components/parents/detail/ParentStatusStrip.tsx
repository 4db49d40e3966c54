'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { LOGIC_LABEL, LOGIC_TITLE, routingWhy } from '@/components/routing/routingLabels';
import { formatNyTime, formatQty } from '@/components/data/format';
import { formatPx } from '@/components/market/marketFormat';
import type { ParentRow } from '@/server/desk';
import { paceOf, ScheduleProgress } from '../ScheduleProgress';
import { behindText } from './RecalibrationLog';
import { STRATEGY_LABEL, STRATEGY_TITLE, type StrategyName } from './StrategyPicker';
import { formatSpan } from './time';
import type { Plan } from './types';

function Cell({ label, children, className, testId, title }: { label: string; children: ReactNode; className?: string; testId?: string; title?: string }) {
  return (
    <div className={`pd-stat ${className ?? ''}`} title={title}>
      <span className="pd-stat-label">{label}</span>
      <span className="pd-stat-value" data-testid={testId}>
        {children}
      </span>
    </div>
  );
}

/**
 * The parent at a glance: strategy, window, progress against schedule, how far
 * behind or ahead, the strategy's last change of course, what is at venues,
 * the average fill, and the badges (paused, pending changes).
 */
export function ParentStatusStrip({ row, plan, now, tick, autoEnd }: { row: ParentRow; plan: Plan | null; now: number; tick: number; autoEnd?: 'finish' | 'leave' }) {
  const strategy = row.strategy as StrategyName | null;
  const done = row.crossed + row.filled;
  const tone = paceOf(row);
  const endMode = plan?.endOfWindow ?? autoEnd;
  const left = row.endAt !== null ? row.endAt - now : null;
  return (
    <div className="pd-strip" data-testid="parent-status" data-pace={tone} data-behind={row.behindPct ?? ''}>
      <Cell label="Strategy" className="pd-stat-strategy" testId="status-strategy" title={strategy ? STRATEGY_TITLE[strategy] : undefined}>
        {strategy ? STRATEGY_LABEL[strategy] ?? strategy : '—'}
        {endMode ? <span className="pd-stat-sub"> · {endMode}</span> : null}
      </Cell>
      <Cell label="Routing" className="pd-stat-routing" testId="status-routing" title={row.routing ? `${LOGIC_TITLE[row.routing.logic]} — ${routingWhy(row.routing, row.point)}` : undefined}>
        {row.routing ? (
          <>
            {LOGIC_LABEL[row.routing.logic]}
            <span className="pd-stat-sub"> · {row.routing.chosenBy === 'plan' ? 'set' : 'trilemma'}</span>
            <Link href={`/routing?parent=${encodeURIComponent(row.parentId)}`} className="pd-stat-link" data-testid="status-routing-map" title="Where its children are: the venue map on the Routing page">
              map →
            </Link>
          </>
        ) : (
          '—'
        )}
      </Cell>
      <Cell label="Window (NY)" testId="status-window">
        {row.startAt !== null ? (
          <>
            {formatNyTime(row.startAt)} → {formatNyTime(row.endAt)}
            <span className="pd-stat-sub"> · {left !== null && left > 0 ? `${formatSpan(left)} left` : 'ended'}</span>
          </>
        ) : (
          '—'
        )}
      </Cell>
      <Cell label="Done vs planned" className="pd-stat-progress" testId="status-progress">
        <ScheduleProgress row={row} large />
        <span className="pd-stat-sub num" data-testid="status-done">
          {formatQty(done)} / {formatQty(row.qty)}
          {row.planned !== null && row.status === 'working' ? <> · plan {formatQty(row.planned)}</> : null}
        </span>
      </Cell>
      <Cell label="Schedule" className={`pd-stat-pace pace-${tone}`} testId="status-behind">
        {row.status === 'completed' ? 'complete' : behindText(row.behindPct)}
      </Cell>
      <Cell label="Last action" className="pd-stat-action" testId="status-action" title={row.actionReason ?? undefined}>
        {row.action ? <span className={`pd-action a-${row.action}`}>{row.action.replace('-', ' ')}</span> : <span className="muted">—</span>}
        <span className="pd-stat-reason">{row.actionReason ?? ''}</span>
      </Cell>
      <Cell label="In flight" testId="status-inflight" title="Shares at venues now">
        <span className="num">{formatQty(row.inFlight)}</span>
      </Cell>
      <Cell label="Avg price" testId="status-avg" title="Average market fill price">
        <span className="num">{row.avgPrice === null ? '—' : formatPx(row.avgPrice, tick)}</span>
        {row.filled ? <span className="pd-stat-sub num"> · {formatQty(row.filled)} filled</span> : null}
      </Cell>
      <div className="pd-badges">
        {row.paused ? (
          <span className="pr-badge paused" data-testid="badge-paused" title={`Paused by ${row.paused.by}: ${row.paused.reason}`}>
            paused
          </span>
        ) : null}
        {row.pending ? (
          <span className="pr-badge pending" data-testid="badge-pending" title="Constituents with a cancel or amend waiting for children to come back">
            {row.pending} pending
          </span>
        ) : null}
        {row.override ? (
          <span className="pr-badge ovr" data-testid="badge-override">
            override
          </span>
        ) : null}
      </div>
    </div>
  );
}
