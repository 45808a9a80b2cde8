import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/server/db/client";
import { makeProject, makeUser } from "@/tests/fixtures";
import { addMember, removeMember, updateMember } from "@/lib/server/projects/members";
import { createApiKey, revokeApiKey } from "@/lib/server/projects/api-keys";
import { setUserDisabled } from "@/lib/server/users/users";
import { listInstanceAuditLog, listProjectAuditLog } from "./audit-log";

describe("audit log", () => {
  it("records membership and API key changes with who did them, newest first", async () => {
    const { project, members } = await makeProject();
    const newcomer = await makeUser();
    const membership = await addMember({ actor: members.admin, projectSlug: project.slug, email: newcomer.email, role: "reviewer", expertise: [] });
    await updateMember({ actor: members.admin, projectSlug: project.slug, membershipId: membership.id, role: "qa_lead", expertise: [] });
    await removeMember({ actor: members.admin, projectSlug: project.slug, membershipId: membership.id });
    const key = await createApiKey({ actor: members.ml_engineer, projectSlug: project.slug, name: "logger", scopes: ["ingest"] });
    await revokeApiKey({ actor: members.admin, projectSlug: project.slug, apiKeyId: key.id });

    const entries = await listProjectAuditLog({ actor: members.admin, projectSlug: project.slug });
    expect(entries.map((e) => [e.action, e.actorLabel])).toEqual([
      ["api_key.revoked", members.admin.email],
      ["api_key.created", members.ml_engineer.email],
      ["member.removed", members.admin.email],
      ["member.changed", members.admin.email],
      ["member.added", members.admin.email],
    ]);
    expect(entries[3].summary).toBe("Role reviewer → qa_lead");
    // No secret ever lands in the log.
    expect(JSON.stringify(entries)).not.toContain(key.secret);
  });

  it("is for admins only, and another project's log is a 404", async () => {
    const { project, members, outsider } = await makeProject();
    await expect(listProjectAuditLog({ actor: members.qa_lead, projectSlug: project.slug })).rejects.toThrow(/auditLog:read/);
    await expect(listProjectAuditLog({ actor: outsider, projectSlug: project.slug })).rejects.toMatchObject({ status: 404 });
  });

  it("entries cannot be changed", async () => {
    const { project, members } = await makeProject();
    await createApiKey({ actor: members.admin, projectSlug: project.slug, name: "k", scopes: ["ingest"] });
    const db = await getDatabase();
    await expect(db.query(`UPDATE "AuditLogEntry" SET summary = 'tampered' WHERE "projectId" = $1`, [project.id])).rejects.toThrow(/append-only/);
  });

  it("instance events are listed for instance admins", async () => {
    const admin = await makeUser({ isInstanceAdmin: true });
    const user = await makeUser();
    await setUserDisabled({ actor: admin, userId: user.userId, disabled: true });
    const entries = await listInstanceAuditLog({ actor: admin, action: "user." });
    expect(entries.find((e) => e.targetId === user.userId)?.action).toBe("user.disabled");
    await expect(listInstanceAuditLog({ actor: user, action: "user." })).rejects.toThrow();
  });
});
