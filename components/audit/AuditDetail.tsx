'use client';

import { useMemo, useState, type ReactNode } from 'react';
import type { AuditRow } from '@/server/store/audit';
import { familyOf, formatNyTimeMs, isRefusal, nyDate } from './auditQuery';

/** The event JSON, indented, with keys, strings, numbers and literals coloured. */
function JsonText({ text }: { text: string }) {
  const parts = useMemo(() => {
    const out: ReactNode[] = [];
    const re = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
    let at = 0;
    let i = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index > at) out.push(text.slice(at, m.index));
      if (m[1] !== undefined) {
        if (m[2] !== undefined) {
          out.push(
            <span key={i++} className="aj-key">
              {m[1]}
            </span>,
            m[2],
          );
        } else {
          out.push(
            <span key={i++} className="aj-str">
              {m[1]}
            </span>,
          );
        }
      } else if (m[3] !== undefined) {
        out.push(
          <span key={i++} className="aj-num">
            {m[3]}
          </span>,
        );
      } else {
        out.push(
          <span key={i++} className="aj-lit">
            {m[4]}
          </span>,
        );
      }
      at = m.index + m[0].length;
    }
    if (at < text.length) out.push(text.slice(at));
    return out;
  }, [text]);
  return <>{parts}</>;
}

function pretty(detail: string): string {
  try {
    return JSON.stringify(JSON.parse(detail), null, 2);
  } catch {
    return detail;
  }
}

/**
 * The selected event: what the row said, then the journaled event itself,
 * pretty-printed exactly as stored (prices in the engine's integer units).
 */
export function AuditDetail({ row, onOrder, onParent }: { row: AuditRow | undefined; onOrder: (id: string) => void; onParent: (id: string) => void }) {
  const json = useMemo(() => (row ? pretty(row.detail) : ''), [row]);
  const [copied, setCopied] = useState<number | null>(null);

  async function copy() {
    if (!row) return;
    try {
      await navigator.clipboard.writeText(json);
      setCopied(row.seq);
      setTimeout(() => setCopied((c) => (c === row.seq ? null : c)), 1500);
    } catch {
      // clipboard refused (insecure origin): the text can still be selected
    }
  }

  return (
    <section className="au-detail" data-testid="audit-detail" data-seq={row?.seq ?? ''} aria-label="Selected event">
      <div className="panel-head">
        <h2 className="panel-title">Event</h2>
        {row ? <span className="panel-meta">seq {row.seq}</span> : null}
        <span className="panel-spacer" />
        {row ? (
          <button type="button" className="btn btn-ghost au-copy" data-testid="audit-copy" onClick={() => void copy()} title="Copy the event JSON">
            {copied === row.seq ? 'Copied ✓' : 'Copy JSON'}
          </button>
        ) : null}
      </div>
      {row ? (
        <div className="au-detail-body">
          <dl className="au-facts">
            <dt>Type</dt>
            <dd>
              <span className={`au-pill fam-${familyOf(row.type)} ${isRefusal(row.type) ? 'refusal' : ''}`}>{row.type}</span>
            </dd>
            <dt>Time NY</dt>
            <dd className="num">
              {nyDate(row.ts)} {formatNyTimeMs(row.ts)}
            </dd>
            <dt>UTC</dt>
            <dd className="num muted">{new Date(row.ts).toISOString()}</dd>
            <dt>Actor</dt>
            <dd className="au-actor">{row.actor}</dd>
            {row.orderIds.length ? (
              <>
                <dt>{row.orderIds.length === 1 ? 'Order' : 'Orders'}</dt>
                <dd>
                  {row.orderIds.map((id) => (
                    <button key={id} type="button" className="au-link" onClick={() => onOrder(id)} title={`Show every event of ${id}`}>
                      {id}
                    </button>
                  ))}
                </dd>
              </>
            ) : null}
            {row.parentId ? (
              <>
                <dt>Parent</dt>
                <dd>
                  <button type="button" className="au-link" onClick={() => onParent(row.parentId!)} title={`Show every event of ${row.parentId}`}>
                    {row.parentId}
                  </button>
                </dd>
              </>
            ) : null}
            <dt>Summary</dt>
            <dd className="au-summary-full">{row.summary}</dd>
          </dl>
          <div className="au-json-head">Journaled event</div>
          <pre className="au-json" data-testid="audit-detail-json">
            <JsonText text={json} />
          </pre>
        </div>
      ) : (
        <div className="au-detail-empty" data-testid="audit-detail-empty">
          Select an event to see it as journaled.
          <span className="muted">
            <kbd>↑</kbd>
            <kbd>↓</kbd> walk the rows
          </span>
        </div>
      )}
    </section>
  );
}
