import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { toDollars } from '../../engine/instruments';
import { CHILD_KINDS, SIZE_BUCKET_LABELS, type ChildKind, type VenueScore } from '../../engine/routing/scorecard';
import type { User } from '../auth/users';
import { childWorking, type ChildRow, type Desk } from '../desk';
import { authed, router } from './init';
import { visibleParent } from './parents';
import { rowSubscription } from './rowSubscription';

/** Traders see the children of parents holding one of their orders (as it stands now); supervisors and viewers all. */
export const canSeeChild = (desk: Desk, user: User) => (row: Pick<ChildRow, 'parentId'>) => user.role !== 'trader' || !!desk.engine.parents.get(row.parentId)?.owners.includes(user.username);

const usd = (units: number | null) => (units === null ? null : toDollars(units));

/** The scorecard row as the Venues page gets it: fees in dollars per share (the page shows mils). */
export type VenueScoreRow = Omit<VenueScore, 'makeFee' | 'takeFee' | 'effectiveFee'> & {
  makeFee: number;
  takeFee: number;
  effectiveFee: number | null;
  /** One-way order entry latency, ms (configured). */
  latencyMs: number;
  /** Dark pools: the smallest execution they accept. */
  minQty: number | null;
};

/** Where one parent's quantity is at one venue: shares working, in flight (three ways) and filled. */
export interface VenueSlot {
  venue: string;
  name: string;
  kind: 'lit' | 'dark';
  status: 'open' | 'halted' | 'down';
  /** Acknowledged by the venue and resting there (leaves). */
  working: number;
  /** Sent, not yet acknowledged. */
  pending: number;
  /** Cancel requested, not yet confirmed. */
  cancelling: number;
  /** At a venue that is down: may still be live until it answers. */
  possiblyLive: number;
  filled: number;
  /** Σ price × qty of the fills there, dollars × shares (avg = value / filled). */
  filledValue: number;
  children: number;
  openChildren: number;
}

function needExecutor(desk: Desk) {
  const ex = desk.engine.executor;
  const market = desk.engine.market;
  if (!ex || !market) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this desk runs without a market' });
  return { ex, market };
}

export const routingRouter = router({
  /** Child orders: every working one and the most recent finished, then conflated deltas; resumes from the last sequence number. */
  children: rowSubscription((desk) => desk.children, canSeeChild),

  /** What our children taught us about each venue (any signed-in role): fill rates, time to fill, fees paid, spread, markouts, per minute history. */
  scorecard: authed.query(({ ctx }): { now: number; kinds: readonly ChildKind[]; buckets: readonly string[]; venues: VenueScoreRow[] } => {
    const { ex, market } = needExecutor(ctx.desk);
    return {
      now: ctx.desk.engine.now(),
      // The fill-rate table's axes: order types and child-size buckets.
      kinds: CHILD_KINDS,
      buckets: SIZE_BUCKET_LABELS,
      venues: ex.scorecard.view().map((v) => {
        const config = market.venues.get(v.venue)?.config;
        return {
          ...v,
          makeFee: toDollars(v.makeFee),
          takeFee: toDollars(v.takeFee),
          effectiveFee: usd(v.effectiveFee),
          latencyMs: config?.entryMs ?? 0,
          minQty: config?.minQty ?? null,
        };
      }),
    };
  }),

  /**
   * One parent's venue map: per venue (lit first, then dark), its shares working,
   * in flight (sent and not acknowledged, cancel requested, possibly live at a
   * venue that is down) and filled, with the routing logic in force and who chose it.
   */
  venueMap: authed.input(z.object({ parentId: z.string().min(1).max(32) })).query(({ ctx, input }) => {
    const { ex, market } = needExecutor(ctx.desk);
    const { engine } = ctx.desk;
    const parent = visibleParent(ctx.desk, ctx.user, input.parentId);
    const slots = new Map<string, VenueSlot>();
    for (const v of market.venues.values())
      slots.set(v.config.id, {
        venue: v.config.id,
        name: v.config.name,
        kind: v.config.kind,
        status: v.status,
        working: 0,
        pending: 0,
        cancelling: 0,
        possiblyLive: 0,
        filled: 0,
        filledValue: 0,
        children: 0,
        openChildren: 0,
      });
    for (const c of engine.children.all()) {
      if (c.parentId !== parent.parentId) continue;
      const s = slots.get(c.venue);
      if (!s) continue;
      s.children++;
      s.filled += c.filledQty;
      s.filledValue += toDollars(c.filledValue);
      if (!childWorking(c)) continue;
      s.openChildren++;
      if (c.possiblyLive) s.possiblyLive += c.leaves;
      else if (c.cancelRequested) s.cancelling += c.leaves;
      else if (c.status === 'pending') s.pending += c.leaves;
      else s.working += c.leaves;
    }
    const venues = [...slots.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'lit' ? -1 : 1));
    return {
      parentId: parent.parentId,
      symbol: parent.symbol,
      side: parent.side,
      status: parent.status,
      qty: parent.joinedQty,
      filled: parent.filled,
      crossed: parent.crossed,
      open: parent.open,
      strategy: ex.plan(parent.parentId)?.strategy ?? null,
      routing: ex.routingOf(parent.parentId) ?? null,
      now: engine.now(),
      venues,
    };
  }),
});
