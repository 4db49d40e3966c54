/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The engine, SQLite and the server never enter a Next bundle: pages only
  // import types from server/, and the custom server in server/main.ts owns them.
  serverExternalPackages: ['better-sqlite3', 'ws'],
};

export default nextConfig;
