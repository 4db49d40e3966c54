'use client';

import { isTRPCClientError } from '@trpc/client';
import { useEffect, useState } from 'react';
import { getDeskClient } from '@/components/data/client';
import { goToLogin } from '@/components/data/DeskProviders';
import { useInstruments, useSessionUser } from '@/components/data/hooks';
import { OrderFeed } from '@/components/data/orderFeed';
import { BasketUpload } from './BasketUpload';
import { OrdersBlotter } from './OrdersBlotter';
import { OrderTicket } from './OrderTicket';

/** /orders: the ticket (and basket upload) above the staged orders blotter, fed by orders.stream. */
export function OrdersWorkspace() {
  const me = useSessionUser();
  const instruments = useInstruments();
  const [feed] = useState(() => new OrderFeed());

  useEffect(() => {
    // wsLink remembers the last tracked id and resumes from it after a reconnect.
    const sub = getDeskClient().orders.stream.subscribe(
      {},
      {
        onData: (msg) => feed.apply(msg.data),
        onError: (err) => {
          if (isTRPCClientError(err) && err.data?.code === 'UNAUTHORIZED') goToLogin();
          else console.error('orders stream failed', err);
        },
      },
    );
    return () => sub.unsubscribe();
  }, [feed]);

  return (
    <div className="orders-page">
      <div className="orders-top">
        <OrderTicket user={me.data} instruments={instruments.data ?? []} />
        <BasketUpload user={me.data} />
      </div>
      <OrdersBlotter feed={feed} user={me.data} />
    </div>
  );
}
