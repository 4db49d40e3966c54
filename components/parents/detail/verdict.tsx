'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorAnswer } from '@/components/supervisor/actions';
import type { Verdict } from './types';

type Answer = { changed: true } | { changed: false; reason: string };

/**
 * One control's server round trip: busy while it runs, then the verdict — the
 * server's own reason when it refused, or the error — kept beside the control.
 */
export function useVerdict(onDone?: () => void) {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;
  const run = useCallback(async (call: () => Promise<Answer>, okText: string): Promise<boolean> => {
    setBusy(true);
    setVerdict(null);
    let ok = false;
    try {
      const res = await call();
      ok = res.changed;
      setVerdict(res.changed ? { kind: 'ok', text: okText } : { kind: 'error', text: res.reason });
    } catch (err) {
      setVerdict(errorAnswer(err));
    } finally {
      setBusy(false);
      doneRef.current?.();
    }
    return ok;
  }, []);
  const clear = useCallback(() => setVerdict(null), []);
  return { verdict, busy, run, clear, setVerdict };
}

/** The verdict line: green tick or the server's reason in red; success fades after a while. */
export function VerdictLine({ verdict, testId, onDismiss }: { verdict: Verdict | null; testId: string; onDismiss?: () => void }) {
  useEffect(() => {
    if (!verdict || verdict.kind !== 'ok' || !onDismiss) return;
    const t = setTimeout(onDismiss, 8_000);
    return () => clearTimeout(t);
  }, [verdict, onDismiss]);
  if (!verdict) return null;
  return (
    <span className={`pd-verdict ${verdict.kind}`} data-testid={testId} data-kind={verdict.kind} role={verdict.kind === 'error' ? 'alert' : 'status'} title={verdict.text}>
      {verdict.kind === 'ok' ? '✓ ' : '✕ '}
      {verdict.text}
    </span>
  );
}
