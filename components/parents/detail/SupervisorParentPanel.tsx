'use client';

import { useEffect, useId, useState } from 'react';
import { useTRPCClient } from '@/components/data/client';
import type { ParentRow } from '@/server/desk';
import { presetOf, toPoint, URGENCIES, URGENCY_LABEL, type UrgencyName, type Weights } from './trilemmaMath';
import { useVerdict, VerdictLine } from './verdict';

type Choice = UrgencyName | 'point';

/**
 * Supervisor only (the server checks regardless): override this parent's point
 * with an urgency preset or the triangle's point, release the override in force
 * (whatever its scope), pause, resume or cancel the parent. Every action needs a
 * reason, journaled with it.
 */
export function SupervisorParentPanel({ row, point, onChanged }: { row: ParentRow; point: Weights | null; onChanged: () => void }) {
  const client = useTRPCClient();
  const { verdict, busy, run, clear } = useVerdict(onChanged);
  const [reason, setReason] = useState('');
  const [choice, setChoice] = useState<Choice>('high');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const reasonId = useId();
  const why = reason.trim();
  const working = row.status === 'working';
  const o = row.override;
  const pointPreset = presetOf(point);

  useEffect(() => {
    if (!confirmCancel) return;
    const t = setTimeout(() => setConfirmCancel(false), 6_000);
    return () => clearTimeout(t);
  }, [confirmCancel]);

  const act = async (call: () => Promise<{ changed: true } | { changed: false; reason: string }>, ok: string) => {
    if (await run(call, ok)) setReason('');
  };
  const override = () => {
    const target = { scope: 'parent' as const, target: row.parentId, reason: why };
    const input = choice === 'point' ? { ...target, point: toPoint(point!) } : { ...target, urgency: choice };
    const label = choice === 'point' ? `${point!.impact}/${point!.risk}/${point!.completion}` : URGENCY_LABEL[choice];
    void act(() => client.parents.override.mutate(input), `overridden: ${label}`);
  };
  const release = () => o && void act(() => client.parents.releaseOverride.mutate({ scope: o.scope as 'parent' | 'trader' | 'desk', target: o.target, reason: why }), 'override released');
  const pause = () => void act(() => client.parents.pause.mutate({ parentId: row.parentId, reason: why }), 'paused');
  const resume = () => void act(() => client.parents.resume.mutate({ parentId: row.parentId, reason: why }), 'resumed');
  const cancel = () => {
    if (!confirmCancel) return setConfirmCancel(true);
    setConfirmCancel(false);
    void act(() => client.parents.cancel.mutate({ parentId: row.parentId, reason: why }), 'cancel sent');
  };

  const needReason = !why;
  return (
    <section className="pd-panel pd-super" data-testid="supervisor-panel" aria-label="Supervisor controls">
      <div className="panel-head">
        <h2 className="panel-title">Supervisor</h2>
        <span className="panel-meta">every action journaled with its reason</span>
      </div>
      <div className="pd-super-body">
        <div className="pd-field">
          <label htmlFor={reasonId}>Reason (required)</label>
          <input
            id={reasonId}
            data-testid="supervisor-reason"
            value={reason}
            maxLength={200}
            placeholder="why — e.g. news pending, client call"
            onChange={(e) => {
              setReason(e.target.value);
              if (verdict?.kind === 'error') clear();
            }}
          />
        </div>

        <div className="pd-super-row">
          <span className="pd-super-label">Override</span>
          <div className="pd-seg pd-seg-sm" role="radiogroup" aria-label="Override with">
            {URGENCIES.map((u) => (
              <button
                key={u}
                type="button"
                role="radio"
                aria-checked={choice === u}
                className={`pd-seg-btn ${choice === u ? 'on' : ''}`}
                data-testid={`override-choice-${u}`}
                onClick={() => setChoice(u)}
              >
                {URGENCY_LABEL[u]}
              </button>
            ))}
            <button
              type="button"
              role="radio"
              aria-checked={choice === 'point'}
              className={`pd-seg-btn ${choice === 'point' ? 'on' : ''}`}
              data-testid="override-choice-point"
              disabled={!point}
              title="The point on the triangle above"
              onClick={() => setChoice('point')}
            >
              {point ? (pointPreset ? `▲ ${URGENCY_LABEL[pointPreset]}` : `▲ ${point.impact}/${point.risk}/${point.completion}`) : '▲ point'}
            </button>
          </div>
        </div>
        <div className="pd-super-actions">
          <button type="button" className="btn pd-btn-warn" data-testid="override-apply" disabled={busy || needReason} onClick={override} title={needReason ? 'Give a reason first' : undefined}>
            {o?.scope === 'parent' ? 'Replace override' : 'Override parent'}
          </button>
          <button type="button" className="btn" data-testid="override-release" disabled={busy || needReason || !o} onClick={release} title={o ? `Release the ${o.scope} override on ${o.target}` : 'No override in force'}>
            {o && o.scope !== 'parent' ? `Release ${o.scope} override` : 'Release override'}
          </button>
        </div>

        <div className="pd-super-row">
          <span className="pd-super-label">Parent</span>
          <div className="pd-super-actions">
            {row.paused ? (
              <button type="button" className="btn pd-btn-ok" data-testid="parent-resume" disabled={busy || needReason || !working} onClick={resume}>
                Resume
              </button>
            ) : (
              <button type="button" className="btn" data-testid="parent-pause" disabled={busy || needReason || !working} onClick={pause}>
                Pause
              </button>
            )}
            <button
              type="button"
              className={`btn pd-btn-danger ${confirmCancel ? 'armed' : ''}`}
              data-testid="parent-cancel"
              disabled={busy || needReason || !working}
              onClick={cancel}
              title="Cancels every open constituent order"
            >
              {confirmCancel ? 'Confirm cancel parent' : 'Cancel parent…'}
            </button>
          </div>
        </div>
        <div className="pd-actions">
          <VerdictLine verdict={verdict} testId="supervisor-verdict" onDismiss={clear} />
        </div>
      </div>
    </section>
  );
}
