import { redirect } from "next/navigation";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { monthKeyAt, shiftMonth } from "@/lib/incidents/monthly";

export const dynamic = "force-dynamic";

/** The review of the last complete month. */
export default async function MonthlyReviewIndex({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await requireProjectPage(slug, "monthlyReview:read");
  redirect(`/p/${slug}/incidents/review/${shiftMonth(monthKeyAt(new Date(), project.timeZone), -1)}`);
}
