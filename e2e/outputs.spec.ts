import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

test("an ML engineer ingests outputs, finds them by text search, opens one, and a QA lead follows an adjudication item to its output", async ({ page, baseURL }, testInfo) => {
  await signIn(page, "ml@demo.assay");
  await page.goto(`${project}/settings/api-keys`);
  await page.getByLabel("Name").fill("e2e-outputs");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").innerText()).trim();

  // What a logging pipeline does: POST the records with the project key, here with curl itself.
  const marker = `zebracorn${Date.now()}`;
  const records = [0, 1, 2].map((i) => ({
    id: `e2e-outputs-${marker}-${i}`,
    timestamp: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
    input: [{ role: "user", content: `Where is parcel ${marker} number ${i}?` }],
    output: { role: "assistant", content: i === 2 ? "I can't help with that request." : `Parcel ${i} left the depot today.` },
    metadata: { taskType: "general", model: "gpt-e2e", latencyMs: 1200 + i, costUsd: 0.0031, tokensIn: 40, tokensOut: 12 },
  }));
  const sent = execFileSync("curl", ["-sS", "-w", "\n%{http_code}", "-X", "POST", `${baseURL}/api/v1/outputs`, "-H", `authorization: Bearer ${key}`, "-H", "content-type: application/json", "--data-binary", JSON.stringify(records)], { encoding: "utf8" });
  const body = sent.slice(0, sent.lastIndexOf("\n"));
  const status = sent.slice(sent.lastIndexOf("\n") + 1);
  expect(status).toBe("200");
  expect(JSON.parse(body)).toMatchObject({ accepted: 3, rejected: 0 });

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Outputs" }).click();
  await page.getByLabel("Search input and output").fill(marker);
  await page.getByRole("button", { name: "Apply filters" }).click();
  // The URL holds the view; the count is exact below 10,000.
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(page.getByTestId("outputs-count")).toHaveText(/^3 matching outputs/);
  const table = page.getByRole("table", { name: "Logged outputs" });
  await expect(table.getByText("refusal")).toHaveCount(1);

  // Open the refused one.
  await table.getByRole("row").filter({ hasText: "can't help" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: `Output e2e-outputs-${marker}-2` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Check results" }).getByRole("row", { name: /Refusal/ })).toContainText("yes");
  await expect(page.getByText("1,202 ms")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("output-page.png"), fullPage: true });

  // A reviewer cannot open the explorer or an output page.
  const outputUrl = page.url();
  await page.context().clearCookies();
  await signIn(page, "reviewer@demo.assay");
  expect((await page.goto(`${project}/outputs`))?.status()).toBe(404);
  expect((await page.goto(outputUrl))?.status()).toBe(404);

  // A QA lead goes from an adjudication item to its output page.
  await page.context().clearCookies();
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/adjudication`);
  const externalId = (await page.getByTestId("item-external-id").first().innerText()).trim();
  await page.getByRole("link", { name: "Output page" }).click();
  await expect(page.getByRole("heading", { name: `Output ${externalId}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Audits \([1-9]\d*\)$/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("output-from-adjudication.png"), fullPage: true });

  // The overview reads the week's population figures from the rollup.
  await page.goto(project);
  await expect(page.getByRole("table", { name: "Population per week" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("overview.png"), fullPage: true });
});
