'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import type { MarketView } from '@/server/trpc/market';
import { formatNyTime, formatQty } from '@/components/data/format';
import { formatPx, signed } from './marketFormat';

function Cell({ label, children, testId, className }: { label: string; children: ReactNode; testId?: string; className?: string }) {
  return (
    <div className={`mk-q ${className ?? ''}`} data-testid={testId}>
      <span className="mk-q-label">{label}</span>
      <span className="mk-q-value num">{children}</span>
    </div>
  );
}

/** Remembers the last price and says whether it ticked up or down, for the last-price colour. */
function useTickDirection(px: number | null | undefined): 'up' | 'down' | '' {
  const prev = useRef<number | null | undefined>(px);
  const dir = useRef<'up' | 'down' | ''>('');
  if (px !== prev.current) {
    if (px != null && prev.current != null) dir.current = px > prev.current ? 'up' : px < prev.current ? 'down' : dir.current;
    prev.current = px;
  }
  return dir.current;
}

/** Level 1 for the chosen instrument: last, change, NBBO, spread, VWAP, volume, session. */
export function QuoteStrip({ view, tick }: { view: MarketView | null; tick: number }) {
  const s = view?.stats;
  const n = view?.nbbo;
  const last = s?.last ?? null;
  const dir = useTickDirection(last);
  const lastRef = useRef<HTMLSpanElement>(null);

  // A short flash on every change of the last price; class toggled directly so React does not re-render for it.
  useEffect(() => {
    const el = lastRef.current;
    if (!el || last === null || dir === '') return;
    el.classList.remove('flash-up', 'flash-down');
    void el.offsetWidth;
    el.classList.add(dir === 'up' ? 'flash-up' : 'flash-down');
  }, [last, dir]);

  const chg = last !== null && s ? last - s.refPrice : null;
  const chgBps = chg !== null && s ? (chg / s.refPrice) * 10_000 : null;
  const spread = n && n.bid !== null && n.ask !== null ? n.ask - n.bid : null;
  const spreadTicks = spread !== null ? Math.round(spread / tick) : null;
  const spreadBps = spread !== null && n?.mid ? (spread / n.mid) * 10_000 : null;
  const pctAdv = s && s.adv > 0 ? (s.volume / s.adv) * 100 : null;
  const tone = chg === null || Math.abs(chg) < tick / 2 ? '' : chg > 0 ? 'pos' : 'neg';

  return (
    <div className="mk-quote" data-testid="market-quote">
      <div className="mk-q mk-q-last" data-testid="quote-last">
        <span className="mk-q-label">Last</span>
        <span ref={lastRef} className={`mk-last num ${dir}`}>
          {formatPx(last, tick)}
        </span>
      </div>
      <Cell label="Chg vs ref" testId="quote-change" className={tone}>
        {chg === null || chgBps === null ? (
          '—'
        ) : (
          <>
            {signed(chgBps, 1)}
            <small>bp</small> <span className="mk-sep">·</span> {signed(chgBps / 100, 2)}%
          </>
        )}
      </Cell>
      <Cell label="Bid × size" testId="quote-bid" className="bid">
        {n?.bid != null ? (
          <>
            {formatPx(n.bid, tick)} <small>×</small> {formatQty(n.bidQty)}
          </>
        ) : (
          '—'
        )}
      </Cell>
      <Cell label="Ask × size" testId="quote-ask" className="ask">
        {n?.ask != null ? (
          <>
            {formatPx(n.ask, tick)} <small>×</small> {formatQty(n.askQty)}
          </>
        ) : (
          '—'
        )}
      </Cell>
      <Cell label="Spread" testId="quote-spread">
        {spreadTicks === null || spreadBps === null ? (
          '—'
        ) : (
          <>
            {spreadTicks}
            <small>{spreadTicks === 1 ? 'tick' : 'ticks'}</small> <span className="mk-sep">·</span> {spreadBps.toFixed(1)}
            <small>bp</small>
          </>
        )}
      </Cell>
      <Cell label="VWAP" testId="quote-vwap">
        {formatPx(s?.vwap, tick)}
      </Cell>
      <Cell label="Open · High · Low" testId="quote-ohl">
        {s ? (
          <>
            {formatPx(s.open, tick)} <span className="mk-sep">·</span> {formatPx(s.high, tick)} <span className="mk-sep">·</span> {formatPx(s.low, tick)}
          </>
        ) : (
          '—'
        )}
      </Cell>
      <Cell label="Volume · % ADV" testId="quote-volume">
        {s ? (
          <>
            {formatQty(s.volume)} <span className="mk-sep">·</span> {pctAdv === null ? '—' : `${pctAdv.toFixed(1)}%`}
          </>
        ) : (
          '—'
        )}
      </Cell>
      <span className="panel-spacer" />
      <div className="mk-q mk-session" data-testid="quote-session" data-open={view ? String(view.session.isOpen) : ''}>
        <span className="mk-q-label">Session</span>
        <span className="mk-q-value num">
          <span className={`mk-session-tag ${view?.session.isOpen ? 'open' : 'closed'}`}>{view ? (view.session.isOpen ? 'OPEN' : 'CLOSED') : '…'}</span>
          {formatNyTime(view?.engineTime)}
        </span>
      </div>
    </div>
  );
}
