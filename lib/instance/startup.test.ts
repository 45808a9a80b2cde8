import { describe, expect, it } from "vitest";
import { buildNeeded, shouldSeedDemo, startupLines } from "./startup";

describe("shouldSeedDemo", () => {
  it("seeds an embedded instance that was empty before ASSAY_INIT_* ran, unless ASSAY_DEMO=0", () => {
    expect(shouldSeedDemo({ embedded: true, demoSetting: undefined, usersBeforeInitialisation: 0 })).toBe(true);
    expect(shouldSeedDemo({ embedded: true, demoSetting: "0", usersBeforeInitialisation: 0 })).toBe(false);
    expect(shouldSeedDemo({ embedded: true, demoSetting: undefined, usersBeforeInitialisation: 3 })).toBe(false);
  });

  it("seeds a server database only with ASSAY_DEMO=1", () => {
    expect(shouldSeedDemo({ embedded: false, demoSetting: undefined, usersBeforeInitialisation: 0 })).toBe(false);
    expect(shouldSeedDemo({ embedded: false, demoSetting: "1", usersBeforeInitialisation: 5 })).toBe(true);
  });
});

describe("startupLines", () => {
  it("invites creating the first administrator only when there is no user", () => {
    expect(startupLines({ url: "http://localhost:3000", demoSignIns: null, users: 0, initialAdminEmail: null })).toEqual([
      "Assay is running at http://localhost:3000",
      "Open the URL to create the first administrator.",
    ]);
    const withInit = startupLines({ url: "u", demoSignIns: [{ role: "admin", email: "admin@demo.assay" }], users: 8, initialAdminEmail: "ops@example.com" });
    expect(withInit.join("\n")).not.toMatch(/create the first administrator/);
    expect(withInit).toContain("Administrator from ASSAY_INIT_ADMIN_EMAIL: sign in as ops@example.com.");
    expect(withInit).toContain("  admin        admin@demo.assay");
  });
});

describe("buildNeeded (issue 12 §17: a command that starts the app builds what it needs)", () => {
  it("builds when there is no build, even with ASSAY_SKIP_BUILD=1", () => {
    expect(buildNeeded({ builtAt: null, sourcesChangedAt: 10, skipBuildSetting: undefined })).toBe("first");
    expect(buildNeeded({ builtAt: null, sourcesChangedAt: 10, skipBuildSetting: "1" })).toBe("first");
  });

  it("rebuilds when a source is as new as the build or newer, unless ASSAY_SKIP_BUILD=1", () => {
    expect(buildNeeded({ builtAt: 10, sourcesChangedAt: 10, skipBuildSetting: undefined })).toBe("changed");
    expect(buildNeeded({ builtAt: 10, sourcesChangedAt: 11, skipBuildSetting: "0" })).toBe("changed");
    expect(buildNeeded({ builtAt: 10, sourcesChangedAt: 11, skipBuildSetting: "1" })).toBeNull();
    expect(buildNeeded({ builtAt: 11, sourcesChangedAt: 10, skipBuildSetting: undefined })).toBeNull();
  });
});
