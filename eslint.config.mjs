import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Relative forms too (lib/<domain>/x.ts reaching ../server/...). Type-only imports are matched as
// well: the core rule has no allowTypeImports, and a pure module needs no server type.
const SERVER_MODULES = ["@/lib/server", "@/lib/server/*", "**/lib/server/*", "../server", "../server/*", "../../server/*"];

// A client component ("use client") never imports lib/server: that code must not reach a bundle.
// Type-only imports too: they are erased at compile time, but a type that lives in lib/server ties
// the client to server code's shape and invites the next value import (shared shapes live in
// lib/<domain>, e.g. lib/review/workspace-types.ts). Re-exports count as imports.
const clientNoServer = {
  meta: { type: "problem", messages: { server: "A client component must not import {{source}} (lib/server is server-only); move shared types or pure logic to lib/<domain>." } },
  create(context) {
    let client = false;
    return {
      Program(node) {
        client = node.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");
      },
      "ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration, ImportExpression"(node) {
        if (!client || !node.source || node.source.type !== "Literal") return;
        const source = String(node.source.value);
        if (/(^|\/)lib\/server(\/|$)/.test(source)) context.report({ node, messageId: "server", data: { source } });
      },
    };
  },
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    plugins: { assay: { rules: { "client-no-server": clientNoServer } } },
    rules: { "assay/client-no-server": "error" },
  },
  {
    // Pure core: lib/<domain> imports neither lib/server, nor Next, nor Prisma (COMMON code rules).
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: ["lib/server/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: SERVER_MODULES, message: "Pure lib/<domain> code must not import lib/server." },
            { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "Pure lib/<domain> code must not import Next." },
            { group: ["@prisma/*", "@/generated/*", "**/generated/prisma/*"], message: "Pure lib/<domain> code must not import Prisma." },
          ],
        },
      ],
    },
  },
  {
    // The CLI and the start script reach the database only through lib/server (issue 12 §20); the
    // benchmarks build their own scratch databases and may use drivers directly.
    files: ["scripts/**/*.ts"],
    ignores: ["scripts/bench/**", "scripts/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/lib/server/db/client", importNames: ["prisma"], message: "Scripts reach the database through lib/server functions." }],
          patterns: [{ group: ["@prisma/*", "@/generated/*", "**/generated/prisma/*", "pg", "@electric-sql/*", "pglite-prisma-adapter"], message: "Scripts reach the database through lib/server functions." }],
        },
      ],
      "no-restricted-syntax": ["error", { selector: "MemberExpression[property.name=/^(prisma|pool|pglite)$/]", message: "Scripts reach the database through lib/server functions, not its Prisma client or pool." }],
    },
  },
  {
    // A spec's `test` comes from e2e/fixtures.ts, which gives each spec file its own data and app
    // server (baseURL); Playwright's own `test` has no server at all.
    files: ["e2e/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "@playwright/test", importNames: ["test"], message: "Import test (and expect) from ./fixtures: each spec file runs on its own copy of the demo." }] }],
    },
  },
  globalIgnores([".next/**", ".next-*/**", "generated/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".build/**"]),
]);
