import type { WebSocket } from 'ws';

/** The WebSockets opened under each login session, so logging out also ends its live streams. */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<WebSocket>>();

  add(token: string, ws: WebSocket): void {
    let set = this.bySession.get(token);
    if (!set) this.bySession.set(token, (set = new Set()));
    set.add(ws);
    ws.once('close', () => {
      set.delete(ws);
      if (set.size === 0) this.bySession.delete(token);
    });
  }

  closeSession(token: string): void {
    // 4401: application-defined close code meaning "session ended, sign in again".
    for (const ws of this.bySession.get(token) ?? []) ws.close(4401, 'signed out');
    this.bySession.delete(token);
  }
}
