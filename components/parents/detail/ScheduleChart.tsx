'use client';

import {
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  LineStyle,
  LineType,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LineData,
  type MouseEventParams,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatNyTime, formatQty } from '@/components/data/format';
import { formatPx } from '@/components/market/marketFormat';
import { deskChartOptions, timeMs } from '@/components/market/deskChart';
import type { ParentDetailData } from './types';

const PLAN = '#8b97a7';
const DONE = '#22c55e';
const BEHIND = '#f5a524';
const VWAP = '#f5a524';
const AVG = '#93c5fd';
const NOW = 'rgba(59, 130, 246, 0.55)';
/** Grid steps (s) that divide a minute, so the market's one-minute VWAP lands on the grid. */
const STEPS = [1, 2, 5, 10, 15, 20, 30, 60];
const MAX_POINTS = 1500;

const toTime = (sec: number) => sec as UTCTimestamp;

export interface ChartSeries {
  /** The grid, seconds; lightweight-charts spaces points evenly, so an even grid keeps time linear. */
  step: number;
  planned: LineData[];
  done: Array<LineData | WhitespaceData>;
  vwap: LineData[];
  avg: Array<LineData | WhitespaceData>;
  markers: SeriesMarker<Time>[];
  now: number;
  /** Whether "now" is marked: a working parent. */
  live: boolean;
  /** By grid second: planned, done, vwap, avg for the legend. */
  at: Map<number, { planned?: number; done?: number; vwap?: number; avg?: number; fills?: number; px?: number }>;
}

/**
 * The chart's data on one even time grid from a little before the window to
 * its end (or now, if later): planned cumulative shares (interpolated between
 * the schedule's period boundaries), done = crossed + cumulative market fills,
 * the market's one-minute session VWAP, and our fills — one marker per grid
 * step at its average price — with their running average.
 */
/**
 * How front-loaded the plan is: the share of its shares planned by the middle of
 * its window (0.5 is even, as TWAP; an urgent Implementation Shortfall is well
 * above). It does not move as time passes, only when the plan's shape does.
 */
export function frontLoad(sch: ParentDetailData['schedule']): number | null {
  if (sch.length < 2 || sch[sch.length - 1].planned <= 0) return null;
  const mid = (sch[0].t + sch[sch.length - 1].t) / 2;
  let j = 0;
  while (j < sch.length - 2 && sch[j + 1].t <= mid) j++;
  const a = sch[j];
  const b = sch[j + 1];
  const v = a.planned + ((b.planned - a.planned) * (mid - a.t)) / (b.t - a.t || 1);
  return v / sch[sch.length - 1].planned;
}

export function chartSeries(d: ParentDetailData, tolerancePct = 2): ChartSeries | null {
  const row = d.row;
  const start = d.plan?.startAt ?? row.createdAt;
  // A working parent runs to the end of its window, or now if that is later; a completed one to its last fill.
  const working = row.status === 'working';
  const end = Math.max(d.plan?.endAt ?? d.now, working ? d.now : 0, d.fills.at(-1)?.t ?? 0);
  const span = Math.max(60_000, end - start);
  const lead = Math.min(10 * 60_000, Math.max(60_000, span * 0.08));
  const from = start - lead;
  const to = end + Math.min(2 * 60_000, span * 0.02);
  const step = STEPS.find((s) => (to - from) / 1000 / s <= MAX_POINTS) ?? 60;
  const g0 = Math.floor(from / 1000 / step) * step;
  const g1 = Math.ceil(to / 1000 / step) * step;
  const nowSec = Math.min(Math.floor(d.now / 1000 / step) * step, g1);
  const at: ChartSeries['at'] = new Map();
  const slot = (s: number) => {
    let x = at.get(s);
    if (!x) at.set(s, (x = {}));
    return x;
  };

  // Planned: linear between the schedule's points; flat at the total after the end.
  const planned: LineData[] = [];
  const sch = d.schedule;
  if (sch.length > 1) {
    let j = 0;
    for (let s = g0; s <= g1; s += step) {
      const t = s * 1000;
      if (t < sch[0].t) continue;
      while (j < sch.length - 2 && sch[j + 1].t <= t) j++;
      const a = sch[j];
      const b = sch[j + 1];
      const v = t >= sch[sch.length - 1].t ? sch[sch.length - 1].planned : a.planned + ((b.planned - a.planned) * (t - a.t)) / (b.t - a.t || 1);
      planned.push({ time: toTime(s), value: Math.round(v) });
      slot(s).planned = Math.round(v);
    }
  }

  // Done and our prices, bucketed on the grid up to now.
  const total = row.qty || 1;
  const done: ChartSeries['done'] = [];
  const avg: ChartSeries['avg'] = [];
  const markers: SeriesMarker<Time>[] = [];
  const fills = d.fills;
  let k = 0;
  let cum = row.crossed;
  let value = 0;
  let qty = 0;
  const doneFrom = Math.floor(Math.min(start, row.createdAt) / 1000 / step) * step;
  const buy = row.side === 'buy';
  for (let s = g0; s <= g1; s += step) {
    if (s < doneFrom || s > nowSec) {
      done.push({ time: toTime(s) });
      avg.push({ time: toTime(s) });
      continue;
    }
    const until = (s + step) * 1000;
    let bq = 0;
    let bv = 0;
    while (k < fills.length && fills[k].t < until) {
      bq += fills[k].qty;
      bv += fills[k].qty * fills[k].px;
      k++;
    }
    cum += bq;
    qty += bq;
    value += bv;
    const plan = slot(s).planned;
    const behind = plan !== undefined ? (100 * (plan - cum)) / total : 0;
    done.push({ time: toTime(s), value: cum, color: behind > tolerancePct ? BEHIND : DONE });
    const x = slot(s);
    x.done = cum;
    if (qty > 0) {
      avg.push({ time: toTime(s), value: value / qty });
      x.avg = value / qty;
    } else avg.push({ time: toTime(s) });
    if (bq > 0) {
      x.fills = bq;
      x.px = bv / bq;
      markers.push({ time: toTime(s), position: 'atPriceMiddle', price: bv / bq, shape: 'circle', color: buy ? '#4ade80' : '#f87171', size: 0.55 });
    }
  }

  const vwap: LineData[] = [];
  for (const b of d.marketVwap) {
    const s = Math.round(b.t / 1000);
    if (s < g0 || s > g1 || s % step !== 0) continue;
    vwap.push({ time: toTime(s), value: b.vwap });
    slot(s).vwap = b.vwap;
  }
  return { step, planned, done, vwap, avg, markers, now: nowSec, live: working, at };
}

interface Series {
  planned: ISeriesApi<'Line'>;
  done: ISeriesApi<'Line'>;
  nowShares: ISeriesApi<'Histogram'>;
  vwap: ISeriesApi<'Line'>;
  avg: ISeriesApi<'Line'>;
  nowPrice: ISeriesApi<'Histogram'>;
  fills: ISeriesMarkersPluginApi<Time>;
  planMarks: ISeriesMarkersPluginApi<Time>;
}

/**
 * Schedule against actual (shares, top pane) and the market's VWAP against our
 * fill prices (bottom pane), lightweight-charts 5, with "now" marked in both.
 * The chart is made once; each refresh replaces the data. It fits the window
 * until the user zooms or scrolls; a double click fits again.
 */
export function ScheduleChart({ data, tick }: { data: ParentDetailData; tick: number }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef<Series | null>(null);
  const tickRef = useRef(tick);
  tickRef.current = tick;
  const autoFit = useRef(true);
  const [hover, setHover] = useState<number | null>(null);

  const cs = useMemo(() => chartSeries(data), [data]);
  const csRef = useRef(cs);
  csRef.current = cs;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const base = deskChartOptions({ panes: true });
    const chart = createChart(host, {
      ...base,
      rightPriceScale: { ...base.rightPriceScale, minimumWidth: 72 },
      timeScale: { ...base.timeScale, rightOffset: 2, minBarSpacing: 0.2 },
      localization: { timeFormatter: (t: Time) => `${formatNyTime(timeMs(t))} NY` },
    });
    const sharesFmt = { type: 'custom' as const, formatter: (p: number) => formatQty(Math.round(p)), minMove: 1 };
    const planned = chart.addSeries(LineSeries, {
      color: PLAN,
      lineWidth: 2,
      lineStyle: LineStyle.Dashed,
      title: 'plan',
      priceFormat: sharesFmt,
      priceLineVisible: false,
      crosshairMarkerVisible: false,
    });
    const done = chart.addSeries(LineSeries, {
      color: DONE,
      lineWidth: 2,
      lineType: LineType.WithSteps,
      title: 'done',
      priceFormat: sharesFmt,
      priceLineVisible: false,
    });
    const nowShares = chart.addSeries(HistogramSeries, { priceScaleId: 'now', color: NOW, lastValueVisible: false, priceLineVisible: false });
    const vwap = chart.addSeries(
      LineSeries,
      { color: VWAP, lineWidth: 2, title: 'VWAP', priceLineVisible: false, crosshairMarkerVisible: false, priceFormat: { type: 'custom', formatter: (p: number) => formatPx(p, tickRef.current), minMove: 0.0001 } },
      1,
    );
    const avg = chart.addSeries(
      LineSeries,
      { color: AVG, lineWidth: 1, lineType: LineType.WithSteps, title: 'avg fill', priceLineVisible: false, priceFormat: { type: 'custom', formatter: (p: number) => formatPx(p, tickRef.current), minMove: 0.0001 } },
      1,
    );
    const nowPrice = chart.addSeries(HistogramSeries, { priceScaleId: 'now', color: NOW, lastValueVisible: false, priceLineVisible: false }, 1);
    chart.priceScale('now', 0).applyOptions({ visible: false, scaleMargins: { top: 0, bottom: 0 } });
    chart.priceScale('now', 1).applyOptions({ visible: false, scaleMargins: { top: 0, bottom: 0 } });
    chart.priceScale('right', 0).applyOptions({ scaleMargins: { top: 0.08, bottom: 0.04 } });
    chart.priceScale('right', 1).applyOptions({ scaleMargins: { top: 0.12, bottom: 0.1 } });
    const panes = chart.panes();
    panes[0]?.setStretchFactor(1.5);
    panes[1]?.setStretchFactor(1);
    const fills = createSeriesMarkers(avg, [], { autoScale: true });
    const planMarks = createSeriesMarkers(planned, []);
    chartRef.current = chart;
    seriesRef.current = { planned, done, nowShares, vwap, avg, nowPrice, fills, planMarks };

    const onMove = (p: MouseEventParams) => setHover(p.time !== undefined ? (p.time as number) : null);
    chart.subscribeCrosshairMove(onMove);
    const manual = () => {
      autoFit.current = false;
    };
    const refit = () => {
      autoFit.current = true;
      chart.timeScale().fitContent();
    };
    host.addEventListener('wheel', manual, { passive: true });
    host.addEventListener('mousedown', manual);
    host.addEventListener('dblclick', refit);
    return () => {
      chart.unsubscribeCrosshairMove(onMove);
      host.removeEventListener('wheel', manual);
      host.removeEventListener('mousedown', manual);
      host.removeEventListener('dblclick', refit);
      chart.remove();
      chartRef.current = null;
      seriesRef.current = null;
    };
  }, []);

  useEffect(() => {
    const s = seriesRef.current;
    const chart = chartRef.current;
    if (!s || !chart || !cs) return;
    s.planned.setData(cs.planned);
    s.done.setData(cs.done);
    s.vwap.setData(cs.vwap);
    s.avg.setData(cs.avg);
    const nowBar = cs.live ? [{ time: toTime(cs.now), value: 1 }] : [];
    s.nowShares.setData(nowBar);
    s.nowPrice.setData(nowBar);
    s.fills.setMarkers(cs.markers);
    const p = cs.at.get(cs.now)?.planned;
    s.planMarks.setMarkers(
      p === undefined || !cs.live ? [] : [{ time: toTime(cs.now), position: 'atPriceMiddle', price: p, shape: 'circle', color: '#60a5fa', size: 0.5, text: 'now' }],
    );
    if (autoFit.current) chart.timeScale().fitContent();
  }, [cs]);

  const pov = data.plan?.strategy === 'pov';
  useEffect(() => seriesRef.current?.planned.applyOptions({ title: pov ? 'pace' : 'plan' }), [pov]);

  // The legend: the hovered time, or now.
  const t = hover ?? cs?.now ?? null;
  const x = t !== null ? cs?.at.get(t) : undefined;
  const last = cs ? lastAtOrBefore(cs, t ?? cs.now) : undefined;
  const vw = x?.vwap ?? last?.vwap;
  const av = x?.avg ?? last?.avg;
  const slip = vw !== undefined && av !== undefined ? ((data.row.side === 'buy' ? 1 : -1) * (av - vw) * 10_000) / vw : undefined;

  return (
    <div className="pd-chart-wrap" data-testid="schedule-chart" data-front-load={frontLoad(data.schedule)?.toFixed(3) ?? ''} data-points={cs?.planned.length ?? 0} data-fills={data.fills.length} data-now={cs?.now ?? ''}>
      <div className="pd-chart-legend num" data-testid="chart-legend">
        <span className="lg-t">{t !== null ? formatNyTime(t * 1000) : '--:--:--'}</span>
        <span className="lg-plan" title={pov ? 'POV follows the volume that prints; the line is the even pace over the window' : 'Planned cumulative shares'}>
          <i /> {pov ? 'pace' : 'plan'} <b>{formatQty(x?.planned ?? last?.planned ?? null) || '—'}</b>
        </span>
        <span className="lg-done">
          <i /> done <b>{formatQty(x?.done ?? last?.done ?? null) || '—'}</b>
        </span>
        <span className="lg-sep" />
        <span className="lg-vwap">
          <i /> mkt VWAP <b>{formatPx(vw, tick)}</b>
        </span>
        <span className="lg-avg">
          <i /> our avg <b>{formatPx(av, tick)}</b>
        </span>
        {slip !== undefined ? (
          <span className={`lg-slip ${slip > 0 ? 'bad' : 'good'}`} title="Our average fill against the market's session VWAP; positive is worse for us">
            {slip >= 0 ? '+' : '−'}
            {Math.abs(slip).toFixed(1)} bps vs mkt VWAP
          </span>
        ) : null}
        {x?.fills ? (
          <span className="lg-fill">
            filled <b>{formatQty(x.fills)}</b> @ <b>{formatPx(x.px, tick)}</b>
          </span>
        ) : null}
      </div>
      <div className="pd-chart-host" ref={hostRef} />
      {!cs || cs.planned.length === 0 ? <div className="pd-chart-empty">No schedule: the parent has no plan on the market.</div> : null}
    </div>
  );
}

function lastAtOrBefore(cs: ChartSeries, t: number) {
  const out: { planned?: number; done?: number; vwap?: number; avg?: number } = {};
  for (let s = t; s >= t - 3600 * 7 && (out.planned === undefined || out.done === undefined || out.vwap === undefined || out.avg === undefined); s -= cs.step) {
    const x = cs.at.get(s);
    if (!x) continue;
    out.planned ??= x.planned;
    out.done ??= x.done;
    out.vwap ??= x.vwap;
    out.avg ??= x.avg;
  }
  return out;
}
