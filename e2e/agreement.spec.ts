import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

test("a QA lead sees alpha with its interval and band per dimension, and the reviewers; a reviewer sees only their own", async ({ page }, testInfo) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(project);
  await page.getByRole("link", { name: "Agreement" }).first().click();
  await expect(page.getByRole("heading", { name: "Agreement", exact: true })).toBeVisible();
  const factuality = page.getByRole("region", { name: "Agreement on Factuality" });
  await expect(factuality.getByTestId("alpha")).toHaveText(/^-?\d\.\d\d$/);
  await expect(factuality.getByTestId("alpha-interval")).toContainText("95 % interval");
  await expect(factuality.getByTestId("alpha-band")).toBeVisible();
  // Every dimension shows either α with interval and band, or says it rests on too few items.
  for (const region of await page.getByTestId("dimension-agreement").all()) {
    if (await region.getByTestId("too-few").count()) await expect(region.getByTestId("too-few")).toContainText("Too few overlapping items");
    else {
      await expect(region.getByTestId("alpha-interval")).toBeVisible();
      await expect(region.getByTestId("alpha-band")).toBeVisible();
    }
  }
  await expect(factuality.getByTestId("overlap-sizing")).toContainText(/α rests on \d+ items; its interval is ±\d\.\d\d; at \d\.\d\d overlap .* it would be about ±\d\.\d\d/);
  await expect(page.getByRole("table", { name: "α of Factuality per audit" })).toBeVisible();
  const reviewers = page.getByRole("table", { name: "Reviewer quality" });
  await expect(reviewers).toBeVisible();
  expect(await reviewers.getByRole("row").count()).toBeGreaterThan(2);
  await expect(reviewers.getByRole("columnheader", { name: "Below the team" })).toBeVisible();
  // Drift per reviewer (chart with its table) and the confusion matrices reviewer × gold.
  expect(await page.getByTestId("reviewer-drift").count()).toBeGreaterThan(1);
  await page.getByText("Confusion with gold, per categorical dimension").scrollIntoViewIfNeeded();
  const firstReviewer = page.locator("details").filter({ has: page.getByTestId("confusion-matrix") }).first();
  if (!(await firstReviewer.getAttribute("open"))) await firstReviewer.locator("summary").click();
  await expect(firstReviewer.getByTestId("confusion-matrix").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("agreement.png"), fullPage: true });

  await page.context().clearCookies();
  await signIn(page, "finance@demo.assay");
  const response = await page.goto(`${project}/agreement`);
  expect(response?.status()).toBe(404);
  await page.goto(`${project}/review/quality`);
  await expect(page.getByRole("heading", { name: "My agreement with gold" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Your labels against gold, per dimension" })).toBeVisible();
  await expect(page.getByTestId("confusion-matrix").first()).toBeVisible();
  await expect(page.getByTestId("reviewer-drift")).toBeVisible();
  // Only their own figures: no other reviewer's name, no team table.
  await expect(page.getByRole("table", { name: "Reviewer quality" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("my-quality.png"), fullPage: true });
});

test("rubric save errors are beside the Save button and at the field, the first one focused (keyboard only)", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/rubric`);
  const label = page.getByRole("region", { name: /Dimension 1:/ }).getByLabel("Label", { exact: true });
  await label.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await page.getByRole("button", { name: "Save as a new version" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText(/Not saved: 1 problem/)).toBeVisible();
  await expect(page.getByRole("region", { name: /Dimension 1:/ }).getByText("a dimension needs a label")).toBeVisible();
  await expect(label).toBeFocused();
  // A key labels use is frozen: it cannot be typed over.
  await expect(page.getByRole("region", { name: /Dimension 1:/ }).getByLabel("Key")).toHaveAttribute("readonly", "");
});
