import fs from "node:fs";
import { defineConfig } from "@playwright/test";

// E2E_ORDER=reverse runs the spec files last to first, one project per file in that order (the
// runner otherwise takes them alphabetically): the check that no file depends on another's data.
const reversed =
  process.env.E2E_ORDER === "reverse"
    ? fs.readdirSync(new URL("./e2e", import.meta.url)).filter((f) => f.endsWith(".spec.ts")).sort().reverse().map((f) => ({ name: f.replace(/\.spec\.ts$/, ""), testMatch: f }))
    : undefined;

// Debian's Chromium, not a Playwright download (none is possible offline). Without the
// background-networking flags Chromium keeps dialling Google's hosts, which this network refuses.
export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Seeds the demo once (on E2E_PORT, default 3100) into a template data folder; every spec file
  // then gets its own copy and its own app server, which e2e/fixtures.ts points baseURL at.
  globalSetup: "./e2e/global-setup.ts",
  ...(reversed ? { projects: reversed } : {}),
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
});
