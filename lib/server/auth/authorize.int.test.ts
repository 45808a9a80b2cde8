import { beforeAll, describe, expect, it } from "vitest";
import { authorizeProject, loadUserWithProjectAccess } from "./authorize";
import { ALL_API_KEY_SCOPES, ALL_PERMISSIONS, PROJECT_ROLES, type Permission, type ProjectRole } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import { insertApiKey, authenticateApiKey } from "@/lib/server/projects/api-keys";
import { makeProject, makeUser } from "@/tests/fixtures";

// Written out by hand, NOT read from lib/auth/permissions.ts: a wrong entry there fails here.
// r = reviewer, q = QA lead, m = ML engineer, a = admin. The route/action matrix that checks what
// each entry point does with these is tests/authorization-matrix.int.test.ts.
const EXPECTED: Record<Permission, string> = {
  "project:read": "r q m a",
  "project:update": "a",
  "members:read": "q a",
  "members:manage": "a",
  "apiKeys:manage": "m a",
  "outputs:read": "q m a",
  "outputs:ingest": "m a",
  "redaction:edit": "m a",
  "checks:edit": "m a",
  "plan:read": "q m a",
  "plan:edit": "q a",
  "audits:read": "q m a",
  "audits:draw": "q a",
  "rubric:edit": "q a",
  "review:label": "r q",
  "review:manage": "q a",
  "adjudication:decide": "q",
  "agreement:read": "q a",
  "scorecard:read": "q m a",
  "scorecard:edit": "q a",
  "incidents:report": "r q m a",
  "incidents:view": "r q m a",
  "incidents:read": "q m a",
  "incidents:manage": "q a",
  "monthlyReview:read": "q m a",
  "monthlyReview:signOff": "q",
  "datasets:read": "q m a",
  "datasets:export": "q m a",
  "datasets:manage": "m a",
  "settings:read": "a",
  "alerts:read": "q m a",
  "alerts:acknowledge": "q a",
  "webhooks:manage": "q a",
  "auditLog:read": "a",
};
const ROLE_LETTER: Record<ProjectRole, string> = { reviewer: "r", qa_lead: "q", ml_engineer: "m", admin: "a" };
const mayDo = (role: ProjectRole, permission: Permission) => EXPECTED[permission].split(" ").includes(ROLE_LETTER[role]);
const KEY_EXPECTED: Record<string, Permission[]> = { ingest: ["outputs:ingest"], export: ["datasets:read", "datasets:export"] };

let fixture: Awaited<ReturnType<typeof makeProject>>;
beforeAll(async () => {
  fixture = await makeProject();
});

describe("the permission helper, every role × permission", () => {
  it("the hand-written table covers exactly the permissions and scopes that exist", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(Object.keys(KEY_EXPECTED).sort()).toEqual([...ALL_API_KEY_SCOPES].sort());
  });

  for (const role of PROJECT_ROLES) {
    for (const permission of ALL_PERMISSIONS) {
      const allowed = mayDo(role, permission);
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

describe("a user read together with their access to one project (route handlers)", () => {
  it("decides exactly as authorizeProject does for every role × permission, and only for that project", async () => {
    for (const role of PROJECT_ROLES) {
      const actor = (await loadUserWithProjectAccess(fixture.members[role].userId, fixture.project.slug))!;
      expect(actor).toMatchObject({ kind: "user", userId: fixture.members[role].userId, email: fixture.members[role].email });
      for (const permission of ALL_PERMISSIONS) {
        const allowed = mayDo(role, permission);
        const attempt = authorizeProject({ actor, project: { slug: fixture.project.slug }, permission });
        if (allowed) await expect(attempt).resolves.toMatchObject({ role, project: { id: fixture.project.id } });
        else await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      }
    }
    // The remembered access is for the slug it was read with: another project is looked up afresh.
    const other = await makeProject();
    const reviewer = (await loadUserWithProjectAccess(fixture.members.reviewer.userId, fixture.project.slug))!;
    await expect(authorizeProject({ actor: reviewer, project: { slug: other.project.slug }, permission: "project:read" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("is a 404 for outsiders and unknown projects, and no actor for disabled or unknown users", async () => {
    const outsider = (await loadUserWithProjectAccess(fixture.outsider.userId, fixture.project.slug))!;
    await expect(authorizeProject({ actor: outsider, project: { slug: fixture.project.slug }, permission: "project:read" })).rejects.toBeInstanceOf(NotFoundError);
    const lost = (await loadUserWithProjectAccess(fixture.members.admin.userId, "no-such-project"))!;
    await expect(authorizeProject({ actor: lost, project: { slug: "no-such-project" }, permission: "project:read" })).rejects.toBeInstanceOf(NotFoundError);
    const instanceAdmin = await makeUser({ isInstanceAdmin: true });
    const admin = (await loadUserWithProjectAccess(instanceAdmin.userId, fixture.project.slug))!;
    await expect(authorizeProject({ actor: admin, project: { slug: fixture.project.slug }, permission: "project:update" })).resolves.toMatchObject({ role: null });
    const disabled = await makeUser({ disabled: true });
    expect(await loadUserWithProjectAccess(disabled.userId, fixture.project.slug)).toBeNull();
    expect(await loadUserWithProjectAccess("no-such-user", fixture.project.slug)).toBeNull();
  });
});

describe("API keys act only within their scopes and project", () => {
  for (const scope of ALL_API_KEY_SCOPES) {
    it(`a key with scope ${scope} gets exactly its permissions`, async () => {
      const key = await insertApiKey({ projectId: fixture.project.id, name: scope, scopes: [scope], createdById: null });
      const actor = (await authenticateApiKey(key.secret))!;
      for (const permission of ALL_PERMISSIONS) {
        const attempt = authorizeProject({ actor, project: { id: fixture.project.id }, permission });
        if (KEY_EXPECTED[scope].includes(permission)) await expect(attempt).resolves.toBeTruthy();
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
