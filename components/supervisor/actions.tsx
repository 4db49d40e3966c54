'use client';

import { isTRPCClientError } from '@trpc/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** The panels that report a server answer of their own. */
export type PanelId = 'kill' | 'restricted' | 'limits' | 'venues' | 'overrides';

export interface Answer {
  kind: 'ok' | 'error';
  text: string;
}

/** How a change reads in the reason form: red to kill or halt, green to release or resume. */
export type Tone = 'danger' | 'warn' | 'ok';

/** A change waiting for its reason. Only one at a time, page-wide. */
export interface Ask {
  /** Which control's place the reason form takes (e.g. "user:bob"). */
  key: string;
  panel: PanelId;
  /** Short verb shown in front of the field: "Kill bob", "Restrict XOM". */
  verb: string;
  tone: Tone;
  run: (reason: string) => Promise<Answer>;
}

interface Pending extends Ask {
  /** data-testid of the control that opened the form: it unmounts while the form shows. */
  opener: string | null;
}

interface Actions {
  canEdit: boolean;
  pending: Pending | null;
  busy: boolean;
  answers: Partial<Record<PanelId, Answer>>;
  ask: (a: Ask) => void;
  cancel: () => void;
  confirm: (reason: string) => Promise<void>;
  /** Runs a change that brings its own reason (the limits form), reporting like the others. */
  perform: (panel: PanelId, run: () => Promise<Answer>) => Promise<boolean>;
  dismiss: (panel: PanelId) => void;
}

const ActionsContext = createContext<Actions | null>(null);

export function useActions(): Actions {
  const a = useContext(ActionsContext);
  if (!a) throw new Error('useActions outside SupervisorActions');
  return a;
}

/** An error from a mutation as the desk shows it: the tRPC code and the server's words. */
export function errorAnswer(err: unknown): Answer {
  if (isTRPCClientError(err)) {
    const code = String(err.data?.code ?? 'ERROR');
    // Input validation comes back as zod's JSON list; show its first message.
    let message = err.message;
    try {
      const issues = JSON.parse(message) as Array<{ message?: string }>;
      if (Array.isArray(issues) && issues[0]?.message) message = issues[0].message;
    } catch {
      // a plain message
    }
    return { kind: 'error', text: `${code}: ${message}` };
  }
  return { kind: 'error', text: (err as Error)?.message ?? String(err) };
}

/**
 * Who may change what, the one pending reason form, and each panel's last
 * server answer. `onChanged` runs after every change (to refetch risk.state).
 */
export function SupervisorActions({ canEdit, onChanged, children }: { canEdit: boolean; onChanged: () => void; children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [answers, setAnswers] = useState<Partial<Record<PanelId, Answer>>>({});
  const pendingRef = useRef<Pending | null>(null);
  pendingRef.current = pending;
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;
  // Once the form closes and its control is back, focus returns to it.
  const focusBack = useRef<string | null>(null);
  useEffect(() => {
    if (pending || !focusBack.current) return;
    const id = focusBack.current;
    focusBack.current = null;
    document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`)?.focus();
  }, [pending]);

  const ask = useCallback(
    (a: Ask) => {
      if (!canEdit) return;
      const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setPending({ ...a, opener: active?.getAttribute('data-testid') ?? null });
      setAnswers((prev) => ({ ...prev, [a.panel]: undefined }));
    },
    [canEdit],
  );

  const cancel = useCallback(() => {
    // Back where the keyboard user started.
    focusBack.current = pendingRef.current?.opener ?? null;
    setPending(null);
  }, []);

  const perform = useCallback(async (panel: PanelId, run: () => Promise<Answer>) => {
    setBusy(true);
    let ok = false;
    try {
      const answer = await run();
      ok = answer.kind === 'ok';
      setAnswers((prev) => ({ ...prev, [panel]: answer }));
    } catch (err) {
      setAnswers((prev) => ({ ...prev, [panel]: errorAnswer(err) }));
    } finally {
      setBusy(false);
      onChangedRef.current();
    }
    return ok;
  }, []);

  const confirm = useCallback(
    async (reason: string) => {
      const p = pendingRef.current;
      if (!p) return;
      const why = reason.trim();
      if (!why) {
        setAnswers((prev) => ({ ...prev, [p.panel]: { kind: 'error', text: 'a reason is required' } }));
        return;
      }
      const ok = await perform(p.panel, () => p.run(why));
      // A refused change keeps its form open: fix and retry, or Esc.
      if (ok && pendingRef.current === p) {
        focusBack.current = p.opener;
        setPending(null);
      }
    },
    [perform],
  );

  const dismiss = useCallback((panel: PanelId) => setAnswers((prev) => ({ ...prev, [panel]: undefined })), []);

  const value = useMemo(() => ({ canEdit, pending, busy, answers, ask, cancel, confirm, perform, dismiss }), [canEdit, pending, busy, answers, ask, cancel, confirm, perform, dismiss]);
  return <ActionsContext.Provider value={value}>{children}</ActionsContext.Provider>;
}

/**
 * Where a control sits: the control itself, or — while its change waits for a
 * reason — a one-line reason form. Enter confirms, Esc cancels.
 */
export function ReasonSlot({ k, children, className, wrap }: { k: string; children: ReactNode; className?: string; wrap?: (form: ReactNode) => ReactNode }) {
  const { pending } = useActions();
  if (pending?.key !== k) return <>{children}</>;
  const form = <ReasonForm className={className} />;
  return <>{wrap ? wrap(form) : form}</>;
}

function ReasonForm({ className }: { className?: string }) {
  const { pending, busy, cancel, confirm } = useActions();
  const [reason, setReason] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  if (!pending) return null;

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      void confirm(reason);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  }

  return (
    <div className={`sv-reason tone-${pending.tone} ${className ?? ''}`} data-testid="reason-form" data-key={pending.key}>
      <span className="sv-reason-verb">{pending.verb}</span>
      <input
        ref={inputRef}
        data-testid="reason-input"
        aria-label={`Reason to ${pending.verb.toLowerCase()}`}
        placeholder="reason ↵   esc to cancel"
        maxLength={200}
        value={reason}
        disabled={busy}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="sv-reason-go" data-testid="reason-confirm" title="Confirm (Enter)" disabled={busy || !reason.trim()} onClick={() => void confirm(reason)}>
        ↵
      </button>
      <button type="button" className="sv-reason-x" data-testid="reason-cancel" title="Cancel (Esc)" aria-label="Cancel" disabled={busy} onClick={cancel}>
        ✕
      </button>
    </div>
  );
}

/** A panel's last server answer; click to dismiss. */
export function AnswerLine({ panel }: { panel: PanelId }) {
  const { answers, dismiss } = useActions();
  const a = answers[panel];
  useEffect(() => {
    if (!a) return;
    const t = setTimeout(() => dismiss(panel), 20_000);
    return () => clearTimeout(t);
  }, [a, panel, dismiss]);
  if (!a) return null;
  return (
    <button
      type="button"
      className={`sv-answer ${a.kind}`}
      data-testid={`answer-${panel}`}
      data-kind={a.kind}
      role="status"
      title={`${a.text} (click to dismiss)`}
      onClick={() => dismiss(panel)}
    >
      {a.kind === 'ok' ? '✓ ' : '✕ '}
      {a.text}
    </button>
  );
}
