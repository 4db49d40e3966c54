import { ColorType, CrosshairMode, type ChartOptions, type DeepPartial, type Time } from 'lightweight-charts';
import { formatNyHm } from './marketFormat';

/** Panes (lightweight-charts 5) as the desk draws them: a thin separator the user may drag. */
const DESK_PANES = { separatorColor: '#1f2937', separatorHoverColor: 'rgba(59, 130, 246, 0.25)', enableResize: true } as const;

/** A lightweight-charts time (seconds, business day or ISO string) as epoch ms. */
export const timeMs = (t: Time) => (typeof t === 'number' ? t * 1000 : typeof t === 'string' ? Date.parse(t) : Date.UTC(t.year, t.month - 1, t.day));

/** The desk's chart look — dark canvas, monospace axis labels, NY clock on the time axis — shared by every chart. With `panes`, the separator between panes as the desk draws it. */
export function deskChartOptions(opts: { panes?: boolean } = {}): DeepPartial<ChartOptions> {
  return {
    autoSize: true,
    layout: {
      ...(opts.panes ? { panes: DESK_PANES } : {}),
      background: { type: ColorType.Solid, color: '#0d1117' },
      textColor: '#7d8898',
      fontSize: 11,
      fontFamily: "'JetBrains Mono', 'SF Mono', Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace",
      attributionLogo: false,
    },
    grid: { vertLines: { color: '#141b24' }, horzLines: { color: '#141b24' } },
    crosshair: {
      mode: CrosshairMode.Normal,
      vertLine: { color: '#3b4a5e', labelBackgroundColor: '#1d2a3b' },
      horzLine: { color: '#3b4a5e', labelBackgroundColor: '#1d2a3b' },
    },
    rightPriceScale: { borderColor: '#1f2937' },
    timeScale: { borderColor: '#1f2937', timeVisible: true, secondsVisible: false, tickMarkFormatter: (t: Time) => formatNyHm(timeMs(t)) },
  };
}
