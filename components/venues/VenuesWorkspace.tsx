'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/data/client';
import { formatNyTime, formatQty } from '@/components/data/format';
import { useConnection, useSessionUser } from '@/components/data/hooks';
import { StatusBadge, VenueControls, type VenueStatus } from '@/components/market/VenueBoard';
import { formatMils } from '@/components/market/marketFormat';
import { FillRateTable } from './FillRateTable';
import { ScorecardGrid } from './ScorecardGrid';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { VenueCharts } from './VenueCharts';
import { fillRate, formatBps, formatDuration, formatPct } from './venueFormat';
import './venues.css';

/** The scorecard is asked again this often. */
const REFRESH_MS = 2_000;

/**
 * /venues: what our own child orders taught the router about each venue. The
 * scorecard on top (fees, fill rate, time to fill, spread, top size, markouts);
 * below it the picked venue's minutes (sent vs filled, 10 s markout) and its
 * fill probability by order type and size. A supervisor halts, resumes or
 * marks a venue down from here, with a reason; everyone else sees the status.
 */
export function VenuesWorkspace() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const conn = useConnection();
  const q = useQuery({ ...trpc.routing.scorecard.queryOptions(), refetchInterval: REFRESH_MS, staleTime: 1_000 });
  const [picked, setPicked] = useState<string | null>(null);
  const venues = q.data?.venues ?? [];
  const selected = picked ?? venues[0]?.venue ?? null;
  const v = venues.find((x) => x.venue === selected);
  const supervisor = me.data?.role === 'supervisor';
  const onChanged = () => void queryClient.invalidateQueries({ queryKey: trpc.routing.scorecard.queryKey() });
  const open = venues.filter((x) => x.status === 'open').length;
  const layout = useGridLayout('venues');

  return (
    <div className="venues-page" data-testid="venues-page" data-conn={conn.state} data-ready={q.data ? 'true' : 'false'} data-selected={selected ?? ''}>
      <section className="vn-panel vn-score" aria-label="Venue scorecard">
        <div className="panel-head">
          <h1 className="panel-title">Venue Scorecard</h1>
          <span className="panel-meta" data-testid="venues-open">
            {venues.length ? `${open}/${venues.length} open` : '…'} · learned from our own children today
          </span>
          <span className="panel-spacer" />
          {q.error ? (
            <span className="blotter-warning" role="alert">
              Could not load the scorecard: {q.error.message}
            </span>
          ) : conn.state !== 'live' ? (
            <span className="blotter-warning">{conn.state === 'stale' ? 'Feed stale — figures may be out of date' : 'Reconnecting'}</span>
          ) : null}
          <span className="panel-meta muted">as of {q.data ? formatNyTime(q.data.now) : '--:--:--'} · click a venue for its minutes</span>
          <LayoutMenu layout={layout} label="Venue Scorecard" />
        </div>
        <ScorecardGrid venues={venues} selected={selected} onSelect={setPicked} layout={layout} />
      </section>

      <div className="vn-lower">
        <section className="vn-panel vn-detail" aria-label={`Venue ${selected ?? ''}`} data-testid="venue-detail" data-venue={selected ?? ''} data-status={v?.status ?? ''}>
          <div className="panel-head">
            <h2 className="panel-title">{v ? v.venue : 'Venue'}</h2>
            {v ? (
              <>
                <span className="panel-meta">{v.name}</span>
                <span className={`venue-kind ${v.kind}`}>{v.kind}</span>
                <StatusBadge venue={v.venue} status={v.status as VenueStatus} />
              </>
            ) : null}
            <span className="panel-spacer" />
            {v && supervisor ? (
              <div className="vn-ctl" data-testid="venue-status-controls">
                <VenueControls venue={v.venue} status={v.status as VenueStatus} onChanged={onChanged} />
              </div>
            ) : v ? (
              <span className="panel-meta muted" data-testid="venue-status-readonly">
                status only — a supervisor halts or resumes venues
              </span>
            ) : null}
          </div>
          {v ? (
            <dl className="vn-facts num">
              <div>
                <dt>Sent</dt>
                <dd>{formatQty(v.children)} children</dd>
              </div>
              <div>
                <dt>Filled</dt>
                <dd>
                  {formatQty(v.filledQty)} sh · {formatPct(fillRate(v))}
                </dd>
              </div>
              <div>
                <dt>To first fill</dt>
                <dd>{formatDuration(v.meanTimeToFillMs)}</dd>
              </div>
              <div>
                <dt title="Fees paid per filled share, mils; − is a net rebate">Eff. fee</dt>
                <dd>{v.effectiveFee === null ? '—' : `${formatMils(v.effectiveFee)} mils`}</dd>
              </div>
              <div>
                <dt title="1 s / 10 s / 60 s after our fills, bps; − is adverse selection">Markouts</dt>
                <dd>
                  {formatBps(v.markoutBps.s1)} / {formatBps(v.markoutBps.s10)} / {formatBps(v.markoutBps.s60)}
                </dd>
              </div>
              <div>
                <dt>Entry latency</dt>
                <dd>{Math.round(v.latencyMs * 1000)} µs</dd>
              </div>
              {v.minQty ? (
                <div>
                  <dt>Min qty</dt>
                  <dd>{formatQty(v.minQty)}</dd>
                </div>
              ) : null}
            </dl>
          ) : null}
          <VenueCharts venue={v} />
        </section>
        <section className="vn-panel vn-prob-panel" aria-label="Fill probability">
          <div className="panel-head">
            <h2 className="panel-title">Fill probability</h2>
            <span className="panel-meta">{v ? `${v.venue} · by order type × child size` : ''}</span>
          </div>
          <FillRateTable venue={v} kinds={q.data?.kinds ?? []} buckets={q.data?.buckets ?? []} />
        </section>
      </div>
    </div>
  );
}
