/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Tests run a second, throwaway dev server beside a developer's own `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The engine, SQLite and the server never enter a Next bundle: pages only
  // import types from server/, and the custom server in server/main.ts owns them.
  serverExternalPackages: ['better-sqlite3', 'ws'],
};

export default nextConfig;
