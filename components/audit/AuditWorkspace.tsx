'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { AuditRow } from '@/server/store/audit';
import { useTRPC, useTRPCClient } from '@/components/data/client';
import { connection } from '@/components/data/connection';
import { goToLogin } from '@/components/data/DeskProviders';
import { formatQty } from '@/components/data/format';
import { useConnection, useSessionUser } from '@/components/data/hooks';
import { AuditDetail } from './AuditDetail';
import { AuditFilters } from './AuditFilters';
import { AuditGrid } from './AuditGrid';
import { useGridLayout } from '@/components/data/gridLayout';
import { LayoutMenu } from '@/components/data/LayoutMenu';
import { EMPTY_SEARCH, exportHref, isBlank, nyDate, searchFromParams, searchToQuery, toFilter, type AuditSearch } from './auditQuery';
import './audit.css';

/** Rows per page; "Load older" fetches the next page before the last row's seq. */
const PAGE = 200;
const READERS = new Set(['supervisor', 'viewer']);

/** The engine's New York date, from the clock heartbeat; it changes once a day, so this rarely re-renders. */
function useEngineDate(): string | null {
  const get = () => {
    const t = connection.getSnapshot().clock?.engineTime;
    return t === undefined ? null : nyDate(t);
  };
  return useSyncExternalStore(connection.subscribe, get, () => null);
}

/** How far the journal has got, for the results header (re-renders with the clock, so kept small). */
function JournalSeq() {
  const c = useConnection();
  return <span className="panel-meta muted au-journal-seq">journal at seq {c.clock?.seq ?? '—'}</span>;
}

function errorText(err: unknown): string {
  if (isTRPCClientError(err)) return `${String(err.data?.code ?? 'ERROR')}: ${err.message}`;
  return (err as Error)?.message ?? String(err);
}

const isForbidden = (err: unknown) => isTRPCClientError(err) && err.data?.code === 'FORBIDDEN';

/** What a trader sees: the trail is for compliance and supervisors. */
function Forbidden({ role, username, reason }: { role: string; username: string; reason: string }) {
  return (
    <div className="au-page au-page-forbidden" data-testid="audit-page" data-state="forbidden" data-role={role}>
      <div className="panel-head">
        <h1 className="panel-title">Audit Trail</h1>
        <span className="panel-meta">restricted</span>
      </div>
      <div className="au-forbidden-body">
        <div className="au-forbidden" data-testid="audit-forbidden" role="alert">
          <div className="au-forbidden-mark" aria-hidden>
            <i />
          </div>
          <div className="au-forbidden-text">
            <h2>Compliance and supervisors only</h2>
            <p>
              The audit trail shows every desk&apos;s orders and every supervisor&apos;s actions, so only compliance (viewers) and supervisors may read it. You
              are signed in as <b>{username}</b> ({role}).
            </p>
            <p className="muted mono">{reason}</p>
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * /audit: the journal searched by order, parent, user, event type and engine
 * time. The search lives in the URL so a link reproduces it; results page
 * backwards from the newest; the selected event shows as journaled; the same
 * filters export as CSV.
 */
export function AuditWorkspace() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useSessionUser();
  const conn = useConnection();
  const engineDate = useEngineDate();

  const applied = useMemo(() => searchFromParams(params), [params]);
  const appliedKey = searchToQuery(applied);
  const role = me.data?.role;
  const mayRead = role !== undefined && READERS.has(role);

  const parsed = useMemo(() => toFilter(applied, engineDate), [applied, engineDate]);
  const filter = parsed.ok ? parsed.filter : null;
  const canSearch = mayRead && parsed.ok && !parsed.needsDate;

  const types = useQuery({ ...trpc.audit.types.queryOptions(), enabled: mayRead, staleTime: 30_000 });
  const layout = useGridLayout('audit');
  const results = useInfiniteQuery({
    queryKey: ['audit.search', filter],
    enabled: canSearch,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => client.audit.search.query({ ...filter, beforeSeq: pageParam, limit: PAGE }),
    getNextPageParam: (last: AuditRow[]) => (last.length < PAGE ? undefined : last[last.length - 1]!.seq),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: (n, err) => !isForbidden(err) && n < 2,
  });
  useEffect(() => {
    if (isTRPCClientError(results.error) && results.error.data?.code === 'UNAUTHORIZED') goToLogin();
  }, [results.error]);

  const rows = useMemo(() => results.data?.pages.flat() ?? [], [results.data]);
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const selected = useMemo(() => (selectedSeq === null ? undefined : rows.find((r) => r.seq === selectedSeq)), [rows, selectedSeq]);
  // A new search starts with nothing selected.
  useEffect(() => setSelectedSeq(null), [appliedKey]);

  const [attemptError, setAttemptError] = useState<{ field: 'from' | 'to'; message: string } | null>(null);
  const filterError = attemptError ?? (parsed.ok ? null : { field: parsed.field, message: parsed.message });

  const go = useCallback(
    (s: AuditSearch) => {
      const qs = searchToQuery(s);
      router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const apply = useCallback(
    (s: AuditSearch) => {
      const check = toFilter(s, engineDate ?? '2000-01-01');
      if (!check.ok) {
        setAttemptError({ field: check.field, message: check.message });
        return;
      }
      setAttemptError(null);
      // The same search again: look again (the journal has moved on).
      if (searchToQuery(s) === appliedKey) void results.refetch();
      else go(s);
    },
    [engineDate, appliedKey, results, go],
  );
  const clear = useCallback(() => {
    setAttemptError(null);
    go(EMPTY_SEARCH);
  }, [go]);
  const drillOrder = useCallback((id: string) => go({ ...EMPTY_SEARCH, orderId: id }), [go]);
  const drillParent = useCallback((id: string) => go({ ...EMPTY_SEARCH, parentId: id }), [go]);

  if (me.data && !mayRead) {
    return <Forbidden role={me.data.role} username={me.data.username} reason={`the server refuses: a ${me.data.role} may not read the audit trail (403)`} />;
  }
  if (isForbidden(results.error) || isForbidden(types.error)) {
    const err = (results.error ?? types.error)!;
    return <Forbidden role={role ?? ''} username={me.data?.username ?? ''} reason={`the server refuses: ${err.message} (403)`} />;
  }

  // A bad time typed but not applied leaves the results of the search in force on screen.
  const state = !mayRead ? 'loading' : !parsed.ok ? 'invalid' : results.isError ? 'error' : results.isPending ? 'loading' : 'ready';
  const more = !!results.hasNextPage;
  const href = filter ? exportHref(filter) : null;

  return (
    <div className="au-page" data-testid="audit-page" data-state={state} data-role={role ?? ''} data-query={appliedKey} data-conn={conn.state}>
      <AuditFilters applied={applied} types={types.data} engineDate={engineDate} error={filterError} onApply={apply} onClear={clear} />
      <div className="au-main">
        <section className="au-results" aria-label="Audit events">
          <div className="panel-head">
            <h1 className="panel-title">Audit Trail</h1>
            <span className="panel-meta au-count" data-testid="audit-count" data-count={state === 'ready' ? rows.length : ''} data-more={more ? 'true' : 'false'}>
              {state === 'ready'
                ? `${formatQty(rows.length)} ${rows.length === 1 ? 'event' : 'events'}${more ? ' · more older' : rows.length ? ' · all shown' : ''} · newest first`
                : state === 'loading'
                  ? 'searching…'
                  : ''}
            </span>
            {!isBlank(applied) ? (
              <span className="au-scope" data-testid="audit-scope" title="The search in force">
                {describe(applied)}
              </span>
            ) : (
              <span className="au-scope muted">whole journal</span>
            )}
            <span className="panel-spacer" />
            <JournalSeq />
            <LayoutMenu layout={layout} label="Audit Trail" />
            {href ? (
              <a className="btn au-export" data-testid="audit-export" href={href} download title="Every matching event (up to 100,000) as CSV, times in UTC">
                Export CSV
              </a>
            ) : (
              <span className="btn au-export disabled" aria-disabled="true">
                Export CSV
              </span>
            )}
          </div>
          <div className="au-grid-wrap" data-testid="audit-grid">
            <AuditGrid rows={rows} selectedSeq={selectedSeq} onSelect={setSelectedSeq} onOrder={drillOrder} onParent={drillParent} layout={layout} />
            {state === 'ready' && rows.length === 0 ? (
              <div className="au-overlay grid-empty" data-testid="audit-empty">
                No events match this search — widen the time window, clear a filter, or Clear to search the whole journal.
              </div>
            ) : null}
            {state === 'error' ? (
              <div className="au-overlay au-error" data-testid="audit-error" role="alert">
                Search failed — {errorText(results.error)}
              </div>
            ) : null}
            {state === 'invalid' ? (
              <div className="au-overlay grid-empty">Fix the time window to search.</div>
            ) : null}
          </div>
          <div className="au-foot">
            <span className="muted" data-testid="audit-range" data-newest={rows[0]?.seq ?? ''} data-oldest={rows[rows.length - 1]?.seq ?? ''}>
              {rows.length ? (
                <>
                  seq {rows[0]!.seq} → {rows[rows.length - 1]!.seq}
                </>
              ) : null}
            </span>
            <span className="panel-spacer" />
            <button
              type="button"
              className="btn au-older"
              data-testid="audit-load-older"
              disabled={!more || results.isFetchingNextPage}
              onClick={() => void results.fetchNextPage()}
              title={more ? `The next ${PAGE} older events` : 'Nothing older matches'}
            >
              {results.isFetchingNextPage ? 'Loading…' : more ? `Load older ${PAGE}` : rows.length ? 'Start of trail' : 'Load older'}
            </button>
          </div>
        </section>
        <AuditDetail row={selected} onOrder={drillOrder} onParent={drillParent} />
      </div>
    </div>
  );
}

function describe(s: AuditSearch): string {
  const parts: string[] = [];
  if (s.orderId) parts.push(`order ${s.orderId}`);
  if (s.parentId) parts.push(`parent ${s.parentId}`);
  if (s.user) parts.push(`user ${s.user}`);
  if (s.type) parts.push(s.type);
  if (s.from || s.to) parts.push(`${s.from || 'open'} – ${s.to || 'now'} NY`);
  return parts.join(' · ');
}
