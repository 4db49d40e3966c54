'use client';

import { useQuery } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import Link from 'next/link';
import { useEffect } from 'react';
import type { ParentRow } from '@/server/desk';
import type { VenueSlot } from '@/server/trpc/routing';
import { useTRPC } from '@/components/data/client';
import { formatPrice, formatQty } from '@/components/data/format';
import { StatusBadge } from '@/components/market/VenueBoard';
import type { ChildFeed } from './childFeed';
import { LOGIC_LABEL, LOGIC_TITLE, routingWhy } from './routingLabels';

/** The venue map is asked again this often, and soon after any of the parent's children changes. */
const REFRESH_MS = 1_000;
const NUDGE_MS = 150;

const SEGMENTS = [
  { key: 'filled', label: 'Filled', title: 'Shares filled there' },
  { key: 'working', label: 'Working', title: 'Acknowledged by the venue and working there' },
  { key: 'pending', label: 'Sent', title: 'Sent, not yet acknowledged by the venue' },
  { key: 'cancelling', label: 'Cancelling', title: 'Cancel requested, not yet confirmed' },
  { key: 'possiblyLive', label: 'Possibly live', title: 'At a venue that is down: may still be live there until it answers' },
] as const;

const inFlight = (v: VenueSlot) => v.pending + v.cancelling + v.possiblyLive;
const total = (v: VenueSlot) => v.filled + v.working + inFlight(v);

function VenueBar({ v, scale, parentQty }: { v: VenueSlot; scale: number; parentQty: number }) {
  const flight = inFlight(v);
  const share = parentQty > 0 ? (100 * total(v)) / parentQty : 0;
  const flightTitle = `In flight ${formatQty(flight)}: sent ${formatQty(v.pending)} · cancelling ${formatQty(v.cancelling)} · possibly live ${formatQty(v.possiblyLive)}`;
  return (
    <div
      className={`vm-row vt-${v.status} ${total(v) === 0 ? 'idle' : ''}`}
      data-testid={`vm-venue-${v.venue}`}
      data-kind={v.kind}
      data-working={v.working}
      data-inflight={flight}
      data-filled={v.filled}
      title={`${v.name}: ${v.children} children (${v.openChildren} open)`}
    >
      <span className="vm-venue mono">{v.venue}</span>
      <StatusBadge venue={v.venue} status={v.status} />
      <div className="vm-track" aria-label={`${v.venue}: filled ${v.filled}, working ${v.working}, in flight ${flight}`}>
        {SEGMENTS.map((s) => {
          const n = v[s.key];
          return n > 0 ? <span key={s.key} className={`vm-seg seg-${s.key}`} style={{ width: `${(100 * n) / scale}%` }} title={`${s.label}: ${formatQty(n)} — ${s.title}`} /> : null;
        })}
      </div>
      <span className={`vm-n num ${v.working ? 'seg-working-text' : 'muted'}`}>{v.working ? formatQty(v.working) : '—'}</span>
      <span className={`vm-n num ${flight ? 'seg-flight-text' : 'muted'}`} title={flightTitle}>
        {flight ? formatQty(flight) : '—'}
      </span>
      <span className={`vm-n num ${v.filled ? 'seg-filled-text' : 'muted'}`}>{v.filled ? formatQty(v.filled) : '—'}</span>
      <span className="vm-n num muted" title="Average fill price there">
        {v.filled ? formatPrice(v.filledValue / v.filled) : ''}
      </span>
      <span className="vm-n num muted" title="Share of the parent's quantity routed there">
        {share >= 0.05 ? `${share.toFixed(1)}%` : ''}
      </span>
    </div>
  );
}

function Group({ title, venues, scale, parentQty }: { title: string; venues: VenueSlot[]; scale: number; parentQty: number }) {
  return (
    <div className="vm-group" data-testid={`vm-group-${title.split(' ')[0].toLowerCase()}`}>
      <div className="vm-row vm-colhead">
        <span className="vm-group-title">{title}</span>
        <span className="vm-scale muted">0 — {formatQty(scale)} sh</span>
        <span className="vm-n">Working</span>
        <span className="vm-n" title="Sent not yet acknowledged, cancel requested, or possibly live at a venue that is down">
          In flight
        </span>
        <span className="vm-n">Filled</span>
        <span className="vm-n">Avg px</span>
        <span className="vm-n">Share</span>
      </div>
      {venues.map((v) => (
        <VenueBar key={v.venue} v={v} scale={scale} parentQty={parentQty} />
      ))}
    </div>
  );
}

/**
 * Where one parent's quantity is, venue by venue: filled, working at the venue,
 * and in flight (sent and not yet acknowledged, cancel requested, possibly live
 * at a venue that is down), as one stacked bar per venue, lit and dark apart;
 * with the routing logic in force and what chose it.
 */
export function VenueMap({ parentId, parent, feed }: { parentId: string | null; parent: ParentRow | undefined; feed: ChildFeed }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.routing.venueMap.queryOptions({ parentId: parentId ?? '' }),
    enabled: !!parentId,
    staleTime: 0,
    refetchInterval: (query) => (query.state.error ? 5_000 : REFRESH_MS),
    retry: (n, err) => !(isTRPCClientError(err) && (err.data?.code === 'FORBIDDEN' || err.data?.code === 'NOT_FOUND')) && n < 3,
  });
  const { refetch } = q;

  // A change to one of its children asks again at once (the map is live, not a second behind).
  useEffect(() => {
    if (!parentId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = feed.onChange((c) => {
      if (timer) return;
      const rows = c.kind === 'snapshot' ? c.rows : [...c.add, ...c.update];
      if (!rows.some((r) => r.parentId === parentId)) return;
      timer = setTimeout(() => {
        timer = undefined;
        void refetch();
      }, NUDGE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [feed, parentId, refetch]);

  const data = parentId && q.data?.parentId === parentId ? q.data : undefined;
  const routing = parent?.routing ?? data?.routing ?? null;

  if (!parentId) {
    return (
      <section className="vm-panel" data-testid="venue-map" data-state="empty" aria-label="Venue map">
        <div className="panel-head">
          <h2 className="panel-title">Venue Map</h2>
        </div>
        <div className="vm-empty" data-testid="venue-map-empty">
          Click a child order above, or pick a parent, to see where its quantity is working, in flight and filled across the venues.
        </div>
      </section>
    );
  }
  if (!data) {
    const code = q.error && isTRPCClientError(q.error) ? q.error.data?.code : undefined;
    return (
      <section className="vm-panel" data-testid="venue-map" data-state={q.error ? 'error' : 'loading'} data-parent-id={parentId} aria-label="Venue map">
        <div className="panel-head">
          <h2 className="panel-title">Venue Map</h2>
          <span className="panel-meta mono">{parentId}</span>
        </div>
        <div className="vm-empty" role={q.error ? 'alert' : 'status'}>
          {q.error ? (code === 'FORBIDDEN' ? `${parentId} holds none of your orders.` : code === 'NOT_FOUND' ? `There is no parent ${parentId}.` : `Could not load ${parentId}: ${q.error.message}`) : 'Loading…'}
        </div>
      </section>
    );
  }

  const lit = data.venues.filter((v) => v.kind === 'lit');
  const dark = data.venues.filter((v) => v.kind === 'dark');
  const working = data.venues.reduce((n, v) => n + v.working, 0);
  const flight = data.venues.reduce((n, v) => n + inFlight(v), 0);
  const children = data.venues.reduce((n, v) => n + v.children, 0);
  // One scale for every bar, so venues compare at a glance: the busiest venue fills its track.
  const scale = Math.max(100, ...data.venues.map(total));
  const done = data.filled + data.crossed;

  return (
    <section
      className="vm-panel"
      data-testid="venue-map"
      data-state="ready"
      data-parent-id={parentId}
      data-logic={routing?.logic ?? ''}
      data-chosen-by={routing?.chosenBy ?? ''}
      aria-label={`Venue map of ${parentId}`}
    >
      <div className="panel-head">
        <h2 className="panel-title">Venue Map</h2>
        <Link href={`/parents/${encodeURIComponent(parentId)}`} className="pr-id-link mono" data-testid="venue-map-parent" title="Open the parent's page">
          {parentId}
        </Link>
        <span className={`vm-side side-${data.side}`}>
          {data.side === 'buy' ? 'BUY' : 'SELL'} <b>{formatQty(data.qty)}</b> <b>{data.symbol}</b>
        </span>
        <span className={`pill status-${data.status}`}>{data.status}</span>
        <span className="panel-spacer" />
        <span className="panel-meta" data-testid="venue-map-totals">
          <b className="seg-filled-text">{formatQty(done)}</b> done{data.crossed ? ` (${formatQty(data.crossed)} crossed)` : ''} · <b className="seg-working-text">{formatQty(working)}</b> working ·{' '}
          <b className="seg-flight-text">{formatQty(flight)}</b> in flight · {formatQty(children)} children
        </span>
      </div>
      <div className="vm-routing" data-testid="venue-map-routing">
        {routing ? (
          <>
            <span className={`vm-logic logic-${routing.logic}`} title={LOGIC_TITLE[routing.logic]} data-testid="venue-map-logic">
              {LOGIC_LABEL[routing.logic]}
            </span>
            <span className={`vm-chosen ${routing.chosenBy}`} data-testid="venue-map-chosen-by">
              {routing.chosenBy === 'plan' ? 'chosen on the parent' : 'chosen by the trilemma'}
            </span>
            <span className="vm-why muted">{routingWhy(routing, parent?.point)}</span>
            <span className="vm-desc">{LOGIC_TITLE[routing.logic]}</span>
          </>
        ) : (
          <span className="muted">{data.status === 'completed' ? 'Completed: no longer routed.' : 'Not worked on the market: no routing.'}</span>
        )}
      </div>
      <div className="vm-body">
        <Group title="Lit venues" venues={lit} scale={scale} parentQty={data.qty} />
        <Group title="Dark pools" venues={dark} scale={scale} parentQty={data.qty} />
      </div>
      <div className="vm-legend" aria-hidden="true">
        {SEGMENTS.map((s) => (
          <span key={s.key} className="vm-key" title={s.title}>
            <i className={`vm-seg seg-${s.key}`} /> {s.label}
          </span>
        ))}
        <span className="panel-spacer" />
        {children === 0 ? <span className="muted">No child orders yet: the strategy sends them as its schedule asks.</span> : <span className="muted">bars share one scale · hover for detail</span>}
      </div>
    </section>
  );
}
