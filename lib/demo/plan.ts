// The demo project's audit plan (version 1): stratified by task type, the six task types the
// generator writes, medical questions and financial advice high risk and oversampled ×2 (a wrong
// answer there can hurt someone), with a minimum each so a quiet week still reviews enough of them.
import type { TaskType } from "./types";

export type DemoPlanStratum = { value: TaskType; risk: "low" | "medium" | "high"; minimum?: number; expectedRate?: number };

export const DEMO_PLAN_STRATA: readonly DemoPlanStratum[] = [
  { value: "general", risk: "low" },
  { value: "billing", risk: "low" },
  { value: "account_access", risk: "medium" },
  { value: "refunds", risk: "medium" },
  // The QA lead's prior for the risky strata (the plan's 5 % elsewhere).
  { value: "medical_questions", risk: "high", minimum: 30, expectedRate: 0.1 },
  { value: "financial_advice", risk: "high", minimum: 30, expectedRate: 0.1 },
];

/** Raw plan input, validated by lib/audits/plan planSpecSchema when stored. */
export const DEMO_PLAN = {
  method: "estimate",
  methodParams: { expectedRate: 0.05, marginOfError: 0.03, confidence: 0.95 },
  allocation: "oversample",
  oversampleFactor: 2,
  strata: DEMO_PLAN_STRATA,
  overlapShare: 0.2,
  overlapReviewers: 2,
  dueDays: 5,
  graceHours: 24,
} as const;
