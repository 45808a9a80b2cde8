import { expect, test } from "@playwright/test";
import { labelWithKeyboard, signIn } from "./helpers";

const project = "/p/support-assistant";

test("a reviewer labels three items with the keyboard only and the fourth appears", async ({ page }) => {
  await signIn(page, "reviewer@demo.assay");
  await page.goto(`${project}/review`);
  const workspace = page.getByTestId("workspace");
  await expect(workspace).toBeVisible();
  await expect(page.getByText("Tab / Shift+Tab")).toBeVisible();
  // Model output is shown as text, never as HTML.
  expect(await page.getByTestId("item-output").locator("script, iframe, img").count()).toBe(0);
  const seen: string[] = [];
  for (let n = 1; n <= 3; n++) {
    const id = (await page.getByTestId("item-external-id").textContent())!;
    seen.push(id);
    await labelWithKeyboard(page);
    await expect(page.getByTestId("item-external-id")).not.toHaveText(id);
    await expect(page.getByTestId("saved-count")).toHaveText(`${n} saved this session`);
  }
  const fourth = (await page.getByTestId("item-external-id").textContent())!;
  expect(seen).not.toContain(fourth);
  expect(new Set(seen).size).toBe(3);
});

test("the review API never returns other reviewers' labels to a blind reviewer", async ({ page }) => {
  await signIn(page, "medic@demo.assay");
  const response = await page.request.post(`/api/v1/projects/support-assistant/review/next`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.item).not.toBeNull();
  expect(body.item.otherLabels).toBeNull();
  const again = await page.request.get(`/api/v1/projects/support-assistant/review/items/${body.item.sampledItemId}`);
  expect((await again.json()).otherLabels).toBeNull();
  // Bad input: the field is named, nothing is written.
  const bad = await page.request.post(`/api/v1/projects/support-assistant/review/assignments/${body.item.assignmentId}/label`, { data: { values: { factuality: "great" } } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).issues.map((i: { field: string }) => i.field)).toContain("values.factuality");
});

test("a QA lead adjudicates a disagreement", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/adjudication`);
  const total = Number(await page.getByTestId("adjudication-total").textContent());
  expect(total).toBeGreaterThanOrEqual(2);
  const first = page.getByTestId("adjudication-case").first();
  await expect(first.locator('tr[data-disagrees="true"]').first()).toBeVisible();
  // Decide every dimension the reviewers left open (follow-ups may appear as choices are made).
  for (let round = 0; round < 6; round++) {
    const undecided = first.locator("fieldset").filter({ has: page.locator("button") }).filter({ hasNot: page.locator('button[aria-pressed="true"]') });
    if ((await undecided.count()) === 0) break;
    await undecided.first().locator("button").first().click();
  }
  await first.getByLabel("Rationale").fill("Checked against the refund policy article; the first reviewer is right.");
  await first.getByRole("button", { name: "Record gold label" }).click();
  await expect(page.getByTestId("adjudication-total")).toHaveText(String(total - 1));
});
