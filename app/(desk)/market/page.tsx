import type { Metadata } from 'next';
import { Suspense } from 'react';
import { MarketWorkspace } from '@/components/market/MarketWorkspace';

export const metadata: Metadata = { title: 'Market' };

export default function MarketPage() {
  // The workspace reads ?symbol= on the client; Suspense lets the rest of the page prerender.
  return (
    <Suspense fallback={null}>
      <MarketWorkspace />
    </Suspense>
  );
}
