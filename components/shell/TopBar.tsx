'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { closeDeskClient } from '@/components/data/client';
import { useSessionUser } from '@/components/data/hooks';
import { ConnectionBadge, EngineClock, MarketStatus } from './ConnectionBadge';
import { SECTIONS } from './nav';

export function TopBar() {
  const pathname = usePathname();
  const me = useSessionUser();
  const [leaving, setLeaving] = useState(false);

  async function logout() {
    setLeaving(true);
    try {
      await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
    } finally {
      await closeDeskClient();
      window.location.assign('/login');
    }
  }

  const user = me.data;
  return (
    <header className="topbar" data-testid="top-bar">
      <Link href="/orders" className="brand" aria-label="Smart Trading Desk home">
        <span className="brand-mark" aria-hidden="true">
          ST
        </span>
        <span className="brand-name">Smart Trading Desk</span>
      </Link>
      <nav className="topnav" aria-label="Desk sections">
        {SECTIONS.map((s) => {
          const active = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <Link key={s.href} href={s.href} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
              {s.label}
            </Link>
          );
        })}
      </nav>
      <div className="topbar-right">
        <EngineClock />
        <MarketStatus />
        <ConnectionBadge />
        <span className="user-chip" data-testid="user-chip" data-role={user?.role ?? ''}>
          {user ? (
            <>
              <span className="user-name">{user.display}</span>
              <span className={`role-tag role-${user.role}`}>{user.role}</span>
              <span className="user-desk">{user.desk}</span>
            </>
          ) : (
            <span className="user-name muted">…</span>
          )}
        </span>
        <button type="button" className="btn btn-ghost" onClick={logout} disabled={leaving} data-testid="logout">
          Log out
        </button>
      </div>
    </header>
  );
}
