import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { shiftIsoWeek } from "../lib/audits/week";

const project = "/p/support-assistant";

test("a QA lead edits the plan, sees the calculator change, draws a week and sees the audit", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/audits/plan`);
  await expect(page.getByRole("heading", { name: "Audit plan" })).toBeVisible();

  // The live calculator: a tighter margin needs more reviews, computed in the browser.
  await page.getByLabel("Weekly outputs N (for the calculator)").fill("10000");
  await page.getByLabel("Method").selectOption("estimate");
  await page.getByLabel("Margin of error ± e").fill("0.03");
  await expect(page.getByTestId("calc-n")).toHaveText("n = 199");
  await expect(page.getByTestId("calc-steps")).toContainText("1.96");
  await page.getByLabel("Margin of error ± e").fill("0.01");
  await expect(page.getByTestId("calc-n")).toHaveText("n = 1,544");

  // The question: 10K a week, 0.5 % tolerable error rate.
  await page.getByLabel("Method").selectOption("discovery");
  await page.getByLabel("Tolerable error rate").fill("0.005");
  // Exact for a known week of N = 10,000: M = ⌈0.005 × 10,000⌉ = 50 errors, and the smallest n with
  // 1 − C(9,950, n)/C(10,000, n) ≥ 95 % is 581 (P = 95.02 %; computed apart from the app, by the
  // product Π (N − M − i)/(N − i)); the binomial bound would say 598.
  await expect(page.getByTestId("calc-n")).toHaveText("n = 581");
  await expect(page.getByTestId("calc-steps")).toContainText("= 50 errors in the week");
  await expect(page.getByTestId("calc-steps")).toContainText("n = 581 (P = 95.02 %)");
  await expect(page.getByTestId("calc-buys")).toContainText("chance of catching at least one error");

  // Bad input is named, and the plan cannot be saved.
  await page.getByLabel("Tolerable error rate").fill("2");
  await expect(page.getByText("the tolerable error rate must be below 1")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save as a new version" })).toBeDisabled();

  // A fixed size with high-risk oversampling; the preview of last week follows.
  await page.getByLabel("Method").selectOption("fixed");
  await page.getByLabel("Tolerable error rate").fill("0.01");
  await page.getByLabel("Items per week").fill("120");
  await expect(page.getByTestId("calc-n")).toHaveText("n = 120");
  await expect(page.getByTestId("preview-total")).toHaveText("120");
  // The demo plan lists the six task types already.
  await page.getByLabel("Stratum 1 risk").selectOption("high");
  await page.getByLabel("Stratum 1 minimum").fill("30");
  await page.getByLabel("Stratum 1 expertise needed").fill("Account access, Security");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText(/Saved as version \d+\./)).toBeVisible();
  // Saved in the members' spelling of expertise tags.
  await page.reload();
  await expect(page.getByLabel("Stratum 1 expertise needed")).toHaveValue("account_access, security");

  // Draw a closed week: the demo's first week, the one week of its eight that the demo leaves
  // undrawn (lib/server/demo/seed-scorecard-history.ts); the later ones carry the scorecard history.
  await page.goto(`${project}/audits`);
  await page.getByLabel("What to draw").selectOption("closed");
  const lastClosed = await page.getByLabel("ISO week").inputValue();
  const week = shiftIsoWeek(lastClosed, -7);
  await page.getByLabel("ISO week").fill(week);
  await page.getByRole("button", { name: "Draw week" }).click();
  await expect(page.getByRole("heading", { name: `Audit ${week}` })).toBeVisible();
  await expect(page.getByTestId("audit-sample-size")).toHaveText("120");
  expect(Number((await page.getByTestId("audit-population").innerText()).replace(/,/g, ""))).toBeGreaterThan(1000);

  // It is in the list; drawing the same week again opens the same audit instead of a second one.
  await page.goto(`${project}/audits`);
  await page.getByLabel("Filter rows").fill(week);
  await expect(page.getByRole("link", { name: week })).toBeVisible();
  await page.getByLabel("What to draw").selectOption("closed");
  await page.getByLabel("ISO week").fill(week);
  await page.getByRole("button", { name: "Draw week" }).click();
  await expect(page.getByRole("heading", { name: `Audit ${week}` })).toBeVisible();
  await page.goto(`${project}/audits`);
  await page.getByLabel("Filter rows").fill(week);
  await expect(page.getByRole("link", { name: week })).toHaveCount(1);

  // A malformed week is refused with a message naming the field ("Draw now" asks first).
  await page.getByLabel("ISO week").fill("last week");
  await page.getByRole("button", { name: "Draw now" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Draw the week so far" }).click();
  await expect(page.getByText("enter an ISO week such as 2026-W47", { exact: true })).toBeVisible();
});

test("a reviewer cannot open audits", async ({ page }) => {
  await signIn(page, "reviewer@demo.assay");
  expect((await page.goto(`${project}/audits`))?.status()).toBe(404);
  expect((await page.goto(`${project}/audits/plan`))?.status()).toBe(404);
});
