// The demo project's judge mapping and cohort mapping (issues 14 §5 and 18), so the Judge vs human
// page, the judge-assisted estimates and the cohort comparison show something on first start:
// the LLM judge's score below 0.5 means a factuality failure; cohorts are the model versions, the
// stable new small model the baseline (its canary build runs in the last two weeks).
import { prisma } from "@/lib/server/db/client";
import { DEMO_MODELS, DEMO_SIGNALS } from "@/lib/demo/outputs";
import type { JudgeMapping } from "@/lib/judge/mapping";

export const DEMO_JUDGE_MAPPING: JudgeMapping = { signal: DEMO_SIGNALS.judge.name, dimension: "factuality", kind: "numeric", threshold: 0.5, failureWhen: "below" };
export const DEMO_COHORTS = { key: "modelVersion", baseline: DEMO_MODELS.small2.modelVersion };

export async function seedDemoAnalysisSettings(projectId: string): Promise<void> {
  const db = await prisma();
  await db.projectAnalysisSettings.upsert({
    where: { projectId },
    create: { projectId, judgeMappings: [DEMO_JUDGE_MAPPING], cohortKey: DEMO_COHORTS.key, cohortBaseline: DEMO_COHORTS.baseline },
    update: {},
  });
}
