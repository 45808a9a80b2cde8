import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The page after sign-in is often the first one a spec file's own server renders (cold route
  // code and database pages), which on a busy two-core machine has taken more than 15 s.
  await expect(page.getByTestId("signed-in-as")).toHaveText(email, { timeout: 60_000 });
}

/** Labels the shown item with the keyboard: "1" on every choice until a text box has focus, then Enter. */
export async function labelWithKeyboard(page: Page) {
  for (let i = 0; i < 12; i++) {
    const inText = await page.evaluate(() => document.activeElement?.tagName === "TEXTAREA");
    if (inText) break;
    await page.keyboard.press("1");
  }
  await page.keyboard.press("Enter");
}
