// GET: a month's incident review as CSV (formula cells neutralised).
import { withProjectRoute } from "@/lib/server/http/project-route";
import { exportMonthCsv } from "@/lib/server/incidents/monthly-review";

export const dynamic = "force-dynamic";

export const GET = withProjectRoute<{ slug: string; month: string }>({ permission: "monthlyReview:read" }, async ({ actor, access, params }) => {
  const { filename, csv } = await exportMonthCsv({ actor, projectSlug: access.project.slug, month: params.month });
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` } });
});
