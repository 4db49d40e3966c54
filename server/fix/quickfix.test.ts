import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from './testDesk';

/**
 * Interoperability with an independent FIX engine: QuickFIX/C++ (Debian's
 * libquickfix-dev), validating every message the desk sends against QuickFIX's own
 * FIX 4.4 dictionary. scripts/ensure-quickfix.sh installs and builds it; when it
 * cannot, this test fails rather than skips.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dictionary = path.join(root, 'node_modules/jspurefix/data/FIX44.xml');
let client: string;
let desk: TestDesk;

beforeAll(async () => {
  client = path.join(root, execFileSync('bash', [path.join(root, 'scripts/ensure-quickfix.sh')], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!);
  desk = await startTestDesk();
}, 600_000);
afterAll(async () => desk?.close());

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(client, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

const field = (line: string, tag: number) => new RegExp(`\\|${tag}=([^|]*)`).exec(line)?.[1];

describe('QuickFIX/C++ as the OMS', () => {
  it('logs on, orders, cancels, is rejected and replaces, all validated by QuickFIX', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qf-oms-'));
    const { code, out } = await run([String(desk.port), dictionary, work]);
    expect(out, out).toContain('LOGON');
    expect(out).not.toContain('SESSION-REJECT');
    expect(code, out).toBe(0);
    // QuickFIX rejects (35=3) what fails its dictionary: it sent none.
    expect(desk.db.prepare("SELECT COUNT(*) FROM fix_messages WHERE direction = 'in' AND msg_type = '3'").pluck().get()).toBe(0);
    const reports = out.split('\n').filter((l) => l.startsWith('RECV ') && field(l, 35) === '8');
    const find = (clOrdId: string, execType: string) => reports.find((l) => field(l, 11) === clOrdId && field(l, 150) === execType);
    expect(find('qf-1', '0')).toBeDefined();
    expect(field(find('qf-1-c', '4')!, 41)).toBe('qf-1');
    expect(field(find('qf-2', '8')!, 58)).toContain('UNKNOWN_INSTRUMENT');
    expect(find('qf-3', '0')).toBeDefined();
    const replaced = find('qf-3-r', '5')!;
    expect([field(replaced, 41), field(replaced, 38), field(replaced, 44)]).toEqual(['qf-3', '200', '201']);

    const byClOrdId = (id: string) => [...desk.engine.orders.all()].find((o) => o.clOrdId === id)!;
    // TargetStrategy 2 at 20 % participation: past medium's 19.2 % cap, so high.
    expect(byClOrdId('qf-1')).toMatchObject({ source: 'fix', owner: 'oms', urgency: 'high', status: 'cancelled' });
    expect(byClOrdId('qf-3')).toMatchObject({ urgency: 'low', qty: 200, limitPx: 2_010_000 });
    fs.rmSync(work, { recursive: true, force: true });
  });
});
