import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AuditQuery } from '../store/audit';
import { allow, router } from './init';

/** Filters shared by the audit query and its CSV export. */
export const auditFilter = z.object({
  orderId: z.string().trim().max(32).optional(),
  parentId: z.string().trim().max(32).optional(),
  user: z.string().trim().max(64).optional(),
  type: z.string().trim().max(40).optional(),
  fromTs: z.number().int().optional(),
  toTs: z.number().int().optional(),
});

const readers = allow(['supervisor', 'viewer'], 'read the audit trail');

export const auditRouter = router({
  /** Newest first, a page at a time (pass the last row's seq as beforeSeq for the next page). */
  search: readers.input(auditFilter.extend({ beforeSeq: z.number().int().optional(), limit: z.number().int().min(1).max(1000).default(200) })).query(({ ctx, input }) => {
    if (!ctx.desk.audit) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'no journal to search' });
    return ctx.desk.audit.search(clean(input) as AuditQuery);
  }),
  types: readers.query(({ ctx }) => ctx.desk.audit?.types() ?? []),
});

/** Empty filter strings mean "any". */
export function clean<T extends Record<string, unknown>>(q: T): T {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '' && v !== undefined)) as T;
}
