// The review event point's types, as agreed with the outbox's author (team contract). Defined here
// until lib/server/events lands; the lead points these imports at lib/server/events at merge.
import type { Dimension } from "@/lib/review/rubric";

export type ReviewEventKind = "label_submitted" | "label_edited" | "gold_decided";

export type ReviewEvent = {
  id: string;
  projectId: string;
  kind: ReviewEventKind;
  auditId: string;
  sampledItemId: string;
  outputId: string;
  labelId: string | null;
  reviewerId: string | null;
  goldLabelId: string | null;
  goldSource: "consensus" | "adjudication" | null;
  rubricId: string;
  values: Record<string, unknown>;
  actorId: string | null;
  rationale: string | null;
  createdAt: Date;
};

export type ReviewEventHandler = { name: string; handle(event: ReviewEvent, ctx: { dimensions: Dimension[] }): Promise<void> };
