import path from 'node:path';
import { loadFixSettings, type FixSettings } from './fix/settings';

/** Everything the process reads from its environment, with the embedded defaults. */
export interface Config {
  port: number;
  host: string;
  dev: boolean;
  dataDir: string;
  /** SQLite synchronous level for the journal: 'normal' survives a process crash, 'full' also power loss. */
  journalSync: 'normal' | 'full';
  seed: string;
  /** Engine seconds per wall second; 39 runs the 6.5-hour session in about ten minutes. */
  speed: number;
  /** Extra origins allowed to open the WebSocket, besides the server's own host. */
  allowedOrigins: string[];
  sessionTtlHours: number;
  /** The FIX 4.4 acceptor: port, CompID, counterparties (server/fix/settings.ts). */
  fix: FixSettings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intEnv(env, 'PORT', 3000);
  const sync = (env.JOURNAL_SYNC ?? 'normal').toLowerCase();
  if (sync !== 'normal' && sync !== 'full') throw new Error(`JOURNAL_SYNC must be normal or full, not "${sync}"`);
  const speed = Number(env.ENGINE_SPEED ?? '39');
  if (!(speed > 0)) throw new Error(`ENGINE_SPEED must be a positive number, not "${env.ENGINE_SPEED}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dev: env.NODE_ENV !== 'production',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    journalSync: sync,
    seed: env.ENGINE_SEED ?? '7',
    speed,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    sessionTtlHours: intEnv(env, 'SESSION_TTL_HOURS', 12),
    fix: loadFixSettings(env),
  };
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return n;
}
