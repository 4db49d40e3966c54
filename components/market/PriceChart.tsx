'use client';

import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
  LineSeries,
  LineStyle,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type LineData,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { BarRow } from '@/server/trpc/market';
import { formatQty } from '@/components/data/format';
import type { BarChange, MarketFeed } from './marketFeed';
import { formatNyHm, formatPx } from './marketFormat';
import { deskChartOptions, timeMs } from './deskChart';

const UP = '#22c55e';
const DOWN = '#f04848';
const VWAP = '#f5a524';
const MINUTE = 60_000;
/** How far the time axis runs ahead of the last bar. */
const PAD_AHEAD = 20 * MINUTE;

/** Bars carry epoch ms; the chart wants UTC seconds. Labels are formatted in New York time below. */
const toTime = (t: number) => (t / 1000) as UTCTimestamp;

const candle = (b: BarRow): CandlestickData => ({ time: toTime(b.t), open: b.open, high: b.high, low: b.low, close: b.close });
const vwapPoint = (b: BarRow): LineData => ({ time: toTime(b.t), value: b.vwap });
const volume = (b: BarRow): HistogramData => ({
  time: toTime(b.t),
  value: b.volume,
  color: b.close >= b.open ? 'rgba(34, 197, 94, 0.32)' : 'rgba(240, 72, 72, 0.32)',
});

interface Series {
  candles: ISeriesApi<'Candlestick'>;
  /** Whitespace only: runs the time axis a little ahead of the last bar. */
  pad: ISeriesApi<'Line'>;
  vwap: ISeriesApi<'Line'>;
  volume: ISeriesApi<'Histogram'>;
}

/**
 * One-minute candles, the session VWAP and volume on its own scale below,
 * from lightweight-charts 5. The chart is made once and kept across symbol
 * switches; a snapshot resets the data, updates touch only the last bars.
 */
export function PriceChart({ feed, tick, refPrice }: { feed: MarketFeed; tick: number; refPrice: number | undefined }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef<Series | null>(null);
  const refLineRef = useRef<IPriceLine | null>(null);
  const barsRef = useRef<Map<number, BarRow>>(new Map());
  const tickRef = useRef(tick);
  tickRef.current = tick;

  // The chart's lifetime is the component's: created on mount, removed on unmount.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const base = deskChartOptions();
    const chart = createChart(host, {
      ...base,
      rightPriceScale: { ...base.rightPriceScale, scaleMargins: { top: 0.08, bottom: 0.26 } },
      timeScale: { ...base.timeScale, barSpacing: 7, minBarSpacing: 1.5, rightOffset: 4 },
      localization: { timeFormatter: (t: Time) => `${formatNyHm(timeMs(t))} NY`, priceFormatter: (p: number) => formatPx(p, tickRef.current) },
    });
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderUpColor: UP,
      borderDownColor: DOWN,
      wickUpColor: UP,
      wickDownColor: DOWN,
      priceLineColor: '#8b97a7',
      priceLineStyle: LineStyle.Dotted,
    });
    const vwap = chart.addSeries(LineSeries, {
      color: VWAP,
      lineWidth: 2,
      title: 'VWAP',
      priceLineVisible: false,
      crosshairMarkerVisible: false,
    });
    const vol = chart.addSeries(HistogramSeries, {
      priceScaleId: 'volume',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    const pad = chart.addSeries(LineSeries, { lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false, visible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 }, visible: false });
    chartRef.current = chart;
    seriesRef.current = { candles, pad, vwap, volume: vol };

    const legend = (p: MouseEventParams) => {
      const el = legendRef.current;
      if (!el) return;
      if (p.time !== undefined) el.dataset.hover = '1';
      else delete el.dataset.hover;
      const bars = barsRef.current;
      const t = p.time !== undefined ? timeMs(p.time) : undefined;
      const b = (t !== undefined ? bars.get(t) : undefined) ?? [...bars.values()].at(-1);
      renderLegend(el, b, tickRef.current);
    };
    chart.subscribeCrosshairMove(legend);

    return () => {
      chart.unsubscribeCrosshairMove(legend);
      chart.remove();
      chartRef.current = null;
      seriesRef.current = null;
      refLineRef.current = null;
    };
  }, []);

  // Price precision and the reference (previous close) line follow the instrument.
  useEffect(() => {
    const s = seriesRef.current;
    if (!s) return;
    const precision = tick < 0.01 ? 4 : 2;
    s.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: tick } });
    s.vwap.applyOptions({ priceFormat: { type: 'price', precision, minMove: tick } });
    if (refLineRef.current) s.candles.removePriceLine(refLineRef.current);
    refLineRef.current =
      refPrice === undefined
        ? null
        : s.candles.createPriceLine({ price: refPrice, color: '#55657a', lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: 'REF' });
  }, [tick, refPrice]);

  // Data: the feed's bars now, then every change, with nothing in between.
  useEffect(() => {
    const s = seriesRef.current;
    const chart = chartRef.current;
    const host = hostRef.current;
    if (!s || !chart || !host) return;
    let session = feed.session();
    /** Last whitespace minute the candles carry: the axis runs a little ahead of the last bar. */
    let padEnd = -Infinity;
    let lastT = -Infinity;
    // Fit the day so far until the user zooms or scrolls; a double click fits again.
    let autoFit = true;
    const fit = () => {
      if (autoFit) chart.timeScale().fitContent();
    };
    const padTo = (t: number) => {
      const end = session ? Math.min(t, session.close - MINUTE) : t;
      if (!Number.isFinite(end) || !Number.isFinite(lastT)) return;
      for (let m = Math.max(padEnd + MINUTE, lastT + MINUTE); m <= end; m += MINUTE) s.pad.update({ time: toTime(m) });
      padEnd = Math.max(padEnd, end);
    };
    const reset = (bars: BarRow[]) => {
      barsRef.current = new Map(bars.map((b) => [b.t, b]));
      lastT = bars.at(-1)?.t ?? (session ? session.open - MINUTE : -Infinity);
      padEnd = lastT;
      const data: WhitespaceData[] = [];
      const start = lastT + MINUTE;
      const end = Number.isFinite(lastT) ? Math.min(lastT + PAD_AHEAD, session ? session.close - MINUTE : Infinity) : -Infinity;
      if (Number.isFinite(start) && Number.isFinite(end)) {
        for (let m = start; m <= end; m += MINUTE) data.push({ time: toTime(m) });
        padEnd = Math.max(padEnd, end);
      }
      s.candles.setData(bars.map(candle));
      s.pad.setData(data);
      s.vwap.setData(bars.map(vwapPoint));
      s.volume.setData(bars.map(volume));
      fit();
      if (legendRef.current) renderLegend(legendRef.current, bars.at(-1), tickRef.current);
    };
    const onChange = (c: BarChange) => {
      if (c.kind === 'reset') {
        session = c.session;
        pending.clear();
        return reset(c.bars);
      }
      // Redrawing the canvas is the page's main CPU cost: coalesce live bars and draw at most once a second.
      for (const b of c.bars) pending.set(b.t, b);
      if (!flushTimer) flushTimer = setTimeout(flush, 1000);
    };
    let pending = new Map<number, BarRow>();
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      const bars = [...pending.values()].sort((a, b) => a.t - b.t);
      pending = new Map();
      let grew = false;
      for (const b of bars) {
        // Resends of bars older than the last drawn carry nothing new.
        if (b.t < lastT) continue;
        if (b.t > lastT) {
          grew = true;
        }
        barsRef.current.set(b.t, b);
        s.candles.update(candle(b));
        s.vwap.update(vwapPoint(b));
        s.volume.update(volume(b));
        lastT = Math.max(lastT, b.t);
      }
      if (grew) {
        padTo(lastT + PAD_AHEAD);
        fit();
      }
      if (legendRef.current && !legendRef.current.dataset.hover) renderLegend(legendRef.current, bars.at(-1), tickRef.current);
    };
    const manual = () => {
      autoFit = false;
    };
    const refit = () => {
      autoFit = true;
      fit();
    };
    host.addEventListener('wheel', manual, { passive: true });
    host.addEventListener('mousedown', manual);
    host.addEventListener('dblclick', refit);
    reset(feed.allBars());
    const off = feed.onBars(onChange);
    return () => {
      off();
      clearTimeout(flushTimer);
      host.removeEventListener('wheel', manual);
      host.removeEventListener('mousedown', manual);
      host.removeEventListener('dblclick', refit);
    };
  }, [feed]);

  return (
    <div className="chart-wrap">
      <div className="chart-host" ref={hostRef} data-testid="price-chart" />
      <div className="chart-legend num" ref={legendRef} data-testid="chart-legend" />
    </div>
  );
}

function renderLegend(el: HTMLElement, b: BarRow | undefined, tick: number): void {
  if (!b) {
    el.textContent = 'No trades yet';
    return;
  }
  const cls = b.close >= b.open ? 'up' : 'down';
  const f = (n: number) => formatPx(n, tick);
  el.innerHTML =
    `<span class="lg-t">${formatNyHm(b.t)}</span>` +
    `<span>O <b class="${cls}">${f(b.open)}</b></span><span>H <b class="${cls}">${f(b.high)}</b></span>` +
    `<span>L <b class="${cls}">${f(b.low)}</b></span><span>C <b class="${cls}">${f(b.close)}</b></span>` +
    `<span>V <b>${formatQty(b.volume)}</b></span><span class="lg-vwap">VWAP <b>${f(b.vwap)}</b></span>`;
}
