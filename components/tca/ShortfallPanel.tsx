import Link from 'next/link';
import type { ParentTcaRow, TcaSummary } from '@/server/trpc/tca';
import { formatNyTime, formatPrice, formatQty } from '@/components/data/format';
import { ShortfallWaterfall } from './ShortfallWaterfall';
import { costTone, formatBps, formatPx4, formatUsdShort, strategyLabel } from './tcaFormat';

/** The parents that cost the most (or gained the least), for the all-parents view. */
function LargestCosts({ parents, onPick }: { parents: ParentTcaRow[]; onPick: (parentId: string) => void }) {
  const top = parents
    .filter((p) => p.shortfall)
    .sort((a, b) => b.shortfall!.total - a.shortfall!.total)
    .slice(0, 5);
  if (top.length === 0) return null;
  return (
    <div className="tca-is-top" data-testid="tca-largest-costs">
      <h3 className="tca-is-h">Largest costs</h3>
      {top.map((p) => (
        <button key={p.parentId} type="button" className="tca-is-top-row" onClick={() => onPick(p.parentId)} title={`Break ${p.parentId} down`}>
          <span className="mono">{p.parentId}</span>
          <span className={`side-${p.side}`}>{p.side === 'buy' ? 'BUY' : 'SELL'}</span>
          <b className="mono">{p.symbol}</b>
          <span className={`num tca-${costTone(p.shortfall!.bps.total)}`}>{formatBps(p.shortfall!.bps.total)} bps</span>
          <span className={`num tca-${costTone(p.shortfall!.total)}`}>{formatUsdShort(p.shortfall!.total)}</span>
        </button>
      ))}
    </div>
  );
}

/**
 * Where the cost came from (Perold 1988): the selected parent's shortfall split
 * into delay, execution, opportunity and fees — or, with no parent picked, the
 * sum over every parent shown.
 */
export function ShortfallPanel({
  parent,
  parents,
  summary,
  onPick,
  onClear,
}: {
  parent: ParentTcaRow | undefined;
  /** Every parent shown, for the largest costs. */
  parents: ParentTcaRow[];
  summary: TcaSummary | null;
  onPick: (parentId: string) => void;
  onClear: () => void;
}) {
  const deskTotal = summary?.totals.parents;
  const s = parent ? parent.shortfall : (deskTotal?.shortfall ?? null);
  return (
    <section className="tca-panel tca-is" aria-label="Shortfall decomposition" data-testid="tca-shortfall" data-scope={parent ? parent.parentId : 'all'}>
      <div className="panel-head">
        <h2 className="panel-title">Shortfall decomposition</h2>
        <span className="panel-spacer" />
        {parent ? (
          <button type="button" className="btn btn-ghost tca-mini-btn" onClick={onClear} data-testid="tca-shortfall-all" title="Back to the sum over every parent">
            All parents
          </button>
        ) : (
          <span className="panel-meta">click a parent for its own</span>
        )}
      </div>
      <div className="tca-is-body">
        {parent ? (
          <div className="tca-is-facts">
            <div className="tca-is-title">
              <Link href={`/parents/${encodeURIComponent(parent.parentId)}`} className="pr-id-link mono" data-testid="tca-shortfall-parent">
                {parent.parentId}
              </Link>
              <span className={`side-${parent.side} tca-is-side`}>{parent.side === 'buy' ? 'BUY' : 'SELL'}</span>
              <b className="mono">{formatQty(parent.qty)}</b>
              <b className="mono">{parent.symbol}</b>
              <span className="muted">{strategyLabel(parent.strategy)}</span>
              <span className={`pill status-${parent.status}`}>{parent.status}</span>
            </div>
            <dl className="tca-is-dl num">
              <div>
                <dt>Arrival</dt>
                <dd>{formatPx4(parent.arrivalPx) || '—'}</dd>
              </div>
              <div>
                <dt>Avg fill</dt>
                <dd>{parent.avgPx === null ? '—' : formatPrice(parent.avgPx)}</dd>
              </div>
              <div>
                <dt>Filled</dt>
                <dd>
                  {formatQty(parent.filled)} / {formatQty(parent.qty)}
                </dd>
              </div>
              <div>
                <dt>Window</dt>
                <dd>
                  {formatNyTime(parent.startAt)}–{parent.status === 'working' ? 'now' : formatNyTime(parent.endAt)}
                </dd>
              </div>
            </dl>
          </div>
        ) : (
          <div className="tca-is-facts">
            <div className="tca-is-title">
              <b>{summary?.scope === 'own' ? 'My parents' : 'All parents'}</b>
              <span className="muted num">
                {formatQty(deskTotal?.rows ?? 0)} parents · {formatQty(deskTotal?.filled ?? 0)} of {formatQty(deskTotal?.qty ?? 0)} sh filled
              </span>
            </div>
          </div>
        )}
        {s ? (
          <ShortfallWaterfall s={s} testId="tca-waterfall" />
        ) : (
          <p className="tca-empty-note muted" data-testid="tca-shortfall-empty">
            {parent ? 'No arrival price for this parent: nothing to measure against.' : 'No parents yet — stage orders on the Orders page; their cost breaks down here as they trade.'}
          </p>
        )}
        {parent ? null : <LargestCosts parents={parents} onPick={onPick} />}
        <p className="tca-is-note muted">
          Against a paper order filled at the arrival mid. + is a cost, − a gain; bps of the paper notional. Delay: the move before trading began · Execution: fills against the start · Opportunity: the unfilled rest at the end (or now) · Fees: net venue fees.
        </p>
      </div>
    </section>
  );
}
