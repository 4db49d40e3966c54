import { z } from 'zod';
import { authed, router } from './init';
import { engineRouter } from './engine';
import { ordersRouter } from './orders';
import { marketRouter } from './market';
import { parentsRouter } from './parents';
import { riskRouter } from './risk';
import { auditRouter } from './audit';
import { strategiesRouter } from './strategies';
import { routingRouter } from './routing';
import { tcaRouter } from './tca';
import { prefsRouter } from './prefs';
import { noticesRouter } from './notices';

export const appRouter = router({
  session: router({
    me: authed.query(({ ctx }) => ctx.user),
    /** API tokens for the signed-in user's programs; a token carries exactly the user's role. */
    apiTokens: authed.query(({ ctx }) => ctx.desk.users.apiTokens(ctx.user.username)),
    createApiToken: authed.input(z.object({ label: z.string().trim().min(1, 'a label is required').max(60) })).mutation(({ ctx, input }) => {
      const { token, last4 } = ctx.desk.users.createApiToken(ctx.user.username, input.label, Date.now());
      return { token, last4, note: 'shown once: store it now' };
    }),
    revokeApiToken: authed.input(z.object({ id: z.string().min(1).max(32) })).mutation(({ ctx, input }) => ({ revoked: ctx.desk.users.revokeApiToken(ctx.user.username, input.id) })),
  }),
  orders: ordersRouter,
  engine: engineRouter,
  market: marketRouter,
  parents: parentsRouter,
  risk: riskRouter,
  audit: auditRouter,
  strategies: strategiesRouter,
  routing: routingRouter,
  tca: tcaRouter,
  prefs: prefsRouter,
  notices: noticesRouter,
});

export type AppRouter = typeof appRouter;
