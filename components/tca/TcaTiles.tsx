import type { TcaSummary } from '@/server/trpc/tca';
import { formatQty } from '@/components/data/format';
import { costTone, formatBps, formatShare, formatUsd, formatUsdShort, slipTone } from './tcaFormat';

/** Dollars per share in mils ($0.0001), one decimal, as the Venues page shows fees. */
const formatMilsPerShare = (usd: number, shares: number) => {
  const m = (usd * 10_000) / shares;
  const t = Math.abs(m).toFixed(1);
  return m < 0 && Number(t) !== 0 ? `\u2212${t}` : t;
};

interface Tile {
  id: string;
  label: string;
  value: string;
  unit?: string;
  tone: 'pos' | 'neg' | 'flat';
  sub: string;
  title: string;
}

/** "+1.23 bps", or an em dash alone when unknown. */
const bpsText = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${formatBps(n)} bps`);

function tiles(s: TcaSummary | null): Tile[] {
  const cost = s && s.orders.paperUsd > 0 ? s.orders.shortfallUsd : null;
  return [
    {
      id: 'vwap',
      label: 'VWAP slippage',
      value: formatBps(s?.parentVsVwapBps),
      unit: 'bps',
      tone: slipTone(s?.parentVsVwapBps),
      sub: `children ${bpsText(s?.childVsVwapBps)}`,
      title: 'Parents’ average fill against the market VWAP over each one’s execution window, weighted by shares filled; + better than VWAP. Below: every child against the VWAP while it was out.',
    },
    {
      id: 'arrival',
      label: 'vs Arrival',
      value: formatBps(s?.parentVsArrivalBps),
      unit: 'bps',
      tone: slipTone(s?.parentVsArrivalBps),
      sub: `children ${bpsText(s?.childVsArrivalBps)}`,
      title: 'Parents’ average fill against the mid when each was created, weighted by shares filled; + better than arrival.',
    },
    {
      id: 'shortfall',
      label: 'Shortfall',
      value: formatBps(s?.orders.shortfallBps),
      unit: 'bps',
      tone: costTone(s?.orders.shortfallBps),
      sub: cost === null ? 'against each order’s arrival mid' : `${cost >= 0 ? 'cost' : 'gain'} ${formatUsdShort(Math.abs(cost))} of ${formatUsdShort(s?.orders.paperUsd ?? 0)}`,
      title: 'Implementation shortfall of the small orders against a paper order at each one’s arrival mid (delay + execution + opportunity + fees); + is a cost. In bps of the paper notional.',
    },
    {
      id: 'fees',
      label: 'Fees',
      value: s ? formatUsd(s.orders.feesUsd) : '—',
      unit: '$',
      // Fees are always there: neutral, green only when rebates won.
      tone: (s?.orders.feesUsd ?? 0) < 0 ? 'pos' : 'flat',
      sub: s && s.marketQty > 0 ? `${formatMilsPerShare(s.orders.feesUsd, s.marketQty)} mils/sh, net of rebates` : 'net of rebates',
      title: 'Venue fees paid on the market fills, net of rebates; − is a net rebate.',
    },
    {
      id: 'crossed',
      label: 'Crossed inside',
      value: formatShare(s?.crossedShare),
      tone: (s?.crossedShare ?? 0) > 0 ? 'pos' : 'flat',
      sub: s && s.askedQty > 0 ? `${formatQty(s.crossedQty)} of ${formatQty(s.askedQty)} sh` : 'at the midpoint, before the market',
      title: 'Share of the shares asked for that crossed internally at the midpoint, never touching a venue.',
    },
    {
      id: 'executed',
      label: 'Executed',
      value: s ? formatQty(s.marketQty) : '—',
      unit: 'sh',
      tone: 'flat',
      sub: s ? `${formatQty(s.counts.children)} children · ${formatQty(s.counts.parents)} parents` : '—',
      title: 'Shares filled on the market by child orders.',
    },
  ];
}

/** The desk's (or a trader's own) TCA at a glance. */
export function TcaTiles({ summary }: { summary: TcaSummary | null }) {
  return (
    <div className="tca-tiles" data-testid="tca-tiles">
      {tiles(summary).map((t) => (
        <div key={t.id} className={`tca-tile ${t.tone}`} data-testid={`tca-tile-${t.id}`} data-tone={t.tone} title={t.title}>
          <span className="tca-tile-label">{t.label}</span>
          <span className="tca-tile-value num">
            {t.unit === '$' ? <small>$</small> : null}
            <b>{t.value}</b>
            {t.unit && t.unit !== '$' && t.value !== '—' ? <small>{t.unit}</small> : null}
          </span>
          <span className="tca-tile-sub num">{t.sub}</span>
        </div>
      ))}
    </div>
  );
}
