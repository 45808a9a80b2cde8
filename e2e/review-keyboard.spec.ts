// Issue 12 points 1, 6 and 15 with the keyboard only: a reviewer of this spec's own (created
// here, given items here by the QA lead) leaves the rubric with Tab, reaches Submit, the source
// toggle, My labels, the navigation and Sign out; keeps picks across a reload; skips, flags, goes
// back and edits. The setup (an admin adds the reviewer, a QA lead hands them items) uses the
// mouse: it is not what is under test.
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const project = "/p/support-assistant";
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const reviewer = { email: `keys-${suffix}@e2e.assay`, name: `Kim Keys ${suffix}`, password: "keys-only-password" };
const ITEMS = 8;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@demo.assay");
  await admin.goto(`${project}/settings`);
  await admin.getByLabel("Email", { exact: true }).fill(reviewer.email);
  await admin.getByLabel("Name (new users)").fill(reviewer.name);
  await admin.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await admin.getByLabel("Expertise", { exact: true }).fill("billing");
  await admin.getByLabel("Initial password (new users only)").fill(reviewer.password);
  await admin.getByRole("button", { name: "Add member" }).click();
  await expect(admin.getByText("Member added.")).toBeVisible();
  await admin.close();

  // Items of the safety reviewer, whom no other spec uses, get this reviewer as one more.
  const lead = await (await browser.newContext()).newPage();
  await signIn(lead, "qa@demo.assay");
  await lead.goto(`${project}/review`);
  const pending = lead.locator("section").filter({ has: lead.getByRole("heading", { name: /^Pending items/ }) });
  await pending.getByLabel("Filter rows").fill("Sam Ortiz (assigned)");
  // Rows keep their order (week, sample key) and still match after the reviewer is added.
  for (let n = 0; n < ITEMS; n++) {
    const row = pending.getByRole("row").filter({ hasText: "Sam Ortiz (assigned" }).nth(n);
    const reviewers = row.getByRole("cell").nth(3);
    await expect(reviewers).not.toContainText(reviewer.name);
    await row.getByText("Change…").click();
    await row.getByRole("combobox", { name: "Reviewer" }).first().selectOption({ label: `${reviewer.name} (billing)` });
    await row.getByRole("button", { name: "Add reviewer" }).click();
    await expect(reviewers).toContainText(`${reviewer.name} (assigned)`);
  }
  await lead.close();
});

// Each test opens its own browser contexts (a reviewer, a QA lead) and the first one ends signed
// out on the sign-in page: closing them after each test keeps a later failure's screenshots to that
// test's own pages (an earlier test's sign-in page in them was once read as this spec's failure).
test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

async function reviewerPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, reviewer.email, reviewer.password);
  await page.goto(`${project}/review`);
  await expect(page.getByTestId("workspace")).toBeVisible();
  return page;
}

const activeStop = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-dimension") ?? null);
const activeTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName ?? null);
const activeName = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? "");

/** "1" on every choice until a text box has focus (the keyboard route through the rubric). */
async function pickFirstOptions(page: Page) {
  for (let i = 0; i < 12 && (await activeTag(page)) !== "TEXTAREA"; i++) await page.keyboard.press("1");
  expect(await activeTag(page)).toBe("TEXTAREA");
}

/** Shift+Tab (or Tab) until the focused element's text starts with `text`; returns what was passed. */
async function tabTo(page: Page, text: string, options: { back?: boolean; max?: number } = {}): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    const name = await activeName(page);
    if (name.startsWith(text)) return passed;
    passed.push(name);
    await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`never reached "${text}"; passed ${JSON.stringify(passed)}`);
}

test("Tab leaves the rubric at both ends and reaches Submit, the source toggle, My labels, the navigation and Sign out", async ({ browser }) => {
  const page = await reviewerPage(browser);
  const first = (await page.getByTestId("item-external-id").textContent())!;
  // The first dimension has the focus; Tab moves between dimensions inside the rubric.
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await pickFirstOptions(page);
  const stops: (string | null)[] = [];
  for (let i = 0; i < 6 && (await activeStop(page)) !== null; i++) {
    stops.push(await activeStop(page));
    await page.keyboard.press("Tab");
  }
  // Past the last dimension (the notes), focus is on Submit, not back on the first dimension.
  expect(stops.at(-1)).toBe("notes");
  await expect(page.getByRole("button", { name: /Submit and next/ })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  expect(await activeStop(page)).toBe("notes");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("saved-count")).toHaveText("1 saved this session");
  await expect(page.getByTestId("item-external-id")).not.toHaveText(first);
  await expect(page.getByTestId("review-progress")).toHaveText(/^1 of \d+$/);

  // The next item starts on its first dimension; Shift+Tab leaves the rubric backwards.
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  expect(await activeStop(page)).toBeNull();
  await tabTo(page, "Show source text", { back: true });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("toggle-source")).toHaveAttribute("aria-pressed", "true");
  // The visible skip link takes the focus back into the rubric.
  await tabTo(page, "Skip to the rubric", { back: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  // On backwards: My labels, the project navigation, Sign out.
  await page.keyboard.press("Shift+Tab");
  await tabTo(page, "My labels", { back: true });
  await expect(page.getByRole("link", { name: "My labels" })).toBeFocused();
  await tabTo(page, "Overview", { back: true });
  await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Overview" })).toBeFocused();
  await tabTo(page, "Sign out", { back: true });
  await expect(page.getByRole("button", { name: "Sign out" })).toBeFocused();
  // The page's own skip link comes first and shows itself when focused.
  await page.keyboard.press("Shift+Tab");
  await tabTo(page, "Skip to main content", { back: true, max: 5 });
  expect((await page.getByRole("link", { name: "Skip to main content" }).boundingBox())!.width).toBeGreaterThan(60);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // From the main content back to Sign out, which works from the keyboard.
  await page.keyboard.press("Shift+Tab");
  await tabTo(page, "Sign out", { back: true });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("adjudication: Tab leaves the decision after the rationale and Shift+Tab before the first dimension", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/adjudication`);
  await expect(page.getByTestId("adjudication-case")).toBeVisible();
  // The first disagreement has the focus; Tab walks the dimensions to the rationale, then out.
  await expect.poll(() => activeStop(page)).not.toBeNull();
  for (let i = 0; i < 15 && (await activeStop(page)) !== "__rationale"; i++) await page.keyboard.press("Tab");
  expect(await activeStop(page)).toBe("__rationale");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /Record gold label/ })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  expect(await activeStop(page)).toBe("__rationale");
  // Back to the first dimension, then out before it: the item view, the skip link, the queue.
  for (let i = 0; i < 15; i++) {
    const before = await activeStop(page);
    await page.keyboard.press("Shift+Tab");
    if ((await activeStop(page)) === null) {
      expect(before).not.toBeNull();
      break;
    }
  }
  expect(await activeStop(page)).toBeNull();
  await tabTo(page, "Skip to the decision", { back: true });
  await page.keyboard.press("Enter");
  expect(await activeStop(page)).not.toBeNull();
  await page.keyboard.press("Shift+Tab");
  await tabTo(page, "Sign out", { back: true, max: 200 });
  await expect(page.getByRole("button", { name: "Sign out" })).toBeFocused();
});

test("unsent picks survive a reload, and leaving a half-filled item asks first", async ({ browser }) => {
  const page = await reviewerPage(browser);
  const item = (await page.getByTestId("item-external-id").textContent())!;
  const factuality = page.getByRole("group", { name: /^Factuality/ });
  await page.keyboard.press("2");
  await expect(factuality.getByRole("button", { name: /Minor error/ })).toHaveAttribute("aria-pressed", "true");

  // In-app navigation (My labels, reached with Shift+Tab) asks; staying keeps the pick.
  await page.keyboard.press("Shift+Tab");
  await tabTo(page, "My labels", { back: true });
  const asked = page.waitForEvent("dialog");
  const pressed = page.keyboard.press("Enter");
  const confirm = await asked;
  expect(confirm.type()).toBe("confirm");
  expect(confirm.message()).toContain("not submitted");
  await confirm.dismiss();
  await pressed;
  await expect(page).toHaveURL(/\/review$/);
  await expect(factuality.getByRole("button", { name: /Minor error/ })).toHaveAttribute("aria-pressed", "true");

  // A reload brings back the same item with its pick (the browser's leave prompt is accepted).
  const acceptLeave = (dialog: import("@playwright/test").Dialog) => void dialog.accept();
  page.on("dialog", acceptLeave);
  await page.reload();
  await expect(page.getByTestId("workspace")).toBeVisible();
  page.off("dialog", acceptLeave);
  await expect(page.getByTestId("item-external-id")).toHaveText(item);
  await expect(page.getByText("Your unsent picks on this item were restored.")).toBeVisible();
  await expect(page.getByRole("group", { name: /^Factuality/ }).getByRole("button", { name: /Minor error/ })).toHaveAttribute("aria-pressed", "true");

  // Sent, the picks are gone: the next reload shows another item, nothing restored.
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await page.keyboard.press("2");
  await pickFirstOptions(page);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("saved-count")).toHaveText("1 saved this session");
  await page.reload();
  await expect(page.getByTestId("workspace")).toBeVisible();
  await expect(page.getByTestId("item-external-id")).not.toHaveText(item);
  await expect(page.getByText("Your unsent picks on this item were restored.")).toHaveCount(0);

  // Closing the tab with a pick made: the browser's own prompt (beforeunload).
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await page.keyboard.press("1");
  const prompt = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const beforeUnload = await prompt;
  expect(beforeUnload.type()).toBe("beforeunload");
  await beforeUnload.accept();
});

test("skip with a reason, flag for a QA lead, go back and edit, Esc closes the panel, progress counts", async ({ browser }) => {
  // Two sign-ins and a dozen round trips: more than the default minute on a busy machine.
  test.setTimeout(150_000);
  const page = await reviewerPage(browser);
  const progress = page.getByTestId("review-progress");
  await expect(progress).toHaveText(/^\d+ of \d+$/);
  const [done, total] = (await progress.textContent())!.split(" of ").map(Number);
  const flagged = (await page.getByTestId("item-external-id").textContent())!;

  // f: flag, with a reason typed; the item stays on screen.
  await page.keyboard.press("f");
  const flagDialog = page.getByRole("dialog", { name: `Flag ${flagged} for a QA lead` });
  await expect(flagDialog).toBeVisible();
  await expect(flagDialog.getByLabel("Reason")).toBeFocused();
  await page.keyboard.type("The guidelines do not say how to label this (e2e)");
  await page.keyboard.press("Enter");
  await expect(flagDialog).toHaveCount(0);
  await expect(page.getByText("Flagged for a QA lead.")).toBeVisible();
  await expect(page.getByTestId("item-external-id")).toHaveText(flagged);

  // x: skip; an empty reason is refused in the dialog, Esc cancels, then a reason sends it.
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await page.keyboard.press("x");
  const skipDialog = page.getByRole("dialog", { name: `Skip ${flagged}` });
  await expect(skipDialog).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(skipDialog.getByRole("alert")).toHaveText("Reason: say why, in a few words.");
  await page.keyboard.press("Escape");
  await expect(skipDialog).toHaveCount(0);
  await expect(page.getByTestId("item-external-id")).toHaveText(flagged);
  await page.keyboard.press("x");
  await expect(skipDialog).toBeVisible();
  await page.keyboard.type("Outside my expertise (e2e)");
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Skipped ${flagged}: a QA lead will give it to someone else.`)).toBeVisible();
  await expect(page.getByTestId("item-external-id")).not.toHaveText(flagged);
  await expect(progress).toHaveText(`${done} of ${total - 1}`);

  // Label the next one; progress counts it.
  const labelled = (await page.getByTestId("item-external-id").textContent())!;
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await pickFirstOptions(page);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("item-external-id")).not.toHaveText(labelled);
  await expect(progress).toHaveText(`${done + 1} of ${total - 1}`);
  const onScreen = (await page.getByTestId("item-external-id").textContent())!;

  // b: back to the item before, edited in the panel with the same keys; Esc returns.
  await page.keyboard.press("b");
  const panel = page.getByTestId("back-panel");
  await expect(panel.getByTestId("editing-output")).toHaveText(labelled);
  await expect(panel.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await page.keyboard.press("2");
  await expect(panel.getByRole("button", { name: /Save 1 change/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(panel.getByText(/^Saved;/)).toBeVisible();
  await expect(panel.getByTestId("history-entry")).toHaveCount(2);
  await expect(panel.getByTestId("history-entry").first()).toContainText("Minor error");
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId("item-external-id")).toHaveText(onScreen);
  await expect(page.getByRole("group", { name: /^Factuality/ })).toBeFocused();
  await page.close();

  // The QA lead sees both hand-overs with their reasons, and marks the flag handled.
  const lead = await (await browser.newContext()).newPage();
  await signIn(lead, "qa@demo.assay");
  await lead.goto(`${project}/review`);
  const handed = lead.locator("section").filter({ has: lead.getByRole("heading", { name: /^Skipped or flagged by reviewers/ }) });
  const rows = handed.getByRole("row").filter({ hasText: flagged });
  await expect(rows.filter({ hasText: "Skipped" })).toContainText("Outside my expertise (e2e)");
  await expect(rows.filter({ hasText: "Flagged" })).toContainText("The guidelines do not say how to label this (e2e)");
  await expect(rows.filter({ hasText: "Skipped" })).toContainText(reviewer.name);
  // The button's name says which hand-over it closes ("Mark handled" alone is its visible text).
  await rows.filter({ hasText: "Flagged" }).getByRole("button", { name: `Mark the flag of ${flagged} handled` }).click();
  await expect(rows.filter({ hasText: "Flagged" })).toHaveCount(0);
  await expect(rows.filter({ hasText: "Skipped" })).toHaveCount(1);
});
