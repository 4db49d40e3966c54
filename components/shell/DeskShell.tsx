'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect, type ReactNode } from 'react';
import { DeskProviders, goToLogin } from '@/components/data/DeskProviders';
import { registerTicks } from '@/components/data/format';
import { useInstruments, useSessionUser } from '@/components/data/hooks';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';

function SessionGuard() {
  const me = useSessionUser();
  useEffect(() => {
    if (me.error && isTRPCClientError(me.error) && me.error.data?.code === 'UNAUTHORIZED') goToLogin();
  }, [me.error]);
  return null;
}

/** Prices everywhere show their instrument's tick: the grids learn the ticks once per page load. */
function TickRegistry() {
  const instruments = useInstruments();
  useEffect(() => {
    if (instruments.data) registerTicks(instruments.data);
  }, [instruments.data]);
  return null;
}

/** Every signed-in page: providers, the top bar, the page below it and the user's toasts over it. */
export function DeskShell({ children }: { children: ReactNode }) {
  return (
    <DeskProviders>
      <SessionGuard />
      <TickRegistry />
      <div className="desk">
        <TopBar />
        <main className="desk-main">{children}</main>
      </div>
      <Toasts />
    </DeskProviders>
  );
}
