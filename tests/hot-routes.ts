// The requests a broken database would fail first: a signed-in project page, the review API
// (session cookie), and an ingest with an API key. Tests call `expectHotRoutesAnswer()` after
// doing something hostile to show the app still serves. The test file must mock
// "@/lib/server/auth/auth" with `authMock` (vi.mock is hoisted per file) so pages see a signed-in user:
//   vi.mock("@/lib/server/auth/auth", () => authMock);
import { encode } from "next-auth/jwt";
import { expect } from "vitest";
import { insertApiKey } from "@/lib/server/projects/api-keys";
import { assignAuditItems } from "@/lib/server/review/routing";
import { makeReviewProject } from "@/tests/fixtures/review";

const session: { userId: string | null } = { userId: null };
export const authMock = { auth: async () => (session.userId ? { user: { id: session.userId } } : null) };

const SESSION_COOKIE = "authjs.session-token";

export async function makeHotRoutes() {
  process.env.AUTH_SECRET ??= "test-secret-for-hot-routes-0123456789abcdef";
  const setup = await makeReviewProject({ reviewers: [["billing"]], items: Array.from({ length: 8 }, () => ({ stratum: "billing" })) });
  await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  const key = await insertApiKey({ projectId: setup.project.id, name: "hot routes", scopes: ["ingest"], createdById: null });
  const reviewer = setup.reviewers[0];
  const cookie = `${SESSION_COOKIE}=${await encode({ token: { uid: reviewer.userId }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: 3600 })}`;
  const { POST: next } = await import("@/app/api/v1/projects/[slug]/review/next/route");
  const { POST: ingest } = await import("@/app/api/v1/outputs/route");
  const { default: overviewPage } = await import("@/app/p/[slug]/page");
  let sent = 0;
  const slug = setup.project.slug;

  /** Each hot route answers: the overview page renders for the QA lead, the review API claims, an ingest stores. */
  async function expectHotRoutesAnswer() {
    session.userId = setup.members.qa_lead.userId;
    // The page's server component runs every read it needs; a database failure throws here.
    await expect(overviewPage({ params: Promise.resolve({ slug }) })).resolves.toBeTruthy();
    session.userId = null;
    const claim = await next(new Request(`http://localhost/api/v1/projects/${slug}/review/next`, { method: "POST", headers: { cookie } }), { params: Promise.resolve({ slug }) });
    expect(claim.status, await claim.clone().text()).toBe(200);
    expect((await claim.json()).item).not.toBeNull();
    const id = `hot-${sent++}-${Date.now()}`;
    const stored = await ingest(
      new Request("http://localhost/api/v1/outputs", {
        method: "POST",
        headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
        body: JSON.stringify([{ id, timestamp: new Date().toISOString(), input: "q", output: "a" }]),
      }),
      {},
    );
    expect(stored.status, await stored.clone().text()).toBe(200);
    expect(await stored.json()).toMatchObject({ accepted: 1, rejected: 0 });
  }

  return { ...setup, key, reviewer, cookie, expectHotRoutesAnswer };
}
