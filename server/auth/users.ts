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

  endSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  purgeExpired(now: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
