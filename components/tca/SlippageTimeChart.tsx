'use client';

import { createChart, HistogramSeries, LineSeries, LineStyle, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { deskChartOptions, timeMs } from '@/components/market/deskChart';
import { formatNyHm } from '@/components/market/marketFormat';
import { formatBps } from './tcaFormat';
import type { MinuteSlip } from './tcaStats';

export const POS = '#22c55e';
export const NEG = '#f04848';
const POS_BAR = 'rgba(34, 197, 94, 0.7)';
const NEG_BAR = 'rgba(240, 72, 72, 0.7)';
const CUM = '#93c5fd';

const toTime = (t: number) => (t / 1000) as UTCTimestamp;

/**
 * Child slippage vs VWAP over the day (lightweight-charts 5): one bar a minute,
 * the quantity-weighted slippage of the children placed in it (green better than
 * VWAP, red worse), and the day's running total as a line.
 */
export function SlippageTimeChart({ minutes }: { minutes: MinuteSlip[] }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef<{ bars: ISeriesApi<'Histogram'>; cum: ISeriesApi<'Line'> } | null>(null);
  const fitted = useRef(false);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const base = deskChartOptions();
    const chart = createChart(host, {
      ...base,
      rightPriceScale: { ...base.rightPriceScale, minimumWidth: 56, scaleMargins: { top: 0.12, bottom: 0.08 } },
      timeScale: { ...base.timeScale, rightOffset: 1, barSpacing: 7, minBarSpacing: 2, maxBarSpacing: 16 },
      localization: { timeFormatter: (t: Time) => `${formatNyHm(timeMs(t))} NY` },
      handleScale: { axisPressedMouseMove: false },
    });
    const priceFormat = { type: 'custom' as const, formatter: (p: number) => formatBps(p, 2), minMove: 0.01 };
    const bars = chart.addSeries(HistogramSeries, { priceFormat, priceLineVisible: false, lastValueVisible: false, base: 0 });
    const cum = chart.addSeries(LineSeries, { color: CUM, lineWidth: 2, priceFormat, priceLineVisible: false, lastValueVisible: true, title: 'day' });
    bars.createPriceLine({ price: 0, color: '#3b4a5e', lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
    chartRef.current = chart;
    seriesRef.current = { bars, cum };
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
    s.bars.setData(minutes.map((m) => (m.bps === null ? { time: toTime(m.t) } : { time: toTime(m.t), value: m.bps, color: m.bps >= 0 ? POS_BAR : NEG_BAR })));
    s.cum.setData(minutes.map((m) => (m.cumBps === null ? { time: toTime(m.t) } : { time: toTime(m.t), value: m.cumBps })));
    if (!fitted.current && minutes.length > 0) {
      fitted.current = true;
      chart.timeScale().fitContent();
    }
  }, [minutes]);

  return <div className="tca-chart-host" ref={hostRef} />;
}
