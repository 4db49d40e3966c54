'use client';

import { useCallback, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { URGENCY_PRESETS } from '@/engine/strategies/trilemma';
import type { ParentRow } from '@/server/desk';
import {
  corners,
  fromPoint,
  fromXY,
  KEYS,
  LABELS,
  nudge,
  presetOf,
  sameWeights,
  setWeight,
  SHORT,
  toXY,
  URGENCIES,
  URGENCY_LABEL,
  type Pt,
  type Weights,
  type WeightKey,
} from './trilemmaMath';
import { VerdictLine } from './verdict';
import type { Verdict } from './types';

/* The triangle's geometry, in SVG user units. */
const W = 300;
const SIDE = 216;
const TOP = 34;
const CX = W / 2;
const H = (SIDE * Math.sqrt(3)) / 2;
const VIEW_H = TOP + H + 44;
const C = corners(CX, TOP, SIDE);
/** How close (SVG units) a drag must come to an urgency preset to land on it. */
const SNAP = 7;
const PRESET_MARK: Record<string, string> = { low: 'L', medium: 'M', high: 'H', critical: 'C' };

/** Lines where one weight is 25, 50 or 75 %: a faint grid to read the point against. */
function isoLines(): Array<{ key: string; a: Pt; b: Pt }> {
  const out: Array<{ key: string; a: Pt; b: Pt }> = [];
  for (const k of KEYS) {
    const [o1, o2] = KEYS.filter((x) => x !== k);
    for (const t of [0.25, 0.5, 0.75]) {
      const a = toXY({ impact: 0, risk: 0, completion: 0, [k]: t, [o1]: 1 - t } as Weights, C);
      const b = toXY({ impact: 0, risk: 0, completion: 0, [k]: t, [o2]: 1 - t } as Weights, C);
      out.push({ key: `${k}${t}`, a, b });
    }
  }
  return out;
}
const ISO = isoLines();
const PATH = `M${C.impact.x},${C.impact.y} L${C.risk.x},${C.risk.y} L${C.completion.x},${C.completion.y} Z`;

const describe = (w: Weights) => `impact ${w.impact} %, risk ${w.risk} %, completion ${w.completion} %`;

/** One weight's field: typed text is kept while focused; a valid number moves the point at once. */
function WeightField({ k, value, disabled, onChange }: { k: WeightKey; value: number; disabled: boolean; onChange: (k: WeightKey, v: number) => void }) {
  const [text, setText] = useState<string | null>(null);
  const id = useId();
  return (
    <div className={`pd-wfield pd-w-${k}`}>
      <label htmlFor={id}>{SHORT[k]}</label>
      <div className="pd-wfield-box">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          data-testid={`trilemma-${k}`}
          aria-label={`${LABELS[k]} weight, percent`}
          value={text ?? String(value)}
          disabled={disabled}
          onFocus={() => setText(String(value))}
          onBlur={() => setText(null)}
          onChange={(e) => {
            setText(e.target.value);
            const v = Number(e.target.value);
            if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 100) onChange(k, v);
          }}
        />
        <span className="pd-wfield-unit">%</span>
      </div>
    </div>
  );
}

/**
 * The trilemma: a point on the triangle market impact / market risk /
 * completion certainty, three weights summing to 100 %. Drag the point, type a
 * weight (the other two share the rest in proportion), pick an urgency preset,
 * or use the arrow keys on the triangle (Shift for bigger steps). Apply sends it
 * to parents.setTrilemma. The filled marker is the point in force; with a
 * supervisor's override in force it is the override's, and the trader's own
 * point is the hollow one.
 */
export function TrilemmaControl({
  row,
  traderPoint,
  draft,
  onDraft,
  canEdit,
  applyLabel,
  readOnlyNote,
  busy,
  verdict,
  onDismiss,
  onApply,
}: {
  row: ParentRow;
  traderPoint: Weights | null;
  draft: Weights | null;
  onDraft: (w: Weights | null) => void;
  canEdit: boolean;
  /** The Apply button's words, when not the trader's own. */
  applyLabel?: string;
  readOnlyNote?: string;
  busy: boolean;
  verdict: Verdict | null;
  onDismiss: () => void;
  onApply: (w: Weights) => void;
}) {
  const effective = row.point ? fromPoint(row.point) : null;
  const override = row.override;
  // What the trader edits: their own point (under an override too), or what is in force.
  const base = traderPoint ?? effective;
  const value = draft ?? base;
  const changed = !!draft && !sameWeights(draft, base);
  const svgRef = useRef<SVGSVGElement>(null);
  const dragging = useRef(false);

  const set = useCallback((w: Weights) => onDraft(sameWeights(w, base) ? null : w), [onDraft, base]);
  /** A drag lands on an urgency preset when it comes within a few units of it. */
  const pick = (p: Pt) => {
    for (const u of URGENCIES) {
      const q = toXY(URGENCY_PRESETS[u], C);
      if ((q.x - p.x) ** 2 + (q.y - p.y) ** 2 <= SNAP * SNAP) return fromPoint(URGENCY_PRESETS[u]);
    }
    return fromXY(p, C);
  };

  const at = (e: PointerEvent<SVGSVGElement>): Pt | null => {
    const svg = svgRef.current;
    const m = svg?.getScreenCTM();
    if (!svg || !m) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (!canEdit || e.button !== 0) return;
    const p = at(e);
    if (!p) return;
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    // Keys work after a drag too; the focus ring is for keyboard users.
    e.currentTarget.focus({ focusVisible: false } as FocusOptions);
    set(pick(p));
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!dragging.current) return;
    const p = at(e);
    if (p) set(pick(p));
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    dragging.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    if (!canEdit || !value) return;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      set(nudge(value, e.key, e.shiftKey ? 10 : 2));
    } else if (e.key === 'Enter' && changed && !busy) {
      e.preventDefault();
      onApply(draft!);
    } else if (e.key === 'Escape' && draft) {
      e.preventDefault();
      onDraft(null);
    } else if (['1', '2', '3', '4'].includes(e.key)) {
      e.preventDefault();
      set(fromPoint(URGENCY_PRESETS[URGENCIES[Number(e.key) - 1]]));
    }
  };

  const preset = presetOf(value);
  const pe = effective ? toXY(effective, C) : null;
  const pv = value ? toXY(value, C) : null;
  const pt = override && traderPoint && !sameWeights(traderPoint, effective) ? toXY(traderPoint, C) : null;
  const showHandle = pv && (!pe || !sameWeights(value, effective));

  return (
    <section
      className={`pd-panel pd-trilemma ${override ? 'overridden' : ''}`}
      data-testid="trilemma"
      aria-label="Trilemma point"
      data-effective={effective ? `${effective.impact},${effective.risk},${effective.completion}` : ''}
      data-value={value ? `${value.impact},${value.risk},${value.completion}` : ''}
      data-overridden={override ? 'true' : 'false'}
    >
      <div className="panel-head">
        <h2 className="panel-title">Trilemma</h2>
        <span className="panel-meta">what you fear most</span>
        <span className="panel-spacer" />
        {effective ? (
          <span className="panel-meta" data-testid="trilemma-in-force" title="The point in force now">
            in force <b className={override ? 'pd-ovr-fig' : 'pr-fig'}>{effective.impact}/{effective.risk}/{effective.completion}</b>
          </span>
        ) : null}
      </div>
      {override ? (
        <div className="pd-ovr-note" data-testid="trilemma-override-note" role="note">
          <b>Override wins</b> {override.by}&apos;s {override.scope === 'parent' ? 'override of this parent' : `${override.scope} ${override.target} override`} sets the point in force. Your own point is
          kept and takes over again when a supervisor releases the override.
        </div>
      ) : null}
      <div className="pd-tri-body">
        <svg
          ref={svgRef}
          className="pd-tri-svg"
          viewBox={`0 0 ${W} ${VIEW_H}`}
          role="application"
          aria-roledescription="trilemma triangle"
          aria-label={value ? `Trilemma point: ${describe(value)}. Arrow keys move it; Shift for larger steps; 1 to 4 pick an urgency; Enter applies.` : 'Trilemma point'}
          aria-disabled={!canEdit}
          tabIndex={canEdit ? 0 : -1}
          data-testid="trilemma-triangle"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onKeyDown={onKeyDown}
        >
          <defs>
            <linearGradient id="pd-tri-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#1d2a3b" />
              <stop offset="100%" stopColor="#111923" />
            </linearGradient>
          </defs>
          <path d={PATH} className="pd-tri-face" fill="url(#pd-tri-fill)" />
          {ISO.map((l) => (
            <line key={l.key} x1={l.a.x} y1={l.a.y} x2={l.b.x} y2={l.b.y} className="pd-tri-iso" />
          ))}
          <path d={PATH} className="pd-tri-edge" />
          {/* Corners */}
          <text x={C.impact.x} y={C.impact.y - 18} className="pd-tri-label" textAnchor="middle">
            MARKET IMPACT
          </text>
          <text x={C.impact.x} y={C.impact.y - 6} className="pd-tri-pct" textAnchor="middle">
            {value ? `${value.impact}%` : ''}
          </text>
          <text x={C.risk.x - 2} y={C.risk.y + 18} className="pd-tri-label" textAnchor="start">
            MARKET RISK
          </text>
          <text x={C.risk.x - 2} y={C.risk.y + 31} className="pd-tri-pct" textAnchor="start">
            {value ? `${value.risk}%` : ''}
          </text>
          <text x={C.completion.x + 2} y={C.completion.y + 18} className="pd-tri-label" textAnchor="end">
            COMPLETION CERTAINTY
          </text>
          <text x={C.completion.x + 2} y={C.completion.y + 31} className="pd-tri-pct" textAnchor="end">
            {value ? `${value.completion}%` : ''}
          </text>
          {/* Urgency presets */}
          {URGENCIES.map((u) => {
            const p = toXY(URGENCY_PRESETS[u], C);
            return (
              <g key={u} className={`pd-tri-preset ${preset === u ? 'on' : ''}`}>
                <circle cx={p.x} cy={p.y} r={8} />
                <text x={p.x} y={p.y + 3.2} textAnchor="middle">
                  {PRESET_MARK[u]}
                </text>
              </g>
            );
          })}
          {pt ? <circle cx={pt.x} cy={pt.y} r={7} className="pd-tri-yours" data-testid="trilemma-yours" /> : null}
          {pe && showHandle ? <line x1={pe.x} y1={pe.y} x2={pv!.x} y2={pv!.y} className="pd-tri-move" /> : null}
          {pe ? <circle cx={pe.x} cy={pe.y} r={8} className={`pd-tri-force ${override ? 'ovr' : ''}`} data-testid="trilemma-marker" /> : null}
          {showHandle ? <circle cx={pv!.x} cy={pv!.y} r={6.5} className="pd-tri-handle" data-testid="trilemma-handle" /> : null}
        </svg>
      </div>
      <div className="pd-tri-fields">
        {KEYS.map((k) => (
          <WeightField key={k} k={k} value={value?.[k] ?? 0} disabled={!canEdit || !value} onChange={(kk, v) => value && set(setWeight(value, kk, v))} />
        ))}
      </div>
      <div className="pd-presets" role="group" aria-label="Urgency presets">
        {URGENCIES.map((u, i) => (
          <button
            key={u}
            type="button"
            className={`pd-preset u-${u}`}
            data-testid={`trilemma-preset-${u}`}
            aria-pressed={preset === u}
            disabled={!canEdit}
            title={`${URGENCY_LABEL[u]}: impact ${URGENCY_PRESETS[u].impact * 100} / risk ${URGENCY_PRESETS[u].risk * 100} / completion ${Math.round(URGENCY_PRESETS[u].completion * 100)} (key ${i + 1} on the triangle)`}
            onClick={() => set(fromPoint(URGENCY_PRESETS[u]))}
          >
            {URGENCY_LABEL[u]}
          </button>
        ))}
      </div>
      <div className="pd-actions">
        {canEdit ? (
          <>
            <button type="button" className="btn btn-primary" data-testid="trilemma-apply" disabled={!changed || busy} onClick={() => draft && onApply(draft)}>
              {busy ? 'Applying…' : (applyLabel ?? (override ? 'Save my point' : 'Apply point'))}
            </button>
            <button type="button" className="btn btn-ghost" data-testid="trilemma-reset" disabled={!draft || busy} onClick={() => onDraft(null)}>
              Reset
            </button>
          </>
        ) : (
          <span className="pd-readonly-note">{readOnlyNote ?? 'Read-only'}</span>
        )}
        <VerdictLine verdict={verdict} testId="trilemma-verdict" onDismiss={onDismiss} />
      </div>
    </section>
  );
}
