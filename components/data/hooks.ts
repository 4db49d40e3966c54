'use client';

import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useTRPC } from './client';
import { connection, getServerConnectionSnapshot, type ConnectionSnapshot } from './connection';

export function useConnection(): ConnectionSnapshot {
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot, getServerConnectionSnapshot);
}

export function useSessionUser() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.session.me.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
}

export function useInstruments() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.engine.instruments.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
}
