// GET: a month's incident review as CSV (formula cells neutralised).
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { exportMonthCsv } from "@/lib/server/incidents/monthly-review";
import { requireActor } from "../../../../review/schema";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; month: string }> }) => {
  const { slug, month } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  const { filename, csv } = await exportMonthCsv({ actor, projectSlug: slug, month });
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` } });
});
