/**
 * Who may talk FIX to the desk, and where the acceptor listens. Read once from the
 * environment (server/config.ts); the demo counterparties make `npm start` work out
 * of the box.
 */

/** 'orders': NewOrderSingle / Cancel / Replace in, execution reports out. 'dropcopy': every desk fill out, no orders in. */
export type FixRole = 'orders' | 'dropcopy';

export interface FixCounterparty {
  /** The counterparty's SenderCompID (our TargetCompID towards it). */
  compId: string;
  /** Password (554) it must present on Logon. */
  password: string;
  role: FixRole;
  /** Desk user its orders belong to (orders sessions; seeded as a trader on start). */
  owner: string;
  /** Desk of that user: credit, overrides and kill switches by desk apply to it. */
  desk: string;
  /** Addresses it may log on from: IPv4/IPv6 addresses or CIDR blocks. Empty: any address. */
  allowedAddresses: string[];
}

export interface FixSettings {
  /** false: no acceptor (FIX_PORT=off). */
  enabled: boolean;
  port: number;
  host: string;
  /** Our CompID: the counterparties' TargetCompID. */
  compId: string;
  counterparties: FixCounterparty[];
}

const LOOPBACK = ['127.0.0.0/8', '::1'];

/** The demo: the OMS of the README, and a drop copy for post-trade. Passwords are for the demo only. */
export const DEMO_COUNTERPARTIES: readonly FixCounterparty[] = [
  { compId: 'OMS', password: 'oms-demo', role: 'orders', owner: 'oms', desk: 'OMS', allowedAddresses: LOOPBACK },
  { compId: 'DROPCOPY', password: 'dropcopy-demo', role: 'dropcopy', owner: 'dropcopy', desk: 'POST-TRADE', allowedAddresses: LOOPBACK },
];

const COMP_ID = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * FIX_PORT (9878; "off" disables the acceptor), FIX_HOST (HOST or 0.0.0.0), FIX_COMP_ID (DESK),
 * FIX_COUNTERPARTIES (a JSON array of FixCounterparty, replacing the demo ones), and
 * FIX_ALLOWED_ADDRESSES (comma list, replacing the demo counterparties' loopback-only default).
 */
export function loadFixSettings(env: NodeJS.ProcessEnv): FixSettings {
  const rawPort = (env.FIX_PORT ?? '9878').trim();
  const enabled = rawPort.toLowerCase() !== 'off';
  const port = enabled ? Number(rawPort) : 0;
  if (enabled && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error(`FIX_PORT must be a port number (0 picks a free one) or "off", not "${rawPort}"`);
  const compId = env.FIX_COMP_ID ?? 'DESK';
  if (!COMP_ID.test(compId)) throw new Error(`FIX_COMP_ID must be 1–32 letters, digits, "_", "." or "-", not "${compId}"`);
  let counterparties: FixCounterparty[] = DEMO_COUNTERPARTIES.map((c) => ({ ...c, allowedAddresses: [...c.allowedAddresses] }));
  if (env.FIX_COUNTERPARTIES) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.FIX_COUNTERPARTIES);
    } catch (e) {
      throw new Error(`FIX_COUNTERPARTIES is not JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new Error('FIX_COUNTERPARTIES must be a JSON array of counterparties');
    counterparties = parsed.map((c, i) => checkCounterparty(c, i));
  }
  if (env.FIX_ALLOWED_ADDRESSES !== undefined) {
    const list = env.FIX_ALLOWED_ADDRESSES.split(',').map((s) => s.trim()).filter(Boolean);
    for (const c of counterparties) c.allowedAddresses = list;
  }
  const seen = new Set<string>();
  for (const c of counterparties) {
    if (seen.has(c.compId)) throw new Error(`FIX counterparty ${c.compId} is configured twice`);
    if (c.compId === compId) throw new Error(`FIX counterparty ${c.compId} has the desk's own CompID`);
    seen.add(c.compId);
  }
  return { enabled, port, host: env.FIX_HOST ?? env.HOST ?? '0.0.0.0', compId, counterparties };
}

function checkCounterparty(raw: unknown, i: number): FixCounterparty {
  const c = (raw ?? {}) as Record<string, unknown>;
  const where = `FIX_COUNTERPARTIES[${i}]`;
  const str = (k: string, fallback?: string): string => {
    const v = c[k] ?? fallback;
    if (typeof v !== 'string' || !v) throw new Error(`${where}.${k} must be a non-empty string`);
    return v;
  };
  const compId = str('compId');
  if (!COMP_ID.test(compId)) throw new Error(`${where}.compId must be 1–32 letters, digits, "_", "." or "-", not "${compId}"`);
  const role = str('role', 'orders');
  if (role !== 'orders' && role !== 'dropcopy') throw new Error(`${where}.role must be orders or dropcopy, not "${role}"`);
  const allowed = c.allowedAddresses ?? [];
  if (!Array.isArray(allowed) || allowed.some((a) => typeof a !== 'string')) throw new Error(`${where}.allowedAddresses must be an array of addresses or CIDR blocks`);
  return { compId, password: str('password'), role, owner: str('owner', compId.toLowerCase()), desk: str('desk', compId), allowedAddresses: allowed as string[] };
}
