import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@/server/trpc/router';
import { connection } from './connection';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type DeskClient = TRPCClient<AppRouter>;

export const WS_PATH = '/api/ws';

/**
 * Reconnect quickly: a desk that is down for seconds matters. 0 ms, then 0.5, 1,
 * 2 s and every 2 s after that, with a little jitter so many browsers do not
 * reconnect in lockstep after a restart.
 */
export const retryDelayMs = (attempt: number) =>
  attempt === 0 ? 0 : Math.min(250 * 2 ** attempt, 2_000) + Math.floor(Math.random() * 200);

let browserClient: { client: DeskClient; close: () => Promise<void> } | undefined;

/**
 * The one tRPC client of a browser tab: subscriptions over the WebSocket at
 * /api/ws (same host, ws:// or wss:// as the page), everything else batched
 * over HTTP. On the server (prerendering) it returns an HTTP-only client that
 * is never called, so no socket is opened there.
 */
export function getDeskClient(): DeskClient {
  if (typeof window === 'undefined') {
    return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost/api/trpc' })] });
  }
  if (!browserClient) {
    const ws = createWSClient({
      url: () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${WS_PATH}`,
      retryDelayMs,
      onOpen: () => connection.socketOpened(),
      onClose: () => connection.socketClosed(),
    });
    ws.connectionState.subscribe({
      next: (s) => {
        if (s.state === 'connecting') connection.socketClosed();
      },
    });
    const client = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: wsLink<AppRouter>({ client: ws }),
          false: httpBatchLink({ url: '/api/trpc' }),
        }),
      ],
    });
    browserClient = { client, close: () => ws.close() };
  }
  return browserClient.client;
}

/** Closes the socket (on log out) so it does not retry against a dead session. */
export async function closeDeskClient(): Promise<void> {
  const c = browserClient;
  browserClient = undefined;
  await c?.close();
}
