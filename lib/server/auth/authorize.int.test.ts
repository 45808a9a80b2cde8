import { beforeAll, describe, expect, it } from "vitest";
import { authorizeProject } from "./authorize";
import { ALL_API_KEY_SCOPES, ALL_PERMISSIONS, API_KEY_SCOPES, PERMISSIONS, PROJECT_ROLES, type Permission } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import { insertApiKey, authenticateApiKey } from "@/lib/server/projects/api-keys";
import { makeProject, makeUser } from "@/tests/fixtures";

let fixture: Awaited<ReturnType<typeof makeProject>>;
beforeAll(async () => {
  fixture = await makeProject();
});

describe("the permission helper, every role × permission in the table", () => {
  for (const role of PROJECT_ROLES) {
    for (const permission of ALL_PERMISSIONS) {
      const allowed = (PERMISSIONS[permission] as readonly string[]).includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, async () => {
        const attempt = authorizeProject({ actor: fixture.members[role], project: { slug: fixture.project.slug }, permission });
        if (allowed) await expect(attempt).resolves.toMatchObject({ role, project: { id: fixture.project.id } });
        else await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      });
    }
  }

  it("an instance admin who is not a member may do everything", async () => {
    const instanceAdmin = await makeUser({ isInstanceAdmin: true });
    for (const permission of ALL_PERMISSIONS) {
      await expect(authorizeProject({ actor: instanceAdmin, project: { id: fixture.project.id }, permission })).resolves.toMatchObject({ role: null });
    }
  });

  it("a non-member gets 404 for every permission, as for a project that does not exist", async () => {
    for (const permission of ALL_PERMISSIONS) {
      await expect(authorizeProject({ actor: fixture.outsider, project: { slug: fixture.project.slug }, permission })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(authorizeProject({ actor: fixture.members.admin, project: { slug: "no-such-project" }, permission: "project:read" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("API keys act only within their scopes and project", () => {
  for (const scope of ALL_API_KEY_SCOPES) {
    it(`a key with scope ${scope} gets exactly its permissions`, async () => {
      const key = await insertApiKey({ projectId: fixture.project.id, name: scope, scopes: [scope], createdById: null });
      const actor = (await authenticateApiKey(key.secret))!;
      for (const permission of ALL_PERMISSIONS) {
        const attempt = authorizeProject({ actor, project: { id: fixture.project.id }, permission });
        if ((API_KEY_SCOPES[scope] as readonly Permission[]).includes(permission)) await expect(attempt).resolves.toBeTruthy();
        else await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      }
    });
  }

  it("a key is a 404 in another project", async () => {
    const other = await makeProject();
    const key = await insertApiKey({ projectId: fixture.project.id, name: "k", scopes: ["ingest"], createdById: null });
    const actor = (await authenticateApiKey(key.secret))!;
    await expect(authorizeProject({ actor, project: { id: other.project.id }, permission: "outputs:ingest" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
