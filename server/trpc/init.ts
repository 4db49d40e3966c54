import { initTRPC, TRPCError } from '@trpc/server';
import type { IncomingMessage } from 'node:http';
import { readCookie, SESSION_COOKIE } from '../auth/cookies';
import type { Role, User } from '../auth/users';
import { getDesk, type Desk } from '../desk';

export interface Context {
  desk: Desk;
  user?: User;
  /** Over the WebSocket: the socket, so streams can tell when it is falling behind. */
  socket?: { readonly bufferedAmount: number };
}

/** Builds a request's context from its session cookie; used by HTTP and the WebSocket alike. */
export function createContext({ req, res }: { req: IncomingMessage; res?: unknown }): Context {
  const desk = getDesk();
  // Programs authenticate with an API token (Authorization: Bearer …), people with the session cookie.
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const user = bearer ? desk.users.userForApiToken(bearer) : desk.users.userForSession(readCookie(req, SESSION_COOKIE), Date.now());
  const socket = typeof res === 'object' && res !== null && 'bufferedAmount' in res ? (res as { bufferedAmount: number }) : undefined;
  return { desk, user, socket };
}

const t = initTRPC.context<Context>().create();

export const router = t.router;

/** Every procedure but none is behind a session: there are no public procedures. */
export const authed = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'not signed in: log in to the desk first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure only the given roles may call; others get 403 with the reason. */
export function allow(roles: readonly Role[], what: string) {
  return authed.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role))
      throw new TRPCError({ code: 'FORBIDDEN', message: `a ${ctx.user.role} may not ${what}` });
    return next();
  });
}
