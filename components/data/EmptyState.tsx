import Link from 'next/link';
import type { ReactNode } from 'react';
import type { User } from '@/server/auth/users';

/**
 * What an empty grid or panel says: what is missing and what to do about it,
 * with a link to where it is done. Laid over the grid, clicks pass through
 * to it except on the link.
 */
export function EmptyState({ title, hint, href, action, testId, className }: { title: string; hint?: ReactNode; href?: string; action?: string; testId: string; className?: string }) {
  return (
    <div className={`grid-empty ${className ?? ''}`} data-testid={testId}>
      <div className="empty-state">
        <span className="empty-state-title">{title}</span>
        {hint || href ? (
          <span className="empty-state-hint">
            {hint}
            {href ? (
              <>
                {hint ? ' ' : null}
                <Link href={href}>{action ?? 'Go there'}</Link>
              </>
            ) : null}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** Who may act: traders and supervisors send orders, a viewer only watches. */
export const canTrade = (user: User | undefined) => user?.role === 'trader' || user?.role === 'supervisor';
