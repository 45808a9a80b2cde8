// How the demo reviewers differ, so the agreement and reviewer pages show differences worth
// seeing: one is careful, one is lenient on tone, one misses policy violations. Applied on top of
// the simulated label (lib/server/demo/seed-review-demo.ts), deterministically from the demo's Rng.
import type { Rng } from "./random";
import type { LabelValues } from "@/lib/review/rubric";

export type ReviewerStyle = "careful" | "lenient_on_tone" | "misses_policy";

export const DEMO_REVIEWER_STYLES: Record<string, ReviewerStyle> = {
  "reviewer@demo.assay": "careful",
  "finance@demo.assay": "lenient_on_tone",
  "medic@demo.assay": "misses_policy",
};

/**
 * The label as this reviewer would give it: `careful` keeps the simulated label (only the common
 * noise of simulatedLabel), the others add their own habit on top.
 */
export function styledLabel(style: ReviewerStyle | undefined, rng: Rng, simulated: LabelValues): LabelValues {
  switch (style) {
    case "careful":
      return simulated;
    case "lenient_on_tone":
      return typeof simulated.tone === "number" && rng.chance(0.6) ? { ...simulated, tone: Math.min(5, simulated.tone + 1) } : simulated;
    case "misses_policy":
      if (simulated.policy === "violation" && rng.chance(0.6)) {
        const { policy_categories: _categories, ...rest } = simulated;
        void _categories;
        return { ...rest, policy: "compliant" };
      }
      return simulated;
    default:
      return simulated;
  }
}
