'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import { useEffect, useState, type ReactNode } from 'react';
import { getDeskClient, TRPCProvider } from './client';
import { connection } from './connection';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A signed-out or forbidden call will not get better by retrying.
        retry: (count, err) => {
          if (isTRPCClientError(err) && ['UNAUTHORIZED', 'FORBIDDEN'].includes(String(err.data?.code))) return false;
          return count < 3;
        },
      },
      mutations: { retry: false },
    },
  });
}

/** Sends a signed-out browser to the login page, coming back here afterwards. */
export function goToLogin(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

let heartbeatStarted = false;

/**
 * Query cache, tRPC context and the engine.clock heartbeat that drives the
 * top-bar clock and the connection badge. One per signed-in page tree.
 */
export function DeskProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const trpcClient = getDeskClient();

  useEffect(() => {
    if (heartbeatStarted) return;
    heartbeatStarted = true;
    const sub = getDeskClient().engine.clock.subscribe(undefined, {
      onData: (clock) => connection.beat(clock),
      onError: (err) => {
        if (isTRPCClientError(err) && err.data?.code === 'UNAUTHORIZED') goToLogin();
      },
    });
    return () => {
      heartbeatStarted = false;
      sub.unsubscribe();
    };
  }, []);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
