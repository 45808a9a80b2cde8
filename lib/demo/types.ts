// Shared vocabulary of the demo generator.

export const TASK_TYPES = ["general", "billing", "account_access", "refunds", "medical_questions", "financial_advice"] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** The kinds of problems planted in outputs; a reviewer finding one should label it with this category. */
export const PLANTED_DEFECTS = ["factual_error", "policy_violation", "unsafe_advice", "tone", "ungrounded"] as const;
export type PlantedDefect = (typeof PLANTED_DEFECTS)[number];

/** One logged output, exactly in the shape the ingest API accepts. */
export type DemoOutputRecord = {
  id: string;
  timestamp: string;
  input: string | { role: string; content: string }[];
  output: string | { role: string; content: string };
  context?: { id?: string; title?: string; url?: string; text: string }[];
  metadata: {
    model: string;
    modelVersion: string;
    taskType: string;
    latencyMs: number;
    costUsd: number;
    tokensIn: number;
    tokensOut: number;
    userSegment: string;
    tags: string[];
  } & Record<string, unknown>;
  signals?: { name: string; value: number | boolean | string; source: string }[];
};
