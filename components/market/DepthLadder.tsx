'use client';

import type { MarketView } from '@/server/trpc/market';
import { formatQty } from '@/components/data/format';
import { formatPx, formatQtyShort } from './marketFormat';

type Level = { px: number; qty: number };

const pct = (qty: number, max: number, span = 100) => `${max > 0 ? Math.max(2, Math.round((qty / max) * span)) : 0}%`;

/** Pads a side to `n` rows so the ladder keeps its shape while levels come and go. */
function padded(side: Level[], n: number): Array<Level | null> {
  const out: Array<Level | null> = side.slice(0, n);
  while (out.length < n) out.push(null);
  return out;
}

/**
 * The consolidated book: asks above (best ask lowest, next to the spread),
 * bids below (best bid on top), with size bars and cumulative size. Rows are
 * keyed by level position, so a tick updates text in place and nothing jumps.
 */
export function ConsolidatedLadder({ view, tick, levels = 10 }: { view: MarketView | null; tick: number; levels?: number }) {
  const bids = view?.consolidated.bids ?? [];
  const asks = view?.consolidated.asks ?? [];
  const max = Math.max(0, ...bids.map((l) => l.qty), ...asks.map((l) => l.qty));
  const cum = (side: Level[]) => {
    let c = 0;
    return side.map((l) => (c += l.qty));
  };
  const bidCum = cum(bids);
  const askCum = cum(asks);
  const askRows = padded(asks, levels)
    .map((l, i) => ({ l, c: askCum[i] }))
    .reverse();
  const bidRows = padded(bids, levels).map((l, i) => ({ l, c: bidCum[i] }));
  const bestBid = bids[0]?.px;
  const bestAsk = asks[0]?.px;
  const spread = bestBid !== undefined && bestAsk !== undefined ? bestAsk - bestBid : null;

  return (
    <div className="ladder" data-testid="consolidated-ladder" data-levels={`${bids.length}/${asks.length}`}>
      <div className="ladder-row ladder-colhead">
        <span>Price</span>
        <span className="r">Size</span>
        <span className="r">Cum</span>
      </div>
      {askRows.map(({ l, c }, i) => (
        <div
          key={`a${i}`}
          className={`ladder-row ask${l ? '' : ' empty'}${i === levels - 1 ? ' best' : ''}`}
          data-testid={l ? 'ladder-ask' : undefined}
          data-px={l?.px}
        >
          <span className="bar" style={{ width: l ? pct(l.qty, max, 66) : 0 }} />
          <span className="px">{l ? formatPx(l.px, tick) : ''}</span>
          <span className="r qty">{l ? formatQty(l.qty) : ''}</span>
          <span className="r cum">{l && c ? formatQtyShort(c) : ''}</span>
        </div>
      ))}
      <div className="ladder-row ladder-spread" data-testid="ladder-spread">
        <span className="muted">spread</span>
        <span className="r">{spread === null ? '—' : formatPx(spread, tick)}</span>
        <span className="r muted">{spread === null ? '' : `${Math.round(spread / tick)}t`}</span>
      </div>
      {bidRows.map(({ l, c }, i) => (
        <div
          key={`b${i}`}
          className={`ladder-row bid${l ? '' : ' empty'}${i === 0 ? ' best' : ''}`}
          data-testid={l ? 'ladder-bid' : undefined}
          data-px={l?.px}
        >
          <span className="bar" style={{ width: l ? pct(l.qty, max, 66) : 0 }} />
          <span className="px">{l ? formatPx(l.px, tick) : ''}</span>
          <span className="r qty">{l ? formatQty(l.qty) : ''}</span>
          <span className="r cum">{l && c ? formatQtyShort(c) : ''}</span>
        </div>
      ))}
    </div>
  );
}

type VenueView = MarketView['venues'][number];

/**
 * One lit venue's book, compact and two-sided: bid size and price on the
 * left, ask price and size on the right, best level on top. Levels at the
 * NBBO are lit up: that venue is at the inside.
 */
export function VenueLadder({ venue, nbbo, tick, levels = 10 }: { venue: VenueView; nbbo: MarketView['nbbo'] | undefined; tick: number; levels?: number }) {
  const bids = padded(venue.bids, levels);
  const asks = padded(venue.asks, levels);
  const max = Math.max(0, ...venue.bids.map((l) => l.qty), ...venue.asks.map((l) => l.qty));
  return (
    <div className="vladder" data-testid="venue-ladder-book" data-bids={venue.bids.length} data-asks={venue.asks.length}>
      <div className="vladder-row vladder-colhead">
        <span className="r">Bid sz</span>
        <span className="r">Bid</span>
        <span>Ask</span>
        <span className="r">Ask sz</span>
      </div>
      {bids.map((b, i) => {
        const a = asks[i];
        return (
          <div key={i} className="vladder-row">
            <span className="vb bid">
              <span className="bar" style={{ width: b ? pct(b.qty, max) : 0 }} />
              <span className="r qty">{b ? formatQtyShort(b.qty) : ''}</span>
              <span className={`r px${b && nbbo?.bid === b.px ? ' inside' : ''}`}>{b ? formatPx(b.px, tick) : ''}</span>
            </span>
            <span className="va ask">
              <span className="bar" style={{ width: a ? pct(a.qty, max) : 0 }} />
              <span className={`px${a && nbbo?.ask === a.px ? ' inside' : ''}`}>{a ? formatPx(a.px, tick) : ''}</span>
              <span className="r qty">{a ? formatQtyShort(a.qty) : ''}</span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
