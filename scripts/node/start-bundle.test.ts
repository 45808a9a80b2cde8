// The compiled start script (start-bundle.mjs): what it bundles and leaves to Node, and when
// `npm start` compiles it again. Built into a scratch folder inside the checkout (the bundle's
// package imports resolve from the folder it sits in); the sources are never touched.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildStartBundle, ROOT, startBundleNeeded, startBundlePaths } from "./start-bundle.mjs";

const outDir = path.join(ROOT, ".build", `test-${process.pid}`);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe("the compiled start script", () => {
  it("bundles our sources and leaves packages to Node, with server-only empty", { timeout: 60_000 }, async () => {
    expect(startBundleNeeded({ outDir })).toBe("first");
    const { bundle, inputs } = await buildStartBundle({ outDir });
    expect(inputs).toEqual(expect.arrayContaining(["scripts/start.ts", "lib/server/db/client.ts", "lib/instance/startup.ts"]));
    expect(inputs.filter((f: string) => f.includes("node_modules"))).toEqual([]);
    const code = fs.readFileSync(bundle, "utf8");
    expect(code).toMatch(/from "next"/);
    expect(code).toMatch(/from "@prisma\/adapter-pg"/);
    expect(code).not.toMatch(/["']server-only["']/);
    expect(code).not.toMatch(/["']@\//);
    expect(JSON.parse(fs.readFileSync(startBundlePaths(outDir).inputs, "utf8"))).toEqual(inputs);
  });

  it("is compiled again only when a file it was made from is newer, or gone, unless ASSAY_SKIP_BUILD=1", () => {
    const { bundle, inputs } = startBundlePaths(outDir);
    expect(startBundleNeeded({ outDir, skipBuildSetting: undefined })).toBeNull();
    // Older than its sources, as after an edit (the sources keep their own times).
    const past = new Date(Date.UTC(2001, 0, 1));
    fs.utimesSync(bundle, past, past);
    expect(startBundleNeeded({ outDir, skipBuildSetting: undefined })).toBe("changed");
    expect(startBundleNeeded({ outDir, skipBuildSetting: "1" })).toBeNull();
    fs.utimesSync(bundle, new Date(), new Date());
    const listed = JSON.parse(fs.readFileSync(inputs, "utf8"));
    fs.writeFileSync(inputs, JSON.stringify([...listed, "lib/no-such-file.ts"]));
    expect(startBundleNeeded({ outDir, skipBuildSetting: undefined })).toBe("changed");
    fs.rmSync(inputs);
    expect(startBundleNeeded({ outDir, skipBuildSetting: "1" })).toBe("first");
  });

  it("refuses an import Node could not load at run time", { timeout: 60_000 }, async () => {
    const entry = path.join(outDir, "entry.ts");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(entry, 'import { Ajv2020 } from "ajv/dist/2020";\nconsole.log(Ajv2020);\n');
    const scratch = path.join(outDir, "refused");
    await expect(buildStartBundle({ outDir: scratch, entry: path.relative(ROOT, entry) })).rejects.toThrow(/ajv\/dist\/2020 /);
    expect(fs.existsSync(startBundlePaths(scratch).bundle)).toBe(false);
  });
});
