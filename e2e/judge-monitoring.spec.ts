import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

// Issue 18 and issue 14 §5 on the demo data (its judge mapping and cohort mapping are seeded).
test("the audit page shows the running rate's confidence-sequence band; results show the judge-assisted estimate and the canary cohort", async ({ page }, testInfo) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/audits`);
  // The newest closed week: fully reviewed, so every stratum has gold and the judge-assisted
  // interval has a width (the open week may have no error yet in a dimension, and then none).
  await page.getByRole("row").filter({ hasText: "closed" }).first().getByRole("link", { name: /^\d{4}-W\d{2}$/ }).click();
  const anyError = page.getByRole("region", { name: "Running rate: Any error" });
  await expect(anyError.getByTestId("running-rate-chart")).toBeVisible();
  await expect(anyError.getByTestId("band-row").first()).toContainText("%");
  await expect(anyError.getByTestId("fixed-interval")).toContainText("Fixed-n interval");
  await expect(page.getByText("sample-key order")).toBeVisible();
  await anyError.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("audit-running-rate.png"), fullPage: true });

  await page.getByRole("link", { name: "Results with intervals" }).click();
  const judge = page.getByRole("table", { name: "Judge-assisted estimates" });
  await expect(judge.getByTestId("width-ratio").first()).toContainText("the judge makes this interval");
  const cohorts = page.getByTestId("cohort-comparison");
  await expect(cohorts.getByTestId("cohort-row").first()).toBeVisible();
  await expect(cohorts).toContainText("canary");
  await cohorts.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("audit-results-cohorts.png"), fullPage: true });

  await page.goto(`${project}/judge`);
  const comparison = page.getByRole("region", { name: /Judge llm_judge_score versus gold on Factuality/ });
  await expect(comparison.getByTestId("judge-kappa")).toHaveText(/^-?\d\.\d\d$/);
  await expect(comparison.getByTestId("judge-auc")).toHaveText(/^\d\.\d\d$/);
  await expect(comparison.getByRole("table", { name: /Confusion matrix/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("judge-vs-human.png"), fullPage: true });

  // A threshold outside 0–1 is refused at its field.
  const form = page.getByRole("form", { name: /Judge mapping llm_judge_score to factuality/ });
  await form.getByLabel("Threshold").fill("7");
  await form.getByRole("button", { name: "Save mapping" }).click();
  await expect(form.getByText("scores are fractions: a threshold from 0 to 1", { exact: true })).toBeVisible();
});
