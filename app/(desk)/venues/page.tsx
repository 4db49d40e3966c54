import type { Metadata } from 'next';
import { VenuesWorkspace } from '@/components/venues/VenuesWorkspace';

export const metadata: Metadata = { title: 'Venues' };

/** /venues: the venue scorecard, each venue's minutes and fill probabilities; supervisors switch venues here too. */
export default function VenuesPage() {
  return <VenuesWorkspace />;
}
