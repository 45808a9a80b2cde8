// The review budget a good judge saves (issue 18), beside the plan calculator; and how the plan
// gives each cohort enough reviews.
import { Card } from "@/components/ui";
import type { Actor } from "@/lib/server/auth/actor";
import { getReviewBudget } from "@/lib/server/judge/review-budget";

export async function JudgeBudgetNote({ actor, projectSlug }: { actor: Actor; projectSlug: string }) {
  const budget = await getReviewBudget({ actor, projectSlug });
  if (budget.judges.length === 0 && !budget.cohortKey) return null;
  return (
    <div className="mt-6">
      <Card title="With the judge">
        <ul className="space-y-1 text-sm text-slate-700" data-testid="judge-budget">
          {budget.judges.map((j) => (
            <li key={`${j.signal}-${j.dimension}`}>
              {j.signal} on {j.dimension}: ρ = {j.correlation === null ? "—" : j.correlation.toFixed(2)} with gold over the last {budget.audits} audit{budget.audits === 1 ? "" : "s"} ({j.items} items).
              {j.reviews !== null && budget.sampleSize !== null ? (
                <> The margin {budget.sampleSize} human-only reviews give needs about <span className="font-semibold">{j.reviews}</span> with the judge-assisted estimate (≈ n(1 − ρ²); approximate: it ignores the slope&apos;s estimation error and assumes the judge runs on the whole week).</>
              ) : null}
            </li>
          ))}
          {budget.cohortKey ? (
            <li>To give each cohort enough reviews, stratify the plan by the cohort key <span className="font-mono">{budget.cohortKey}</span> (“Stratify by” above) and set a minimum per stratum; the cohort comparison on the results page works with any stratification.</li>
          ) : null}
        </ul>
      </Card>
    </div>
  );
}
