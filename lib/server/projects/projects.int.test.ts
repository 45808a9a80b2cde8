import { describe, expect, it } from "vitest";
import { createProject, getProjectSettings, listProjectsForActor, updateProjectSettings } from "./projects";
import { addMember, listMembers, removeMember, updateMember } from "./members";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { authenticateWithPassword } from "@/lib/server/users/users";
import { prisma } from "@/lib/server/db/client";
import { makeProject, makeUser } from "@/tests/fixtures";

describe("projects", () => {
  it("instance admins create projects and become their admin; others may not", async () => {
    const admin = await makeUser({ isInstanceAdmin: true });
    const slug = `p-${Date.now()}`;
    await createProject({ actor: admin, slug, name: "Support bot", timeZone: "Europe/Berlin" });
    const projects = await listProjectsForActor({ actor: admin });
    expect(projects.find((p) => p.slug === slug)).toMatchObject({ role: "admin", name: "Support bot" });
    await expect(createProject({ actor: admin, slug, name: "Again" })).rejects.toBeInstanceOf(ConflictError);
    await expect(createProject({ actor: await makeUser(), slug: `${slug}-x`, name: "No" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("members see their projects only", async () => {
    const { project, members, outsider } = await makeProject();
    expect((await listProjectsForActor({ actor: members.reviewer })).map((p) => p.slug)).toContain(project.slug);
    expect((await listProjectsForActor({ actor: outsider })).map((p) => p.slug)).not.toContain(project.slug);
  });

  it("admins update settings; reviewers get 403, outsiders 404", async () => {
    const { project, members, outsider } = await makeProject();
    const settings = { projectSlug: project.slug, name: "Renamed", description: "d", timeZone: "Asia/Tokyo", blindReview: false };
    await updateProjectSettings({ actor: members.admin, ...settings });
    expect(await getProjectSettings({ actor: members.admin, projectSlug: project.slug })).toMatchObject({ name: "Renamed", timeZone: "Asia/Tokyo", blindReview: false });
    await expect(updateProjectSettings({ actor: members.reviewer, ...settings })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateProjectSettings({ actor: outsider, ...settings })).rejects.toBeInstanceOf(NotFoundError);
    // The earliest output date ingest accepts: set, kept when not given, cleared with null.
    await updateProjectSettings({ actor: members.admin, ...settings, earliestOutputAt: new Date("1950-01-01T00:00:00Z") });
    await updateProjectSettings({ actor: members.admin, ...settings });
    expect((await getProjectSettings({ actor: members.admin, projectSlug: project.slug })).earliestOutputAt).toEqual(new Date("1950-01-01T00:00:00Z"));
    await updateProjectSettings({ actor: members.admin, ...settings, earliestOutputAt: null });
    expect((await getProjectSettings({ actor: members.admin, projectSlug: project.slug })).earliestOutputAt).toBeNull();
  });
});

describe("members", () => {
  it("adds an existing user, or creates a new one who can then sign in", async () => {
    const { project, members } = await makeProject();
    const existing = await makeUser();
    await addMember({ actor: members.admin, projectSlug: project.slug, email: existing.email, role: "reviewer", expertise: ["Billing", "refunds", "billing"] });
    await addMember({ actor: members.admin, projectSlug: project.slug, email: "new.person@example.test", name: "New", role: "qa_lead", expertise: [], initialPassword: "initial password" });
    const list = await listMembers({ actor: members.admin, projectSlug: project.slug });
    expect(list.find((m) => m.email === existing.email)).toMatchObject({ role: "reviewer", expertise: ["billing", "refunds"] });
    expect(list.find((m) => m.email === "new.person@example.test")).toMatchObject({ role: "qa_lead" });
    expect((await authenticateWithPassword({ email: "new.person@example.test", password: "initial password" })).ok).toBe(true);
  });

  it("rejects a new user without a password, and duplicates, writing nothing", async () => {
    const { project, members } = await makeProject();
    await expect(addMember({ actor: members.admin, projectSlug: project.slug, email: "nopw@example.test", role: "reviewer", expertise: [] })).rejects.toBeInstanceOf(ValidationError);
    expect(await (await prisma()).user.findUnique({ where: { email: "nopw@example.test" } })).toBeNull();
    await expect(addMember({ actor: members.admin, projectSlug: project.slug, email: members.reviewer.email, role: "reviewer", expertise: [] })).rejects.toBeInstanceOf(ConflictError);
  });

  it("changes roles and expertise, and keeps at least one admin", async () => {
    const { project, members } = await makeProject();
    const list = await listMembers({ actor: members.admin, projectSlug: project.slug });
    const reviewer = list.find((m) => m.userId === members.reviewer.userId)!;
    await updateMember({ actor: members.admin, projectSlug: project.slug, membershipId: reviewer.id, role: "qa_lead", expertise: ["medical_questions"] });
    expect((await listMembers({ actor: members.admin, projectSlug: project.slug })).find((m) => m.id === reviewer.id)).toMatchObject({ role: "qa_lead", expertise: ["medical_questions"] });
    const admin = list.find((m) => m.userId === members.admin.userId)!;
    await expect(updateMember({ actor: members.admin, projectSlug: project.slug, membershipId: admin.id, role: "reviewer", expertise: [] })).rejects.toBeInstanceOf(ConflictError);
    await expect(removeMember({ actor: members.admin, projectSlug: project.slug, membershipId: admin.id })).rejects.toBeInstanceOf(ConflictError);
    await removeMember({ actor: members.admin, projectSlug: project.slug, membershipId: reviewer.id });
    expect((await listMembers({ actor: members.admin, projectSlug: project.slug })).map((m) => m.id)).not.toContain(reviewer.id);
  });

  it("another project's member is a 404, even for an admin here", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const bMember = (await listMembers({ actor: b.members.admin, projectSlug: b.project.slug }))[0];
    await expect(removeMember({ actor: a.members.admin, projectSlug: a.project.slug, membershipId: bMember.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateMember({ actor: a.members.admin, projectSlug: a.project.slug, membershipId: bMember.id, role: "admin", expertise: [] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listMembers({ actor: a.members.admin, projectSlug: b.project.slug })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("API keys", () => {
  it("shows the secret once, stores only a hash, authenticates until revoked", async () => {
    const { project, members } = await makeProject();
    const key = await createApiKey({ actor: members.ml_engineer, projectSlug: project.slug, name: "logger", scopes: ["ingest"] });
    expect(key.secret).toMatch(/^assay_[A-Za-z0-9_-]{43}$/);
    const stored = await (await prisma()).apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(stored)).not.toContain(key.secret);
    expect(await authenticateApiKey(key.secret)).toMatchObject({ kind: "apiKey", projectId: project.id, scopes: ["ingest"] });
    const listed = await listApiKeys({ actor: members.admin, projectSlug: project.slug });
    expect(listed[0]).toMatchObject({ name: "logger", prefix: key.secret.slice(0, 12) });
    expect(JSON.stringify(listed)).not.toContain(key.secret);
    await revokeApiKey({ actor: members.admin, projectSlug: project.slug, apiKeyId: key.id });
    expect(await authenticateApiKey(key.secret)).toBeNull();
    expect(await authenticateApiKey("assay_not-a-real-key")).toBeNull();
  });

  it("reviewers cannot manage keys, and another project's key is a 404", async () => {
    const a = await makeProject();
    const b = await makeProject();
    await expect(createApiKey({ actor: a.members.reviewer, projectSlug: a.project.slug, name: "x", scopes: ["ingest"] })).rejects.toBeInstanceOf(ForbiddenError);
    const bKey = await createApiKey({ actor: b.members.admin, projectSlug: b.project.slug, name: "b", scopes: ["export"] });
    await expect(revokeApiKey({ actor: a.members.admin, projectSlug: a.project.slug, apiKeyId: bKey.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await authenticateApiKey(bKey.secret)).not.toBeNull();
  });
});
