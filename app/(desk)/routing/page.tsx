import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RoutingWorkspace } from '@/components/routing/RoutingWorkspace';

export const metadata: Metadata = { title: 'Routing' };

/** /routing: live child orders and one parent's venue map (?parent=P0000001 opens on it). */
export default function RoutingPage() {
  // The workspace reads ?parent= on the client; Suspense lets the rest of the page prerender.
  return (
    <Suspense fallback={null}>
      <RoutingWorkspace />
    </Suspense>
  );
}
