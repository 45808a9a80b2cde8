// Shapes the review workspace, the reviewer's own labels, adjudication and the QA lead's review
// page share with the server. They live here, not in lib/server, so client components can name them
// without importing server code (the lint rule assay/client-no-server forbids even type imports).
import type { Dimension, LabelValues } from "./rubric";

/** A reviewer's progress through one open audit: labels given of the items routed to them. */
export type ReviewProgress = { auditId: string; week: string; done: number; total: number };

/** A reviewer's skip or flag, as a QA lead sees it. */
export type ReviewFlagEntry = {
  id: string;
  kind: "skip" | "flag";
  reason: string;
  sampledItemId: string;
  externalId: string;
  week: string;
  stratum: string;
  itemStatus: string;
  reviewerName: string;
  createdAt: string;
};

export type ReviewLabel = { id: string; reviewerId: string; reviewerName: string; values: LabelValues; rubricId: string; submittedAt: string; updatedAt: string };

export type ReviewItem = {
  assignmentId: string | null;
  assignmentStatus: "assigned" | "submitted" | "skipped" | null;
  sampledItemId: string;
  itemStatus: string;
  auditId: string;
  week: string;
  auditOpen: boolean;
  stratum: string;
  leaseExpiresAt: string | null;
  output: {
    id: string;
    externalId: string;
    timestamp: string;
    taskType: string | null;
    model: string | null;
    input: unknown;
    output: unknown;
    context: unknown;
    metadata: unknown;
  };
  hasContext: boolean;
  rubric: { id: string; version: number; dimensions: Dimension[]; guidelines: string | null };
  /** The reviewer's own label, once submitted. */
  ownLabel: ReviewLabel | null;
  /** Other reviewers' labels: absent (null) while blind review hides them. */
  otherLabels: ReviewLabel[] | null;
};

export type MyLabel = {
  id: string;
  sampledItemId: string;
  externalId: string;
  week: string;
  stratum: string;
  itemStatus: string;
  submittedAt: string;
  updatedAt: string;
  /** Changes after the submission (the submission is the first revision). */
  edits: number;
  values: LabelValues;
  rubricId: string;
};

export type MyLabelRubric = { id: string; version: number; dimensions: Dimension[] };

export type MyLabelRevision = { id: string; editorName: string; createdAt: string; before: LabelValues | null; after: LabelValues };

export type MyLabelDetail = Omit<MyLabel, "externalId"> & {
  auditOpen: boolean;
  output: ReviewItem["output"];
  hasContext: boolean;
  /** The rubric an edit is validated against: the current one, whatever version the label was made with. */
  rubric: MyLabelRubric & { guidelines: string | null };
  labelRubric: MyLabelRubric;
  history: MyLabelRevision[];
};

export type ReviewerLoad = { userId: string; name: string; role: string; expertise: string[]; open: number; active: number; submitted: number };

export type ShortItem = { sampledItemId: string; outputId: string; externalId: string; week: string; stratum: string; wanted: number; active: number; reviewers: { assignmentId: string; userId: string; name: string; status: string; leased: boolean }[] };

export type AdjudicationCase = {
  sampledItemId: string;
  // The logged output's id, for links to its page in the outputs explorer.
  outputId: string;
  week: string;
  stratum: string;
  output: { externalId: string; input: unknown; output: unknown; context: unknown; metadata: unknown; timestamp: string };
  hasContext: boolean;
  disagreements: string[];
  labels: { id: string; reviewerName: string; values: LabelValues; timeSpentMs: number; submittedAt: string }[];
};
