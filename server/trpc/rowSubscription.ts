import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import type { RowTopic } from '../streams/rowStream';
import { authed } from './init';

/**
 * A row stream as a tRPC subscription: a snapshot, then conflated deltas of the
 * rows this user may see, each message tracked by its sequence number so wsLink
 * resumes from the last one after a reconnect.
 */
export function rowSubscription<Row>(topicOf: (desk: Desk) => RowTopic<Row>, visibleFor: (desk: Desk, user: User) => (row: Row) => boolean) {
  return authed.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({ ctx, input, signal }) {
    const last = input?.lastEventId ? Number(input.lastEventId) : undefined;
    for await (const msg of topicOf(ctx.desk).subscribe({ visible: visibleFor(ctx.desk, ctx.user), lastSeq: Number.isInteger(last) ? last : undefined, signal })) {
      yield tracked(String(msg.seq), msg);
    }
  });
}
