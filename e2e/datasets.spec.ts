import fs from "node:fs";
import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { unzipSync } from "fflate";
import { parse as parseYaml } from "yaml";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

async function downloadFrom(page: Page, linkName: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  return fs.readFileSync((await download.path())!);
}

async function adjudicateOne(page: Page) {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/adjudication`);
  const decision = page.getByTestId("adjudication-case");
  await expect(decision).toHaveCount(1);
  const externalId = (await page.getByTestId("adjudication-queue").locator('a[aria-current="true"]').getByTestId("queue-external-id").textContent())!;
  // "1" decides each dimension and moves on, up to the first text box; then Tab to the rationale.
  const activeTag = () => page.evaluate(() => document.activeElement?.tagName);
  for (let i = 0; i < 12 && (await activeTag()) !== "TEXTAREA"; i++) await page.keyboard.press("1");
  const activeStop = () => page.evaluate(() => document.activeElement?.getAttribute("data-dimension"));
  for (let i = 0; i < 4 && (await activeStop()) !== "__rationale"; i++) await page.keyboard.press("Tab");
  await page.keyboard.type("Decided for the regression dataset test.");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Gold label recorded for ${externalId}` })).toBeVisible();
  return externalId;
}

test("an ML engineer makes a dataset version, downloads it, and sees a one-row diff after an adjudication", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, "ml@demo.assay");
  await page.goto(`${project}/datasets`);
  // The demo dataset is there with a frozen version.
  await expect(page.getByRole("link", { name: "support-regression" })).toBeVisible();

  const name = `e2e-gold-${Date.now().toString(36)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Which items").selectOption("gold");
  await page.getByRole("button", { name: "Create dataset" }).click();
  await expect(page.getByRole("heading", { name: `Dataset ${name}` })).toBeVisible();

  await page.getByLabel("Why this version (note)").fill("first cut from the demo audit");
  await page.getByRole("button", { name: "Make a version" }).click();
  const frozen = page.getByRole("status").filter({ hasText: "Version 1 frozen" });
  await expect(frozen).toBeVisible();
  const [, rows, sha256] = /Version 1 frozen: (\d+) rows, sha256 ([0-9a-f]{64})/.exec((await frozen.textContent())!)!;
  expect(Number(rows)).toBeGreaterThan(0);
  const versions = page.getByRole("table", { name: "Versions" });
  await expect(versions.getByLabel("SHA-256 of v1")).toHaveText(sha256);
  await expect(versions.getByRole("row").nth(1)).toContainText("first cut from the demo audit");
  await expect(versions.getByRole("row").nth(1)).toContainText("Morgan Lee");

  // JSONL: one line per row, and the file's SHA-256 is the version's.
  const jsonl = await downloadFrom(page, "Download v1 as JSONL (full provenance)");
  expect(createHash("sha256").update(jsonl).digest("hex")).toBe(sha256);
  expect(jsonl.toString("utf8").trimEnd().split("\n")).toHaveLength(Number(rows));

  // Hugging Face folder: a card naming the features and a Parquet file per split.
  const files = unzipSync(new Uint8Array(await downloadFrom(page, "Download v1 as Hugging Face dataset folder (zip)")));
  const card = Buffer.from(files["README.md"]).toString("utf8");
  const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]);
  expect(front.dataset_info.features.map((f: { name: string }) => f.name)).toContain("gold_factuality");
  const parquetFiles = Object.keys(files).filter((f) => /^data\/(train|test)-00000-of-00001\.parquet$/.test(f));
  expect(parquetFiles.length).toBeGreaterThan(0);
  for (const f of parquetFiles) expect(Buffer.from(files[f].subarray(0, 4)).toString()).toBe("PAR1");

  // A QA lead adjudicates one more item...
  const lead = await browser.newContext();
  const leadPage = await lead.newPage();
  const adjudicated = await adjudicateOne(leadPage);
  await lead.close();

  // ...and the next version has exactly that one row more.
  await page.reload();
  await page.getByLabel("Why this version (note)").fill("after one more adjudication");
  await page.getByRole("button", { name: "Make a version" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Version 2 frozen: ${Number(rows) + 1} rows` })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Changes in v2 since v1" })).toBeVisible();
  await expect(page.getByText("1 added · 0 removed · 0 changed")).toBeVisible();
  await expect(page.getByText(adjudicated, { exact: true })).toBeVisible();
  await expect(versions.getByRole("row").nth(1)).toContainText("after one more adjudication");
});
