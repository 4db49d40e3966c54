import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditWorkspace } from '@/components/audit/AuditWorkspace';

export const metadata: Metadata = { title: 'Audit' };

export default function AuditPage() {
  // The search lives in the URL (?orderId=&type=…), read on the client; Suspense lets the rest prerender.
  return (
    <Suspense fallback={null}>
      <AuditWorkspace />
    </Suspense>
  );
}
