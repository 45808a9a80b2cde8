import { describe, expect, it } from "vitest";
import { initializeInstanceFromEnv } from "./initialize";
import { authenticateWithPassword } from "@/lib/server/users/users";
import { authenticateApiKey } from "@/lib/server/projects/api-keys";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { prisma } from "@/lib/server/db/client";

describe("headless initialisation from ASSAY_INIT_*", () => {
  it("creates the admin, project and key once, and is a no-op on the next start", async () => {
    const env = {
      ASSAY_INIT_ADMIN_EMAIL: "Ops@Example.test",
      ASSAY_INIT_ADMIN_PASSWORD: "a long init password",
      ASSAY_INIT_PROJECT_SLUG: "init-project",
      ASSAY_INIT_API_KEY: "assay_init_key_0123456789abcdefghij",
    };
    expect(await initializeInstanceFromEnv(env)).toEqual({ createdAdmin: true, createdProject: true, createdApiKey: true });
    expect(await initializeInstanceFromEnv(env)).toEqual({ createdAdmin: false, createdProject: false, createdApiKey: false });

    const signIn = await authenticateWithPassword({ email: "ops@example.test", password: "a long init password" });
    expect(signIn).toMatchObject({ ok: true, user: { isInstanceAdmin: true } });
    const key = await authenticateApiKey(env.ASSAY_INIT_API_KEY);
    expect(key?.scopes).toEqual(["export", "ingest"]);
    await expect(authorizeProject({ actor: key!, project: { slug: "init-project" }, permission: "outputs:ingest" })).resolves.toBeTruthy();
    const db = await prisma();
    expect(await db.apiKey.count({ where: { projectId: key!.projectId } })).toBe(1);
  });

  it("does nothing without the variables, and names the problem when they are wrong", async () => {
    expect(await initializeInstanceFromEnv({})).toEqual({ createdAdmin: false, createdProject: false, createdApiKey: false });
    await expect(initializeInstanceFromEnv({ ASSAY_INIT_ADMIN_EMAIL: "x@example.test" })).rejects.toThrow(/ASSAY_INIT_ADMIN_PASSWORD/);
    await expect(initializeInstanceFromEnv({ ASSAY_INIT_ADMIN_EMAIL: "x@example.test", ASSAY_INIT_ADMIN_PASSWORD: "long enough pw", ASSAY_INIT_API_KEY: "short" })).rejects.toThrow(
      /ASSAY_INIT_API_KEY/,
    );
  });
});
