// What happens after a label or gold write: the handlers processReviewEvents() calls for each
// ReviewEvent of the outbox (lib/server/review/record.ts appends them). Each handler must be
// idempotent per event id: after a crash, or when another handler of the same event failed, it
// is called again with the same event.
import "server-only";
import type { Dimension } from "@/lib/review/rubric";
import { incidentReviewEventHandler } from "@/lib/server/incidents/review-event-handler";
import { earlyAlertReviewEventHandler } from "@/lib/server/audits/early-alert-handler";
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

export type ReviewEventHandler = {
  name: string;
  /**
   * Called for each event of a batch, oldest first. `batch` is the same array for every event of
   * one batch, so a handler can read once what all of them need (memoised on it); a caller that
   * hands over one event alone may leave it out.
   */
  handle?(event: ReviewEvent, ctx: { dimensions: Dimension[]; batch?: readonly ReviewEvent[] }): Promise<void>;
  /**
   * Called once after every event of a batch went through `handle`, with those events: for work
   * that depends on the state after the writes rather than on each write (one computation per
   * audit however many of its labels came in). Its error fails the whole batch, which is retried.
   */
  afterBatch?(events: ReviewEvent[]): Promise<void>;
};

/**
 * The handlers, in the order they run: the agreement page's summary counts (decision 039), the
 * incident register (issue 16) opens and attaches incidents, and the running-rate monitor
 * (issue 18) queues its early-alert checks.
 */
export const reviewEventHandlers: ReviewEventHandler[] = [agreementSummaryEventHandler, incidentReviewEventHandler, earlyAlertReviewEventHandler];
