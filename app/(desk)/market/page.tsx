import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/Placeholder';

export const metadata: Metadata = { title: 'Market' };

export default function Page() {
  return <Placeholder href="/market" />;
}
