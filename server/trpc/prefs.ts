import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { GridLayouts } from '../store/layouts';
import type { Desk } from '../desk';
import { authed, router } from './init';

/** A grid's name as the browser keys its layout: "orders", "parents", "tca.children"… */
const gridKey = z.string().regex(/^[a-z][a-z0-9.-]{0,47}$/, 'a grid is named in lower case: letters, digits, "." and "-", at most 48');

const column = z.object({
  colId: z.string().min(1).max(64),
  width: z.number().int().min(10).max(4_000).optional(),
  hide: z.boolean().nullish(),
  sort: z.enum(['asc', 'desc']).nullish(),
  sortIndex: z.number().int().min(0).max(64).nullish(),
  pinned: z.enum(['left', 'right']).nullish(),
  flex: z.number().min(0).max(100).nullish(),
});

function layoutsOf(desk: Desk): GridLayouts {
  if (!desk.layouts) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this desk keeps no layouts' });
  return desk.layouts;
}

/**
 * The signed-in user's own preferences. No procedure takes a user name: every
 * read and write is keyed by the session's user, so nobody can reach another's.
 */
export const prefsRouter = router({
  /** Every grid layout the user saved, by grid. */
  layouts: authed.query(({ ctx }) => layoutsOf(ctx.desk).all(ctx.user.username)),

  saveLayout: authed
    .input(z.object({ grid: gridKey, columns: z.array(column).min(1, 'a layout has at least one column').max(64, 'a layout has at most 64 columns') }))
    .mutation(({ ctx, input }) => {
      const ids = new Set(input.columns.map((c) => c.colId));
      if (ids.size !== input.columns.length) throw new TRPCError({ code: 'BAD_REQUEST', message: 'a layout names each column once' });
      layoutsOf(ctx.desk).save(ctx.user.username, input.grid, input.columns, Date.now());
      return { saved: true as const };
    }),

  resetLayout: authed.input(z.object({ grid: gridKey })).mutation(({ ctx, input }) => ({ reset: layoutsOf(ctx.desk).reset(ctx.user.username, input.grid) })),
});
