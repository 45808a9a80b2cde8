import type { NextConfig } from "next";

// TypeScript, as the project layout fixes; Next.js compiles it with its native SWC module at every
// server start, which keeps about 22 MB of that module in the running server (decision 036).
const nextConfig: NextConfig = {
  // Loaded by Node at run time instead of bundled: they carry Wasm files and native-style
  // entry points, and the custom server (scripts/start.ts) must share their instances.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/client",
    "@prisma/schema-engine-wasm",
    "@prisma/driver-adapter-utils",
    "pg",
    "bcryptjs",
  ],
  // Several builds can live side by side (e.g. parallel e2e runs); the default is .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole repository (tests and scripts included); repeating it in
  // every build would double the build time on small machines.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  experimental: {
    // Load each route's server code when it is first requested rather than all of it at start:
    // about 70 MB less resident memory for a server that serves a few routes (e.g. an export).
    preloadEntriesOnStart: false,
  },
  typedRoutes: false,
};

export default nextConfig;
