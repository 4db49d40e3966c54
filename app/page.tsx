import { redirect } from 'next/navigation';

// The server sends / to /orders or /login itself; this covers anything that slips through.
export default function Home() {
  redirect('/orders');
}
