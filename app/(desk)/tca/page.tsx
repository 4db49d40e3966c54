import type { Metadata } from 'next';
import { TcaWorkspace } from '@/components/tca/TcaWorkspace';

export const metadata: Metadata = { title: 'TCA' };

/** /tca: transaction cost analysis, live — slippage against VWAP and arrival, shortfall, charts, exports. */
export default function TcaPage() {
  return <TcaWorkspace />;
}
