'use client';

import { useMemo, useState } from 'react';
import type { BasketReport } from '@/server/trpc/orders';

export type ReportLine = BasketReport['lines'][number];
type Filter = 'problems' | 'all';

const RANK: Record<ReportLine['status'], number> = { unreadable: 0, rejected: 1, accepted: 2 };

export interface BasketTotals {
  accepted: number;
  rejected: number;
  unreadable: number;
  lines: number;
}

export function totalsOf(report: BasketReport): BasketTotals {
  let rejected = 0;
  let unreadable = 0;
  for (const l of report.lines) {
    if (l.status === 'rejected') rejected++;
    else if (l.status === 'unreadable') unreadable++;
  }
  return { accepted: report.accepted, rejected, unreadable, lines: report.lines.length };
}

/**
 * The answer to one upload: totals, the file's warnings and a line table.
 * Problems (unreadable, then rejected) come first; the filter hides accepted lines.
 */
export function BasketReportView({ report }: { report: BasketReport }) {
  const totals = totalsOf(report);
  const problems = totals.rejected + totals.unreadable;
  const [filter, setFilter] = useState<Filter>(problems > 0 ? 'problems' : 'all');

  const rows = useMemo(() => {
    const sorted = [...report.lines].sort((a, b) => RANK[a.status] - RANK[b.status] || a.line - b.line);
    return filter === 'problems' ? sorted.filter((l) => l.status !== 'accepted') : sorted;
  }, [report, filter]);

  const verdict = totals.lines === 0 ? 'empty' : problems === 0 ? 'ok' : totals.accepted === 0 ? 'failed' : 'partial';

  return (
    <div className="bk-report" data-testid="basket-report" data-verdict={verdict} aria-label={`Basket ${report.name} report`}>
      <div className="bk-report-head">
        <span className="bk-report-id mono" data-testid="basket-id">
          {report.basketId}
        </span>
        <span className="bk-report-name" title={report.name}>
          {report.name}
        </span>
        <span className={`bk-verdict bk-verdict-${verdict}`}>
          {verdict === 'ok' ? 'all accepted' : verdict === 'partial' ? 'partly accepted' : verdict === 'failed' ? 'nothing accepted' : 'no lines'}
        </span>
      </div>

      <div className="bk-totals" role="group" aria-label="Totals">
        <Total kind="accepted" label="Accepted" value={totals.accepted} />
        <Total kind="rejected" label="Rejected" value={totals.rejected} />
        <Total kind="unreadable" label="Unreadable" value={totals.unreadable} />
        <Total kind="lines" label="Lines" value={totals.lines} />
      </div>

      {report.warnings.length ? (
        <ul className="bk-warnings" data-testid="basket-warnings">
          {report.warnings.map((w, i) => (
            <li key={i}>
              <span className="bk-warn-tag">warning</span> {w}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="bk-lines-head">
        <span className="bk-sub-title">Lines</span>
        <div className="pr-filter" role="group" aria-label="Show lines">
          <button
            type="button"
            className="pr-filter-btn"
            aria-pressed={filter === 'problems'}
            data-testid="basket-filter-problems"
            onClick={() => setFilter('problems')}
          >
            Problems <span className="pr-filter-n">{problems}</span>
          </button>
          <button type="button" className="pr-filter-btn" aria-pressed={filter === 'all'} data-testid="basket-filter-all" onClick={() => setFilter('all')}>
            All <span className="pr-filter-n">{totals.lines}</span>
          </button>
        </div>
        <span className="panel-spacer" />
        {totals.accepted > 0 ? <span className="bk-note">accepted lines are in Staged Orders, source basket</span> : null}
      </div>

      <div className="bk-table-wrap" tabIndex={0} aria-label="Basket lines">
        <table className="bk-table" data-testid="basket-lines">
          <thead>
            <tr>
              <th className="bk-c-line">Line</th>
              <th className="bk-c-cl">Client ID</th>
              <th className="bk-c-status">Status</th>
              <th>Order ID / reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr className="bk-empty">
                <td colSpan={4}>{filter === 'problems' ? 'No problems: every line was accepted.' : 'The file had no order lines.'}</td>
              </tr>
            ) : (
              rows.map((l) => (
                <tr key={l.line} data-testid="basket-line" data-line={l.line} data-status={l.status} className={`bk-row-${l.status}`}>
                  <td className="bk-c-line num">{l.line}</td>
                  <td className="bk-c-cl mono" title={'clOrdId' in l ? l.clOrdId : undefined}>
                    {'clOrdId' in l ? l.clOrdId : <span className="muted">—</span>}
                  </td>
                  <td className="bk-c-status">
                    <span className={`pill bk-pill-${l.status}`}>{l.status}</span>
                  </td>
                  <td className="bk-c-detail" data-testid="basket-line-detail">
                    {l.status === 'accepted' ? (
                      <span className="mono bk-order-id">{l.orderId}</span>
                    ) : l.status === 'rejected' ? (
                      <>
                        <span className="bk-code mono">{l.code}</span>
                        <span className="bk-reason">{l.reason}</span>
                      </>
                    ) : (
                      <span className="bk-reason">{l.reason}</span>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Total({ kind, label, value }: { kind: string; label: string; value: number }) {
  return (
    <div className={`bk-total bk-total-${kind}`} data-testid={`basket-total-${kind}`} data-value={value} data-zero={value === 0 ? 'true' : undefined}>
      <span className="bk-total-label">{label}</span>
      <span className="bk-total-value num">{value.toLocaleString('en-US')}</span>
    </div>
  );
}
