// GET: the review API's trivial route: the same authentication and permission check as the real
// routes and nothing else. The review benchmark uses it as its baseline.
import { withProjectRoute } from "@/lib/server/http/project-route";

export const dynamic = "force-dynamic";

export const GET = withProjectRoute<{ slug: string }>({ permission: "review:label" }, async () => ({ ok: true }));
