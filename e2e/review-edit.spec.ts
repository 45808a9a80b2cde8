import { expect, test } from "./fixtures";
import { labelWithKeyboard, signIn } from "./helpers";

const project = "/p/support-assistant";

test("a reviewer edits a submitted label from My labels and sees the change in its history", async ({ page }) => {
  await signIn(page, "reviewer@demo.assay");
  await page.goto(`${project}/review`);
  await expect(page.getByTestId("workspace")).toBeVisible();
  const externalId = (await page.getByTestId("item-external-id").textContent())!;
  await labelWithKeyboard(page);
  await expect(page.getByTestId("saved-count")).toHaveText("1 saved this session");

  await page.getByRole("link", { name: "My labels" }).click();
  await expect(page.getByRole("heading", { name: "My labels" })).toBeVisible();
  await page.getByLabel("Filter rows").fill(externalId);
  const row = page.getByRole("row").filter({ hasText: externalId });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Tone: 1");
  await row.getByRole("link", { name: `Edit label on ${externalId}` }).click();

  const editor = page.getByTestId("label-editor");
  await expect(page.getByTestId("editing-output")).toHaveText(externalId);
  await expect(editor.getByTestId("history-entry")).toHaveCount(1);
  // "1" on every choice gave tone 1; make it 5, with the keyboard only: Tab to tone, press 5, Enter.
  const tone = editor.getByTestId("dimension-tone");
  await expect(editor.locator('fieldset[data-focused="true"]')).toHaveCount(1);
  for (let i = 0; i < 10 && (await tone.getAttribute("data-focused")) !== "true"; i++) await page.keyboard.press("Tab");
  await expect(tone).toHaveAttribute("data-focused", "true");
  await page.keyboard.press("5");
  await expect(tone.getByRole("button").nth(4)).toHaveAttribute("aria-pressed", "true");
  await expect(editor.getByRole("button", { name: /^Save 1 change/ })).toBeEnabled();
  await page.keyboard.press("Enter");
  await expect(editor.getByText(/^Saved;/)).toBeVisible();

  const history = editor.getByTestId("history-entry");
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText("edited");
  await expect(history.first()).toContainText("Tone: 1 → 5");
  await expect(history.last()).toContainText("submitted");
  await expect(editor.getByRole("button", { name: "No changes" })).toBeDisabled();
  await expect(page.getByRole("row").filter({ hasText: externalId })).toContainText("(1 edit)");
});

test("a QA lead adds a boolean dimension with the rubric form and saves a new version", async ({ page }) => {
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/rubric`);
  // A second render of the editor: element ids that came from a per-process counter differed
  // between the server's markup and the browser's draft from then on, and an added dimension's
  // "Kind" label pointed at the first dimension's select (the reason this spec was once fixme).
  await page.reload();
  const version = Number(await page.getByTestId("rubric-version").textContent());
  // Keys the demo labels use are frozen: marked, and read-only in the form (decision 013).
  await expect(page.getByTestId("key-in-use").first()).toBeVisible();
  const first = page.getByTestId("dimension-editor").first();
  await expect(first.getByLabel("Key")).toHaveAttribute("readonly", "");

  await page.getByRole("button", { name: "Add dimension" }).click();
  const added = page.getByTestId("dimension-editor").last();
  await added.getByLabel("Kind").selectOption("boolean");
  // The server's issue lands on the dimension it names.
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(added).toContainText("a dimension needs a key");
  await expect(page.getByTestId("rubric-version")).toHaveText(String(version));

  await added.getByLabel("Key").fill("escalated");
  await added.getByLabel("Label", { exact: true }).fill("Escalated to a human");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText(`Saved as version ${version + 1}.`)).toBeVisible();
  await expect(page.getByTestId("rubric-version")).toHaveText(String(version + 1));
  await expect(page.getByTestId("dimension-editor").last().getByLabel("Key")).toHaveValue("escalated");
});
