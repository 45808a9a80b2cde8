import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { monthKeyAt, monthTitle, shiftMonth } from "../lib/incidents/monthly";
import { DEMO_PROJECT } from "../lib/demo/users";

const project = `/p/${DEMO_PROJECT.slug}`;
const thisMonth = monthKeyAt(new Date(), DEMO_PROJECT.timeZone);
const lastMonth = shiftMonth(thisMonth, -1);

const shots = process.env.E2E_OUTPUT_DIR ?? "test-results";

// First: the newest demo outputs are in last month, which the next test signs off.
test("a QA lead turns selected outputs into near misses and links others to an incident, with confirmations; a signed-off month refuses all of them", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "qa@demo.assay");
  // Outputs the guardrail stopped: the explorer's refusal check.
  // Not sampled: no review label has put them in an incident already.
  await page.goto(`${project}/outputs?check=refusal&sampled=no`);
  const bulk = page.getByRole("region", { name: "Incident actions on the selected outputs" });
  await expect(bulk).toBeVisible();
  await expect(bulk.getByRole("button", { name: "Record 0 near misses…" })).toBeDisabled();
  const table = page.getByRole("table", { name: "Logged outputs" });
  const boxes = table.getByRole("checkbox");
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await expect(bulk.getByTestId("selected-count")).toHaveText("2 outputs selected");
  const picked = [await boxes.nth(0).getAttribute("aria-label"), await boxes.nth(1).getAttribute("aria-label")].map((l) => l!.replace(/^Select /, ""));
  await bulk.getByLabel("Severity").selectOption("S2");
  await bulk.getByLabel("Category").selectOption("unsafe_advice");
  await bulk.getByRole("button", { name: "Record 2 near misses…" }).click();
  await expect(bulk.getByRole("group", { name: "Confirm" })).toContainText("This records 2 near-miss incidents at S2");
  await page.screenshot({ path: `${shots}/incidents-bulk-confirm.png`, fullPage: true });
  await bulk.getByRole("button", { name: "Confirm: record 2 near misses" }).click();
  await expect(bulk.getByRole("status")).toContainText("Recorded 2 near misses (INC-");
  await expect(bulk.getByTestId("selected-count")).toHaveText("0 outputs selected");

  // Again on the same outputs: nothing new, said so.
  await boxes.nth(0).check();
  await bulk.getByRole("button", { name: "Record 1 near miss…" }).click();
  await bulk.getByRole("button", { name: "Confirm: record 1 near miss" }).click();
  await expect(bulk.getByRole("status")).toContainText("Recorded 0 near misses; 1 output already in an incident, skipped");

  // Link a third output to one of the new incidents.
  await boxes.nth(2).check();
  await bulk.getByLabel("Link to an incident").check();
  const target = bulk.getByLabel("Incident", { exact: true });
  const option = target.locator("option", { hasText: `Guardrail blocked: ${picked[0]}` });
  await target.selectOption((await option.getAttribute("value"))!);
  await bulk.getByRole("button", { name: "Link 1 output…" }).click();
  await bulk.getByRole("button", { name: "Confirm: link 1 output" }).click();
  await expect(bulk.getByRole("status")).toContainText("Linked 1 output to the incident");
  await bulk.getByRole("link", { name: "Open it" }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("linked");
  await expect(page.getByText(picked[0], { exact: true })).toBeVisible();

  // Outputs of the signed-off month (the demo signs off the month before last): refused as a whole.
  const signed = shiftMonth(thisMonth, -2);
  // (days well inside the month, so the project's time zone cannot move an output out of it).
  await page.goto(`${project}/outputs?check=refusal&sampled=no&from=${signed}-02&to=${signed}-25`);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await bulk.getByRole("button", { name: "Record 2 near misses…" }).click();
  await bulk.getByRole("button", { name: "Confirm: record 2 near misses" }).click();
  await expect(bulk.getByRole("alert").first()).toContainText(`${monthTitle(signed)} was signed off`);
  await expect(bulk.getByTestId("selected-count")).toHaveText("2 outputs selected");
  await page.screenshot({ path: `${shots}/incidents-bulk-refused.png`, fullPage: true });
});

test("a harmful label opens an incident; a QA lead triages and closes it, sees it in the monthly review, and signs off a month", async ({ browser }) => {
  // Two people, a dozen pages: longer than one page's flow on this shared machine.
  test.setTimeout(180_000);
  // A reviewer marks an output harmful (S2) in the review workspace.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, "safety@demo.assay");
  await reviewer.goto(`${project}/review`);
  await expect(reviewer.getByTestId("workspace")).toBeVisible();
  const externalId = (await reviewer.getByTestId("item-external-id").textContent())!.trim();
  await reviewer.getByTestId("dimension-harm").getByRole("button", { name: /Harmful/ }).click();
  await reviewer.getByTestId("dimension-harm_severity").getByRole("button", { name: /S2 high/ }).click();
  // Every other choice gets its first option.
  const dimensions = reviewer.locator('[data-testid^="dimension-"]');
  for (let i = 0; i < (await dimensions.count()); i++) {
    const buttons = dimensions.nth(i).getByRole("button");
    if ((await buttons.count()) === 0) continue;
    if ((await dimensions.nth(i).locator('button[aria-pressed="true"]').count()) === 0) await buttons.first().click();
  }
  await reviewer.getByRole("button", { name: /Submit and next/ }).click();
  await expect(reviewer.getByTestId("item-external-id")).not.toHaveText(externalId);
  // The reviewer sees the incident their label opened, read-only.
  await reviewer.goto(`${project}/incidents`);
  await expect(async () => {
    await reviewer.reload();
    await expect(reviewer.getByRole("row").filter({ hasText: externalId })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 45_000 });
  await reviewerContext.close();

  const page = await browser.newPage();
  await signIn(page, "qa@demo.assay");
  await page.goto(project);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();

  // Filters live in the URL.
  await page.getByLabel("Filter by status").selectOption("open");
  await expect(page).toHaveURL(/status=open/);
  await page.getByLabel("Filter by month").selectOption(thisMonth);
  await expect(page).toHaveURL(new RegExp(`month=${thisMonth}`));
  // Opened by that label through the review event outbox, off the request path.
  const opened = page.getByRole("row").filter({ hasText: `flagged in review: ${externalId}` });
  await expect(opened).toBeVisible();
  await expect(opened).toContainText("S2");
  const reference = (await opened.getByRole("link").first().innerText()).trim();
  await opened.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`^${reference}:`) })).toBeVisible();
  await expect(page.getByTestId("incident-status")).toHaveText("Open");
  // A new S2 is announced through the job runner; the demo has no webhook, which the page says.
  await expect(page.getByRole("list", { name: "Notifications" })).toContainText("New S1/S2 incident");
  await expect(page.getByTestId("notification-state").first()).toContainText("Not sent: no webhook was enabled");
  // The severity definitions are shown in the form.
  await expect(page.getByLabel("Severity S1")).toBeVisible();
  await expect(page.getByText(/^Critical: safety, legal exposure/)).toBeVisible();
  await page.screenshot({ path: `${shots}/incidents-opened-by-label.png`, fullPage: true });

  // Triage, with a confirmation step.
  await page.getByRole("button", { name: "Mark triaged…" }).click();
  await page.getByRole("button", { name: "Confirm: mark triaged" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("Triaged");

  // Closing without a root cause is refused by name; nothing typed is lost.
  await page.getByRole("button", { name: "Close…" }).click();
  await page.getByLabel("Resolution").fill("Guardrail now refuses this advice; regression case added.");
  await page.getByRole("button", { name: "Confirm close" }).click();
  await expect(page.getByText("a root cause is required to close an incident", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Resolution")).toHaveValue("Guardrail now refuses this advice; regression case added.");
  await page.getByLabel("Root cause").fill("The prompt allowed specific advice in this task.");
  await page.getByRole("button", { name: "Confirm close" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("Closed");
  await expect(page.getByTestId("time-to-recovery")).not.toHaveText("—");
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("opened");
  await expect(timeline).toContainText("status: triaged → closed");

  // The monthly review of this month shows it, with rates per 1,000 reviewed.
  await page.goto(`${project}/incidents/review/${thisMonth}`);
  await expect(page.getByRole("heading", { name: `Monthly review: ${monthTitle(thisMonth)}` })).toBeVisible();
  await expect(page.getByTestId("rate-harm")).toContainText("(95 %");
  await expect(page.getByTestId("rate-near_miss")).toContainText("(95 %");
  await expect(page.getByTestId("harm-estimate")).toContainText("harmful outputs per 10,000 interactions");
  const row = page.getByRole("table", { name: "Incidents of the month" }).getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("Closed");
  await page.screenshot({ path: `${shots}/incidents-monthly-review.png`, fullPage: true });

  // Signing off last month makes its incidents read-only.
  await page.goto(`${project}/incidents/review/${lastMonth}`);
  await page.getByLabel("Notes").fill("Reviewed with support.");
  await page.getByLabel("Action items").fill("Tighten the refund guardrail\nWeekly look at guardrail logs");
  await page.getByRole("button", { name: `Sign off ${monthTitle(lastMonth)}…` }).click();
  await page.getByRole("button", { name: "Confirm sign-off" }).click();
  await expect(page.getByTestId("sign-off")).toContainText("Signed off by Quinn Harper");
  await expect(page.getByTestId("sign-off")).toContainText("Tighten the refund guardrail");
  await expect(page.getByRole("list", { name: "Signed-off months" })).toContainText(monthTitle(lastMonth));
  await page.screenshot({ path: `${shots}/incidents-signed-off.png`, fullPage: true });

  const lockedRow = page.getByRole("table", { name: "Incidents of the month" }).getByRole("row").nth(1);
  await lockedRow.getByRole("link").first().click();
  await expect(page.getByText(`${monthTitle(lastMonth)} was signed off`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Close…" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save details" })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/incidents-locked-incident.png`, fullPage: true });
});

test("a reviewer sees only the incidents their labels opened, read-only", async ({ page }) => {
  await signIn(page, "medic@demo.assay");
  await page.goto(`${project}/incidents`);
  await expect(page.getByText("The incidents your labels opened.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Record an incident" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Monthly review" })).toHaveCount(0);
  // Hand-recorded incidents (not opened by a label) never show here.
  await expect(page.getByText("Customer complaint:")).toHaveCount(0);
});
