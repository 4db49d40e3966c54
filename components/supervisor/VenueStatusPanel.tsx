'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '@/components/data/client';
import { formatQty } from '@/components/data/format';
import { StatusBadge, type VenueStatus } from '@/components/market/VenueBoard';
import { formatQtyShort } from '@/components/market/marketFormat';
import { AnswerLine, ReasonSlot, useActions, type Answer } from './actions';

const ACTION: Record<VenueStatus, { label: string; verb: string; done: string; tone: 'ok' | 'warn' | 'danger'; id: string }> = {
  open: { label: 'Resume', verb: 'Resume', done: 'resumed', tone: 'ok', id: 'resume' },
  halted: { label: 'Halt', verb: 'Halt', done: 'halted', tone: 'warn', id: 'halt' },
  down: { label: 'Down', verb: 'Mark down', done: 'marked down', tone: 'danger', id: 'down' },
};
/** The switches that make sense from each status (as on the Market page). */
const NEXT: Record<VenueStatus, VenueStatus[]> = { open: ['halted', 'down'], halted: ['open', 'down'], down: ['open', 'halted'] };

/**
 * Every venue's status in one table, with the same halt / resume / down
 * switches as the Market page's venue board, each with a reason.
 */
export function VenueStatusPanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { canEdit, ask } = useActions();
  const venues = useQuery({ ...trpc.market.venues.queryOptions(), refetchInterval: 2_000, staleTime: 1_000 });
  const list = venues.data ?? [];
  const open = list.filter((v) => v.status === 'open').length;

  const change = (venue: string, status: VenueStatus) => async (reason: string): Promise<Answer> => {
    const res = await client.market.setVenueStatus.mutate({ venue, status, reason });
    void queryClient.invalidateQueries({ queryKey: trpc.market.venues.queryKey() });
    return res.changed ? { kind: 'ok', text: `${venue} ${ACTION[status].done} · seq ${res.seq}` } : { kind: 'error', text: res.reason };
  };

  return (
    <section className="sv-panel sv-venues" data-testid="venues-panel" aria-label="Venue status">
      <header className="panel-head">
        <h2 className="panel-title">Venues</h2>
        <span className={`panel-meta ${open < list.length ? 'warn' : ''}`} data-testid="venues-open">
          {list.length ? `${open}/${list.length} open` : '…'}
        </span>
        <span className="panel-spacer" />
        <AnswerLine panel="venues" />
      </header>
      <div className="sv-scroll">
        <table className="sv-table sv-vtable">
          <thead>
            <tr>
              <th>Venue</th>
              <th>Kind</th>
              <th>Status</th>
              <th className="r" title="Day total, all symbols">Trades</th>
              <th className="r" title="Day total, all symbols">Volume</th>
              {canEdit ? <th className="r">Switch</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((v) => {
              const status = v.status as VenueStatus;
              return (
                <tr key={v.venue} className={`vt-${status}`} data-testid={`sv-venue-${v.venue}`} data-status={status}>
                  <td className="sv-name" title={v.name}>
                    <span className="mono sv-sym">{v.venue}</span>
                  </td>
                  <td>
                    <span className={`venue-kind ${v.kind}`}>{v.kind}</span>
                  </td>
                  <ReasonSlot k={`venue:${v.venue}`} wrap={(form) => <td colSpan={canEdit ? 4 : 3} className="sv-ctl-form">{form}</td>}>
                    <td>
                      <StatusBadge venue={v.venue} status={status} />
                    </td>
                    <td className="r num">{formatQty(v.trades)}</td>
                    <td className="r num">{formatQtyShort(v.volume)}</td>
                    {canEdit ? (
                      <td className="r sv-ctl">
                        {NEXT[status].map((s) => (
                          <button
                            key={s}
                            type="button"
                            className={`sv-row-btn to-${s}`}
                            data-testid={`sv-venue-${ACTION[s].id}-${v.venue}`}
                            title={`${ACTION[s].verb} ${v.venue}`}
                            onClick={() => ask({ key: `venue:${v.venue}`, panel: 'venues', verb: `${ACTION[s].verb} ${v.venue}`, tone: ACTION[s].tone, run: change(v.venue, s) })}
                          >
                            {ACTION[s].label}
                          </button>
                        ))}
                      </td>
                    ) : null}
                  </ReasonSlot>
                </tr>
              );
            })}
            {venues.isError ? (
              <tr>
                <td colSpan={6} className="sv-empty-cell">
                  Venues unavailable: {venues.error.message}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
