import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../store/audit';
import { RawFixClient, fixTime, type Fields } from './rawClient';
import { FIELDS } from './encoding';
import { loggedBody, pendingBody } from './session';
import { FixWrites } from './store';
import { startTestDesk, type TestDesk } from './testDesk';
import { FixTraffic, bodyInText, bodyInTextMark } from './traffic';
import { openDatabase } from '../store/db';

/**
 * The traffic log (store.ts, traffic.ts): a turn's messages of a counterparty are one
 * block row, committed before any of them leaves; readers — the fix_messages view,
 * the audit trail, resends — see one message a row, old layout and new alike.
 */
const desks: TestDesk[] = [];
afterAll(async () => {
  for (const d of desks) await d.close().catch(() => {});
});

const order = (clOrdId: string, qty: number): Fields => [
  [11, clOrdId],
  [55, 'KO'],
  [54, 1],
  [60, fixTime()],
  [38, qty],
  [40, 2],
  [44, 50],
];

type ViewRow = { id: number; direction: string; msg_type: string | null; msg_seq: number | null; epoch: number | null; poss_dup: number; order_id: string | null; body: string | null; text: string };
const viewRows = (db: Database.Database, where = '1') => db.prepare(`SELECT * FROM fix_messages WHERE ${where} ORDER BY id`).all() as ViewRow[];

describe('the traffic log', () => {
  it('keeps a read’s messages and their answers as one block, one a row in the view, in order', async () => {
    const desk = await startTestDesk();
    desks.push(desk);
    const c = await RawFixClient.connect(desk.port);
    await c.logon('oms-demo');
    c.burst([c.message('D', order('blk-1', 101)), c.message('D', order('blk-2', 102)), c.message('D', order('blk-3', 103))]);
    for (const id of ['blk-1', 'blk-2', 'blk-3']) await c.next((m) => m.get(35) === '8' && m.get(11) === id);

    // Sent only once logged: the three orders and their acks are already there, in one block.
    const blocks = desk.db.prepare("SELECT id, last, counterparty, actor, epoch, out_from, out_to, body FROM fix_traffic WHERE body LIKE '%blk-1%'").all() as Array<{ id: number; last: number; counterparty: string; actor: string; epoch: number; out_from: number; out_to: number; body: string }>;
    expect(blocks).toHaveLength(1);
    const [b] = blocks;
    expect(JSON.parse(b.body)).toHaveLength(6);
    const epoch = desk.db.prepare("SELECT epoch FROM fix_sessions WHERE session_id = 'FIX.4.4-DESK-OMS'").pluck().get();
    expect([b.last - b.id, b.counterparty, b.actor, b.epoch, b.out_from, b.out_to]).toEqual([5, 'OMS', 'oms', epoch, 2, 4]);

    const rows = viewRows(desk.db, `id BETWEEN ${b.id} AND ${b.last}`);
    expect(rows.map((r) => [r.id - b.id, r.direction, r.msg_type, r.msg_seq])).toEqual([
      [0, 'in', 'D', 2],
      [1, 'in', 'D', 3],
      [2, 'in', 'D', 4],
      [3, 'out', '8', 2],
      [4, 'out', '8', 3],
      [5, 'out', '8', 4],
    ]);
    const ack = rows[3];
    expect(ack.text).toContain('|11=blk-1|');
    expect(ack.order_id).toBe(ack.text.match(/\|37=([^|]+)\|/)?.[1]);
    // The resend copy is not a second copy: a mark of where the body sits in the logged text.
    expect(ack.body).toMatch(/^=\d+$/);
    const body = bodyInText(ack.body!, ack.text);
    expect(body.startsWith('37=')).toBe(true);
    expect(body).toContain('\x0111=blk-1\x01');
    expect(body.endsWith('\x01')).toBe(true);
    expect(ack.text.replaceAll('|', '\x01').endsWith(`${body}10=${ack.text.slice(-4, -1)}\x01`)).toBe(true);
    await c.logout();
  });

  it('reads a log written one row a message, and numbers new blocks after it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-fix-old-'));
    // A database as the desk wrote it before blocks: the FIX tables of that layout, one row a message.
    const old = new Database(path.join(dir, 'desk.sqlite'));
    old.exec(`
      CREATE TABLE fix_sessions (session_id TEXT PRIMARY KEY, sender_seq INTEGER NOT NULL, sender_reserved INTEGER NOT NULL, target_seq INTEGER NOT NULL, epoch INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE fix_messages (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, ts INTEGER NOT NULL, counterparty TEXT NOT NULL, actor TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'garbled', 'refused')), msg_type TEXT, msg_seq INTEGER, epoch INTEGER,
        poss_dup INTEGER NOT NULL DEFAULT 0, order_id TEXT, body TEXT, text TEXT NOT NULL);
      CREATE INDEX fix_messages_resend ON fix_messages (counterparty, epoch, msg_seq) WHERE direction = 'out';
    `);
    const t = Date.parse('2026-11-19T15:00:00Z');
    old.prepare("INSERT INTO fix_sessions VALUES ('FIX.4.4-DESK-OMS', 3, 3, 3, 1, ?)").run(t);
    const insert = old.prepare('INSERT INTO fix_messages (id, at, ts, counterparty, actor, direction, msg_type, msg_seq, epoch, poss_dup, order_id, body, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(40, t, t, 'OMS', 'oms', 'in', 'A', 1, null, 0, null, null, '8=FIX.4.4|9=70|35=A|34=1|49=OMS|56=DESK|98=0|108=30|554=***|10=000|');
    insert.run(41, t, t, 'OMS', 'oms', 'out', 'A', 1, 1, 0, null, null, '8=FIX.4.4|9=60|35=A|34=1|49=DESK|56=OMS|98=0|108=30|10=000|');
    insert.run(42, t + 1, t + 1, 'OMS', 'oms', 'in', 'D', 2, null, 0, null, null, '8=FIX.4.4|9=90|35=D|34=2|49=OMS|56=DESK|11=old-1|55=KO|54=1|38=100|40=2|44=50|10=000|');
    insert.run(43, t + 1, t + 1, 'OMS', 'oms', 'out', '8', 2, 1, 0, 'O-OLD-1', '37=O-OLD-1\x0111=old-1\x0117=x-1\x01150=0\x0139=0\x0155=KO\x0154=1\x0138=100\x01151=100\x0114=0\x016=0\x01', '8=FIX.4.4|9=99|35=8|34=2|49=DESK|56=OMS|37=O-OLD-1|11=old-1|150=0|10=000|');
    old.close();

    const desk = await startTestDesk({ dir });
    desks.push(desk);
    // The old rows, as they were, under the view's name; the audit trail finds them by order and by user.
    expect(viewRows(desk.db).map((r) => r.id)).toEqual([40, 41, 42, 43]);
    const audit = new AuditLog(desk.db);
    expect(audit.types()).toContain('FIX');
    expect(audit.search({ type: 'FIX', orderId: 'O-OLD-1', limit: 10 }).map((r) => r.seq)).toEqual([43]);
    expect(audit.search({ type: 'FIX', orderId: 'old-1', limit: 10 }).map((r) => r.seq)).toEqual([43, 42]);

    const c = await RawFixClient.connect(desk.port);
    c.send('A', [
      [98, 0],
      [108, 30],
      [141, 'N'],
      [554, 'oms-demo'],
    ], { seq: 3 });
    expect((await c.next((m) => m.get(35) === 'A')).get(34)).toBe('3');
    c.send('D', order('new-1', 104));
    const ack = await c.next((m) => m.get(35) === '8' && m.get(11) === 'new-1');
    // New messages number on from the old rows; one page of the audit trail runs across both layouts.
    const ids = viewRows(desk.db).map((r) => r.id);
    expect(ids.slice(0, 4)).toEqual([40, 41, 42, 43]);
    expect(ids.slice(4)).toEqual(ids.slice(4).map((_, i) => 44 + i));
    const page = audit.search({ type: 'FIX', user: 'oms', limit: 4 + ids.length });
    expect(page.map((r) => r.seq)).toEqual([...ids].reverse());
    expect(audit.search({ type: 'FIX', user: 'oms', beforeSeq: 45, limit: 2 }).map((r) => r.seq)).toEqual([44, 43]);
    expect(audit.search({ type: 'FIX', orderId: ack.get(37)!, limit: 10 })).toHaveLength(1);

    // A resend across both: the old ack from its row, the new one from its block, the Logons gap-filled.
    c.send('2', [
      [7, 1],
      [16, 0],
    ]);
    const gap = await c.next((m) => m.get(35) === '4');
    expect([gap.get(34), gap.get(36)]).toEqual(['1', '2']);
    const oldAgain = await c.next((m) => m.get(35) === '8' && m.get(34) === '2');
    expect([oldAgain.get(43), oldAgain.get(11), oldAgain.get(37)]).toEqual(['Y', 'old-1', 'O-OLD-1']);
    const gap2 = await c.next((m) => m.get(35) === '4' && m.get(34) === '3');
    expect(gap2.get(36)).toBe(ack.get(34));
    const newAgain = await c.next((m) => m.get(35) === '8' && m.get(34) === ack.get(34));
    expect([newAgain.get(43), newAgain.get(11), newAgain.get(37), newAgain.get(17)]).toEqual(['Y', 'new-1', ack.get(37), ack.get(17)]);
    await c.logout();
  });

  it('holds a session’s output while the log cannot be written, and sends it, logged, once it can', async () => {
    const desk = await startTestDesk();
    desks.push(desk);
    const c = await RawFixClient.connect(desk.port);
    await c.logon('oms-demo');
    const errors: string[] = [];
    const error = console.error;
    console.error = (m: unknown) => void errors.push(String(m));
    try {
      // A real SQLite failure of the traffic write (as a full disk would raise).
      desk.db.exec("CREATE TRIGGER no_traffic BEFORE INSERT ON fix_traffic BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
      c.send('D', order('held-1', 105));
      expect(await c.silent((m) => m.get(35) === '8', 400)).toBe(true);
      expect(errors.some((e) => e.includes('output is held'))).toBe(true);
      // The order is the engine's (its journal is not this write), the trail does not have it yet.
      expect(desk.engine.orders.hasClOrdId('oms', 'held-1')).toBe(true);
      expect(viewRows(desk.db, "text LIKE '%held-1%'")).toHaveLength(0);

      desk.db.exec('DROP TRIGGER no_traffic');
      const ack = await c.next((m) => m.get(35) === '8' && m.get(11) === 'held-1', 3_000);
      expect(ack.get(150)).toBe('0');
      expect(viewRows(desk.db, "text LIKE '%held-1%'").map((r) => [r.direction, r.msg_type])).toEqual([
        ['in', 'D'],
        ['out', '8'],
      ]);
    } finally {
      console.error = error;
    }
    await c.logout();
  });

  it('keeps a body as a mark into its text only where the text holds it exactly', () => {
    const text = '8=FIX.4.4|9=0000061|35=8|49=DESK|56=OMS|34=7|52=20261120-14:30:00.000|37=O-1|11=c|150=0|10=123|';
    const start = text.indexOf('37=');
    expect(bodyInTextMark(text, '37=O-1|11=c|150=0|'.length, 37)).toBe(`=${start}`);
    expect(bodyInText(`=${start}`, text)).toBe('37=O-1\x0111=c\x01150=0\x01');
    // A length or first tag that does not fit the text, or no trailer where it should be: no mark.
    expect(bodyInTextMark(text, '37=O-1|11=c|150=0|'.length + 1, 37)).toBeUndefined();
    expect(bodyInTextMark(text, '37=O-1|11=c|150=0|'.length, 11)).toBeUndefined();
    expect(bodyInTextMark(text.slice(0, -1), '37=O-1|11=c|150=0|'.length, 37)).toBeUndefined();
    // Any other body is its own copy, read as it is.
    expect(bodyInText('37=O-1\x0158=a|b\x01', text)).toBe('37=O-1\x0158=a|b\x01');
  });

  it('marks only bodies the logged text gives back as they were: ASCII, no delimiter', () => {
    const fields = (text: string) => [[37, 'O-1'], [150, '4'], [1000, 'x'], [58, text]] as const;
    const logged = (text: string) => `8=FIX.4.4|9=0000061|35=8|49=DESK|56=OMS|34=2|52=20261120-14:30:00.000|37=O-1|150=4|1000=x|58=${text}|10=123|`;
    // tag=value| for each field: where the body would sit in the text.
    const pending = pendingBody({ [FIELDS]: fields('cancelled by sam') });
    expect(pending).toEqual({ fields: fields('cancelled by sam'), length: '37=O-1|150=4|1000=x|58=cancelled by sam|'.length });
    expect(loggedBody(pending, logged('cancelled by sam'), false)).toBe(`=${logged('cancelled by sam').indexOf('37=')}`);
    // The text is decoded as ASCII ('é' would come back as 'i') and delimited by '|': their own copy.
    for (const text of ['client called, réf 12', 'a|b', 'line\x01']) {
      const own = text.includes('\x01') ? JSON.stringify({ $fields: fields(text) }) : `37=O-1\x01150=4\x011000=x\x0158=${text}\x01`;
      expect(loggedBody(pendingBody({ [FIELDS]: fields(text) }), logged(text), false)).toBe(own);
    }
    // A message the transmitter wrote whole had its values checked there (transmitter.ts).
    expect(loggedBody(pending, logged('cancelled by sam'), true)).toBe(`=${logged('cancelled by sam').indexOf('37=')}`);
  });

  it('resends a body kept as a mark and one kept as its own copy alike', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-fix-marks-'));
    const db = openDatabase(dir);
    try {
      const traffic = new FixTraffic(new FixWrites(db), () => 0);
      const text = (seq: number, body: string) => `8=FIX.4.4|9=0000061|35=8|49=DESK|56=OMS|34=${seq}|52=20261120-14:30:00.000|${body}10=123|`;
      const marked = text(2, '37=O-1|11=c|150=0|');
      traffic.record({ counterparty: 'OMS', actor: 'oms', direction: 'out', msgType: '8', msgSeq: 2, epoch: 1, text: marked, body: `=${marked.indexOf('37=')}` });
      // A value with a '|' (a Text): its own copy, SOH-ended fields.
      traffic.record({ counterparty: 'OMS', actor: 'oms', direction: 'out', msgType: '8', msgSeq: 3, epoch: 1, text: text(3, '37=O-1|58=a|b|150=4|'), body: '37=O-1\x0158=a|b\x01150=4\x01' });
      expect(traffic.sent('OMS', 1, 1, 5).map((s) => [s.seq, s.body])).toEqual([
        [2, '37=O-1\x0111=c\x01150=0\x01'],
        [3, '37=O-1\x0158=a|b\x01150=4\x01'],
      ]);
    } finally {
      db.close();
    }
  });
});
