import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditCsv } from '../store/audit';
import { auditFilter, clean } from '../trpc/audit';
import { createContext } from '../trpc/init';
import type { Desk } from '../desk';
import { sendJson } from './respond';

const MAX_ROWS = 100_000;

/**
 * GET /api/audit/export.csv?orderId=…&user=…&fromTs=…: the audit trail as CSV,
 * newest first, up to 100,000 rows, for supervisors and compliance (viewers).
 */
export function handleAuditExport(desk: Desk, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET') return sendJson(res, 405, { error: `${req.method} not allowed; use GET` });
  const { user } = createContext({ req });
  if (!user) return sendJson(res, 401, { error: 'not signed in: log in to the desk first' });
  if (user.role !== 'supervisor' && user.role !== 'viewer') return sendJson(res, 403, { error: `a ${user.role} may not read the audit trail` });
  const raw = Object.fromEntries(url.searchParams);
  const parsed = auditFilter.safeParse({ ...raw, fromTs: raw.fromTs ? Number(raw.fromTs) : undefined, toTs: raw.toTs ? Number(raw.toTs) : undefined });
  if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const rows = desk.audit!.search({ ...clean(parsed.data), limit: MAX_ROWS });
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.csv"`,
    'Cache-Control': 'no-store',
  });
  res.end(auditCsv(rows));
}
