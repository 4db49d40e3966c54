import { authed, router } from './init';
import { engineRouter } from './engine';
import { ordersRouter } from './orders';
import { marketRouter } from './market';

export const appRouter = router({
  session: router({
    me: authed.query(({ ctx }) => ctx.user),
  }),
  orders: ordersRouter,
  engine: engineRouter,
  market: marketRouter,
});

export type AppRouter = typeof appRouter;
