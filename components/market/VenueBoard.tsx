'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { MarketView } from '@/server/trpc/market';
import { useTRPC, useTRPCClient } from '@/components/data/client';
import { formatQty } from '@/components/data/format';
import { VenueLadder } from './DepthLadder';
import { formatMils, formatQtyShort } from './marketFormat';

export type VenueStatus = 'open' | 'halted' | 'down';

const STATUS_LABEL: Record<VenueStatus, string> = { open: 'OPEN', halted: 'HALTED', down: 'DOWN' };
const ACTION: Record<VenueStatus, { label: string; verb: string; done: string }> = {
  open: { label: 'Resume', verb: 'Resume', done: 'resumed' },
  halted: { label: 'Halt', verb: 'Halt', done: 'halted' },
  down: { label: 'Down', verb: 'Mark down', done: 'marked down' },
};
/** The switches that make sense from each status. */
const NEXT: Record<VenueStatus, VenueStatus[]> = { open: ['halted', 'down'], halted: ['open', 'down'], down: ['open', 'halted'] };

export function StatusBadge({ venue, status }: { venue: string; status: VenueStatus | undefined }) {
  return (
    <span className={`venue-badge vs-${status ?? 'unknown'}`} data-testid={`venue-badge-${venue}`} data-status={status ?? ''}>
      <span className="conn-dot" aria-hidden="true" />
      {status ? STATUS_LABEL[status] : '…'}
    </span>
  );
}

type Answer = { kind: 'ok' | 'error'; text: string };

/**
 * A supervisor's switches for one venue. A click opens a one-line reason
 * form in place: Enter confirms, Esc cancels. The server's answer stays on
 * the tile for a few seconds.
 */
export function VenueControls({ venue, status, onChanged, children }: { venue: string; status: VenueStatus | undefined; onChanged: () => void; children?: ReactNode }) {
  const client = useTRPCClient();
  const [target, setTarget] = useState<VenueStatus | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const openerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (target) inputRef.current?.focus();
  }, [target]);
  useEffect(() => {
    if (!answer) return;
    const t = setTimeout(() => setAnswer(null), 8_000);
    return () => clearTimeout(t);
  }, [answer]);

  function cancel() {
    setTarget(null);
    setReason('');
    // Back to the switches, so the keyboard user is where they started.
    requestAnimationFrame(() => openerRef.current?.querySelector<HTMLButtonElement>('button')?.focus());
  }

  async function confirm() {
    if (!target || busy) return;
    const why = reason.trim();
    if (!why) {
      setAnswer({ kind: 'error', text: 'a reason is required' });
      return;
    }
    setBusy(true);
    try {
      const res = await client.market.setVenueStatus.mutate({ venue, status: target, reason: why });
      setAnswer(res.changed ? { kind: 'ok', text: `${venue} ${ACTION[target].done} · seq ${res.seq}` } : { kind: 'error', text: res.reason });
      setTarget(null);
      setReason('');
      onChanged();
    } catch (err) {
      const code = isTRPCClientError(err) ? String(err.data?.code ?? 'ERROR') : 'ERROR';
      setAnswer({ kind: 'error', text: `${code}: ${(err as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      void confirm();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  }

  if (target) {
    return (
      <div className="vctl vctl-form" data-testid={`venue-form-${venue}`} data-target={target}>
        <span className={`vctl-verb vs-${target}`}>{ACTION[target].verb}</span>
        <input
          ref={inputRef}
          data-testid={`venue-reason-${venue}`}
          aria-label={`Reason to ${ACTION[target].verb.toLowerCase()} ${venue}`}
          placeholder="reason ↵"
          maxLength={200}
          value={reason}
          disabled={busy}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="vctl-x" title="Cancel (Esc)" aria-label="Cancel" onClick={cancel} disabled={busy}>
          ✕
        </button>
      </div>
    );
  }
  return (
    <div className="vctl" ref={openerRef} data-testid={`venue-controls-${venue}`}>
      {children}
      <span className="panel-spacer" />
      {(status ? NEXT[status] : []).map((s) => (
        <button
          key={s}
          type="button"
          className={`vctl-btn to-${s}`}
          data-testid={`venue-${s === 'open' ? 'resume' : s === 'halted' ? 'halt' : 'down'}-${venue}`}
          title={`${ACTION[s].verb} ${venue}`}
          onClick={() => {
            setAnswer(null);
            setTarget(s);
          }}
        >
          {ACTION[s].label}
        </button>
      ))}
      {answer ? (
        <button
          type="button"
          className={`vctl-answer ${answer.kind}`}
          data-testid={`venue-answer-${venue}`}
          data-kind={answer.kind}
          role="status"
          title={`${answer.text} (click to dismiss)`}
          onClick={() => setAnswer(null)}
        >
          {answer.kind === 'ok' ? '✓ ' : '✕ '}
          {answer.text}
        </button>
      ) : null}
    </div>
  );
}

type VenueView = MarketView['venues'][number];

/**
 * All six venues side by side: lit venues with their own book, dark pools as
 * cards (they publish no depth). Status comes from the live stream, the
 * day's trades and volume from market.venues every few seconds.
 */
export function VenueBoard({ view, tick, supervisor }: { view: MarketView | null; tick: number; supervisor: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const venuesQuery = useQuery({ ...trpc.market.venues.queryOptions(), refetchInterval: 3_000, staleTime: 2_000 });
  const refs = new Map((venuesQuery.data ?? []).map((v) => [v.venue, v]));
  const streamed: VenueView[] = view?.venues ?? [];
  const list = streamed.length
    ? streamed
    : (venuesQuery.data ?? []).map((v) => ({ venue: v.venue, name: v.name, kind: v.kind, status: v.status, bids: [], asks: [] }) as VenueView);
  const onChanged = () => void queryClient.invalidateQueries({ queryKey: trpc.market.venues.queryKey() });

  return (
    <div className="venue-board" data-testid="venue-board">
      {list.map((v) => {
        const ref = refs.get(v.venue);
        const status = v.status as VenueStatus;
        const fees =
          v.kind === 'lit' && ref ? (
            <span className="venue-fees num" title="Make / take fee in mils ($0.0001 per share); negative is a rebate">
              {formatMils(ref.makeFee)}/{formatMils(ref.takeFee)} mils
            </span>
          ) : null;
        return (
          <section
            key={v.venue}
            className={`venue-tile kind-${v.kind} vt-${status}`}
            data-testid={`venue-${v.venue}`}
            data-kind={v.kind}
            data-status={status}
            aria-label={`${v.venue} ${v.kind} venue, ${status}`}
          >
            <header className="venue-head">
              <span className="venue-id" title={v.name}>
                {v.venue}
              </span>
              <span className={`venue-kind ${v.kind}`}>{v.kind}</span>
              <span className="panel-spacer" />
              <StatusBadge venue={v.venue} status={status} />
            </header>
            {v.kind === 'lit' ? (
              <div className="venue-body" data-testid={`venue-ladder-${v.venue}`}>
                <VenueLadder venue={v} nbbo={view?.nbbo} tick={tick} />
                {status !== 'open' ? (
                  <div className="venue-veil" data-testid={`venue-veil-${v.venue}`}>
                    <b>{status === 'halted' ? 'Halted' : 'Down'}</b>
                    <span>book frozen · not routable</span>
                  </div>
                ) : null}
              </div>
            ) : (
              <div className="venue-body dark-card" data-testid={`venue-card-${v.venue}`}>
                <p className="dark-name">{v.name}</p>
                <dl className="dark-stats">
                  <dt title="Day total, all symbols">Trades</dt>
                  <dd className="num" data-testid={`venue-trades-${v.venue}`}>
                    {ref ? formatQty(ref.trades) : '—'}
                  </dd>
                  <dt title="Day total, all symbols">Volume</dt>
                  <dd className="num">{ref ? formatQtyShort(ref.volume) : '—'}</dd>
                  <dt>Min qty</dt>
                  <dd className="num">{ref?.minQty ? formatQty(ref.minQty) : '—'}</dd>
                  <dt>Fee</dt>
                  <dd className="num">{ref ? `${formatMils(ref.takeFee)} mils` : '—'}</dd>
                  <dt>Latency</dt>
                  <dd className="num">{ref ? `${ref.latencyMs} ms` : '—'}</dd>
                </dl>
                <p className="dark-note" data-testid={`venue-dark-note-${v.venue}`}>
                  No pre-trade transparency
                </p>
              </div>
            )}
            <footer className="venue-foot">
              {supervisor ? (
                <VenueControls venue={v.venue} status={status} onChanged={onChanged}>
                  {fees}
                </VenueControls>
              ) : (
                <>
                  {fees}
                  {v.kind === 'lit' && ref ? (
                    <span className="venue-fees num muted" title="Shares traded today, all symbols">
                      {formatQtyShort(ref.volume)} sh
                    </span>
                  ) : null}
                </>
              )}
            </footer>
          </section>
        );
      })}
    </div>
  );
}
