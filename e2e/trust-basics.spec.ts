// Issue 12 (points 2–4, 7–14, 16): confirmations, messages in the form's words, dates, layout at
// 1280 px, the slug pattern, the not-found page, the calculator's design effect, the demo plan and
// landing, the favicon. Every change this spec makes it undoes (the audit is reopened), or makes
// on its own rows (a new key, a new project slug that is never created).
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

test("the favicon is served and a missing page is an app page with a way home, still a 404", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/icon/);

  await signIn(page, "qa@demo.assay");
  const inProject = await page.goto(`${project}/audits/no-such-audit`);
  expect(inProject?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  // Inside the project's shell: the navigation stays.
  await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Audits" })).toBeVisible();

  const otherProject = await page.goto("/p/someone-elses-project/audits");
  expect(otherProject?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText("qa@demo.assay");
  await page.getByRole("link", { name: "Go to your projects" }).click();
  // A member of one project lands in it, and the overview says what to do next.
  await expect(page).toHaveURL(new RegExp(`${project}$`));
  await expect(page.getByRole("heading", { name: "What to do next" })).toBeVisible();
  await expect(page.getByTestId("next-steps")).toContainText(/Audit \d{4}-W\d{2}: [\d,]+ of [\d,]+ items reviewed/);
});

test("closing an audit asks first and says what it does; a QA lead reopens it with a reason", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/audits`);
  // Dates are ISO-like and the zone is named.
  await expect(page.getByText(/Weeks and dates in Europe\/Berlin \(UTC\+1\)/)).toBeVisible();
  await page.getByRole("link", { name: /^\d{4}-W\d{2}/ }).first().click();
  await expect(page.getByTestId("audit-status")).toHaveText(/^open/);

  await page.getByRole("button", { name: "Close audit" }).click();
  const dialog = page.getByRole("dialog", { name: /Close audit/ });
  await expect(dialog).toContainText("Labels freeze");
  await expect(dialog).toContainText(/not yet reviewed and will stay unreviewed/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("audit-status")).toHaveText(/^open/);

  await page.getByRole("button", { name: "Close audit" }).click();
  await dialog.getByLabel("Note (optional)").fill("e2e: closing for the test");
  await dialog.getByRole("button", { name: "Close audit" }).click();
  await expect(page.getByTestId("audit-status")).toHaveText(/^closed/);
  await expect(page.getByTestId("audit-status")).toContainText(/left unreviewed at closing/);

  await page.getByRole("button", { name: "Reopen audit" }).click();
  const reopen = page.getByRole("dialog", { name: /Reopen audit/ });
  await reopen.getByLabel("Reason for reopening").fill("e2e: reviews must go on");
  await reopen.getByRole("button", { name: "Reopen audit" }).click();
  // The page itself says so: the status is open again and the history records the reason.
  await expect(page.getByTestId("audit-status")).toHaveText(/^open/);
  await expect(page.getByRole("button", { name: "Close audit" })).toBeVisible();
  const history = page.getByRole("list", { name: "Status history" });
  await expect(history).toContainText("Closed");
  await expect(history).toContainText("“e2e: reviews must go on”");
  await expect(history).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+1/);
});

test("draw now asks first and says the full-week draw tops it up; a bad week is named", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/audits`);
  await page.getByRole("button", { name: "Draw now" }).click();
  const dialog = page.getByRole("dialog", { name: /Draw \d{4}-W\d{2} now\?/ });
  await expect(dialog).toContainText("keeps every item drawn now");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`${project}/audits$`));
  await page.getByLabel("ISO week").fill("soon");
  await page.getByRole("button", { name: "Draw now" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Draw the week so far" }).click();
  await expect(page.getByText("enter an ISO week such as 2026-W47", { exact: true })).toBeVisible();
});

test("the plan shows the demo strata and what the allocation buys; the editor fits 1280 px", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/audits/plan`);
  await expect(page.getByLabel("Allocation")).toHaveValue("oversample");
  await expect(page.getByLabel("Oversampling factor")).toHaveValue("2");
  const values = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => page.getByLabel(`Stratum ${i + 1} value`).inputValue()));
  expect(values.sort()).toEqual(["account_access", "billing", "financial_advice", "general", "medical_questions", "refunds"]);
  // No value is cut: every stratum value fits its box.
  for (let i = 0; i < 6; i++) {
    const fits = await page.getByLabel(`Stratum ${i + 1} value`).evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
  }
  await expect(page.getByTestId("calc-allocation-margin")).toContainText(/against ± [\d.]+ % for a simple random sample/);
  await expect(page.getByTestId("calc-allocation")).toContainText(/design effect \d\.\d\d/);
  await page.screenshot({ path: testInfo.outputPath("plan-1280.png"), fullPage: true });
});

test("settings: messages use the form's labels, success clears on the next action, removing asks", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "admin@demo.assay");
  await page.goto(`${project}/settings`);
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Check the highlighted fields: Time zone: /)).toBeVisible();
  await expect(page.getByText(/timeZone/)).toHaveCount(0);
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(`new-${Date.now()}@example.test`);
  await page.getByLabel("Initial password (new users only)").fill("short");
  await page.getByRole("button", { name: "Add member" }).click();
  // The next action cleared the earlier success message.
  await expect(page.getByText("Settings saved.")).toHaveCount(0);
  await expect(page.getByText(/Check the highlighted fields: Initial password \(new users only\): /)).toBeVisible();
  await expect(page.getByText(/initialPassword/)).toHaveCount(0);

  const row = page.getByRole("row", { name: /medic@demo\.assay/ });
  await row.getByRole("button", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: /Remove medic@demo\.assay/ });
  await expect(dialog).toContainText("loses access to this project at once");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await expect(row.getByLabel("Role of medic@demo.assay")).toHaveValue("reviewer");
  await page.getByRole("heading", { name: /Members/ }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("members-1280.png"), fullPage: true });
});

test("revoking a key asks first; the new key's secret stays on screen meanwhile", async ({ page }) => {
  await signIn(page, "ml@demo.assay");
  await page.goto(`${project}/settings/api-keys`);
  await page.getByLabel("Name").fill("e2e-revoke");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^assay_/);
  const row = page.getByRole("row", { name: /e2e-revoke/ });
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+1 \(just now\)/);
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: /Revoke the key “e2e-revoke”/ });
  await expect(dialog).toContainText("cannot be restored");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("revoked");
  await expect(page.getByTestId("new-api-key")).toHaveText(/^assay_/);
});

test("the new-project slug pattern is valid in the browser and checked there", async ({ page }) => {
  await signIn(page, "admin@demo.assay");
  await page.goto("/");
  const slug = page.getByLabel("Slug");
  await slug.fill("Not A Slug");
  expect(await slug.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  await slug.fill("a-good-slug");
  expect(await slug.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(false);
});
