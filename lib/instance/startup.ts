// What `npm start` does about demo data and what it tells the operator, as plain decisions so
// they can be tested without starting the app. Issue 11: with ASSAY_INIT_* set on an empty data
// folder the admin used to be created before the "is it empty" check, so the demo was skipped,
// and the log still said to open the URL to create the first administrator.

/**
 * Seed the demo project? With the embedded database, when the instance was empty before headless
 * initialisation ran (so ASSAY_INIT_* does not suppress it) unless ASSAY_DEMO=0; with a server,
 * only when ASSAY_DEMO=1 (seeding skips a demo project that already exists).
 */
export function shouldSeedDemo(input: { embedded: boolean; demoSetting: string | undefined; usersBeforeInitialisation: number }): boolean {
  if (input.embedded) return input.demoSetting !== "0" && input.usersBeforeInitialisation === 0;
  return input.demoSetting === "1";
}

export type DemoSignIn = { role: string; email: string };

/** The lines printed once the app listens: only what is true of this instance. */
export function startupLines(input: { url: string; demoSignIns: readonly DemoSignIn[] | null; users: number; initialAdminEmail: string | null }): string[] {
  const lines = [`Assay is running at ${input.url}`];
  if (input.demoSignIns) {
    lines.push("Demo sign-ins (password for all: demo-password):");
    for (const user of input.demoSignIns) lines.push(`  ${user.role.padEnd(12)} ${user.email}`);
  }
  if (input.initialAdminEmail) lines.push(`Administrator from ASSAY_INIT_ADMIN_EMAIL: sign in as ${input.initialAdminEmail}.`);
  if (input.users === 0) lines.push("Open the URL to create the first administrator.");
  return lines;
}

/**
 * Whether `npm start` builds before serving: always without a build (so every command that starts
 * the app, benchmarks included, works from a fresh checkout), when a source is newer than the
 * build, and never when ASSAY_SKIP_BUILD=1 serves an existing build as is.
 */
export function buildNeeded(input: { builtAt: number | null; sourcesChangedAt: number; skipBuildSetting: string | undefined }): "first" | "changed" | null {
  if (input.builtAt === null) return "first";
  if (input.skipBuildSetting === "1") return null;
  return input.sourcesChangedAt >= input.builtAt ? "changed" : null;
}
