/**
 * Where to go after signing in: the `next` query parameter only when it is a
 * path on this site ("/orders?x=1"), never another origin ("//evil", "/\\evil",
 * "https://…"); otherwise the orders page.
 */
export function safeNext(next: string | string[] | null | undefined, origin = 'http://localhost'): string {
  const n = Array.isArray(next) ? next[0] : next;
  if (!n || !n.startsWith('/') || n.startsWith('//') || n.startsWith('/\\')) return '/orders';
  try {
    const u = new URL(n, origin);
    if (u.origin !== origin) return '/orders';
    const path = u.pathname + u.search + u.hash;
    // Sending a signed-in user back to the login page would only bounce.
    if (u.pathname === '/login' || u.pathname.startsWith('/api/')) return '/orders';
    return path;
  } catch {
    return '/orders';
  }
}
