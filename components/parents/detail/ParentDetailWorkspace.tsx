'use client';

import { useQuery } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChildRow, OrderRow } from '@/server/desk';
import { useTRPC, useTRPCClient } from '@/components/data/client';
import { formatNyTime, formatQty } from '@/components/data/format';
import { useConnection, useInstruments, useSessionUser } from '@/components/data/hooks';
import { ORDER_COLUMNS, ORDER_DEFAULT_COL, ORDER_ROW_CLASS, orderRowId } from '../ParentDetail';
import { ChildrenGrid } from './ChildrenGrid';
import { useGridLayout, type GridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { DetailGrid } from './DetailGrid';
import { ParentStatusStrip } from './ParentStatusStrip';
import { PreTradeEstimate } from './PreTradeEstimate';
import { RecalibrationLog } from './RecalibrationLog';
import { ScheduleChart } from './ScheduleChart';
import { StrategyPicker, strategyChange, type StrategyChange, type StrategyDraft } from './StrategyPicker';
import { SupervisorParentPanel } from './SupervisorParentPanel';
import { nyTimeOnDay } from './time';
import { TrilemmaControl } from './TrilemmaControl';
import { newerRow, useLiveParentRow } from './useLiveParentRow';
import { fromPoint, toPoint, type Weights } from './trilemmaMath';
import { useVerdict } from './verdict';
import './detail.css';

/** The page asks for the parent this often while the tab is visible. */
const REFRESH_MS = 1_000;

type Tab = 'children' | 'orders';

function OrdersGrid({ rows, layout }: { rows: OrderRow[]; layout: GridLayout }) {
  return (
    <DetailGrid<OrderRow>
      layout={layout}
      testId="orders-grid"
      rows={rows}
      columns={ORDER_COLUMNS}
      defaultCol={ORDER_DEFAULT_COL}
      rowId={orderRowId}
      rowClass={ORDER_ROW_CLASS}
      empty="No constituent orders to show."
    />
  );
}

/** The parent's children and constituent orders, a tab each, each grid with the user's saved columns. */
function LowerGrids({ data, tab, onTab }: { data: { children: ChildRow[]; orders: OrderRow[]; hiddenOrders: number; openOrders: number }; tab: Tab; onTab: (t: Tab) => void }) {
  const layouts = { children: useGridLayout('pd.children'), orders: useGridLayout('pd.orders') };
  return (
    <section className="pd-panel pd-kids" aria-label="Child orders and constituents">
      <div className="panel-head pd-tabs" role="tablist" aria-label="Lower panel">
        <button type="button" role="tab" aria-selected={tab === 'children'} className="pd-tab" data-testid="tab-children" onClick={() => onTab('children')}>
          Children <span className="num">{data.children.length}</span>
        </button>
        <button type="button" role="tab" aria-selected={tab === 'orders'} className="pd-tab" data-testid="tab-orders" onClick={() => onTab('orders')}>
          Orders <span className="num">{data.orders.length}</span>
          {data.hiddenOrders ? <span className="muted"> +{data.hiddenOrders} hidden</span> : null}
        </button>
        <span className="panel-spacer" />
        <span className="panel-meta">{tab === 'children' ? 'last 100, newest first' : `${data.openOrders} open`}</span>
        <LayoutMenu key={tab} layout={layouts[tab]} label={tab === 'children' ? 'Children' : 'Constituent orders'} />
      </div>
      {tab === 'children' ? <ChildrenGrid rows={data.children} layout={layouts.children} /> : <OrdersGrid rows={data.orders} layout={layouts.orders} />}
    </section>
  );
}

/**
 * /parents/[parentId]: one parent, steered. The schedule against fills and the
 * market's VWAP against our prices; the status strip; children and the
 * strategy's changes of course; and on the right the trilemma, the strategy
 * and its expected cost, and for supervisors the override, pause and cancel.
 * parents.detail is asked again every second while the tab is visible.
 */
export function ParentDetailWorkspace({ parentId }: { parentId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useSessionUser();
  const conn = useConnection();
  const instruments = useInstruments();
  const detail = useQuery({
    ...trpc.parents.detail.queryOptions({ parentId }),
    staleTime: 0,
    refetchInterval: (q) => (q.state.error ? 5_000 : q.state.data?.row.status === 'completed' ? 5_000 : REFRESH_MS),
    retry: (n, err) => !(isTRPCClientError(err) && (err.data?.code === 'FORBIDDEN' || err.data?.code === 'NOT_FOUND')) && n < 3,
  });
  const { refetch } = detail;
  const refresh = useCallback(() => void refetch(), [refetch]);
  const live = useLiveParentRow(parentId, refresh);
  const data = detail.data;
  const row = data ? newerRow(data.row, live) : undefined;

  const [tab, setTab] = useState<Tab>('children');
  const [pointDraft, setPointDraft] = useState<Weights | null>(null);
  const [stratDraft, setStratDraft] = useState<StrategyDraft>({});
  const tri = useVerdict(refresh);
  const strat = useVerdict(refresh);

  const role = me.data?.role;
  const inst = instruments.data?.find((i) => i.symbol === row?.symbol);
  const tick = inst?.tick ?? 0.01;
  const working = row?.status === 'working';
  const mayEdit = role === 'trader' || role === 'supervisor';
  const canEdit = mayEdit && working && !!data?.plan;
  const readOnlyNote = !mayEdit ? `Read-only: a ${role ?? 'viewer'} cannot steer parents` : !working ? 'This parent is completed' : !data?.plan ? 'Not worked on the market' : undefined;

  const effective = row?.point ? fromPoint(row.point) : null;
  const traderPoint = data?.traderPoint ? fromPoint(data.traderPoint) : null;
  // The point being edited, or the one the trader has, or the one in force: what "the triangle's point" means.
  const trianglePoint = pointDraft ?? traderPoint ?? effective;
  // The engine's one mapping (engine/strategies/trilemma.ts parametersFor): finish when completion ≥ ⅓.
  const autoEnd = row?.point ? (row.point.completion >= 1 / 3 - 1e-12 ? 'finish' : 'leave') : undefined;
  const now = data?.now ?? 0;
  const close = now ? nyTimeOnDay(now, '15:59:00') : undefined;

  const { run: runPoint } = tri;
  const { run: runStrategy } = strat;
  const applyPoint = useCallback(
    async (w: Weights) => {
      const ok = await runPoint(() => client.parents.setTrilemma.mutate({ parentId, point: toPoint(w) }), `point set: ${w.impact}/${w.risk}/${w.completion}`);
      if (ok) setPointDraft(null);
    },
    [client, parentId, runPoint],
  );
  const applyStrategy = useCallback(
    async (c: StrategyChange) => {
      const ok = await runStrategy(() => client.parents.setStrategy.mutate({ parentId, ...c }), c.routing !== undefined && Object.keys(c).length === 1 ? 'routing set' : 'strategy set');
      if (ok) setStratDraft({});
    },
    [client, parentId, runStrategy],
  );

  // The estimate follows what is being edited: draft strategy, end and POV rate, else the plan.
  const est = useMemo(() => {
    if (!data?.plan) return null;
    const { change } = strategyChange(data.plan, stratDraft, now);
    return {
      strategy: change.strategy ?? data.plan.strategy,
      endAt: change.endAt ?? data.plan.endAt,
      povRate: change.povRate ?? data.plan.povRate,
    };
  }, [data?.plan, stratDraft, now]);

  const err = detail.error;
  if (!data || !row) {
    const code = err && isTRPCClientError(err) ? err.data?.code : undefined;
    return (
      <div className="pd-page" data-testid="parent-page" data-parent-id={parentId} data-state={err ? 'error' : 'loading'}>
        <div className="pd-head">
          <Link href="/parents" className="pd-back" data-testid="parent-back">
            ← Parents
          </Link>
          <h1 className="panel-title">
            Parent <span className="mono pr-detail-id">{parentId}</span>
          </h1>
        </div>
        <div className="pd-missing" role={err ? 'alert' : 'status'} data-testid="parent-page-error">
          {err ? (code === 'FORBIDDEN' ? `${parentId} holds none of your orders.` : code === 'NOT_FOUND' ? `There is no parent ${parentId}.` : `Could not load ${parentId}: ${err.message}`) : 'Loading…'}
        </div>
      </div>
    );
  }

  const o = row.override;
  return (
    <div
      className={`pd-page ${o ? 'is-overridden' : ''}`}
      data-testid="parent-page"
      data-parent-id={parentId}
      data-state="ready"
      data-status={row.status}
      data-role={role ?? ''}
      data-conn={conn.state}
      data-overridden={o ? 'true' : 'false'}
      data-paused={row.paused ? 'true' : 'false'}
      data-strategy={row.strategy ?? ''}
      data-routing={row.routing?.logic ?? ''}
      data-routing-by={row.routing?.chosenBy ?? ''}
      data-point={effective ? `${effective.impact},${effective.risk},${effective.completion}` : ''}
    >
      <div className="pd-head">
        <Link href="/parents" className="pd-back" data-testid="parent-back" title="Back to the Parents blotter">
          ← Parents
        </Link>
        <h1 className="panel-title">
          Parent <span className="mono pr-detail-id">{parentId}</span>
        </h1>
        <span className={`pr-detail-side side-${row.side}`}>
          {row.side === 'buy' ? 'BUY' : 'SELL'} <b>{formatQty(row.qty)}</b> <b>{row.symbol}</b>
        </span>
        <span className={`pill status-${row.status}`} data-testid="parent-page-status">
          {row.status}
        </span>
        <span className="panel-meta" title={row.reason}>
          {row.orders} {row.orders === 1 ? 'order' : 'orders'} · {row.owners.join(', ')} · since {formatNyTime(row.createdAt)}
        </span>
        <span className="panel-spacer" />
        <span className="panel-meta pd-asof" data-testid="parent-asof" title="Engine time of this snapshot, New York">
          <i className={`pd-live-dot ${detail.isFetching ? 'busy' : ''}`} aria-hidden="true" /> as of {formatNyTime(now)}
        </span>
      </div>

      {o ? (
        <div className="pd-banner ovr" data-testid="override-banner" role="status" aria-live="polite">
          <span className="pd-banner-tag">Override</span>
          <span className="pd-banner-text" data-testid="override-banner-text">
            Overridden by {o.by} ({o.scope}): {o.reason}
          </span>
          <span className="pd-banner-sub">
            {o.scope !== 'parent' ? `applies to every parent of ${o.scope} ${o.target} · ` : ''}
            point in force {effective ? `${effective.impact}/${effective.risk}/${effective.completion}` : ''} · wins over the trader&apos;s point until a supervisor releases it
          </span>
        </div>
      ) : null}
      {row.paused ? (
        <div className="pd-banner paused" data-testid="paused-banner" role="status">
          <span className="pd-banner-tag">Paused</span>
          <span className="pd-banner-text">
            Paused by {row.paused.by}: {row.paused.reason}
          </span>
          <span className="pd-banner-sub">nothing is placed and working children were pulled; a supervisor resumes it</span>
        </div>
      ) : null}

      <ParentStatusStrip row={row} plan={data.plan} now={now} tick={tick} autoEnd={autoEnd} />

      <div className="pd-body">
        <section className="pd-panel pd-chart" aria-label="Schedule against fills">
          <div className="panel-head">
            <h2 className="panel-title">Schedule vs fills</h2>
            <span className="panel-meta">shares above · prices below · dbl-click to fit</span>
          </div>
          <ScheduleChart data={data} tick={tick} />
        </section>

        <div className="pd-lower">
          <LowerGrids data={data} tab={tab} onTab={setTab} />
          <section className="pd-panel pd-recal-panel" aria-label="Recalibrations">
            <div className="panel-head">
              <h2 className="panel-title">Changes of course</h2>
              <span className="panel-meta">{data.recalibrations.length ? `last ${data.recalibrations.length}` : ''}</span>
            </div>
            <RecalibrationLog rows={data.recalibrations} />
          </section>
        </div>

        <aside className="pd-side" aria-label="Steering">
          <TrilemmaControl
            row={row}
            traderPoint={traderPoint}
            draft={pointDraft}
            onDraft={setPointDraft}
            canEdit={canEdit}
            applyLabel={role === 'supervisor' ? (o ? "Set trader's point" : 'Apply point') : undefined}
            readOnlyNote={readOnlyNote}
            busy={tri.busy}
            verdict={tri.verdict}
            onDismiss={tri.clear}
            onApply={(w) => void applyPoint(w)}
          />
          {role === 'supervisor' ? <SupervisorParentPanel row={row} point={trianglePoint} onChanged={refresh} /> : null}
          <StrategyPicker
            plan={data.plan}
            now={now}
            close={close}
            autoEnd={autoEnd}
            routing={row.routing}
            point={row.point}
            draft={stratDraft}
            onDraft={setStratDraft}
            canEdit={canEdit}
            readOnlyNote={readOnlyNote}
            busy={strat.busy}
            verdict={strat.verdict}
            onDismiss={strat.clear}
            onApply={(c) => void applyStrategy(c)}
          />
          {est && working ? (
            <PreTradeEstimate
              symbol={row.symbol}
              remaining={row.open}
              lot={inst?.lot ?? 1}
              now={now}
              endAt={est.endAt}
              strategy={est.strategy}
              liveStrategy={data.plan?.strategy}
              point={pointDraft ?? effective}
              povRate={est.povRate}
            />
          ) : null}
        </aside>
      </div>
    </div>
  );
}
