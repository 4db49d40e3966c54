'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect, type ReactNode } from 'react';
import { DeskProviders, goToLogin } from '@/components/data/DeskProviders';
import { useSessionUser } from '@/components/data/hooks';
import { TopBar } from './TopBar';

function SessionGuard() {
  const me = useSessionUser();
  useEffect(() => {
    if (me.error && isTRPCClientError(me.error) && me.error.data?.code === 'UNAUTHORIZED') goToLogin();
  }, [me.error]);
  return null;
}

/** Every signed-in page: providers, the top bar and the page below it. */
export function DeskShell({ children }: { children: ReactNode }) {
  return (
    <DeskProviders>
      <SessionGuard />
      <div className="desk">
        <TopBar />
        <main className="desk-main">{children}</main>
      </div>
    </DeskProviders>
  );
}
