/** The demo users the server seeds on first start. */
export const USERS = {
  alice: { username: 'alice', password: 'alice-trader', role: 'trader', display: 'Alice Trader' },
  bob: { username: 'bob', password: 'bob-trader', role: 'trader', display: 'Bob Trader' },
  sam: { username: 'sam', password: 'sam-supervisor', role: 'supervisor', display: 'Sam Supervisor' },
  vic: { username: 'vic', password: 'vic-viewer', role: 'viewer', display: 'Vic Viewer' },
} as const;

export type DemoUser = (typeof USERS)[keyof typeof USERS];
