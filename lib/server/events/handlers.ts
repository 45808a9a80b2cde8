// What happens after a label or gold write: the handlers processReviewEvents() calls for each
// ReviewEvent of the outbox (lib/server/review/record.ts appends them). Each handler must be
// idempotent per event id: after a crash, or when another handler of the same event failed, it
// is called again with the same event.
import "server-only";
import type { Dimension } from "@/lib/review/rubric";
import { incidentReviewEventHandler } from "@/lib/server/incidents/review-event-handler";
import { agreementSummaryEventHandler } from "@/lib/server/review/agreement-summary";

export type ReviewEventKind = "label_submitted" | "label_edited" | "gold_decided";

export type ReviewEvent = {
  id: string;
  projectId: string;
  kind: ReviewEventKind;
  auditId: string;
  sampledItemId: string;
  outputId: string;
  /** Label events. */
  labelId: string | null;
  reviewerId: string | null;
  /** Gold events: the GoldLabelVersion row of the decision. */
  goldLabelId: string | null;
  goldSource: "consensus" | "adjudication" | null;
  rubricId: string;
  /** The label's or the gold label's values at the time of the write. */
  values: Record<string, unknown>;
  actorId: string | null;
  rationale: string | null;
  createdAt: Date;
};

export type ReviewEventHandler = { name: string; handle(event: ReviewEvent, ctx: { dimensions: Dimension[] }): Promise<void> };

/**
 * The handlers, in the order they run: the agreement page's summary counts (decision 039), then the
 * incident register (issue 16) opens and attaches incidents.
 */
export const reviewEventHandlers: ReviewEventHandler[] = [agreementSummaryEventHandler, incidentReviewEventHandler];
