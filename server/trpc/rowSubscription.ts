import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { User } from '../auth/users';
import type { Desk } from '../desk';
import type { RowTopic } from '../streams/rowStream';
import { authed } from './init';

/**
 * A socket whose unsent bytes pass this is congested: its deltas wait and merge
 * (latest row state wins) instead of queueing in memory without bound.
 */
const CONGESTED_BYTES = 1 << 20;

/**
 * A row stream as a tRPC subscription: a snapshot, then conflated deltas of the
 * rows this user may see, each message tracked by its sequence number so wsLink
 * resumes from the last one after a reconnect.
 */
export function rowSubscription<Row>(topicOf: (desk: Desk) => RowTopic<Row>, visibleFor: (desk: Desk, user: User) => (row: Row) => boolean) {
  return authed.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({ ctx, input, signal }) {
    const last = input?.lastEventId ? Number(input.lastEventId) : undefined;
    const socket = ctx.socket;
    for await (const msg of topicOf(ctx.desk).subscribe({
      visible: visibleFor(ctx.desk, ctx.user),
      // What a user may see depends on who they are alone: all of one user's tabs and programs share deltas.
      audience: `${ctx.user.role}:${ctx.user.username}`,
      lastSeq: Number.isInteger(last) ? last : undefined,
      signal,
      congested: socket ? () => socket.bufferedAmount > CONGESTED_BYTES : undefined,
    })) {
      yield tracked(String(msg.seq), msg);
    }
  });
}
