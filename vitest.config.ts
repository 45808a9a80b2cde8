import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run lib/server code outside React's server environment: take server-only's
      // react-server entry (empty), as Next does in server code and the scripts do through
      // scripts/node/server-only-hooks.mjs. Client code importing lib/server is kept out by ESLint.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["./tests/integration-global-setup.ts"],
          setupFiles: ["./tests/integration-setup.ts"],
          // bcrypt at its production cost would make every sign-in test take a quarter second.
          env: { ASSAY_BCRYPT_COST: "4" },
        },
      },
    ],
  },
});
