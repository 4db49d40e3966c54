import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the real production server (server/main.ts under tsx) as a child process
 * on its own port and data directory. Requires `next build` to have run. The market runs at
 * 10× (not the desk's 39×) so the simulated day leaves CPU for the browser on a 2-core machine.
 */
export interface DeskServer {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Kills the process (default SIGKILL) and starts a new one on the same port and data. */
  restart(signal?: NodeJS.Signals): Promise<DeskServer>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
let nextPort = 3200 + (process.pid % 200) * 10;

export async function startServer(opts: { port?: number; dataDir?: string; env?: Record<string, string> } = {}): Promise<DeskServer> {
  const port = opts.port ?? nextPort++;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
  const log: string[] = [];
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root,
    // No FIX acceptor unless a test asks for one (FIX_PORT): servers started side by side would fight over 9878.
    env: { ...process.env, NODE_ENV: 'production', ENGINE_SPEED: '10', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, FIX_PORT: 'off', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => log.push(String(d)));
  proc.stderr!.on('data', (d) => log.push(String(d)));
  const url = `http://localhost:${port}`;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log.join('')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become healthy within 60 s:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const server: DeskServer = {
    url,
    port,
    dataDir,
    proc,
    output: () => log.join(''),
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
    async restart(signal = 'SIGKILL') {
      await server.stop(signal);
      return startServer({ port, dataDir, env: opts.env });
    },
  };
  return server;
}
