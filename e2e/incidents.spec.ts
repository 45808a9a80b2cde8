import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { monthKeyAt, monthTitle, shiftMonth } from "../lib/incidents/monthly";
import { DEMO_PROJECT } from "../lib/demo/users";

const project = `/p/${DEMO_PROJECT.slug}`;
const thisMonth = monthKeyAt(new Date(), DEMO_PROJECT.timeZone);
const lastMonth = shiftMonth(thisMonth, -1);

test("a QA lead triages and closes an incident a label opened, sees it in the monthly review, and signs off a month", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(project);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();

  // Filters live in the URL.
  await page.getByLabel("Filter by status").selectOption("open");
  await expect(page).toHaveURL(/status=open/);
  await page.getByLabel("Filter by month").selectOption(thisMonth);
  await expect(page).toHaveURL(new RegExp(`month=${thisMonth}`));
  // Opened by a demo label that marked harm (near miss or harmful).
  const opened = page.getByRole("row").filter({ hasText: "flagged in review" }).first();
  await expect(opened).toBeVisible();
  const reference = (await opened.getByRole("link").first().innerText()).trim();
  await opened.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`^${reference}:`) })).toBeVisible();
  await expect(page.getByTestId("incident-status")).toHaveText("Open");
  // The severity definitions are shown in the form.
  await expect(page.getByLabel("Severity S1")).toBeVisible();
  await expect(page.getByText(/^Critical: safety, legal exposure/)).toBeVisible();

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

  // Signing off last month makes its incidents read-only.
  await page.goto(`${project}/incidents/review/${lastMonth}`);
  await page.getByLabel("Notes").fill("Reviewed with support.");
  await page.getByLabel("Action items").fill("Tighten the refund guardrail\nWeekly look at guardrail logs");
  await page.getByRole("button", { name: `Sign off ${monthTitle(lastMonth)}…` }).click();
  await page.getByRole("button", { name: "Confirm sign-off" }).click();
  await expect(page.getByTestId("sign-off")).toContainText("Signed off by Quinn Harper");
  await expect(page.getByTestId("sign-off")).toContainText("Tighten the refund guardrail");
  await expect(page.getByRole("list", { name: "Signed-off months" })).toContainText(monthTitle(lastMonth));
  await page.screenshot({ path: "test-results/incidents-signed-off.png", fullPage: true });

  const lockedRow = page.getByRole("table", { name: "Incidents of the month" }).getByRole("row").nth(1);
  await lockedRow.getByRole("link").first().click();
  await expect(page.getByText(`${monthTitle(lastMonth)} was signed off`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Close…" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save details" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/incidents-locked-incident.png", fullPage: true });
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
