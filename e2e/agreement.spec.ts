import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

test("a QA lead sees alpha with its interval and band per dimension, and the reviewers; a reviewer sees only their own", async ({ page }, testInfo) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(project);
  await page.getByRole("link", { name: "Agreement" }).first().click();
  await expect(page.getByRole("heading", { name: "Agreement" })).toBeVisible();
  const factuality = page.getByRole("region", { name: "Agreement on Factuality" });
  await expect(factuality.getByTestId("alpha")).toHaveText(/^-?\d\.\d\d$/);
  await expect(factuality.getByTestId("alpha-interval")).toContainText("95 % interval");
  await expect(factuality.getByTestId("alpha-band")).toBeVisible();
  await expect(page.getByRole("table", { name: "Reviewer quality" })).toBeVisible();
  expect(await page.getByRole("table", { name: "Reviewer quality" }).getByRole("row").count()).toBeGreaterThan(2);
  await page.screenshot({ path: testInfo.outputPath("agreement.png"), fullPage: true });

  await page.context().clearCookies();
  await signIn(page, "finance@demo.assay");
  const response = await page.goto(`${project}/agreement`);
  expect(response?.status()).toBe(404);
  await page.goto(`${project}/review/quality`);
  await expect(page.getByRole("heading", { name: "My agreement with gold" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Your labels against gold, per dimension" })).toBeVisible();
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
