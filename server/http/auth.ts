import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { clearedSessionCookie, originAllowed, readCookie, SESSION_COOKIE, sessionCookie } from '../auth/cookies';
import type { Desk } from '../desk';
import { readJson, sendJson } from './respond';

const credentials = z.object({
  username: z.string().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(256),
});

/** POST /api/auth/login and /api/auth/logout; sets or clears the httpOnly session cookie. */
export async function handleAuth(
  desk: Desk,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  onLogout: (token: string) => void,
): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: `${req.method} not allowed; use POST` });
  if (req.headers.origin && !originAllowed(req, desk.config.allowedOrigins))
    return sendJson(res, 403, { error: `origin ${req.headers.origin} may not sign in here` });
  const secure = (req.headers['x-forwarded-proto'] ?? '') === 'https';

  if (path === '/api/auth/logout') {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) {
      desk.users.endSession(token);
      onLogout(token);
    }
    res.setHeader('Set-Cookie', clearedSessionCookie());
    return sendJson(res, 200, { ok: true });
  }
  if (path !== '/api/auth/login') return sendJson(res, 404, { error: `no such endpoint ${path}` });

  let body: unknown;
  try {
    body = await readJson(req, 4096);
  } catch (err) {
    return sendJson(res, 400, { error: (err as Error).message });
  }
  const parsed = credentials.safeParse(body);
  if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues.map((i) => i.message).join('; ') });
  const user = desk.users.verify(parsed.data.username, parsed.data.password);
  if (!user) return sendJson(res, 401, { error: 'wrong username or password' });
  const now = Date.now();
  const session = desk.users.startSession(user.username, now);
  res.setHeader('Set-Cookie', sessionCookie(session.token, Math.floor((session.expiresAt - now) / 1000), secure));
  return sendJson(res, 200, { user });
}
