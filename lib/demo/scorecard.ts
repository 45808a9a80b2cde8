// The demo QA lead's scorecard settings: a threshold per default metric, chosen for this
// project's rates (a few points above what the weeks before the model switch showed), and one
// guardrail pair. The baseline of each is the weeks before the switch (seed-scorecard-history).
export type DemoMetricSetting = { key: string; threshold: number | null; guardrail?: string };

export const DEMO_SCORECARD_SETTINGS: readonly DemoMetricSetting[] = [
  { key: "any_error", threshold: 0.2 },
  { key: "failure_policy", threshold: 0.08 },
  { key: "failure_factuality", threshold: 0.08 },
  { key: "incident_harm", threshold: 0.04 },
  { key: "incident_near_miss", threshold: 0.08 },
  { key: "outcome_partial", threshold: null },
  { key: "mean_tone", threshold: 3.5 },
  // Faster answers are only a win while errors stay within their threshold.
  { key: "latency_p95", threshold: 6000, guardrail: "any_error" },
];
