import type { Metadata } from 'next';
import { TcaPrint } from '@/components/tca/TcaPrint';

export const metadata: Metadata = { title: 'TCA report' };

/** /tca/print: the TCA as a printable report, one section a page. */
export default function TcaPrintPage() {
  return <TcaPrint />;
}
