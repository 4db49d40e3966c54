import type { Metadata } from 'next';
import { SupervisorWorkspace } from '@/components/supervisor/SupervisorWorkspace';

export const metadata: Metadata = { title: 'Supervisor' };

export default function SupervisorPage() {
  return <SupervisorWorkspace />;
}
