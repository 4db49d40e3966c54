'use client';

import { createChart, HistogramSeries, LineSeries, LineStyle, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { formatQty } from '@/components/data/format';
import { deskChartOptions, timeMs } from '@/components/market/deskChart';
import { formatNyHm } from '@/components/market/marketFormat';
import { formatBps, type VenueScoreRow } from './venueFormat';

const SENT = 'rgba(125, 136, 152, 0.45)';
const FILLED = '#22c55e';
const MARKOUT = '#c4b5fd';

const MINUTE = 60_000;
const toTime = (t: number) => (t / 1000) as UTCTimestamp;

type Minute = VenueScoreRow['history'][number];

/** The scorecard lists only minutes with activity; the chart shows quiet minutes as quiet, not squeezed out. */
function everyMinute(h: Minute[]): Minute[] {
  const out: Minute[] = [];
  for (const m of h) {
    const prev = out[out.length - 1];
    if (prev) for (let t = prev.t + MINUTE; t < m.t; t += MINUTE) out.push({ t, sentQty: 0, filledQty: 0, markout10Bps: null });
    out.push(m);
  }
  return out;
}

interface Series {
  sent: ISeriesApi<'Histogram'>;
  filled: ISeriesApi<'Histogram'>;
  markout: ISeriesApi<'Line'>;
}

/**
 * One venue's day, minute by minute (lightweight-charts 5, the desk's chart
 * look): shares we sent there against shares filled (top pane), and the mean
 * 10 s markout of that minute's fills in bps (bottom pane; above zero the price
 * moved our way, below is adverse selection).
 */
export function VenueCharts({ venue }: { venue: VenueScoreRow | undefined }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef<Series | null>(null);
  const fitFor = useRef<string | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const base = deskChartOptions({ panes: true });
    const chart = createChart(host, {
      ...base,
      rightPriceScale: { ...base.rightPriceScale, minimumWidth: 64 },
      timeScale: { ...base.timeScale, rightOffset: 2, barSpacing: 8, minBarSpacing: 2 },
      localization: { timeFormatter: (t: Time) => `${formatNyHm(timeMs(t))} NY` },
    });
    const shares = { type: 'custom' as const, formatter: (p: number) => formatQty(Math.round(p)), minMove: 1 };
    const sent = chart.addSeries(HistogramSeries, { color: SENT, priceFormat: shares, priceLineVisible: false, lastValueVisible: false });
    const filled = chart.addSeries(HistogramSeries, { color: FILLED, priceFormat: shares, priceLineVisible: false, lastValueVisible: false });
    const markout = chart.addSeries(
      LineSeries,
      {
        color: MARKOUT,
        lineWidth: 2,
        title: '10s MO bps',
        priceLineVisible: false,
        pointMarkersVisible: true,
        pointMarkersRadius: 2,
        priceFormat: { type: 'custom', formatter: (p: number) => formatBps(p, 2), minMove: 0.01 },
      },
      1,
    );
    markout.createPriceLine({ price: 0, color: '#3b4a5e', lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
    chart.priceScale('right', 0).applyOptions({ scaleMargins: { top: 0.1, bottom: 0 } });
    chart.priceScale('right', 1).applyOptions({ scaleMargins: { top: 0.15, bottom: 0.15 } });
    const panes = chart.panes();
    panes[0]?.setStretchFactor(1.6);
    panes[1]?.setStretchFactor(1);
    chartRef.current = chart;
    seriesRef.current = { sent, filled, markout };
    return () => {
      chart.remove();
      chartRef.current = null;
      seriesRef.current = null;
    };
  }, []);

  useEffect(() => {
    const s = seriesRef.current;
    const chart = chartRef.current;
    if (!s || !chart) return;
    const h = everyMinute(venue?.history ?? []);
    s.sent.setData(h.map((m) => ({ time: toTime(m.t), value: m.sentQty })));
    s.filled.setData(h.map((m) => ({ time: toTime(m.t), value: m.filledQty })));
    s.markout.setData(h.map((m) => (m.markout10Bps === null ? { time: toTime(m.t) } : { time: toTime(m.t), value: m.markout10Bps })));
    // Fit when the venue changes (or its first data arrives); after that the user's zoom stays.
    const key = `${venue?.venue ?? ''}:${h.length > 0}`;
    if (fitFor.current !== key) {
      fitFor.current = key;
      chart.timeScale().fitContent();
    }
  }, [venue]);

  const minutes = venue?.history.length ?? 0;
  return (
    <div className="vn-chart" data-testid="venue-chart" data-venue={venue?.venue ?? ''} data-minutes={minutes}>
      <div className="vn-chart-legend num">
        <span className="vn-lg sent">
          <i /> sent / min
        </span>
        <span className="vn-lg filled">
          <i /> filled / min
        </span>
        <span className="vn-lg mo">
          <i /> 10 s markout, bps (+ our way, − adverse)
        </span>
      </div>
      <div className="vn-chart-host" ref={hostRef} />
      {venue && (minutes === 0 || venue.children === 0) ? (
        <div className="vn-chart-empty" data-testid="venue-chart-empty">
          Nothing sent to {venue.venue} yet. Its minutes fill in here as the router sends children there; parents start working when orders are staged.
        </div>
      ) : null}
    </div>
  );
}
