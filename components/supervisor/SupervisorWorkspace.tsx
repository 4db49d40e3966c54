'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, useSyncExternalStore } from 'react';
import type { OrderRow, ParentRow } from '@/server/desk';
import { useTRPC } from '@/components/data/client';
import { formatNotional, formatQty } from '@/components/data/format';
import { useConnection, useInstruments, useSessionUser } from '@/components/data/hooks';
import { OrderFeed } from '@/components/data/orderFeed';
import { useRowStream } from '@/components/data/useRowStream';
import { ParentFeed } from '@/components/parents/parentFeed';
import { SupervisorActions } from './actions';
import { deskStats, type Exposure } from './deskStats';
import { KillSwitches } from './KillSwitches';
import { OverridesPanel } from './OverridesPanel';
import { RestrictedList } from './RestrictedList';
import { RiskLimitsForm } from './RiskLimitsForm';
import { VenueStatusPanel } from './VenueStatusPanel';
import './supervisor.css';

const NONE: Exposure = { working: 0, notional: 0 };
/** risk.state is polled this often, and refetched after every change. */
const POLL_MS = 2_000;

/** All orders (a supervisor's view; a trader's own) and parents, live; wsLink resumes after a reconnect. */
function useFeeds(orders: OrderFeed, parents: ParentFeed) {
  useRowStream<OrderRow>(orders, 'orders', (c, h) => c.orders.stream.subscribe({}, h));
  useRowStream<ParentRow>(parents, 'parents', (c, h) => c.parents.stream.subscribe({}, h));
}

function Stat({ label, value, testId, tone, title }: { label: string; value: string; testId: string; tone?: string; title?: string }) {
  return (
    <div className={`sv-stat ${tone ?? ''}`} title={title}>
      <span className="sv-stat-label">{label}</span>
      <span className="sv-stat-value num" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/**
 * /supervisor: what a desk head uses to keep the desk safe. An overview strip,
 * the kill switches (desk, user, instrument), the restricted list, the
 * pre-trade limits and the venues. Supervisors change them, each change with a
 * reason; everyone else sees the same state, read-only.
 */
export function SupervisorWorkspace() {
  const trpc = useTRPC();
  const me = useSessionUser();
  const conn = useConnection();
  const instruments = useInstruments();
  const risk = useQuery({ ...trpc.risk.state.queryOptions(), refetchInterval: POLL_MS, staleTime: 0 });
  const [orders] = useState(() => new OrderFeed());
  const [parents] = useState(() => new ParentFeed());
  useFeeds(orders, parents);
  const orderStats = useSyncExternalStore(orders.subscribeStats, orders.getStats, orders.getStats);
  const parentStats = useSyncExternalStore(parents.subscribeStats, parents.getStats, parents.getStats);

  const role = me.data?.role;
  const canEdit = role === 'supervisor';
  const insts = useMemo(() => instruments.data ?? [], [instruments.data]);
  const refPx = useMemo(() => new Map(insts.map((i) => [i.symbol, i.refPrice])), [insts]);
  // The feed is mutable; its stats object is new on every message, so it keys the recompute.
  const stats = useMemo(() => (orderStats ? deskStats(orders.all(), (s) => refPx.get(s)) : deskStats([], () => 0)), [orders, orderStats, refPx]);

  const state = risk.data;
  const users = useMemo(() => {
    const names = new Set([...stats.byUser.keys(), ...(state?.killedUsers ?? [])]);
    return [...names].sort().map((user) => ({ user, exposure: stats.byUser.get(user) ?? NONE }));
  }, [stats, state?.killedUsers]);
  const symbols = useMemo(() => insts.map((i) => ({ symbol: i.symbol, name: i.name, exposure: stats.bySymbol.get(i.symbol) ?? NONE })), [insts, stats]);
  // Who and which desks an override may name: everyone who sent an order, and the supervisor's own desk.
  const traders = useMemo(() => users.map((u) => u.user), [users]);
  const desks = useMemo(() => {
    const names = new Set<string>(me.data?.desk ? [me.data.desk] : []);
    if (orderStats) for (const o of orders.all()) names.add(o.desk);
    return [...names].sort();
  }, [orders, orderStats, me.data?.desk]);
  const switchesOn = state ? (state.killAll ? 1 : 0) + state.killedUsers.length + state.killedSymbols.length : 0;
  const ready = !!state && !!me.data;

  return (
    <SupervisorActions canEdit={canEdit} onChanged={() => void risk.refetch()}>
      <div
        className={`sv-page ${state?.killAll ? 'desk-killed' : ''}`}
        data-testid="supervisor-page"
        data-ready={ready ? 'true' : 'false'}
        data-role={role ?? ''}
        data-readonly={ready && !canEdit ? 'true' : 'false'}
        data-conn={conn.state}
      >
        <div className="sv-strip" data-testid="desk-overview">
          <div className={`sv-stat sv-stat-desk ${state?.killAll ? 'bad' : 'good'}`}>
            <span className="sv-stat-label">Desk</span>
            <span className="sv-stat-value" data-testid="overview-desk">
              {!state ? '…' : state.killAll ? 'KILLED' : 'TRADING'}
            </span>
          </div>
          <Stat label="Working orders" value={orderStats.seq === null ? '…' : formatQty(stats.desk.working)} testId="overview-working" />
          <Stat
            label="Open notional"
            value={orderStats.seq === null ? '…' : formatNotional(stats.desk.notional)}
            testId="overview-notional"
            title="Open shares × limit, or × reference price for market orders"
          />
          <Stat label="Parents working" value={parentStats.seq === null ? '…' : formatQty(parentStats.working)} testId="overview-parents" />
          <Stat label="Switches on" value={state ? String(switchesOn) : '…'} testId="overview-switches" tone={switchesOn ? 'bad' : ''} />
          <Stat label="Restricted" value={state ? String(state.restricted.length) : '…'} testId="overview-restricted" tone={state?.restricted.length ? 'warnish' : ''} />
          {state?.exposure && state.limits ? (
            <Stat
              label="Your credit used"
              value={`${formatNotional(state.exposure.user)} / ${formatNotional(state.limits.creditPerUser)}`}
              testId="overview-credit"
              title={`Desk: ${formatNotional(state.exposure.desk)} of ${formatNotional(state.limits.creditPerDesk)}`}
            />
          ) : null}
          <span className="panel-spacer" />
          {ready && !canEdit ? (
            <div className="sv-readonly" data-testid="supervisor-readonly" role="note">
              <b>Read-only</b> Only a supervisor can pull kill switches, restrict instruments, change limits or switch venues. You are signed in as{' '}
              {me.data?.username} ({role}).
            </div>
          ) : null}
          {risk.isError ? (
            <div className="sv-error" data-testid="supervisor-error">
              risk state unavailable: {risk.error.message}
            </div>
          ) : null}
        </div>
        <div className="sv-grid">
          <KillSwitches state={state} users={users} symbols={symbols} deskWorking={stats.desk.working} />
          <div className="sv-col sv-col-3">
            <RestrictedList restricted={state?.restricted} instruments={insts} />
            <OverridesPanel traders={traders} desks={desks} />
            <VenueStatusPanel />
          </div>
          <RiskLimitsForm limits={state?.limits} />
        </div>
      </div>
    </SupervisorActions>
  );
}
