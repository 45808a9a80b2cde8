import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const project = "/p/support-assistant";

// What each demo role must see in the project navigation (links that work) and must not.
const navigation: Record<string, { email: string; sees: string[]; hidden: string[] }> = {
  reviewer: { email: "reviewer@demo.assay", sees: ["overview", "review"], hidden: ["audits", "settings", "api-keys", "adjudication", "scorecard", "datasets"] },
  qa_lead: { email: "qa@demo.assay", sees: ["overview", "audits", "review", "adjudication", "scorecard", "incidents", "datasets"], hidden: ["settings", "api-keys"] },
  ml_engineer: { email: "ml@demo.assay", sees: ["overview", "audits", "scorecard", "incidents", "datasets", "api-keys"], hidden: ["settings", "review", "adjudication"] },
  admin: { email: "admin@demo.assay", sees: ["overview", "audits", "scorecard", "incidents", "datasets", "api-keys", "settings"], hidden: [] },
};

for (const [role, expected] of Object.entries(navigation)) {
  test(`${role} signs in and sees the ${role} navigation`, async ({ page }) => {
    await signIn(page, expected.email);
    // A member of one project lands in it; the instance admin picks it from the project list.
    if (role === "admin") await page.getByRole("link", { name: /Support assistant/ }).click();
    else await expect(page).toHaveURL(new RegExp(`${project}$`));
    await expect(page.getByTestId("project-name")).toHaveText("Support assistant");
    const nav = page.getByRole("navigation", { name: "Project" });
    for (const key of expected.sees) await expect(nav.locator(`[data-nav="${key}"]`)).toBeVisible();
    for (const key of expected.hidden) await expect(nav.locator(`[data-nav="${key}"]`)).toHaveCount(0);
  });
}

test("a reviewer opening project settings gets a 404", async ({ page }) => {
  await signIn(page, "reviewer@demo.assay");
  const response = await page.goto(`${project}/settings`);
  expect(response?.status()).toBe(404);
  const keys = await page.goto(`${project}/settings/api-keys`);
  expect(keys?.status()).toBe(404);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("qa@demo.assay");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("an ML engineer creates an API key and sees it once", async ({ page }) => {
  await signIn(page, "ml@demo.assay");
  await page.goto(`${project}/settings/api-keys`);
  await page.getByLabel("Name").fill("e2e-logger");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^assay_/);
  await page.reload();
  await expect(page.getByRole("cell", { name: "e2e-logger" })).toBeVisible();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
});

test("screenshot of the signed-in home and project overview", async ({ page }, testInfo) => {
  await signIn(page, "admin@demo.assay");
  await expect(page.getByTestId("project-list")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("home.png"), fullPage: true });
  await page.goto(project);
  await expect(page.getByTestId("output-total")).not.toHaveText("0");
  await page.screenshot({ path: testInfo.outputPath("project-overview.png"), fullPage: true });
});

test("an instance admin creates a user, who signs in; once disabled they cannot", async ({ browser }) => {
  const email = `temp-${Date.now()}@example.test`;
  const admin = await browser.newPage();
  await signIn(admin, "admin@demo.assay");
  await admin.goto("/admin/users");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name").fill("Temporary Tester");
  // A refused form keeps what was typed.
  await admin.getByLabel("Password").fill("short");
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByText(/Check the highlighted fields/)).toBeVisible();
  await expect(admin.getByLabel("Email")).toHaveValue(email);
  await expect(admin.getByLabel("Name")).toHaveValue("Temporary Tester");
  await admin.getByLabel("Password").fill("temporary password");
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByText("User created.")).toBeVisible();
  // …and a saved one starts empty again.
  await expect(admin.getByLabel("Email")).toHaveValue("");

  const user = await browser.newPage();
  await signIn(user, email, "temporary password");

  await admin.reload();
  await admin.getByRole("row", { name: new RegExp(email) }).getByRole("button", { name: "Disable" }).click();
  await expect(admin.getByRole("row", { name: new RegExp(email) }).getByText("disabled")).toBeVisible();

  // The open session ends at once…
  await user.goto("/");
  await expect(user).toHaveURL(/\/sign-in/);
  // …and signing in again is refused with the reason.
  await user.getByLabel("Email").fill(email);
  await user.getByLabel("Password").fill("temporary password");
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user.getByText("This account is disabled")).toBeVisible();
});
