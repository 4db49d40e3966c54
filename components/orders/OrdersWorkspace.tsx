'use client';

import { useState } from 'react';
import type { OrderRow } from '@/server/desk';
import { useInstruments, useSessionUser } from '@/components/data/hooks';
import { OrderFeed } from '@/components/data/orderFeed';
import { useRowStream } from '@/components/data/useRowStream';
import { BasketUpload } from './BasketUpload';
import { OrdersBlotter } from './OrdersBlotter';
import { OrderTicket } from './OrderTicket';

/** /orders: the ticket (and basket upload) above the staged orders blotter, fed by orders.stream. */
export function OrdersWorkspace() {
  const me = useSessionUser();
  const instruments = useInstruments();
  const [feed] = useState(() => new OrderFeed());

  useRowStream<OrderRow>(feed, 'orders', (c, h) => c.orders.stream.subscribe({}, h));

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
