import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserStore, type User } from '../auth/users';
import type { Desk } from '../desk';
import { openDatabase } from '../store/db';
import { GridLayouts } from '../store/layouts';
import { prefsRouter } from './prefs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-prefs-'));
const db = openDatabase(dir);
new UserStore(db, 3600_000).seedDemoUsers();
const desk = { layouts: new GridLayouts(db) } as unknown as Desk;
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const alice: User = { username: 'alice', role: 'trader', desk: 'EQ-1', display: 'Alice Trader' };
const bob: User = { username: 'bob', role: 'trader', desk: 'EQ-2', display: 'Bob Trader' };
const vic: User = { username: 'vic', role: 'viewer', desk: 'COMPLIANCE', display: 'Vic Viewer' };
const as = (user: User | undefined) => prefsRouter.createCaller({ desk, user });

const ALICE_ORDERS = [
  { colId: 'symbol', width: 120 },
  { colId: 'qty', width: 90, sort: 'desc' as const, sortIndex: 0 },
  { colId: 'clOrdId', hide: true },
];

describe('grid layouts are each user’s own', () => {
  it('a layout saved by one user comes back to that user, in SQLite, and to nobody else', async () => {
    await as(alice).saveLayout({ grid: 'orders', columns: ALICE_ORDERS });
    expect(await as(alice).layouts()).toEqual({ orders: ALICE_ORDERS });
    expect(await as(bob).layouts()).toEqual({});
    expect(await as(vic).layouts()).toEqual({});
    // Stored, not cached: a fresh store over the same file reads it.
    expect(new GridLayouts(db).all('alice')).toEqual({ orders: ALICE_ORDERS });
  });

  it('another user writing the same grid writes their own row, never the first user’s', async () => {
    await as(bob).saveLayout({ grid: 'orders', columns: [{ colId: 'side', width: 40 }] });
    expect(await as(alice).layouts()).toEqual({ orders: ALICE_ORDERS });
    expect(await as(bob).layouts()).toEqual({ orders: [{ colId: 'side', width: 40 }] });
    // Resetting is per user too.
    expect(await as(bob).resetLayout({ grid: 'orders' })).toEqual({ reset: true });
    expect(await as(bob).layouts()).toEqual({});
    expect(await as(alice).layouts()).toEqual({ orders: ALICE_ORDERS });
  });

  it('no procedure lets a caller name another user: a "username" in the input is ignored', async () => {
    await as(bob).saveLayout({ grid: 'parents', columns: [{ colId: 'qty', width: 50 }], username: 'alice' } as never);
    expect((await as(alice).layouts()).parents).toBeUndefined();
    expect((await as(bob).layouts()).parents).toEqual([{ colId: 'qty', width: 50 }]);
    await as(bob).resetLayout({ grid: 'orders', username: 'alice' } as never);
    expect((await as(alice).layouts()).orders).toEqual(ALICE_ORDERS);
  });

  it('signed out, nothing is read or written', async () => {
    await expect(as(undefined).layouts()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(as(undefined).saveLayout({ grid: 'orders', columns: ALICE_ORDERS })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(as(undefined).resetLayout({ grid: 'orders' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await as(alice).layouts()).toEqual({ orders: ALICE_ORDERS, });
  });

  it('bad layouts are refused with the reason and change nothing', async () => {
    const before = await as(alice).layouts();
    await expect(as(alice).saveLayout({ grid: 'Orders; DROP', columns: ALICE_ORDERS })).rejects.toThrow(/lower case/);
    await expect(as(alice).saveLayout({ grid: 'orders', columns: [] })).rejects.toThrow(/at least one column/);
    await expect(as(alice).saveLayout({ grid: 'orders', columns: [{ colId: 'qty' }, { colId: 'qty' }] })).rejects.toThrow(/each column once/);
    await expect(as(alice).saveLayout({ grid: 'orders', columns: [{ colId: 'qty', width: -5 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await as(alice).layouts()).toEqual(before);
  });

  it('fields a layout does not keep are dropped, not stored', async () => {
    await as(alice).saveLayout({ grid: 'routing', columns: [{ colId: 'venue', width: 70, rowGroup: true, aggFunc: 'sum' } as never] });
    expect((await as(alice).layouts()).routing).toEqual([{ colId: 'venue', width: 70 }]);
  });
});
