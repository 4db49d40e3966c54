'use client';

import { useId, type FormEvent, type ReactNode } from 'react';
import type { ParentRow } from '@/server/desk';
import { formatNyTime } from '@/components/data/format';
import { LOGIC_LABEL, LOGIC_TITLE, ROUTING_LOGICS, routingWhy, type RoutingLogic } from '@/components/routing/routingLabels';
import { formatSpan, nyTimeOnDay } from './time';
import type { Plan, Verdict } from './types';
import { VerdictLine } from './verdict';

export type StrategyName = Plan['strategy'];

export const STRATEGY_LABEL: Record<StrategyName, string> = { twap: 'TWAP', vwap: 'VWAP', pov: 'POV', is: 'IS' };
export const STRATEGY_TITLE: Record<StrategyName, string> = {
  twap: 'Time-weighted: equal slices over the window',
  vwap: 'Volume-weighted: slices follow the intraday volume profile',
  pov: 'Percent of volume: a share of what prints, until done',
  is: 'Implementation shortfall (Almgren–Chriss): front-loaded by urgency',
};
const STRATEGIES: StrategyName[] = ['twap', 'vwap', 'pov', 'is'];

/** The router's logic as the picker offers it: one of the three, or the trilemma's choice. */
export type RoutingChoice = RoutingLogic | 'auto';
const ROUTING_CHOICES: RoutingChoice[] = ['auto', ...ROUTING_LOGICS];
const CHOICE_LABEL: Record<RoutingChoice, string> = { auto: 'Trilemma', sequential: 'Sequential', parallel: 'Parallel', seeking: 'Seeking' };

/** What the trader has typed and not applied yet; unset fields show the live plan. */
export interface StrategyDraft {
  strategy?: StrategyName;
  end?: string;
  minSlice?: string;
  maxSlice?: string;
  endOfWindow?: 'finish' | 'leave';
  povRate?: string;
  routing?: RoutingChoice;
}

export interface StrategyChange {
  strategy?: StrategyName;
  endAt?: number;
  minSlice?: number;
  maxSlice?: number;
  endOfWindow?: 'finish' | 'leave';
  povRate?: number;
  /** null: back to the trilemma's choice. */
  routing?: RoutingLogic | null;
}

const MINUTE = 60_000;

/** The plan's fields as the form shows them. */
function shown(plan: Plan) {
  return {
    strategy: plan.strategy,
    end: formatNyTime(plan.endAt),
    minSlice: String(plan.minSlice),
    maxSlice: String(plan.maxSlice),
    endOfWindow: plan.endOfWindow,
    povRate: plan.povRate === undefined ? '' : String(Math.round(plan.povRate * 1000) / 10),
    routing: (plan.routing ?? 'auto') as RoutingChoice,
  };
}

/**
 * The draft against the live plan: only what differs is sent; a field the
 * browser can tell is wrong says why (the engine judges the rest).
 */
export function strategyChange(plan: Plan, draft: StrategyDraft, now: number): { change: StrategyChange; errors: Partial<Record<keyof StrategyDraft, string>> } {
  const cur = shown(plan);
  const change: StrategyChange = {};
  const errors: Partial<Record<keyof StrategyDraft, string>> = {};
  if (draft.strategy && draft.strategy !== plan.strategy) change.strategy = draft.strategy;
  if (draft.end !== undefined && draft.end.trim() !== cur.end) {
    const t = nyTimeOnDay(now, draft.end);
    if (t === undefined) errors.end = 'HH:MM:SS, New York';
    else if (t !== plan.endAt) change.endAt = t;
  }
  for (const k of ['minSlice', 'maxSlice'] as const) {
    const text = draft[k];
    if (text === undefined || text.trim() === cur[k]) continue;
    const v = Number(text.replace(/,/g, ''));
    if (!Number.isInteger(v) || v <= 0) errors[k] = 'whole shares';
    else if (v !== plan[k]) change[k] = v;
  }
  if (draft.endOfWindow && draft.endOfWindow !== plan.endOfWindow) change.endOfWindow = draft.endOfWindow;
  if (draft.routing && draft.routing !== cur.routing) change.routing = draft.routing === 'auto' ? null : draft.routing;
  if (draft.povRate !== undefined && draft.povRate.trim() !== cur.povRate) {
    const v = Number(draft.povRate);
    if (draft.povRate.trim() === '' || !(v > 0 && v < 100)) errors.povRate = '0–100 %';
    else if (plan.povRate === undefined || Math.abs(v / 100 - plan.povRate) > 1e-9) change.povRate = Math.round(v * 10) / 1000;
  }
  return { change, errors };
}

function Field({ label, children, error, className, hint }: { label: string; children: (id: string) => ReactNode; error?: string; className?: string; hint?: string }) {
  const id = useId();
  return (
    <div className={`pd-field ${className ?? ''} ${error ? 'bad' : ''}`}>
      <label htmlFor={id} title={hint}>
        {label}
        {error ? <span className="pd-field-err"> · {error}</span> : null}
      </label>
      {children(id)}
    </div>
  );
}

/**
 * How the parent is worked: strategy, the end of its window (New York time),
 * child sizes, what happens to a residual at the end, and for POV the target
 * share of volume. Apply sends what changed to parents.setStrategy.
 */
export function StrategyPicker({
  plan,
  now,
  close,
  autoEnd,
  routing,
  point,
  draft,
  onDraft,
  canEdit,
  readOnlyNote,
  busy,
  verdict,
  onDismiss,
  onApply,
}: {
  plan: Plan | null;
  now: number;
  /** Last minute the window may run to, engine time. */
  close: number | undefined;
  /** What the trilemma decides at the end of the window when the plan does not say. */
  autoEnd: 'finish' | 'leave' | undefined;
  /** The router's logic in force and what chose it; the trilemma point that explains it. */
  routing: ParentRow['routing'];
  point: ParentRow['point'];
  draft: StrategyDraft;
  onDraft: (d: StrategyDraft) => void;
  canEdit: boolean;
  readOnlyNote?: string;
  busy: boolean;
  verdict: Verdict | null;
  onDismiss: () => void;
  onApply: (c: StrategyChange) => void;
}) {
  if (!plan) {
    return (
      <section className="pd-panel pd-strategy" data-testid="strategy-picker" aria-label="Strategy">
        <div className="panel-head">
          <h2 className="panel-title">Strategy</h2>
        </div>
        <div className="pd-empty">No plan: this parent is not worked on the market.</div>
      </section>
    );
  }
  const cur = shown(plan);
  const v = { ...cur, ...Object.fromEntries(Object.entries(draft).filter(([, x]) => x !== undefined)) } as typeof cur;
  const { change, errors } = strategyChange(plan, draft, now);
  const dirty = Object.keys(change).length > 0;
  const invalid = Object.keys(errors).length > 0;
  const set = (patch: StrategyDraft) => onDraft({ ...draft, ...patch });
  const endIn = (ms: number) => set({ end: formatNyTime(close !== undefined ? Math.min(ms, close) : ms) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty && !invalid && !busy) onApply(change);
  };
  const remaining = plan.endAt - now;

  return (
    <section className="pd-panel pd-strategy" data-testid="strategy-picker" aria-label="Strategy" data-strategy={plan.strategy} data-dirty={dirty ? 'true' : 'false'}>
      <div className="panel-head">
        <h2 className="panel-title">Strategy</h2>
        <span className="panel-meta" title={STRATEGY_TITLE[plan.strategy]}>
          now <b className="pr-fig">{STRATEGY_LABEL[plan.strategy]}</b> to {formatNyTime(plan.endAt)}
          {remaining > 0 ? ` · ${formatSpan(remaining)} left` : ' · window over'}
        </span>
      </div>
      <form className="pd-strat-form" onSubmit={submit}>
        <fieldset disabled={!canEdit} className="pd-strat-fields">
          <div className="pd-seg" role="radiogroup" aria-label="Strategy">
            {STRATEGIES.map((s) => (
              <button
                key={s}
                type="button"
                role="radio"
                aria-checked={v.strategy === s}
                className={`pd-seg-btn ${v.strategy === s ? 'on' : ''} ${plan.strategy === s ? 'live' : ''}`}
                data-testid={`strategy-${s}`}
                title={STRATEGY_TITLE[s]}
                onClick={() => set({ strategy: s })}
              >
                {STRATEGY_LABEL[s]}
              </button>
            ))}
          </div>
          <div className="pd-routing" data-testid="routing-picker" data-logic={routing?.logic ?? ''} data-chosen-by={routing?.chosenBy ?? ''}>
            <div className="pd-routing-head">
              <span className="pd-routing-label">Routing</span>
              {routing ? (
                <span className="pd-routing-now" data-testid="routing-in-force" title={LOGIC_TITLE[routing.logic]}>
                  <b>{LOGIC_LABEL[routing.logic]}</b> · {routing.chosenBy === 'plan' ? 'chosen on this parent' : 'chosen by the trilemma'}
                </span>
              ) : null}
            </div>
            <div className="pd-seg pd-seg-sm" role="radiogroup" aria-label="Routing logic">
              {ROUTING_CHOICES.map((c) => (
                <button
                  key={c}
                  type="button"
                  role="radio"
                  aria-checked={v.routing === c}
                  className={`pd-seg-btn ${v.routing === c ? 'on' : ''} ${cur.routing === c ? 'live' : ''}`}
                  data-testid={`routing-${c}`}
                  title={c === 'auto' ? `Let the trilemma point choose${routing?.chosenBy === 'trilemma' ? ` (now ${LOGIC_LABEL[routing.logic]})` : ''}` : `${LOGIC_LABEL[c]}: ${LOGIC_TITLE[c]}`}
                  onClick={() => set({ routing: c })}
                >
                  {CHOICE_LABEL[c]}
                </button>
              ))}
            </div>
            {routing ? <p className="pd-routing-why">{routingWhy(routing, point)}</p> : null}
          </div>
          <div className="pd-strat-grid">
            <Field label="Window end (NY)" error={errors.end} className="pd-f-end" hint="New York time, HH:MM:SS">
              {(id) => (
                <input id={id} data-testid="strategy-end" value={v.end} placeholder="HH:MM:SS" spellCheck={false} autoComplete="off" onChange={(e) => set({ end: e.target.value })} />
              )}
            </Field>
            <div className="pd-quick" role="group" aria-label="End the window in">
              {[15, 30, 60].map((m) => (
                <button key={m} type="button" className="pd-chip" data-testid={`strategy-end-${m}`} onClick={() => endIn(now + m * MINUTE)}>
                  +{m < 60 ? `${m}m` : `${m / 60}h`}
                </button>
              ))}
              {close !== undefined ? (
                <button type="button" className="pd-chip" data-testid="strategy-end-close" onClick={() => endIn(close)}>
                  Close
                </button>
              ) : null}
            </div>
            <Field label="Min slice" error={errors.minSlice} className="pd-f-num">
              {(id) => <input id={id} data-testid="strategy-min-slice" inputMode="numeric" value={v.minSlice} onChange={(e) => set({ minSlice: e.target.value })} />}
            </Field>
            <Field label="Max slice" error={errors.maxSlice} className="pd-f-num">
              {(id) => <input id={id} data-testid="strategy-max-slice" inputMode="numeric" value={v.maxSlice} onChange={(e) => set({ maxSlice: e.target.value })} />}
            </Field>
            <Field label="End of window" className="pd-f-eow" hint="Cross the spread to finish at the end, or leave the residual">
              {(id) => (
                <select
                  id={id}
                  data-testid="strategy-end-of-window"
                  value={v.endOfWindow ?? ''}
                  onChange={(e) => set({ endOfWindow: (e.target.value || undefined) as StrategyDraft['endOfWindow'] })}
                >
                  {plan.endOfWindow === undefined ? <option value="">Trilemma ({autoEnd ?? '…'})</option> : null}
                  <option value="finish">Finish</option>
                  <option value="leave">Leave residual</option>
                </select>
              )}
            </Field>
            <Field label="POV rate" error={errors.povRate} className={`pd-f-num ${v.strategy === 'pov' ? '' : 'off'}`} hint="Target share of the volume that prints, percent">
              {(id) => (
                <div className="pd-wfield-box">
                  <input
                    id={id}
                    data-testid="strategy-pov-rate"
                    inputMode="decimal"
                    value={v.povRate}
                    placeholder="auto"
                    disabled={v.strategy !== 'pov'}
                    onChange={(e) => set({ povRate: e.target.value })}
                  />
                  <span className="pd-wfield-unit">%</span>
                </div>
              )}
            </Field>
          </div>
        </fieldset>
        <div className="pd-actions">
          {canEdit ? (
            <>
              <button type="submit" className="btn btn-primary" data-testid="strategy-apply" disabled={!dirty || invalid || busy}>
                {busy ? 'Applying…' : 'Apply strategy'}
              </button>
              <button type="button" className="btn btn-ghost" data-testid="strategy-reset" disabled={Object.keys(draft).length === 0 || busy} onClick={() => onDraft({})}>
                Reset
              </button>
            </>
          ) : (
            <span className="pd-readonly-note">{readOnlyNote ?? 'Read-only'}</span>
          )}
          <VerdictLine verdict={verdict} testId="strategy-verdict" onDismiss={onDismiss} />
        </div>
      </form>
    </section>
  );
}
