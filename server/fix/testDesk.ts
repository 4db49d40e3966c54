import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Engine } from '../../engine/engine';
import { DEFAULT_VENUES } from '../../engine/market/venues';
import { openDatabase } from '../store/db';
import { SqliteJournal } from '../store/journal';
import { FixGateway } from './gateway';
import { loadFixSettings, type FixSettings } from './settings';

/**
 * A desk for the gateway's tests and benchmark: the real engine with its simulated
 * market, the SQLite journal and the gateway on a free loopback port. Engine time
 * moves only when the caller says (`advance`), so fills come when a test wants them.
 */
export const T0 = Date.parse('2026-11-20T14:30:00Z');

export interface TestDesk {
  dir: string;
  db: Database.Database;
  engine: Engine;
  gateway: FixGateway;
  port: number;
  settings: FixSettings;
  /** Runs the market and the strategies forward this many engine milliseconds. */
  advance(ms: number): void;
  /** Resolves once the gateway has no session logged on (or after 5 s): a test's logouts have landed. */
  allLoggedOff(): Promise<void>;
  /** Stops the gateway and closes the database (the directory stays, for a restart). */
  close(): Promise<void>;
}

export async function startTestDesk(opts: { dir?: string; env?: Record<string, string> } = {}): Promise<TestDesk> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'desk-fix-'));
  const db = openDatabase(dir);
  const engine = new Engine({ journal: new SqliteJournal(db), startTime: T0, seed: 7, market: { venues: DEFAULT_VENUES } });
  const settings = loadFixSettings({ FIX_PORT: '0', FIX_HOST: '127.0.0.1', ...opts.env } as unknown as NodeJS.ProcessEnv);
  const gateway = new FixGateway({ engine, db, settings, logLevel: process.env.FIX_LOG });
  await gateway.start();
  return {
    dir,
    db,
    engine,
    gateway,
    port: gateway.port,
    settings,
    advance: (ms) => engine.scheduler.runUntil(engine.now() + ms),
    async allLoggedOff() {
      const until = Date.now() + 5_000;
      while (gateway.loggedOn.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    },
    async close() {
      await gateway.stop();
      db.close();
    },
  };
}
