import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Desk } from '../desk';
import { createContext } from '../trpc/init';
import { TCA_LEVELS, tcaHub, tcaVisibility, type TcaLevel, type TcaTotalRow, type TcaView } from '../trpc/tca';
import { sendJson } from './respond';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const fixed = (digits: number) => (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '' : n.toFixed(digits));
const px = fixed(4);
const bps = fixed(2);
const usd = fixed(2);
const utc = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : new Date(ms).toISOString());
const line = (cells: unknown[]) => cells.map(cell).join(',');

/** Shortfall columns shared by parents and small orders: dollars (positive = a cost), then the total in bps of the paper notional. */
const SHORTFALL_HEAD = ['delay_usd', 'execution_usd', 'opportunity_usd', 'fees_usd', 'shortfall_usd', 'shortfall_bps'];
const shortfallCells = (s: TcaTotalRow['shortfall']) => (s ? [usd(s.delay), usd(s.execution), usd(s.opportunity), usd(s.fees), usd(s.total), bps(s.bps.total)] : ['', '', '', '', '', '']);

const BENCH_HEAD = ['arrival_px', 'vwap', 'twap', 'close_px', 'avg_px', 'vs_arrival_bps', 'vs_vwap_bps', 'vs_twap_bps', 'vs_close_bps'];

/** The header line of each level's CSV. */
export const TCA_CSV_HEAD: Record<TcaLevel, string> = {
  children: ['child_id', 'parent_id', 'placed_utc', 'end_utc', 'symbol', 'side', 'venue', 'order_type', 'logic', 'qty', 'filled', 'avg_px', 'arrival_px', 'vwap', 'vs_vwap_bps', 'vs_arrival_bps', 'fees_usd', 'working'].join(','),
  parents: ['parent_id', 'symbol', 'side', 'status', 'strategy', 'routing', 'owners', 'orders', 'qty', 'filled', 'crossed', 'start_utc', 'end_utc', ...BENCH_HEAD, ...SHORTFALL_HEAD].join(','),
  orders: ['order_id', 'parent_id', 'owner', 'symbol', 'side', 'status', 'qty', 'filled', 'crossed', 'created_utc', 'end_utc', ...BENCH_HEAD, ...SHORTFALL_HEAD].join(','),
};

/**
 * One level of the TCA report as CSV: a header, a line per row, and a TOTAL line
 * (quantities and dollars summed, bps weighted by filled quantity, the shortfall's
 * bps of the summed paper notional). Prices 4 decimals, bps and dollars 2; times UTC.
 */
export function tcaCsv(level: TcaLevel, view: TcaView): string {
  const t = view.summary.totals;
  const out: string[] = [TCA_CSV_HEAD[level]];
  if (level === 'children') {
    const rows = [...view.children].sort((a, b) => a.placedAt - b.placedAt || (a.childId < b.childId ? -1 : 1));
    for (const r of rows)
      out.push(line([r.childId, r.parentId, utc(r.placedAt), utc(r.endAt), r.symbol, r.side, r.venue, r.kind, r.logic ?? '', r.qty, r.filled, px(r.avgPx), px(r.arrivalPx), px(r.vwap), bps(r.slippageVsVwapBps), bps(r.slippageVsArrivalBps), usd(r.fees), r.working]));
    const c = t.children;
    out.push(line(['TOTAL', `${c.rows} children`, '', '', '', '', '', '', '', c.qty, c.filled, px(c.filled ? c.notional / c.filled : null), '', '', bps(c.slippageVsVwapBps), bps(c.slippageVsArrivalBps), usd(c.fees), '']));
  } else if (level === 'parents') {
    const rows = [...view.parents].sort((a, b) => a.createdAt - b.createdAt || (a.parentId < b.parentId ? -1 : 1));
    for (const r of rows)
      out.push(
        line([
          r.parentId, r.symbol, r.side, r.status, r.strategy ?? '', r.routing ?? '', r.owners.join(' '), r.orders, r.qty, r.filled, r.crossed, utc(r.startAt), utc(r.endAt),
          px(r.arrivalPx), px(r.vwapBenchmark), px(r.twapBenchmark), px(r.closePx), px(r.avgPx),
          bps(r.slippageVsArrivalBps), bps(r.slippageVsVwapBps), bps(r.slippageVsTwapBps), bps(r.slippageVsCloseBps),
          ...shortfallCells(r.shortfall),
        ]),
      );
    const p = t.parents;
    out.push(line(['TOTAL', `${p.rows} parents`, '', '', '', '', '', '', p.qty, p.filled, p.crossed, '', '', '', '', '', '', '', bps(p.slippageVsArrivalBps), bps(p.slippageVsVwapBps), bps(p.slippageVsTwapBps), bps(p.slippageVsCloseBps), ...shortfallCells(p.shortfall)]));
  } else {
    const rows = [...view.orders].sort((a, b) => a.createdAt - b.createdAt || (a.orderId < b.orderId ? -1 : 1));
    for (const r of rows)
      out.push(
        line([
          r.orderId, r.parentId ?? '', r.owner, r.symbol, r.side, r.status, r.qty, r.filled, r.crossed, utc(r.createdAt), utc(r.endAt),
          px(r.arrivalPx), px(r.vwapBenchmark), px(r.twapBenchmark), px(r.closePx), px(r.avgPx),
          bps(r.slippageVsArrivalBps), bps(r.slippageVsVwapBps), bps(r.slippageVsTwapBps), bps(r.slippageVsCloseBps),
          ...shortfallCells(r.shortfall),
        ]),
      );
    const o = t.orders;
    out.push(line(['TOTAL', `${o.rows} orders`, '', '', '', '', o.qty, o.filled, o.crossed, '', '', '', '', '', '', '', bps(o.slippageVsArrivalBps), bps(o.slippageVsVwapBps), bps(o.slippageVsTwapBps), bps(o.slippageVsCloseBps), ...shortfallCells(o.shortfall)]));
  }
  return out.join('\n') + '\n';
}

/**
 * GET /api/tca/export.csv?level=children|parents|orders: one level of the TCA
 * report as CSV with a total line, the rows the caller may see (a trader: the
 * parents holding their orders, those parents' children, their own orders).
 * Session cookie or API token; every role may read it.
 */
export function handleTcaExport(desk: Desk, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET') return sendJson(res, 405, { error: `${req.method} not allowed; use GET` });
  const { user } = createContext({ req });
  if (!user) return sendJson(res, 401, { error: 'not signed in: log in to the desk first' });
  const level = (url.searchParams.get('level') ?? 'children') as TcaLevel;
  if (!TCA_LEVELS.includes(level)) return sendJson(res, 400, { error: `level must be ${TCA_LEVELS.join(', ')}; not "${url.searchParams.get('level')}"` });
  const tick = tcaHub(desk).current();
  const csv = tcaCsv(level, tick.view(tcaVisibility(desk, user)));
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="tca-${level}-${new Date(tick.report.asOf).toISOString().slice(0, 19).replace(/[-:T]/g, '')}.csv"`,
    'Cache-Control': 'no-store',
  });
  res.end(csv);
}
