import type { Metadata } from 'next';
import { ParentsWorkspace } from '@/components/parents/ParentsWorkspace';

export const metadata: Metadata = { title: 'Parents' };

export default function ParentsPage() {
  return <ParentsWorkspace />;
}
