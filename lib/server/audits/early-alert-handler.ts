// Early alerts without anyone looking (issue 18): after each drained batch of review events, the
// running rate of every audit that received a gold decision is recomputed and an alert is recorded
// the first time its confidence-sequence band lies above a threshold. Once per batch and audit,
// not per event: the band is a function of the whole ordered gold sequence, so one computation
// after the batch finds any crossing that happened inside it. recordAlert is idempotent per week
// and metric, so a replayed batch records nothing twice.
import "server-only";
import type { ReviewEventHandler } from "@/lib/server/events/handlers";
import { computeRunningRates } from "./running-rate";

export const earlyAlertReviewEventHandler: ReviewEventHandler = {
  name: "early-alerts",
  async afterBatch(events) {
    const audits = new Map<string, { projectId: string; auditId: string }>();
    for (const e of events) if (e.kind === "gold_decided") audits.set(`${e.projectId}/${e.auditId}`, { projectId: e.projectId, auditId: e.auditId });
    for (const audit of audits.values()) await computeRunningRates({ ...audit, recordAlerts: true });
  },
};
