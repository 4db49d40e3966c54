import { authed, router } from './init';
import { engineRouter } from './engine';
import { ordersRouter } from './orders';
import { marketRouter } from './market';
import { parentsRouter } from './parents';
import { riskRouter } from './risk';

export const appRouter = router({
  session: router({
    me: authed.query(({ ctx }) => ctx.user),
  }),
  orders: ordersRouter,
  engine: engineRouter,
  market: marketRouter,
  parents: parentsRouter,
  risk: riskRouter,
});

export type AppRouter = typeof appRouter;
