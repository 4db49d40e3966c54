import { z } from 'zod';
import { allow, authed, router } from './init';

const reason = z.string().trim().min(1, 'a reason is required').max(200);

/** Pre-trade risk controls: everyone signed in may read them; only supervisors change them, with a reason. */
export const riskRouter = router({
  state: authed.query(({ ctx }) => {
    const r = ctx.desk.engine.risk;
    return {
      limits: r.limits,
      killAll: r.killAll,
      killedUsers: [...r.killedUsers],
      killedSymbols: [...r.killedSymbols],
      restricted: [...r.restricted],
      // A trader sees their own open notional against credit (user and desk).
      exposure: ctx.user.role === 'trader' ? r.exposure(ctx.user.username, ctx.user.desk) : undefined,
    };
  }),

  setKillSwitch: allow(['supervisor'], 'pull kill switches')
    .input(z.object({ scope: z.enum(['desk', 'user', 'symbol']), target: z.string().max(64).optional(), on: z.boolean(), reason }))
    .mutation(({ ctx, input }) => {
      const r = ctx.desk.engine.handle({ type: 'SetKillSwitch', ...input, by: ctx.user.username });
      return r.ok ? { changed: true as const, cancelled: r.events.filter((e) => e.type === 'OrderCancelled').length } : { changed: false as const, reason: r.reason };
    }),

  setRestricted: allow(['supervisor'], 'change the restricted list')
    .input(z.object({ symbol: z.string().min(1).max(16), restricted: z.boolean(), reason }))
    .mutation(({ ctx, input }) => {
      const r = ctx.desk.engine.handle({ type: 'SetRestricted', ...input, by: ctx.user.username });
      return r.ok ? { changed: true as const } : { changed: false as const, reason: r.reason };
    }),

  setLimits: allow(['supervisor'], 'change risk limits')
    .input(
      z.object({
        limits: z
          .object({
            maxOrderQty: z.number().positive(),
            maxOrderNotional: z.number().positive(),
            creditPerUser: z.number().positive(),
            creditPerDesk: z.number().positive(),
            collarBps: z.number().positive(),
            duplicateWindowMs: z.number().positive(),
            duplicateWindowFixMs: z.number().min(0),
            maxMessagesPerSecond: z.number().positive(),
          })
          .partial(),
        reason,
      }),
    )
    .mutation(({ ctx, input }) => {
      const r = ctx.desk.engine.handle({ type: 'SetRiskLimits', limits: input.limits, reason: input.reason, by: ctx.user.username });
      return r.ok ? { changed: true as const } : { changed: false as const, reason: r.reason };
    }),
});
