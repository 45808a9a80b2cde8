// The audit plan as the domain sees it: how big each week's sample is, how it is spread over
// strata, how much of it is reviewed twice, and when it is due. Stored as AuditPlan rows (one per
// version); this module holds the shape, its validation and the default plan.
import { z } from "zod";
import { normaliseExpertiseTags } from "@/lib/review/expertise";

export const SAMPLE_SIZE_METHODS = ["estimate", "discovery", "change", "fixed"] as const;
export type SampleSizeMethod = (typeof SAMPLE_SIZE_METHODS)[number];
export const ALLOCATIONS = ["proportional", "neyman", "oversample"] as const;
export type Allocation = (typeof ALLOCATIONS)[number];
export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const unit = (label: string) =>
  z.coerce.number({ error: `enter ${label} as a number` }).gt(0, `${label} must be above 0`).lt(1, `${label} must be below 1`);

/**
 * The inputs of every method live in one object: the method's own inputs decide n, and the others
 * (expectedRate, tolerableRate, confidence) are the assumptions under which the calculator states
 * what the chosen n buys (a margin and a detection probability), whatever the method.
 */
export const methodParamsSchema = z.object({
  expectedRate: unit("the expected error rate").default(0.05),
  marginOfError: unit("the margin of error").default(0.03),
  confidence: unit("the confidence").default(0.95),
  tolerableRate: unit("the tolerable error rate").default(0.01),
  baselineRate: unit("the baseline rate p1").default(0.05),
  changedRate: unit("the changed rate p2").default(0.08),
  alpha: unit("alpha").default(0.05),
  power: unit("the power").default(0.8),
  fixedSize: z.coerce.number().int("the fixed size must be a whole number").min(1, "the fixed size must be at least 1").max(1_000_000).default(400),
});
export type MethodParams = z.output<typeof methodParamsSchema>;

export const planStratumSchema = z.object({
  value: z.string().trim().min(1, "a stratum needs a value").max(200),
  risk: z.enum(RISK_LEVELS).default("low"),
  minimum: z.coerce.number().int("a minimum must be a whole number").min(0, "a minimum cannot be negative").max(100_000).optional(),
  expectedRate: unit("a stratum's expected rate").optional(),
  /** Tags a reviewer needs for this stratum; without them, the stratum's own value is the tag. */
  expertise: z
    .array(z.string().max(64, "an expertise tag is at most 64 characters"))
    .max(20, "at most 20 expertise tags")
    .transform(normaliseExpertiseTags)
    .optional(),
});
export type PlanStratum = z.output<typeof planStratumSchema>;

export const planSpecSchema = z
  .object({
    stratifyBy: z
      .string()
      .trim()
      .min(1, "choose what to stratify by")
      .max(100)
      .regex(/^[A-Za-z0-9_.-]+$/, "a metadata key uses letters, digits, '_', '.' and '-'")
      .default("taskType"),
    method: z.enum(SAMPLE_SIZE_METHODS, "choose a sample-size method"),
    methodParams: methodParamsSchema,
    allocation: z.enum(ALLOCATIONS, "choose an allocation").default("proportional"),
    oversampleFactor: z.coerce.number().min(1, "the oversampling factor must be at least 1").max(20, "the oversampling factor is at most 20").nullable().default(null),
    strata: z.array(planStratumSchema).max(200).default([]),
    overlapShare: z.coerce.number().min(0, "the overlap share is between 0 and 1").max(1, "the overlap share is between 0 and 1").default(0.2),
    overlapReviewers: z.coerce.number().int().min(2, "overlap needs at least 2 reviewers").max(10).default(2),
    dueDays: z.coerce.number().int().min(1, "allow at least a day").max(60).default(5),
    graceHours: z.coerce.number().int().min(0).max(24 * 14, "the grace period is at most two weeks").default(24),
    autoDraw: z.boolean().default(true),
  })
  .superRefine((plan, ctx) => {
    if (plan.allocation === "oversample" && plan.oversampleFactor === null) {
      ctx.addIssue({ code: "custom", path: ["oversampleFactor"], message: "oversampling needs a factor (e.g. 2)" });
    }
    const seen = new Set<string>();
    plan.strata.forEach((s, i) => {
      if (seen.has(s.value)) ctx.addIssue({ code: "custom", path: ["strata", i, "value"], message: `stratum "${s.value}" is listed twice` });
      seen.add(s.value);
    });
    const p = plan.methodParams;
    if (plan.method === "change" && p.baselineRate === p.changedRate) {
      ctx.addIssue({ code: "custom", path: ["methodParams", "changedRate"], message: "p2 must differ from the baseline p1" });
    }
  });
export type PlanSpec = z.output<typeof planSpecSchema>;

/**
 * Used when a project has no plan yet (its first draw creates it as version 1): estimate a 5 %
 * error rate within ±3 points at 95 % confidence, proportional allocation, 20 % of items reviewed
 * by 2 reviewers, due 5 days after the draw, drawn 24 h after the week ends.
 */
export function defaultPlanSpec(): PlanSpec {
  return planSpecSchema.parse({
    method: "estimate",
    methodParams: { expectedRate: 0.05, marginOfError: 0.03, confidence: 0.95 },
    allocation: "proportional",
    overlapShare: 0.2,
    overlapReviewers: 2,
    dueDays: 5,
    graceHours: 24,
  });
}
