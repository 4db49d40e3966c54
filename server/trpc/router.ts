import { authed, router } from './init';
import { engineRouter } from './engine';
import { ordersRouter } from './orders';

export const appRouter = router({
  session: router({
    me: authed.query(({ ctx }) => ctx.user),
  }),
  orders: ordersRouter,
  engine: engineRouter,
});

export type AppRouter = typeof appRouter;
