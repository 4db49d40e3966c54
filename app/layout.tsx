import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Smart Trading Desk', template: '%s · Smart Trading Desk' },
  description: 'Equities execution desk',
  icons: { icon: '/favicon.svg' },
};

export const viewport: Viewport = { themeColor: '#0b0f14', colorScheme: 'dark' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
