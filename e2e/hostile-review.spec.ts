// Issue 19: hostile model output where people work on it, in a real Chromium. Outputs carrying
// script, onerror images, SVG with script, javascript:/data: links, raw HTML, remote images and a
// stylesheet at a listener on 127.0.0.1, bidi overrides, zero-width characters, a 20,000-character
// line, a one-megabyte answer, ids with markup, and texts that start like spreadsheet formulas are
// logged in a week of their own, drawn into an audit in which every item goes to two reviewers,
// labelled by one reviewer in the review workspace and, differently, by the other through the
// API, so that each one waits in adjudication. Each item is then shown in the workspace and in
// adjudication, one decision is recorded with hostile text, and a dataset of the audit is frozen
// twice and downloaded. On every page: no dialog, no console line or trap from injected script,
// no request to another origin (the listener sees none), no horizontal overflow at 1280 px, and
// the page's main button on screen. The downloads: CSV cells that could start a formula carry a
// leading ', JSONL gives back every hostile string exactly; the incident month CSV neutralises a
// formula title too. hostile-output.spec.ts covers the explorer, output pages and incidents.
import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { labelWithKeyboard, signIn } from "./helpers";
import { expectNoHorizontalOverflow, expectNothingRan, megabyteOutput, payloads, startListener, trap, trapPage, type Listener, type Trap } from "./hostile";
import { isoWeekAt, isoWeekRange, shiftIsoWeek } from "../lib/audits/week";

const slug = "support-assistant";
const project = `/p/${slug}`;
const TIME_ZONE = "Europe/Berlin";
/** What a spreadsheet could run: each hostile output starts with one of these. */
const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];
const FORMULA_CELL = /^[=+\-@\t\r\n]/;

let listener: Listener;

test.beforeAll(async () => {
  listener = await startListener();
});

test.afterAll(async () => {
  await listener.close();
});

type Person = { page: Page; seen: Trap };

async function person(browser: Browser, baseURL: string, email: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = trapPage(page, new URL(baseURL).origin);
  await signIn(page, email);
  return { page, seen };
}

/** The main button is on screen and inside the window's width, and the page does not overflow. */
async function expectUsable(page: Page, button: Locator, where: string) {
  await expectNoHorizontalOverflow(page, where);
  await button.scrollIntoViewIfNeeded();
  await expect(button, where).toBeInViewport();
  const box = (await button.boundingBox())!;
  const width = await page.evaluate(() => window.innerWidth);
  expect(box.x, where).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${where}: the button ends inside the window`).toBeLessThanOrEqual(width);
}

test("hostile outputs run nothing and fetch nothing in the review workspace, adjudication and the dataset page; the downloads neutralise formulas and keep every string exact", async ({ browser, baseURL }) => {
  // Four people's sign-ins, nine items reviewed and adjudicated (one of them 1 MB), a dataset frozen
  // twice and three downloads, on this file's fresh server.
  test.setTimeout(240_000);
  const marker = `hostrev${Date.now()}`;
  const texts = payloads(listener.url, marker);
  // A week of their own, half a year back (before the demo's weeks and the project's creation, so
  // the scheduler never draws it), in the project's time zone.
  const week = shiftIsoWeek(isoWeekAt(new Date(), TIME_ZONE), -26);
  const weekStart = isoWeekRange(week, TIME_ZONE).start.getTime();
  const ids = texts.map((_, i) => (i < 4 ? `${FORMULA_STARTS[i]}${marker}-${i}` : i === 5 ? `${marker}-${i}-<img src=x onerror="${trap("id")}">` : `${marker}-${i}`));
  const records = texts.map((text, i) => ({
    id: ids[i],
    timestamp: new Date(weekStart + 2 * 86_400_000 + i * 60_000).toISOString(),
    input: [{ role: "user", content: `${FORMULA_STARTS[(i + 3) % 6]}${marker} asks ${text}` }],
    output: { role: "assistant", content: `${FORMULA_STARTS[i % 6]}${marker} ${text}` },
    // The stratum routes the items to the two reviewers with account_access expertise (reviewer@, safety@).
    metadata: { taskType: "account_access", model: `=cmd|' /C calc'!A0 <img src=x onerror="${trap("model")}">`, [`<script>${trap("key")}</script>`]: text.slice(0, 200) },
  }));
  const big = megabyteOutput(listener.url, marker);
  records.push({ id: `${marker}-big`, timestamp: new Date(weekStart + 3 * 86_400_000).toISOString(), input: [{ role: "user", content: `${marker} a long one` }], output: { role: "assistant", content: big }, metadata: { taskType: "account_access", model: "m", [`<script>${trap("key")}</script>`]: "x" } });
  const byId = new Map(records.map((r) => [r.id, r]));

  // The ML engineer logs them (the page's session may ingest: matrix, POST /api/v1/outputs).
  const ml = await person(browser, baseURL!, "ml@demo.assay");
  const ingested = await ml.page.request.post(`/api/v1/outputs?project=${slug}`, { headers: { "content-type": "application/json" }, data: records });
  expect(ingested.status(), await ingested.text()).toBe(200);
  expect(await ingested.json()).toMatchObject({ accepted: records.length, rejected: 0 });

  // The QA lead closes the demo's open audits (their items leave the queues, so the reviewers'
  // next items are these), plans every item for two reviewers, and draws the week.
  const qa = await person(browser, baseURL!, "qa@demo.assay");
  await qa.page.goto(`${project}/audits`);
  await qa.page.getByLabel("Show audits").selectOption("open");
  const openAudits = await qa.page.getByRole("table").getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const href of openAudits) {
    await qa.page.goto(href);
    await qa.page.getByRole("button", { name: "Close audit" }).click();
    await qa.page.getByRole("dialog").getByRole("button", { name: "Close audit" }).click();
    await expect(qa.page.getByTestId("audit-status")).toContainText("closed");
  }
  await qa.page.goto(`${project}/audits/plan`);
  await qa.page.getByLabel("Method").selectOption("fixed");
  await qa.page.getByLabel("Items per week").fill(String(records.length));
  await qa.page.getByLabel("Share reviewed by several reviewers").fill("1");
  await qa.page.getByLabel("Reviewers per overlapping item (K)").fill("2");
  await qa.page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(qa.page.getByText(/Saved as version \d+\./)).toBeVisible();
  await qa.page.goto(`${project}/audits`);
  await qa.page.getByLabel("What to draw").selectOption("closed");
  await qa.page.getByLabel("ISO week").fill(week);
  await qa.page.getByRole("button", { name: "Draw week" }).click();
  await expect(qa.page.getByRole("heading", { name: `Audit ${week}` })).toBeVisible();
  await expect(qa.page.getByTestId("audit-sample-size")).toHaveText(String(records.length));
  await expectNothingRan(qa.page, qa.seen, listener, "audit page");

  // The review workspace: each item in turn, labelled with the keyboard ("1" everywhere).
  const reviewer = await person(browser, baseURL!, "reviewer@demo.assay");
  await reviewer.page.goto(`${project}/review`);
  const shown: string[] = [];
  for (let n = 0; n < records.length; n++) {
    const idShown = reviewer.page.getByTestId("item-external-id");
    // The next item replaces the one just sent (the first one, and the 1 MB one, take longest).
    await expect(async () => {
      const text = await idShown.textContent({ timeout: 1_000 });
      expect(text !== null && !shown.includes(text)).toBe(true);
    }).toPass({ timeout: 30_000 });
    const id = (await idShown.textContent())!;
    expect(byId.has(id), `the queue holds only this week's items: ${id.slice(0, 80)}`).toBe(true);
    expect(shown).not.toContain(id);
    shown.push(id);
    const where = `review workspace, ${id.slice(0, 40)}`;
    const output = reviewer.page.getByTestId("item-output");
    await expect(output).toContainText(marker);
    expect(await output.locator("script, iframe, img, svg, object, embed, style, link").count(), where).toBe(0);
    const hrefs = await reviewer.page.getByTestId("workspace").locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) expect(href, where).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    await expectUsable(reviewer.page, reviewer.page.getByRole("button", { name: /Submit and next/ }), where);
    await expectNothingRan(reviewer.page, reviewer.seen, listener, where);
    await labelWithKeyboard(reviewer.page);
    if (n < records.length - 1) await expect(reviewer.page.getByTestId("saved-count")).toHaveText(`${n + 1} saved this session`);
  }
  await expect(reviewer.page.getByTestId("queue-empty")).toContainText(`${records.length} labelled in this session`);
  expect(new Set(shown).size).toBe(records.length);
  await expectNothingRan(reviewer.page, reviewer.seen, listener, "review workspace, empty queue");

  // The second reviewer labels every item differently, with a hostile note, through the API.
  const safety = await person(browser, baseURL!, "safety@demo.assay");
  const reviewApi = `/api/v1/projects/${slug}/review`;
  const note = `<script>${trap("note")}</script> =HYPERLINK("${listener.url}/note-${marker}")`;
  for (let n = 0; n < records.length; n++) {
    const claim = await (await safety.page.request.post(`${reviewApi}/next`)).json();
    expect(claim.item, `item ${n + 1} of ${records.length} for the second reviewer`).not.toBeNull();
    expect(byId.has(claim.item.output.externalId)).toBe(true);
    const labelled = await safety.page.request.post(`${reviewApi}/assignments/${claim.item.assignmentId}/label`, {
      // next: false, or the answer would lease (and hold) the next item too.
      data: { values: { factuality: "minor_error", policy: "compliant", tone: 4, task_outcome: "partial_success", harm: "none", notes: note }, timeSpentMs: 1000, next: false },
    });
    expect(labelled.status(), await labelled.text()).toBe(200);
  }

  // The ML engineer freezes v1 of a dataset of this audit: every labelled item, no gold yet.
  const dataset = `hostile-${marker}`;
  await ml.page.goto(`${project}/datasets`);
  await ml.page.getByLabel("Name").fill(dataset);
  await ml.page.getByLabel("Description", { exact: true }).fill(`<img src=x onerror="${trap("description")}"> ${texts[3]}`);
  await ml.page.getByLabel("Which items").selectOption("all_labels");
  await ml.page.getByLabel(week, { exact: true }).check();
  await ml.page.getByRole("button", { name: "Create dataset" }).click();
  await expect(ml.page.getByRole("heading", { name: `Dataset ${dataset}` })).toBeVisible();
  const datasetId = /\/datasets\/([^/?#]+)/.exec(ml.page.url())![1];
  await ml.page.getByLabel("Why this version (note)").fill(`<script>${trap("version-note")}</script>`);
  await ml.page.getByRole("button", { name: "Make a version" }).click();
  await expect(ml.page.getByRole("status").filter({ hasText: `Version 1 frozen: ${records.length} rows` })).toBeVisible();

  // Adjudication: every item of the week waits, each opens, nothing runs, the decision button is on screen.
  await qa.page.goto(`${project}/adjudication`);
  const queue = qa.page.getByTestId("adjudication-queue");
  const entries = await queue.getByRole("link").evaluateAll((links) =>
    links.map((a) => ({ href: a.getAttribute("href")!, id: a.querySelector('[data-testid="queue-external-id"]')?.textContent ?? "" })),
  );
  const ours = entries.filter((e) => byId.has(e.id));
  expect(ours.map((e) => e.id).sort()).toEqual([...byId.keys()].sort());
  for (const entry of ours) {
    const where = `adjudication, ${entry.id.slice(0, 40)}`;
    await qa.page.goto(entry.href);
    const decision = qa.page.getByTestId("adjudication-case");
    await expect(decision).toBeVisible();
    await expect(qa.page.getByTestId("item-external-id")).toHaveText(entry.id);
    await expect(qa.page.getByTestId("item-output")).toContainText(marker);
    expect(await qa.page.getByTestId("item-output").locator("script, iframe, img, svg, object, embed, style, link").count(), where).toBe(0);
    const hrefs = await qa.page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) expect(href, where).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    // The other reviewer's hostile note is shown as text.
    await expect(decision).toContainText(`<script>${trap("note")}</script>`);
    await expectUsable(qa.page, decision.getByRole("button", { name: /Record gold label/ }), where);
    await expectNothingRan(qa.page, qa.seen, listener, where);
  }

  // One decision with hostile text in the corrected output and the rationale, by keyboard.
  const decided = ours.find((e) => e.id === ids[0])!;
  await qa.page.goto(decided.href);
  await expect(qa.page.getByTestId("item-external-id")).toHaveText(decided.id);
  const corrected = `<img src=x onerror="${trap("gold")}"> =HYPERLINK("${listener.url}/gold-${marker}")`;
  const activeStop = () => qa.page.evaluate(() => document.activeElement?.getAttribute("data-dimension"));
  const activeTag = () => qa.page.evaluate(() => document.activeElement?.tagName);
  for (let i = 0; i < 12 && (await activeTag()) !== "TEXTAREA"; i++) await qa.page.keyboard.press("1");
  expect(await activeStop()).toBe("corrected_output");
  // insertText: what typing would put there, without a key event per character (seconds on a busy machine).
  await qa.page.keyboard.insertText(corrected);
  for (let i = 0; i < 4 && (await activeStop()) !== "__rationale"; i++) await qa.page.keyboard.press("Tab");
  expect(await activeStop()).toBe("__rationale");
  await qa.page.keyboard.insertText(`<script>${trap("rationale")}</script> checked`);
  await qa.page.keyboard.press("Enter");
  await expect(qa.page.getByRole("status").filter({ hasText: `Gold label recorded for ${decided.id}` })).toBeVisible();
  await expectNothingRan(qa.page, qa.seen, listener, "adjudication, after the decision");

  // v2 and the dataset page with its diff: the hostile description, note and gold value as text.
  await ml.page.reload();
  await ml.page.getByLabel("Why this version (note)").fill(`<img src=x onerror="${trap("note-2")}">`);
  await ml.page.getByRole("button", { name: "Make a version" }).click();
  await expect(ml.page.getByRole("status").filter({ hasText: `Version 2 frozen: ${records.length} rows` })).toBeVisible();
  await ml.page.reload();
  await expect(ml.page.getByRole("heading", { name: "Changes in v2 since v1" })).toBeVisible();
  await expect(ml.page.getByText(`0 added · 0 removed · 1 changed · ${records.length - 1} unchanged`)).toBeVisible();
  const changed = ml.page.getByRole("table", { name: "Changed rows" });
  await expect(changed).toContainText(decided.id);
  await expect(changed).toContainText(corrected);
  await expect(ml.page.locator("main")).toContainText(`<script>${trap("version-note")}</script>`);
  await expect(ml.page.locator("main")).toContainText(`<img src=x onerror="${trap("description")}">`);
  expect(await ml.page.locator("main").locator("script, iframe, img, svg, object, embed").count()).toBe(0);
  await expectUsable(ml.page, ml.page.getByRole("button", { name: "Make a version" }), "dataset page");
  await expectNothingRan(ml.page, ml.seen, listener, "dataset page");

  // JSONL through the API: the file's SHA-256 is the version's, and every hostile string comes back exactly.
  const jsonl = await ml.page.request.get(`/api/v1/datasets/${datasetId}/versions/2?format=jsonl`);
  expect(jsonl.status()).toBe(200);
  const jsonlBody = await jsonl.body();
  expect(createHash("sha256").update(jsonlBody).digest("hex")).toBe(jsonl.headers()["x-assay-sha256"]);
  const lines = jsonlBody.toString("utf8").trimEnd().split("\n");
  expect(lines).toHaveLength(records.length);
  const rows = lines.map((line) => JSON.parse(line) as { output_id: string; output: string; input: { role: string; content: string }[]; model: string; expected: string | null; gold: Record<string, unknown> | null; labels: { values: Record<string, unknown> }[] });
  expect(rows.map((r) => r.output_id).sort()).toEqual([...byId.keys()].sort());
  for (const row of rows) {
    const sent = byId.get(row.output_id)!;
    expect(row.output, row.output_id).toBe(sent.output.content);
    expect(row.input, row.output_id).toEqual(sent.input);
    expect(row.model, row.output_id).toBe(sent.metadata.model);
    expect(row.labels.map((l) => l.values.notes ?? null), row.output_id).toContain(note);
  }
  expect(rows.find((r) => r.output_id === `${marker}-big`)!.output).toHaveLength(1024 * 1024);
  const goldRow = rows.find((r) => r.output_id === decided.id)!;
  expect(goldRow.gold?.corrected_output).toBe(corrected);
  expect(goldRow.expected).toBe(corrected);

  // CSV through the API: every cell a spreadsheet could read as a formula starts with ', the rest is unchanged.
  const csv = await ml.page.request.get(`/api/v1/datasets/${datasetId}/versions/2?format=csv`);
  expect(csv.status()).toBe(200);
  const cells = parseCsv(await csv.text(), { columns: true, relax_quotes: false }) as Record<string, string>[];
  expect(cells).toHaveLength(records.length);
  for (const row of cells) {
    for (const [column, value] of Object.entries(row)) expect(FORMULA_CELL.test(value), `${column} of ${row.output_id.slice(0, 40)}: ${JSON.stringify(value.slice(0, 40))}`).toBe(false);
    const id = row.output_id.startsWith("'") && FORMULA_CELL.test(row.output_id.slice(1)) ? row.output_id.slice(1) : row.output_id;
    const sent = byId.get(id)!;
    expect(sent, row.output_id).toBeTruthy();
    const neutral = (text: string) => (FORMULA_CELL.test(text) ? `'${text}` : text);
    expect(row.output_id).toBe(neutral(sent.id));
    expect(row.output).toBe(neutral(sent.output.content));
    expect(row.model).toBe(neutral(sent.metadata.model));
  }
  const formulaOutputs = cells.filter((row) => row.output.startsWith("'"));
  // Eight outputs start with one of the six formula characters (the 1 MB one does not).
  expect(formulaOutputs).toHaveLength(texts.length);
  expect(new Set(formulaOutputs.map((row) => row.output[1]))).toEqual(new Set(FORMULA_STARTS));
  expect(cells.find((row) => row.output_id === `'${decided.id}`)!.expected).toBe(`${corrected}`);
  await expectNothingRan(ml.page, ml.seen, listener, "after the downloads");

  // The incident month CSV: a title that is a formula is neutralised there too.
  const title = `=HYPERLINK("${listener.url}/incident-${marker}","open")`;
  await qa.page.goto(`${project}/incidents/new`);
  await qa.page.getByLabel("Title").fill(title);
  await qa.page.getByLabel("Description", { exact: true }).fill(texts.slice(0, 3).join("\n"));
  await qa.page.getByRole("button", { name: "Record incident" }).click();
  await expect(qa.page.getByRole("heading", { name: /HYPERLINK/ })).toBeVisible();
  const month = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit" }).format(new Date());
  const monthCsv = await qa.page.request.get(`/api/v1/projects/${slug}/incidents/review/${month}/csv`);
  expect(monthCsv.status(), await monthCsv.text()).toBe(200);
  const table = parseCsv(await monthCsv.text(), { relax_column_count: true }) as string[][];
  const header = table.findIndex((r) => r[0] === "Incident" && r[1] === "Title");
  expect(header).toBeGreaterThan(0);
  const incidents = table.slice(header + 1).filter((r) => r.length > 1);
  expect(incidents.map((r) => r[1])).toContain(`'${title}`);
  for (const row of incidents) for (const value of row) expect(FORMULA_CELL.test(value), JSON.stringify(value.slice(0, 40))).toBe(false);
  await expectNothingRan(qa.page, qa.seen, listener, "incident");
  for (const p of [ml, qa, reviewer, safety]) await p.page.context().close();
});
