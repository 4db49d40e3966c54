'use client';

import { formatQty } from '@/components/data/format';
import { KIND_LABEL } from '@/components/routing/childColumns';
import { formatPct, type Scorecard, type VenueScoreRow } from './venueFormat';

/** Green for likely fills, through amber, to red for rarely: the eye finds the good cells. */
function tone(p: number | null): string {
  if (p === null) return '';
  return p >= 0.7 ? 'hi' : p >= 0.35 ? 'mid' : 'lo';
}

/**
 * What a child sent to this venue has done so far, by order type and size: the
 * share of finished children that got any fill (fill probability), the share of
 * shares sent that filled, and how many children that is.
 */
export function FillRateTable({ venue, kinds, buckets }: { venue: VenueScoreRow | undefined; kinds: Scorecard['kinds']; buckets: Scorecard['buckets'] }) {
  const cells = new Map((venue?.fillRates ?? []).map((c) => [`${c.kind}|${c.bucket}`, c]));
  return (
    <div className="vn-fills" data-testid="fill-rate-table" data-venue={venue?.venue ?? ''} data-cells={cells.size}>
      <table className="vn-table">
        <thead>
          <tr>
            <th className="l" title="Order type">
              Type \ size
            </th>
            {buckets.map((b) => (
              <th key={b} className="r" title={`Children of ${b} shares`}>
                {b}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map((k) => (
            <tr key={k}>
              <th className="l mono">{KIND_LABEL[k]}</th>
              {buckets.map((b) => {
                const c = cells.get(`${k}|${b}`);
                return (
                  <td key={b} className={`r vn-cell ${tone(c?.fillProb ?? null)}`} data-testid={`fill-${k}-${b}`}>
                    {c ? (
                      <>
                        <span className="vn-prob num" title="Fill probability: finished children that got any fill">
                          {formatPct(c.fillProb, 0)}
                        </span>
                        <span className="vn-sub num" title="Shares filled of shares sent · children sent">
                          {formatPct(c.fillRatio, 0)} sh · {formatQty(c.orders)}
                        </span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="vn-note muted">
        Big figure: share of finished children with any fill. Small: share of shares filled · children sent.
        {venue && cells.size === 0 ? ` No children sent to ${venue.venue} yet.` : ''}
      </p>
    </div>
  );
}
