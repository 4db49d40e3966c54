import type Database from 'better-sqlite3';
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export type Role = 'trader' | 'supervisor' | 'viewer';
export const ROLES: readonly Role[] = ['trader', 'supervisor', 'viewer'];

export interface User {
  username: string;
  role: Role;
  desk: string;
  display: string;
}

/** Demo users seeded on first start; the README lists them. */
export const DEMO_USERS: ReadonlyArray<User & { password: string }> = [
  { username: 'alice', password: 'alice-trader', role: 'trader', desk: 'EQ-1', display: 'Alice Trader' },
  { username: 'bob', password: 'bob-trader', role: 'trader', desk: 'EQ-2', display: 'Bob Trader' },
  { username: 'sam', password: 'sam-supervisor', role: 'supervisor', desk: 'EQ-1', display: 'Sam Supervisor' },
  { username: 'vic', password: 'vic-viewer', role: 'viewer', desk: 'COMPLIANCE', display: 'Vic Viewer' },
];

// scrypt cost: N=2^15 takes ~50 ms here; enough to make offline guessing slow
// without making a login feel slow.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

const hashPassword = (password: string, salt: Buffer) => scryptSync(password.normalize('NFKC'), salt, KEYLEN, SCRYPT);
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Owner of users and sessions in SQLite. Session tokens are stored only as hashes. */
export class UserStore {
  constructor(
    private readonly db: Database.Database,
    private readonly sessionTtlMs: number,
  ) {}

  seedDemoUsers(): number {
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
    if (count > 0) return 0;
    for (const u of DEMO_USERS) this.create(u, u.password);
    return DEMO_USERS.length;
  }

  /**
   * A user the desk acts for but nobody logs in as (a FIX counterparty's orders):
   * created once, with a random password no one is told. Returns whether it was created.
   */
  ensureServiceUser(user: User): boolean {
    if (this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(user.username)) return false;
    this.create(user, randomBytes(32).toString('base64url'));
    return true;
  }

  create(user: User, password: string): void {
    const salt = randomBytes(16);
    this.db
      .prepare('INSERT INTO users (username, role, desk, display, salt, hash) VALUES (?, ?, ?, ?, ?, ?)')
      .run(user.username, user.role, user.desk, user.display, salt, hashPassword(password, salt));
  }

  /** Checks a password; the same work is done for unknown users so timing does not reveal them. */
  verify(username: string, password: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      | (User & { salt: Buffer; hash: Buffer })
      | undefined;
    const salt = row?.salt ?? Buffer.alloc(16);
    const candidate = hashPassword(password, salt);
    if (!row || !timingSafeEqual(candidate, row.hash)) return undefined;
    return { username: row.username, role: row.role, desk: row.desk, display: row.display };
  }

  startSession(username: string, now: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.sessionTtlMs;
    this.db
      .prepare('INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(tokenHash(token), username, now, expiresAt);
    return { token, expiresAt };
  }

  userForSession(token: string | undefined, now: number): User | undefined {
    if (!token) return undefined;
    const row = this.db
      .prepare(
        `SELECT u.username, u.role, u.desk, u.display FROM sessions s JOIN users u USING (username)
         WHERE s.token_hash = ? AND s.expires_at > ?`,
      )
      .get(tokenHash(token), now) as User | undefined;
    return row;
  }

  /**
   * API tokens for programs: a bearer token acts as its user, with exactly the
   * user's role. Stored as a hash; the plaintext is shown once, at creation.
   */
  createApiToken(username: string, label: string, now: number): { token: string; last4: string } {
    const token = `dsk_${randomBytes(32).toString('base64url')}`;
    const last4 = token.slice(-4);
    this.db.prepare('INSERT INTO api_tokens (token_hash, username, label, created_at, last4) VALUES (?, ?, ?, ?, ?)').run(tokenHash(token), username, label, now, last4);
    return { token, last4 };
  }

  apiTokens(username: string): Array<{ id: string; label: string; createdAt: number; last4: string }> {
    return (this.db.prepare('SELECT token_hash, label, created_at, last4 FROM api_tokens WHERE username = ? ORDER BY created_at').all(username) as Array<{ token_hash: string; label: string; created_at: number; last4: string }>).map(
      (r) => ({ id: r.token_hash.slice(0, 12), label: r.label, createdAt: r.created_at, last4: r.last4 }),
    );
  }

  /** Revokes one of the user's tokens by the id `apiTokens` lists; returns whether one was revoked. */
  revokeApiToken(username: string, id: string): boolean {
    return this.db.prepare("DELETE FROM api_tokens WHERE username = ? AND substr(token_hash, 1, 12) = ?").run(username, id).changes > 0;
  }

  userForApiToken(token: string | undefined): User | undefined {
    if (!token) return undefined;
    return this.db
      .prepare('SELECT u.username, u.role, u.desk, u.display FROM api_tokens t JOIN users u USING (username) WHERE t.token_hash = ?')
      .get(tokenHash(token)) as User | undefined;
  }

  endSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  purgeExpired(now: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
