'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { useTRPCClient } from '@/components/data/client';
import { AnswerLine, useActions } from './actions';
import { formatLimit, formatLimitNumber, LIMIT_FIELDS, parseLimit, saysOff, type LimitKey, type Limits } from './limits';

type Drafts = Partial<Record<LimitKey, string>>;

/**
 * The pre-trade limits, each with its unit and the reject it raises. A
 * supervisor edits any of them, gives a reason and saves: only the fields that
 * changed are sent. Esc in the form puts everything back.
 */
export function RiskLimitsForm({ limits }: { limits: Limits | undefined }) {
  const client = useTRPCClient();
  const { canEdit, busy, perform } = useActions();
  const [drafts, setDrafts] = useState<Drafts>({});
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);

  // Each field: what it shows, whether it parses, whether it differs from the server's value.
  const fields = LIMIT_FIELDS.map((f) => {
    const current = limits?.[f.key];
    const draft = drafts[f.key];
    const text = draft ?? (current === undefined ? '' : formatLimitNumber(f, current));
    const parsed = draft === undefined ? null : parseLimit(f, draft);
    const dirty = !!parsed && (!parsed.ok || parsed.value !== current);
    return { f, current, text, parsed, dirty };
  });
  const changed = fields.filter((x) => x.dirty);
  const invalid = changed.filter((x) => x.parsed && !x.parsed.ok);
  const canSave = canEdit && !!limits && changed.length > 0 && invalid.length === 0 && !!reason.trim() && !busy;

  function reset() {
    setDrafts({});
    setReason('');
    setTried(false);
  }

  async function save() {
    setTried(true);
    if (!canSave) {
      if (changed.length && !invalid.length && !reason.trim()) reasonRef.current?.focus();
      return;
    }
    const patch: Partial<Limits> = {};
    for (const x of changed) if (x.parsed?.ok) patch[x.f.key] = x.parsed.value;
    const summary = changed.map((x) => `${x.f.label.toLowerCase()} ${formatLimit(x.f, x.current)} → ${formatLimit(x.f, patch[x.f.key])}`).join(', ');
    const ok = await perform('limits', async () => {
      const res = await client.risk.setLimits.mutate({ limits: patch, reason: reason.trim() });
      return res.changed ? { kind: 'ok', text: `limits saved · ${summary}` } : { kind: 'error', text: res.reason };
    });
    if (ok) reset();
  }

  function onFieldKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      reasonRef.current?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      reset();
    }
  }
  function onReasonKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      reset();
    }
  }

  return (
    <section className="sv-panel sv-limits" data-testid="limits-panel" aria-label="Risk limits" data-dirty={changed.length}>
      <header className="panel-head">
        <h2 className="panel-title">Risk limits</h2>
        <span className="panel-meta">pre-trade, per order and open</span>
        <span className="panel-spacer" />
      </header>
      <div className="sv-scroll">
        <div className="sv-limit-rows">
          {fields.map(({ f, current, text, parsed, dirty }) => (
            <div key={f.key} className={`sv-limit ${dirty ? 'dirty' : ''} ${parsed && !parsed.ok ? 'bad' : ''}`} data-testid={`limit-row-${f.key}`} data-value={current ?? ''}>
              <label className="sv-limit-label" htmlFor={canEdit ? `limit-${f.key}` : undefined}>
                <span className="sv-limit-name">{f.label}</span>
                <span className="sv-limit-help">
                  {f.help} · <span className="mono">{f.code}</span>
                </span>
              </label>
              {canEdit ? (
                <div className={`sv-limit-input unit-${f.unit === '$' ? 'usd' : 'suffix'}`}>
                  {f.unit === '$' ? <span className="sv-unit pre">$</span> : null}
                  <input
                    id={`limit-${f.key}`}
                    data-testid={`limit-${f.key}`}
                    inputMode="decimal"
                    autoComplete="off"
                    value={text}
                    disabled={!limits || busy}
                    onChange={(e) => setDrafts((d) => ({ ...d, [f.key]: e.target.value }))}
                    onBlur={() => {
                      // Tidy a valid entry into the desk's format ("1000" → "1,000").
                      if (parsed?.ok) setDrafts((d) => ({ ...d, [f.key]: formatLimitNumber(f, parsed.value) }));
                    }}
                    onKeyDown={onFieldKey}
                  />
                  {f.unit !== '$' && !saysOff(f, text) ? <span className="sv-unit post">{f.unit}</span> : null}
                </div>
              ) : (
                <span className="sv-limit-value num" data-testid={`limit-${f.key}`}>
                  {formatLimit(f, current)}
                </span>
              )}
              {dirty ? (
                <span className="sv-limit-was" data-testid={`limit-was-${f.key}`}>
                  {parsed && !parsed.ok ? <span className="sv-field-error">{parsed.error}</span> : <>was {formatLimit(f, current)}</>}
                </span>
              ) : null}
            </div>
          ))}
        </div>
      </div>
      {canEdit ? (
        <div className="sv-limits-foot">
          <input
            ref={reasonRef}
            data-testid="limits-reason"
            aria-label="Reason for the limit change"
            placeholder={changed.length ? 'reason ↵' : 'edit a limit, then give a reason'}
            maxLength={200}
            value={reason}
            disabled={busy}
            className={tried && changed.length && !reason.trim() ? 'need' : ''}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={onReasonKey}
          />
          <button type="button" className="btn btn-ghost" data-testid="limits-reset" disabled={!changed.length && !reason} onClick={reset} title="Put every field back (Esc)">
            Reset
          </button>
          <button type="button" className="btn btn-primary" data-testid="limits-save" disabled={!canSave} onClick={() => void save()} title="Send the changed limits (Enter in the reason)">
            Save{changed.length ? ` ${changed.length}` : ''}
          </button>
        </div>
      ) : null}
      <div className="sv-limits-answer">
        <AnswerLine panel="limits" />
      </div>
    </section>
  );
}
