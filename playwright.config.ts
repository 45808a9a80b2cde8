import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

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
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // A fresh embedded database with the demo data, on the production build.
    command: `rm -rf .data/e2e-${port} && ASSAY_DATA_DIR=.data/e2e-${port} PORT=${port} HOSTNAME=127.0.0.1 node_modules/.bin/tsx --import ./scripts/node/register.mjs scripts/start.ts`,
    url: `http://localhost:${port}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { DATABASE_URL: "" },
  },
});
