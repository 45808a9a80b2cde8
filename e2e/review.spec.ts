import { expect, test } from "./fixtures";
import { labelWithKeyboard, signIn } from "./helpers";

const project = "/p/support-assistant";

test("a reviewer labels three items with the keyboard only and the fourth appears", async ({ page }) => {
  await signIn(page, "reviewer@demo.assay");
  await page.goto(`${project}/review`);
  const workspace = page.getByTestId("workspace");
  await expect(workspace).toBeVisible();
  await expect(page.getByText("Tab / Shift+Tab")).toBeVisible();
  // Model output is read as markdown, never as HTML; "s" shows its exact source text and back.
  expect(await page.getByTestId("item-output").locator("script, iframe, img").count()).toBe(0);
  await page.keyboard.press("s");
  await expect(page.getByTestId("toggle-source")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("item-output").locator("pre")).not.toHaveCount(0);
  await page.keyboard.press("s");
  await expect(page.getByTestId("toggle-source")).toHaveAttribute("aria-pressed", "false");
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

test("a QA lead adjudicates a disagreement with the keyboard, and the next one opens", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/adjudication`);
  const total = Number(await page.getByTestId("adjudication-total").textContent());
  expect(total).toBeGreaterThanOrEqual(2);
  const current = page.getByTestId("adjudication-queue").locator('a[aria-current="true"]').getByTestId("queue-external-id");
  const externalId = (await current.textContent())!;
  const decision = page.getByTestId("adjudication-case");
  await expect(decision).toHaveCount(1);
  const disagreement = decision.locator('tr[data-disagrees="true"]').first();
  await expect(disagreement).toBeVisible();
  const disagreed = (await disagreement.getByRole("cell").first().innerText()).trim();
  // Recording before deciding the disagreement is refused by name, and the rationale typed is kept.
  await decision.getByLabel("Rationale").fill("Draft reasoning");
  await decision.getByRole("button", { name: "Record gold label" }).click();
  await expect(decision.getByTestId("decision-issue").filter({ hasText: `${disagreed}: ` })).toBeVisible();
  await expect(decision.getByLabel("Rationale")).toHaveValue("Draft reasoning");
  await decision.getByLabel("Rationale").fill("");
  // Back to the first disagreement (marked in its name) to decide it with the keyboard.
  const firstDisagreement = decision.getByRole("group", { name: /reviewers disagree/ }).first();
  await expect(firstDisagreement.locator("legend")).toContainText(disagreed);
  await firstDisagreement.locator("legend").click();
  await expect(firstDisagreement).toHaveAttribute("data-focused", "true");
  // Focus starts on the first disagreement; "1" decides it and moves on, up to the first text box.
  const activeTag = () => page.evaluate(() => document.activeElement?.tagName);
  for (let i = 0; i < 12 && (await activeTag()) !== "TEXTAREA"; i++) await page.keyboard.press("1");
  // Tab through the rubric's text boxes to the rationale.
  const activeStop = () => page.evaluate(() => document.activeElement?.getAttribute("data-dimension"));
  for (let i = 0; i < 4 && (await activeStop()) !== "__rationale"; i++) await page.keyboard.press("Tab");
  expect(await activeStop()).toBe("__rationale");
  await page.keyboard.type("Checked against the help article; the first reviewer is right.");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Gold label recorded for ${externalId}` })).toBeVisible();
  await expect(page.getByTestId("adjudication-total")).toHaveText(String(total - 1));
  await expect(current).not.toHaveText(externalId);
  await expect(page.getByTestId("adjudication-queue").getByText(externalId, { exact: true })).toHaveCount(0);
});

test("a QA lead finds a pending item by its output id and takes it off the queues", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/review`);
  const pending = page.locator("section").filter({ has: page.getByRole("heading", { name: /^Pending items/ }) });
  const firstRow = pending.getByRole("row").nth(1);
  const outputId = (await firstRow.locator("td").first().innerText()).trim();
  await pending.getByLabel("Filter rows").fill(outputId);
  const row = pending.getByRole("row").filter({ hasText: outputId });
  await expect(row).toHaveCount(1);
  await row.getByText("Change…").click();
  await row.getByRole("button", { name: "Skip item" }).click();
  // A skipped item is no longer pending: its row leaves the table, and stays gone.
  await expect(pending.getByRole("row").filter({ hasText: outputId })).toHaveCount(0);
  await page.reload();
  await pending.getByLabel("Filter rows").fill(outputId);
  await expect(pending.getByRole("row").filter({ hasText: outputId })).toHaveCount(0);
});
