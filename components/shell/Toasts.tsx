'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect, useRef, useState } from 'react';
import { getDeskClient } from '@/components/data/client';
import { addNotices, expire, type Toast } from './toastModel';

/**
 * The signed-in user's toasts, bottom right on every page: their fills,
 * rejects (with the rule and reason) and supervisors steering their parents,
 * from notices.stream, resumed after a reconnect. They never take focus or
 * block a click elsewhere, go by themselves (not while the pointer is on one),
 * and a burst joins one toast.
 */
export function Toasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const hovered = useRef<number | undefined>(undefined);

  useEffect(() => {
    const sub = getDeskClient().notices.stream.subscribe(undefined, {
      // Tracked: after a dropped connection, what was missed meanwhile arrives first. The
      // stream opens with a message that may be empty (it gives the id to resume from).
      onData: (msg) => {
        if (msg.data.length) setToasts((t) => addNotices(t, msg.data, Date.now()));
      },
      onError: (err) => {
        if (!isTRPCClientError(err) || err.data?.code !== 'UNAUTHORIZED') console.warn('notices:', err);
      },
    });
    return () => sub.unsubscribe();
  }, []);

  const any = toasts.length > 0;
  useEffect(() => {
    if (!any) return;
    const timer = setInterval(() => setToasts((t) => {
      const next = expire(t, Date.now(), hovered.current);
      return next.length === t.length ? t : next;
    }), 250);
    return () => clearInterval(timer);
  }, [any]);

  return (
    <section className="toasts" aria-label="Notifications" data-testid="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'reject' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={t.kind}
          onMouseEnter={() => (hovered.current = t.id)}
          onMouseLeave={() => {
            hovered.current = undefined;
            setToasts((ts) => ts.map((x) => (x.id === t.id ? { ...x, until: Math.max(x.until, Date.now() + 2_000) } : x)));
          }}
        >
          <span className="toast-icon" aria-hidden="true" />
          <div className="toast-text">
            <div className={`toast-title ${t.side ? `side-${t.side}` : ''}`} data-testid="toast-title">
              {t.title}
            </div>
            <div className="toast-body" data-testid="toast-body">
              {t.body}
            </div>
          </div>
          <button type="button" className="toast-x" aria-label="Dismiss" tabIndex={-1} onClick={() => setToasts((ts) => ts.filter((x) => x.id !== t.id))}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
