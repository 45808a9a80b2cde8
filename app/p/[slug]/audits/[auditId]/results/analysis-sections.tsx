// The issue-18 sections of the results page, fetching their own data so the page itself needs
// one line for them: judge-assisted estimates and the cohort comparison.
import type { Actor } from "@/lib/server/auth/actor";
import { getJudgeAssisted } from "@/lib/server/judge/assisted";
import { getCohortReport } from "@/lib/server/cohorts/cohorts";
import { JudgeAssistedSection } from "./judge-assisted-section";
import { CohortSection } from "./cohort-section";

export async function AnalysisSections({ actor, projectSlug, auditId }: { actor: Actor; projectSlug: string; auditId: string }) {
  const [judge, cohorts] = await Promise.all([getJudgeAssisted({ actor, projectSlug, auditId }), getCohortReport({ actor, projectSlug, auditId })]);
  return (
    <>
      <JudgeAssistedSection views={judge} />
      <CohortSection report={cohorts} />
    </>
  );
}
