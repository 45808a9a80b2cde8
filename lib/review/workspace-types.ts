// Shapes the review workspace and the QA lead's review page share with the server.

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
