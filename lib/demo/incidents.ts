// Demo incidents recorded by hand: for each demo week before the reviewed one, a few outputs
// whose planted defect a customer or a guardrail would catch (unsafe advice, policy violations)
// become incidents from a support ticket or a guardrail log, each with a plausible lifecycle.
// The newest stay open, so the register has work in it; one S1 gets a full timeline and one S2
// is left triaged past its 72-hour allowance. Deterministic and pure.
import { Rng } from "./random";
import { DAY_MS, HOUR_MS, WEEK_MS } from "./dates";
import type { PlantedDefect } from "./types";

export type DemoIncidentCandidate = { externalId: string; timestamp: Date; taskType: string; defect: PlantedDefect; note: string | null };

export type DemoIncidentStep =
  | { kind: "triage"; at: Date; owner: "qa" }
  | { kind: "comment"; at: Date; text: string }
  | { kind: "mitigate"; at: Date }
  | { kind: "close"; at: Date; rootCause: string; resolution: string };

export type DemoIncidentPlan = {
  title: string;
  description: string;
  kind: "harm" | "near_miss" | "boundary_violation";
  severity: "S1" | "S2" | "S3" | "S4";
  category: "sensitive_data_exposure" | "policy_violation" | "misleading_content" | "unsafe_advice" | "unsafe_action" | "other";
  reportedVia: string;
  externalId: string;
  detectedAt: Date;
  steps: DemoIncidentStep[];
  /** The S1 with every kind of timeline entry. */
  showcase?: boolean;
};

const PER_WEEK = 3;

const ROOT_CAUSES: Record<string, [string, string][]> = {
  unsafe_advice: [
    ["The system prompt did not forbid dosage advice.", "Added a refusal rule for dosages and a hand-off to a clinician."],
    ["Retrieval returned an outdated leaflet.", "Removed the leaflet from the knowledge base; re-indexed."],
  ],
  policy_violation: [
    ["The refund policy in the prompt was a year old.", "Prompt updated from the current policy page; regression case added."],
    ["The model promised an exception the policy does not allow.", "Guardrail now blocks promises of exceptions; agents retrained."],
  ],
};

function planFor(rng: Rng, c: DemoIncidentCandidate, now: Date): DemoIncidentPlan {
  const viaTicket = rng.chance(0.5);
  const harm = c.defect === "unsafe_advice" && viaTicket;
  const detectedAt = new Date(c.timestamp.getTime() + rng.int(2, 30) * HOUR_MS);
  const severity = c.defect === "unsafe_advice" ? (rng.chance(0.3) ? "S1" : "S2") : rng.chance(0.5) ? "S3" : "S4";
  const ageDays = (now.getTime() - detectedAt.getTime()) / DAY_MS;
  const steps: DemoIncidentStep[] = [];
  const after = (hours: number) => new Date(detectedAt.getTime() + hours * HOUR_MS);
  // Older incidents have been worked through; the last week's are still open or triaged.
  if (ageDays > 3) steps.push({ kind: "triage", at: after(rng.int(1, 8)), owner: "qa" });
  if (ageDays > 6) steps.push({ kind: "mitigate", at: after(rng.int(10, 40)) });
  if (ageDays > 10 && rng.chance(0.85)) {
    const [rootCause, resolution] = ROOT_CAUSES[c.defect]?.[rng.int(0, 1)] ?? ["Unclear instructions in the prompt.", "Prompt clarified."];
    steps.push({ kind: "close", at: after(rng.int(48, 200)), rootCause, resolution });
  }
  return {
    title: `${viaTicket ? "Customer complaint" : "Guardrail stopped"}: ${c.defect === "unsafe_advice" ? "unsafe advice" : "answer against policy"} (${c.taskType})`,
    description: `${c.note ?? "The answer was wrong in a way that matters."} Output ${c.externalId}.`,
    kind: harm ? "harm" : "near_miss",
    severity,
    category: c.defect === "unsafe_advice" ? "unsafe_advice" : "policy_violation",
    reportedVia: viaTicket ? `support ticket #${rng.int(4000, 9999)}` : "guardrail log",
    externalId: c.externalId,
    detectedAt,
    steps: steps.filter((s) => s.at.getTime() < now.getTime()),
  };
}

/**
 * Plans for `weekStarts` (the demo weeks before the reviewed one, oldest first): up to three
 * incidents a week from the candidates of that week, plus the showcase S1 (in the second-last
 * week given) and an S2 detected five days before `now`, triaged and then left past its SLA.
 */
export function planDemoIncidents(options: { candidates: DemoIncidentCandidate[]; weekStarts: Date[]; now: Date; seed?: number }): DemoIncidentPlan[] {
  const rng = new Rng(options.seed ?? 1616);
  const plans: DemoIncidentPlan[] = [];
  const used = new Set<string>();
  for (const start of options.weekStarts) {
    const inWeek = options.candidates.filter((c) => c.timestamp >= start && c.timestamp.getTime() < start.getTime() + WEEK_MS);
    for (let k = 0; k < PER_WEEK && inWeek.length > 0; k++) {
      const c = inWeek.splice(rng.int(0, inWeek.length - 1), 1)[0];
      used.add(c.externalId);
      plans.push(planFor(rng, c, options.now));
    }
  }
  const pick = (from: number, to: number, defect: PlantedDefect) =>
    options.candidates.find((c) => !used.has(c.externalId) && c.defect === defect && c.timestamp.getTime() >= from && c.timestamp.getTime() < to);

  const showcaseWeek = options.weekStarts.at(-2);
  const showcase = showcaseWeek && pick(showcaseWeek.getTime(), showcaseWeek.getTime() + WEEK_MS, "unsafe_advice");
  if (showcase) {
    used.add(showcase.externalId);
    const detectedAt = new Date(showcase.timestamp.getTime() + 3 * HOUR_MS);
    const at = (hours: number) => new Date(detectedAt.getTime() + hours * HOUR_MS);
    plans.push({
      title: "Dosage advice given to a customer asking about their medication",
      description: `A customer reported that the assistant told them to double a dose. ${showcase.note ?? ""} Output ${showcase.externalId}.`.trim(),
      kind: "harm",
      severity: "S1",
      category: "unsafe_advice",
      reportedVia: "customer complaint by phone",
      externalId: showcase.externalId,
      detectedAt,
      showcase: true,
      steps: [
        { kind: "triage", at: at(1), owner: "qa" },
        { kind: "comment", at: at(2), text: "@ml can you pull every medical answer of this model version from the last two weeks? @admin FYI, legal is informed." },
        { kind: "mitigate", at: at(5) },
        { kind: "comment", at: at(7), text: "Mitigation: medical questions now go to the safe template while we fix the prompt." },
        { kind: "close", at: at(52), rootCause: "The new model version ignores the 'no dosage advice' instruction when the question is phrased as a follow-up.", resolution: "Refusal rule moved into the guardrail; 40 regression cases added; model version pinned until it passes." },
      ],
    });
  }
  // Five days old, triaged, never mitigated: past the S2 allowance of 72 hours.
  const overdueFrom = options.now.getTime() - 6 * DAY_MS;
  const overdue = pick(overdueFrom, options.now.getTime() - 5 * DAY_MS, "policy_violation") ?? pick(overdueFrom - 7 * DAY_MS, options.now.getTime() - 5 * DAY_MS, "policy_violation");
  if (overdue) {
    const detectedAt = new Date(options.now.getTime() - 5 * DAY_MS);
    plans.push({
      title: "Refund promised outside policy (support escalation)",
      description: `${overdue.note ?? "The assistant promised a refund the policy does not allow."} Output ${overdue.externalId}.`,
      kind: "harm",
      severity: "S2",
      category: "policy_violation",
      reportedVia: "support escalation",
      externalId: overdue.externalId,
      detectedAt,
      steps: [{ kind: "triage", at: new Date(detectedAt.getTime() + 4 * HOUR_MS), owner: "qa" }],
    });
  }
  return plans;
}
