// The authorization matrix (issue 19). Every route handler under app/api and every server action
// is found on the file system (route.ts files; "use server" modules and their exported functions),
// and each must have a row in MATRIX below, so a new route or action without a row fails this file.
// Each row says, in writing, what each kind of caller gets: the expectations are NOT computed from
// lib/auth/permissions.ts (the table under test), so a wrong entry there fails a row here.
//
// Callers (columns, in this order):
//   anon      no session, no key
//   reviewer  a reviewer of project A, with queue items assigned
//   qa        QA lead of A          ml   ML engineer of A          admin  project admin of A
//   instance  an instance admin who is not a member of A
//   other     the admin of another project B (a member of another project)
//   ingest    an API key of A with scope `ingest`       export  an API key of A with scope `export`
//   revoked   a revoked API key of A (both scopes)
//   disabled  the old session of a reviewer of A who has since been disabled
//
// Outcomes: a number is the HTTP status of a route; for a server action
//   ok       it did what was asked (ok: true, or a redirect to its result)
//   signin   it sent the caller to sign in (no session)
//   403/404  ok: false with the role refusal / "not found" (or Next's notFound()); another
//            project's object is always a 404
//   invalid  it passed the permission gate and refused the input by field (the probe sends a
//            form the domain rejects only after checking the role, e.g. an incomplete plan)
// Server actions read only the session cookie; a request carrying an API key but no session is
// anonymous to them (the key columns are probed that way, with the Authorization header set).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { insertApiKey } from "@/lib/server/projects/api-keys";
import { makeReviewProject, GOOD_LABEL } from "@/tests/fixtures/review";
import { flaggedDimensions } from "@/tests/fixtures/incidents";
import { makeProject, makeUser } from "@/tests/fixtures";
import type { UserActor } from "@/lib/server/auth/actor";

const session = vi.hoisted(() => ({ current: null as null | { id: string; sessionVersion: number }, authorization: null as string | null }));
vi.mock("@/lib/server/auth/auth", () => ({
  auth: async () => (session.current ? { user: { id: session.current.id, sessionVersion: session.current.sessionVersion } } : null),
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: { GET: async () => new Response(null), POST: async () => new Response(null) },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined, refresh: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(session.authorization ? { authorization: session.authorization } : {}),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));

const ROOT = path.resolve(import.meta.dirname, "..");
const CALLERS = ["anon", "reviewer", "qa", "ml", "admin", "instance", "other", "ingest", "export", "revoked", "disabled"] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = number | "ok" | "signin" | "invalid" | "refused";

// ---------------------------------------------------------------------------------------------
// THE TABLE. One line per route method / server action; outcomes in the column order above.
//                                                                       anon  rev   qa    ml    admin inst  other ingest export revoked disabled
const MATRIX: Record<string, string> = {
  // Auth.js's own endpoints are public by design (sign-in, CSRF, session); see PUBLIC below.
  "GET /api/auth/[...nextauth]":                                        "public",
  "POST /api/auth/[...nextauth]":                                       "public",
  "GET /api/v1/datasets/[id]/versions/[version]":                       "401  403   200   200   200   200   404   403    200    401     401",
  "POST /api/v1/otlp/v1/traces":                                        "401  403   403   200   200   200   404   200    403    401     401",
  "POST /api/v1/outputs":                                               "401  403   403   200   200   200   404   200    403    401     401",
  "GET /api/v1/projects/[slug]/incidents/review/[month]/csv":           "401  403   200   200   200   200   404   403    403    401     401",
  "POST /api/v1/projects/[slug]/review/assignments/[id]/flag":          "401  200   404   403   403   404   404   403    403    401     401",
  "POST /api/v1/projects/[slug]/review/assignments/[id]/label":         "401  200   404   403   403   404   404   403    403    401     401",
  "POST /api/v1/projects/[slug]/review/assignments/[id]/release":       "401  200   404   403   403   404   404   403    403    401     401",
  "POST /api/v1/projects/[slug]/review/assignments/[id]/resume":        "401  200   404   403   403   404   404   403    403    401     401",
  "POST /api/v1/projects/[slug]/review/assignments/[id]/skip":          "401  200   404   403   403   404   404   403    403    401     401",
  "GET /api/v1/projects/[slug]/review/items/[id]":                      "401  200   200   404   200   200   404   403    403    401     401",
  "PATCH /api/v1/projects/[slug]/review/labels/[id]":                   "401  200   404   403   403   404   404   403    403    401     401",
  "GET /api/v1/projects/[slug]/review/labels/[id]":                     "401  200   200   404   200   200   404   403    403    401     401",
  "GET /api/v1/projects/[slug]/review/my-labels/[id]":                  "401  200   404   403   403   404   404   403    403    401     401",
  "POST /api/v1/projects/[slug]/review/next":                           "401  200   200   403   403   200   404   403    403    401     401",
  "GET /api/v1/projects/[slug]/review/ping":                            "401  200   200   403   403   200   404   403    403    401     401",
  "GET /api/v1/projects/[slug]/review/progress":                        "401  200   200   403   403   200   404   403    403    401     401",

  "app/actions.ts#createProjectAction":                                 "signin 403 403 403 403 ok 403 signin signin signin signin",
  "app/admin/users/actions.ts#createUserAction":                        "signin 403 403 403 403 ok 403 signin signin signin signin",
  "app/admin/users/actions.ts#setUserDisabledAction":                   "signin 403 403 403 403 ok 403 signin signin signin signin",
  "app/sign-in/actions.ts#signInWithPassword":                          "public",
  "app/sign-in/actions.ts#signInWithOidc":                              "public",
  "app/setup/actions.ts#createInstanceAdmin":                           "public",
  "app/p/[slug]/adjudication/actions.ts#adjudicateAction":              "signin 403 ok 403 403 ok 404 signin signin signin signin",
  "app/p/[slug]/alerts/actions.ts#acknowledgeAlertAction":              "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/audits/actions.ts#drawAction":                          "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/audits/actions.ts#savePlanAction":                      "signin 403 invalid 403 invalid invalid 404 signin signin signin signin",
  "app/p/[slug]/audits/actions.ts#closeAuditAction":                    "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/audits/actions.ts#reopenAuditAction":                   "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/datasets/actions.ts#createDatasetAction":               "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/datasets/actions.ts#createVersionAction":               "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/judge/actions.ts#saveJudgeMappingAction":              "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/judge/actions.ts#saveCohortMappingAction":             "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/outputs/incident-actions.ts#outputsIncidentAction":    "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#createIncidentAction":             "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#updateIncidentAction":             "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#changeStatusAction":               "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#commentAction":                    "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#linkAction":                       "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#updateSlaAction":                  "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/incidents/actions.ts#signOffAction":                    "signin 403 ok 403 403 ok 404 signin signin signin signin",
  "app/p/[slug]/review/actions.ts#reassignAction":                      "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/review/actions.ts#addReviewerAction":                   "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/review/actions.ts#skipItemAction":                      "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/review/actions.ts#resolveReviewFlagAction":             "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/review/mine/actions.ts#editMyLabelAction":              "signin ok 404 403 403 404 404 signin signin signin signin",
  "app/p/[slug]/rubric/actions.ts#saveRubricAction":                    "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/scorecard/actions.ts#updateMetricAction":               "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/scorecard/actions.ts#addMetricAction":                  "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/scorecard/actions.ts#removeMetricAction":               "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/actions.ts#updateSettingsAction":              "signin 403 403 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/actions.ts#addMemberAction":                   "signin 403 403 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/actions.ts#updateMemberAction":                "signin 403 403 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/actions.ts#removeMemberAction":                "signin 403 403 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/api-keys/actions.ts#createApiKeyAction":       "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/api-keys/actions.ts#revokeApiKeyAction":       "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/checks/actions.ts#saveChecksAction":           "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/checks/actions.ts#resumeBackfillAction":       "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/redaction/actions.ts#updateRedactionAction":   "signin 403 403 ok ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/webhooks/actions.ts#createWebhookAction":      "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/webhooks/actions.ts#deleteWebhookAction":      "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/webhooks/actions.ts#toggleWebhookAction":      "signin 403 ok 403 ok ok 404 signin signin signin signin",
  "app/p/[slug]/settings/webhooks/actions.ts#testWebhookAction":        "signin 403 ok 403 ok ok 404 signin signin signin signin",
  // Inline server actions (a "use server" function inside a component) cannot be imported; each
  // is listed by file and position and covered by the named test.
  "components/shell/top-bar.tsx#inline-1":                              "covered-by lib/server/auth/sign-out.int.test.ts",
};

// Entries whose outcome is the same for every caller by design, and where that is proven.
const PUBLIC: Record<string, string> = {
  "GET /api/auth/[...nextauth]": "Auth.js endpoints (CSRF token, providers, session, OIDC callback); no project data",
  "POST /api/auth/[...nextauth]": "sign-in callbacks; rate limited (lib/server/auth/rate-limit.int.test.ts)",
  "app/sign-in/actions.ts#signInWithPassword": "signs in whoever knows the password; failures rate limited (rate-limit.int.test.ts)",
  "app/sign-in/actions.ts#signInWithOidc": "starts the OIDC redirect; no data",
  "app/setup/actions.ts#createInstanceAdmin": "refused once any user exists (lib/server/users/first-admin.int.test.ts and the probe below)",
};

// ---------------------------------------------------------------------------------------------
// Enumeration from the code.

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : walk(full);
    return [full];
  });
}

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

async function enumerateRoutes(): Promise<string[]> {
  const files = walk(path.join(ROOT, "app/api")).filter((f) => /\/route\.(ts|tsx|js)$/.test(f));
  const found: string[] = [];
  for (const file of files) {
    const route = "/" + path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");
    const source = fs.readFileSync(file, "utf8");
    // Exported method names, whether `export const GET`, `export async function POST` or `export const { GET }`.
    for (const method of HTTP_METHODS) {
      if (new RegExp(`export\\s+(const|async function|function)\\s+${method}\\b|export\\s+const\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source)) found.push(`${method} ${route}`);
    }
  }
  return found.sort();
}

function enumerateActions(): string[] {
  const files = [...walk(path.join(ROOT, "app")), ...walk(path.join(ROOT, "components")), ...walk(path.join(ROOT, "lib"))].filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
  const found: string[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    if (!source.includes("use server")) continue;
    const relative = path.relative(ROOT, file).split(path.sep).join("/");
    const moduleLevel = /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*["']use server["']/.test(source);
    if (moduleLevel) {
      // Every exported function of a "use server" module is callable from the browser.
      for (const match of source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)|export\s+const\s+(\w+)\s*=/g)) found.push(`${relative}#${match[1] ?? match[2]}`);
    } else {
      const inline = [...source.matchAll(/^\s+["']use server["'];?\s*$/gm)].length;
      for (let i = 1; i <= inline; i++) found.push(`${relative}#inline-${i}`);
    }
  }
  return found.sort();
}

describe("the matrix lists every route and server action in the code", () => {
  it("has exactly one row per route handler method under app/api and per server action", async () => {
    const inCode = [...(await enumerateRoutes()), ...enumerateActions()];
    const missing = inCode.filter((entry) => !(entry in MATRIX));
    const stale = Object.keys(MATRIX).filter((entry) => !inCode.includes(entry));
    expect(missing, "routes/actions without a row in MATRIX (add one, with the expected outcome for every caller)").toEqual([]);
    expect(stale, "rows in MATRIX for routes/actions that no longer exist").toEqual([]);
    expect(inCode.length).toBeGreaterThan(50);
  });

  it("every row names an outcome for every caller, or says why it is public or where it is covered", () => {
    for (const [entry, row] of Object.entries(MATRIX)) {
      if (row === "public") expect(PUBLIC[entry], entry).toBeTruthy();
      else if (row.startsWith("covered-by ")) expect(fs.existsSync(path.join(ROOT, row.slice("covered-by ".length))), entry).toBe(true);
      else expect(parseRow(row), entry).toHaveLength(CALLERS.length);
    }
  });
});

function parseRow(row: string): Outcome[] {
  return row.trim().split(/\s+/).map((cell) => (/^\d+$/.test(cell) ? Number(cell) : (cell as Outcome)));
}

// ---------------------------------------------------------------------------------------------
// The world the probes act in.

type World = Awaited<ReturnType<typeof makeWorld>>;
const SESSION_COOKIE = "authjs.session-token";
const unique = () => crypto.randomBytes(4).toString("hex");

async function makeWorld() {
  process.env.AUTH_SECRET ??= "test-secret-for-the-authorization-matrix-0123456789";
  const db = await prisma();
  const setup = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }], blindReview: false });
  const a = setup.project;
  await db.rubric.create({ data: { projectId: a.id, version: 1, dimensions: flaggedDimensions() as object[] } });
  const other = await makeProject();
  const instance = await makeUser({ isInstanceAdmin: true });
  const disabledUser = await makeUser();
  await db.membership.create({ data: { projectId: a.id, userId: disabledUser.userId, role: "reviewer", expertise: ["billing"] } });
  await db.user.update({ where: { id: disabledUser.userId }, data: { disabledAt: new Date() } });
  const ingest = await insertApiKey({ projectId: a.id, name: "ingest", scopes: ["ingest"], createdById: null });
  const exportKey = await insertApiKey({ projectId: a.id, name: "export", scopes: ["export"], createdById: null });
  const revoked = await insertApiKey({ projectId: a.id, name: "revoked", scopes: ["ingest", "export"], createdById: null });
  await db.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
  const users: Partial<Record<Caller, UserActor>> = {
    reviewer: setup.reviewers[0],
    qa: setup.members.qa_lead,
    ml: setup.members.ml_engineer,
    admin: setup.members.admin,
    instance,
    other: other.members.admin,
    disabled: disabledUser,
  };
  const keys: Partial<Record<Caller, string>> = { ingest: ingest.secret, export: exportKey.secret, revoked: revoked.secret };
  const cookies: Partial<Record<Caller, string>> = {};
  for (const [caller, user] of Object.entries(users) as [Caller, UserActor][]) {
    cookies[caller] = `${SESSION_COOKIE}=${await encode({ token: { uid: user.userId, sv: 0 }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: 3600 })}`;
  }
  return { db, setup, a, slug: a.slug, other, users, keys, cookies, audit: setup.audit };
}

/** A fresh item of A's open audit with an open assignment of the reviewer (optionally already labelled). */
async function freshAssignment(w: World, options: { labelled?: boolean; reviewerId?: string } = {}) {
  const { db, a, audit } = w;
  const reviewerId = options.reviewerId ?? w.users.reviewer!.userId;
  const output = await db.loggedOutput.create({
    data: { projectId: a.id, externalId: `m-${unique()}`, timestamp: new Date("2026-01-06T10:00:00Z"), taskType: "billing", input: "q", output: "a", metadata: { taskType: "billing" } },
  });
  const item = await db.sampledItem.create({ data: { projectId: a.id, auditId: audit.id, outputId: output.id, stratum: "billing", inclusionProbability: 0.1, sampleKey: unique(), reviewersWanted: 1 } });
  const assignment = await db.assignment.create({
    data: { projectId: a.id, sampledItemId: item.id, reviewerId, status: options.labelled ? "submitted" : "assigned", leaseExpiresAt: options.labelled ? null : new Date(Date.now() + 600_000), openedAt: new Date(), submittedAt: options.labelled ? new Date() : null },
  });
  let labelId: string | null = null;
  if (options.labelled) {
    const rubric = await db.rubric.findFirstOrThrow({ where: { projectId: a.id }, orderBy: { version: "desc" } });
    labelId = (await db.label.create({ data: { projectId: a.id, sampledItemId: item.id, assignmentId: assignment.id, reviewerId, rubricId: rubric.id, values: GOOD_LABEL } })).id;
  }
  return { output, item, assignment, labelId };
}

/** An item two reviewers labelled differently: the adjudication queue's kind of case. */
async function disagreement(w: World) {
  const { db, a } = w;
  const first = await freshAssignment(w, { labelled: true });
  await db.sampledItem.update({ where: { id: first.item.id }, data: { reviewersWanted: 2, status: "needs_adjudication" } });
  const second = await makeUser();
  await db.membership.create({ data: { projectId: a.id, userId: second.userId, role: "reviewer", expertise: ["billing"] } });
  const rubric = await db.rubric.findFirstOrThrow({ where: { projectId: a.id }, orderBy: { version: "desc" } });
  const assignment = await db.assignment.create({ data: { projectId: a.id, sampledItemId: first.item.id, reviewerId: second.userId, status: "submitted", submittedAt: new Date() } });
  await db.label.create({ data: { projectId: a.id, sampledItemId: first.item.id, assignmentId: assignment.id, reviewerId: second.userId, rubricId: rubric.id, values: { ...GOOD_LABEL, factuality: "major_error" } } });
  return first.item;
}

async function freshIncident(w: World) {
  const { db, a } = w;
  const number = (await db.incident.count({ where: { projectId: a.id } })) + 1 + Math.floor(Math.random() * 1e6);
  return db.incident.create({ data: { projectId: a.id, number, title: "Wrong refund policy", kind: "near_miss", severity: "S3", category: "policy_violation", source: "manual", detectedAt: new Date(Date.now() - 3_600_000) } });
}

async function freshDataset(w: World) {
  return w.db.dataset.create({ data: { projectId: w.a.id, name: `ds-${unique()}`, definition: { auditIds: [], from: null, to: null, strata: [], items: "gold", minAgreement: null, dimensions: [], expectedDimension: null, filters: { onlyFailures: false, taskTypes: [] }, split: { kind: "none" }, reviewerIdentity: "none", language: ["en"] } } });
}

async function freshMetric(w: World) {
  const { ensureDefaultMetrics } = await import("@/lib/server/scorecard/scorecard");
  await ensureDefaultMetrics(w.a.id);
  return w.db.scorecardMetric.findFirstOrThrow({ where: { projectId: w.a.id }, orderBy: { position: "asc" } });
}

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  return data;
}

// ---------------------------------------------------------------------------------------------
// Probes: one request (route) or one form (action) per entry, built afresh for every caller so a
// destructive action acts on its own object.

type RouteProbe = { url: (w: World) => Promise<{ path: string; params: Record<string, string>; body?: unknown; contentType?: string }> };
type ActionProbe = (w: World) => Promise<FormData>;

const monthNow = new Date().toISOString().slice(0, 7);

const ROUTE_PROBES: Record<string, RouteProbe> = {
  "GET /api/v1/datasets/[id]/versions/[version]": {
    url: async (w) => {
      const dataset = await freshDataset(w);
      const { createDatasetVersion } = await import("@/lib/server/datasets/versions");
      await createDatasetVersion({ projectSlug: w.slug, actor: w.users.admin!, datasetId: dataset.id });
      return { path: `/api/v1/datasets/${dataset.id}/versions/1?format=jsonl`, params: { id: dataset.id, version: "1" } };
    },
  },
  "POST /api/v1/otlp/v1/traces": { url: async (w) => ({ path: `/api/v1/otlp/v1/traces?project=${w.slug}`, params: {}, body: { resourceSpans: [] }, contentType: "application/json" }) },
  "POST /api/v1/outputs": {
    url: async (w) => ({ path: `/api/v1/outputs?project=${w.slug}`, params: {}, body: [{ id: `in-${unique()}`, timestamp: new Date().toISOString(), input: "q", output: "a" }], contentType: "application/json" }),
  },
  "GET /api/v1/projects/[slug]/incidents/review/[month]/csv": { url: async (w) => ({ path: `/api/v1/projects/${w.slug}/incidents/review/${monthNow}/csv`, params: { slug: w.slug, month: monthNow } }) },
  ...Object.fromEntries(
    (["flag", "label", "release", "resume", "skip"] as const).map((verb) => [
      `POST /api/v1/projects/[slug]/review/assignments/[id]/${verb}`,
      {
        url: async (w: World) => {
          const { assignment } = await freshAssignment(w);
          const body = verb === "label" ? { values: GOOD_LABEL, timeSpentMs: 1000 } : verb === "flag" || verb === "skip" ? { reason: "The output is cut off." } : undefined;
          return { path: `/api/v1/projects/${w.slug}/review/assignments/${assignment.id}/${verb}`, params: { slug: w.slug, id: assignment.id }, body, contentType: "application/json" };
        },
      },
    ]),
  ),
  "GET /api/v1/projects/[slug]/review/items/[id]": {
    url: async (w) => {
      const { item } = await freshAssignment(w, { labelled: true });
      return { path: `/api/v1/projects/${w.slug}/review/items/${item.id}`, params: { slug: w.slug, id: item.id } };
    },
  },
  "PATCH /api/v1/projects/[slug]/review/labels/[id]": {
    url: async (w) => {
      const { labelId } = await freshAssignment(w, { labelled: true });
      return { path: `/api/v1/projects/${w.slug}/review/labels/${labelId}`, params: { slug: w.slug, id: labelId! }, body: { values: { ...GOOD_LABEL, tone: 3 } }, contentType: "application/json" };
    },
  },
  "GET /api/v1/projects/[slug]/review/labels/[id]": {
    url: async (w) => {
      const { labelId } = await freshAssignment(w, { labelled: true });
      return { path: `/api/v1/projects/${w.slug}/review/labels/${labelId}`, params: { slug: w.slug, id: labelId! } };
    },
  },
  "GET /api/v1/projects/[slug]/review/my-labels/[id]": {
    url: async (w) => {
      const { labelId } = await freshAssignment(w, { labelled: true });
      return { path: `/api/v1/projects/${w.slug}/review/my-labels/${labelId}`, params: { slug: w.slug, id: labelId! } };
    },
  },
  "POST /api/v1/projects/[slug]/review/next": { url: async (w) => ({ path: `/api/v1/projects/${w.slug}/review/next`, params: { slug: w.slug } }) },
  "GET /api/v1/projects/[slug]/review/ping": { url: async (w) => ({ path: `/api/v1/projects/${w.slug}/review/ping`, params: { slug: w.slug } }) },
  "GET /api/v1/projects/[slug]/review/progress": { url: async (w) => ({ path: `/api/v1/projects/${w.slug}/review/progress`, params: { slug: w.slug } }) },
};

const p = (w: World, fields: Record<string, string | string[]> = {}) => form({ projectSlug: w.slug, ...fields });

const ACTION_PROBES: Record<string, ActionProbe> = {
  "app/actions.ts#createProjectAction": async () => form({ name: "Matrix project", slug: `m-${unique()}`, timeZone: "UTC" }),
  "app/admin/users/actions.ts#createUserAction": async () => form({ email: `new-${unique()}@example.test`, name: "New", password: "a long enough password" }),
  "app/admin/users/actions.ts#setUserDisabledAction": async () => form({ userId: (await makeUser()).userId, disabled: "true" }),
  "app/p/[slug]/adjudication/actions.ts#adjudicateAction": async (w) => {
    const item = await disagreement(w);
    return p(w, { sampledItemId: item.id, externalId: "x", values: JSON.stringify({ ...GOOD_LABEL, factuality: "major_error" }), rationale: "The source says five days." });
  },
  "app/p/[slug]/alerts/actions.ts#acknowledgeAlertAction": async (w) => {
    const alert = await w.db.alert.create({ data: { projectId: w.a.id, kind: "metric", subject: "m", subjectLabel: "Metric", toStatus: "critical", reason: "over threshold", transitionKey: unique() } });
    return p(w, { alertId: alert.id });
  },
  "app/p/[slug]/audits/actions.ts#drawAction": async (w) => p(w, { week: "2026-W02", mode: "closed" }),
  // An empty plan object: refused by field (method) after the role check; a saved plan version is
  // not needed to show who may save.
  "app/p/[slug]/audits/actions.ts#savePlanAction": async (w) => p(w, { spec: "{}" }),
  "app/p/[slug]/audits/actions.ts#closeAuditAction": async (w) => {
    const { makeAudit } = await import("@/tests/fixtures/review");
    const { audit } = await makeAudit(w.a.id, []);
    return p(w, { auditId: audit.id });
  },
  "app/p/[slug]/audits/actions.ts#reopenAuditAction": async (w) => {
    const { makeAudit } = await import("@/tests/fixtures/review");
    const { audit } = await makeAudit(w.a.id, []);
    await w.db.audit.update({ where: { id: audit.id }, data: { status: "closed", closedAt: new Date() } });
    return p(w, { auditId: audit.id, reason: "A label was entered wrongly." });
  },
  "app/p/[slug]/datasets/actions.ts#createDatasetAction": async (w) => p(w, { name: `ds-${unique()}`, items: "gold", language: "en" }),
  "app/p/[slug]/datasets/actions.ts#createVersionAction": async (w) => p(w, { datasetId: (await freshDataset(w)).id }),
  "app/p/[slug]/judge/actions.ts#saveJudgeMappingAction": async (w) =>
    p(w, { index: "0", intent: "save", kind: "numeric", signal: "llm_judge_score", dimension: "factuality", threshold: "0.5", failureWhen: "below" }),
  "app/p/[slug]/judge/actions.ts#saveCohortMappingAction": async (w) => p(w, { key: "model", baseline: "stable" }),
  "app/p/[slug]/outputs/incident-actions.ts#outputsIncidentAction": async (w) => {
    const { output } = await freshAssignment(w);
    return p(w, { mode: "near_miss", outputId: output.id, severity: "S3", category: "policy_violation" });
  },
  "app/p/[slug]/incidents/actions.ts#createIncidentAction": async (w) =>
    p(w, { title: "Refund promise", description: "", kind: "near_miss", severity: "S3", category: "policy_violation", detectedAt: new Date(Date.now() - 3_600_000).toISOString().slice(0, 16) }),
  "app/p/[slug]/incidents/actions.ts#updateIncidentAction": async (w) => p(w, { incidentId: (await freshIncident(w)).id, title: "Renamed", kind: "near_miss", severity: "S2", category: "policy_violation" }),
  "app/p/[slug]/incidents/actions.ts#changeStatusAction": async (w) => p(w, { incidentId: (await freshIncident(w)).id, to: "triaged" }),
  "app/p/[slug]/incidents/actions.ts#commentAction": async (w) => p(w, { incidentId: (await freshIncident(w)).id, comment: "Looking into it." }),
  "app/p/[slug]/incidents/actions.ts#linkAction": async (w) => {
    const { output } = await freshAssignment(w);
    return p(w, { incidentId: (await freshIncident(w)).id, outputIds: output.id });
  },
  "app/p/[slug]/incidents/actions.ts#updateSlaAction": async (w) => p(w, { S1: "4", S2: "24", S3: "72", S4: "168" }),
  "app/p/[slug]/incidents/actions.ts#signOffAction": async (w) => {
    // A past month, each probe its own (a month is signed off once).
    const month = `20${10 + Math.floor(Math.random() * 14)}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, "0")}`;
    await w.db.monthlyReviewSignOff.deleteMany({ where: { projectId: w.a.id, month } });
    return p(w, { month, notes: "Reviewed.", actionItems: "" });
  },
  "app/p/[slug]/review/actions.ts#reassignAction": async (w) => {
    const { assignment } = await freshAssignment(w);
    const to = await makeUser();
    await w.db.membership.create({ data: { projectId: w.a.id, userId: to.userId, role: "reviewer", expertise: ["billing"] } });
    return p(w, { assignmentId: assignment.id, reviewerId: to.userId });
  },
  "app/p/[slug]/review/actions.ts#addReviewerAction": async (w) => {
    const { item } = await freshAssignment(w);
    const to = await makeUser();
    await w.db.membership.create({ data: { projectId: w.a.id, userId: to.userId, role: "reviewer", expertise: ["billing"] } });
    return p(w, { sampledItemId: item.id, reviewerId: to.userId });
  },
  "app/p/[slug]/review/actions.ts#skipItemAction": async (w) => p(w, { sampledItemId: (await freshAssignment(w)).item.id }),
  "app/p/[slug]/review/actions.ts#resolveReviewFlagAction": async (w) => {
    const { item, assignment } = await freshAssignment(w);
    const flag = await w.db.reviewFlag.create({ data: { projectId: w.a.id, sampledItemId: item.id, assignmentId: assignment.id, kind: "flag", reason: "cut off", createdById: w.users.reviewer!.userId } });
    return p(w, { flagId: flag.id });
  },
  "app/p/[slug]/review/mine/actions.ts#editMyLabelAction": async (w) => {
    const { labelId } = await freshAssignment(w, { labelled: true });
    return p(w, { labelId: labelId!, values: JSON.stringify({ ...GOOD_LABEL, tone: 2 }) });
  },
  "app/p/[slug]/rubric/actions.ts#saveRubricAction": async (w) => {
    const rubric = await w.db.rubric.findFirstOrThrow({ where: { projectId: w.a.id }, orderBy: { version: "desc" } });
    return p(w, { dimensions: JSON.stringify(rubric.dimensions), guidelines: `Version ${unique()}` });
  },
  "app/p/[slug]/scorecard/actions.ts#updateMetricAction": async (w) => {
    const metric = await freshMetric(w);
    return p(w, { metricId: metric.id, unit: metric.unit, threshold: "5", baselineKind: "none" });
  },
  "app/p/[slug]/scorecard/actions.ts#addMetricAction": async (w) => {
    const metric = await freshMetric(w);
    await w.db.scorecardMetric.delete({ where: { id: metric.id } });
    return p(w, { key: metric.key });
  },
  "app/p/[slug]/scorecard/actions.ts#removeMetricAction": async (w) => p(w, { metricId: (await freshMetric(w)).id }),
  "app/p/[slug]/settings/actions.ts#updateSettingsAction": async (w) => p(w, { name: "Project A", timeZone: "UTC", blindReview: "on" }),
  "app/p/[slug]/settings/actions.ts#addMemberAction": async (w) => p(w, { email: `member-${unique()}@example.test`, role: "reviewer", initialPassword: "a long enough password" }),
  "app/p/[slug]/settings/actions.ts#updateMemberAction": async (w) => {
    const user = await makeUser();
    const membership = await w.db.membership.create({ data: { projectId: w.a.id, userId: user.userId, role: "reviewer" } });
    return p(w, { membershipId: membership.id, role: "qa_lead" });
  },
  "app/p/[slug]/settings/actions.ts#removeMemberAction": async (w) => {
    const user = await makeUser();
    const membership = await w.db.membership.create({ data: { projectId: w.a.id, userId: user.userId, role: "reviewer" } });
    return p(w, { membershipId: membership.id });
  },
  "app/p/[slug]/settings/api-keys/actions.ts#createApiKeyAction": async (w) => p(w, { name: `key-${unique()}`, scopes: "ingest" }),
  "app/p/[slug]/settings/api-keys/actions.ts#revokeApiKeyAction": async (w) => p(w, { apiKeyId: (await insertApiKey({ projectId: w.a.id, name: "to revoke", scopes: ["ingest"], createdById: null })).id }),
  "app/p/[slug]/settings/checks/actions.ts#saveChecksAction": async (w) => p(w, {}),
  "app/p/[slug]/settings/checks/actions.ts#resumeBackfillAction": async (w) => p(w, {}),
  "app/p/[slug]/settings/redaction/actions.ts#updateRedactionAction": async (w) => p(w, {}),
  "app/p/[slug]/settings/webhooks/actions.ts#createWebhookAction": async (w) => p(w, { url: "https://93.184.215.14/assay-hook", description: "chat" }),
  "app/p/[slug]/settings/webhooks/actions.ts#deleteWebhookAction": async (w) => p(w, { webhookId: (await freshWebhook(w)).id }),
  "app/p/[slug]/settings/webhooks/actions.ts#toggleWebhookAction": async (w) => p(w, { webhookId: (await freshWebhook(w)).id, enabled: "false" }),
  "app/p/[slug]/settings/webhooks/actions.ts#testWebhookAction": async (w) => p(w, { webhookId: (await freshWebhook(w)).id }),
};

async function freshWebhook(w: World) {
  return w.db.webhook.create({ data: { projectId: w.a.id, url: "https://93.184.215.14/assay-hook", secret: crypto.randomBytes(16).toString("hex") } });
}

// ---------------------------------------------------------------------------------------------
// Calling one entry as one caller.

function routeModulePath(entry: string): string {
  const route = entry.split(" ")[1];
  return `@/app${route}/route`;
}

async function callRoute(w: World, entry: string, caller: Caller): Promise<Outcome> {
  const [method] = entry.split(" ");
  const probe = await ROUTE_PROBES[entry].url(w);
  const headers: Record<string, string> = {};
  if (w.cookies[caller]) headers.cookie = w.cookies[caller]!;
  if (w.keys[caller]) headers.authorization = `Bearer ${w.keys[caller]}`;
  if (probe.contentType) headers["content-type"] = probe.contentType;
  const request = new Request(`http://localhost${probe.path}`, { method, headers, body: probe.body === undefined ? undefined : JSON.stringify(probe.body) });
  const loaded = (await import(/* @vite-ignore */ routeModulePath(entry))) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
  const response = await loaded[method](request, { params: Promise.resolve(probe.params) });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

function classifyThrown(error: unknown): Outcome {
  const digest = (error as { digest?: string })?.digest ?? "";
  if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2]?.startsWith("/sign-in") ? "signin" : "ok";
  if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return 404;
  throw error;
}

function classifyResult(result: unknown): Outcome {
  if (!result || typeof result !== "object" || !("ok" in result)) return "ok";
  const r = result as { ok: boolean; message?: string; issues?: unknown[]; status?: number; code?: string };
  if (r.ok) return "ok";
  if (r.status === 403 || r.code === "forbidden" || /does not allow/i.test(r.message ?? "")) return 403;
  if (r.status === 404 || r.code === "not_found" || /not found/i.test(r.message ?? "")) return 404;
  if (r.issues && r.issues.length > 0) return "invalid";
  return "refused";
}

async function callAction(w: World, entry: string, caller: Caller): Promise<{ outcome: Outcome; detail: string }> {
  const [file, name] = entry.split("#");
  const formData = await ACTION_PROBES[entry](w);
  const user = w.users[caller];
  session.current = user ? { id: user.userId, sessionVersion: 0 } : null;
  session.authorization = w.keys[caller] ? `Bearer ${w.keys[caller]}` : null;
  try {
    const loaded = (await import(/* @vite-ignore */ `@/${file.replace(/\.tsx?$/, "")}`)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const action = loaded[name];
    // Actions on projectAction take the slug bound from the page's route first (lib/server/http/
    // project-action.ts); the rest take the form as React calls it.
    const result = action.length >= 3 ? await action(formData.get("projectSlug"), null, formData) : await action(null, formData);
    return { outcome: classifyResult(result), detail: JSON.stringify(result)?.slice(0, 300) ?? "" };
  } catch (error) {
    return { outcome: classifyThrown(error), detail: String((error as Error)?.message ?? error) };
  } finally {
    session.current = null;
    session.authorization = null;
  }
}

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

describe("every route and server action, as every kind of caller", () => {
  const probed = Object.entries(MATRIX).filter(([, row]) => row !== "public" && !row.startsWith("covered-by "));
  for (const [entry, row] of probed) {
    it(entry, async () => {
      const expected = parseRow(row);
      const seen: Record<string, Outcome> = {};
      const wanted: Record<string, Outcome> = {};
      const details: Record<string, string> = {};
      for (const [i, caller] of CALLERS.entries()) {
        wanted[caller] = expected[i];
        if (entry.includes(" ")) seen[caller] = await callRoute(world, entry, caller);
        else {
          const { outcome, detail } = await callAction(world, entry, caller);
          seen[caller] = outcome;
          if (outcome !== expected[i]) details[caller] = detail;
        }
      }
      expect({ outcomes: seen, details: Object.keys(details).length ? details : undefined }).toEqual({ outcomes: wanted, details: undefined });
    });
  }

  it("the first-admin setup is refused for everyone once a user exists", async () => {
    for (const caller of CALLERS) {
      const user = world.users[caller];
      session.current = user ? { id: user.userId, sessionVersion: 0 } : null;
      const { createInstanceAdmin } = await import("@/app/setup/actions");
      const result = await createInstanceAdmin(null, form({ email: `late-${unique()}@example.test`, name: "Late", password: "a long enough password" }));
      expect(result.ok, caller).toBe(false);
    }
    session.current = null;
    expect(await world.db.user.count({ where: { email: { startsWith: "late-" } } })).toBe(0);
  });
});
