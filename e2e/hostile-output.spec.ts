// Issue 19: hostile model output in a real Chromium. Outputs carrying script tags, event-handler
// images, SVG with script, javascript:/data: links, raw HTML in markdown, a remote image pointing
// at a listener on 127.0.0.1, RTL overrides, zero-width characters, prototype-pollution keys and a
// very long line are ingested, then shown in the outputs explorer, on the output page and in an
// incident that links them. No dialog opens, no script sets the trap, no request reaches the
// listener, and every page carries the Content-Security-Policy with a fresh nonce that Next's
// own scripts carry (decision 038). Runs on its own outputs (a unique marker) and its own incident.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { payloads as hostilePayloads } from "./hostile";

const project = "/p/support-assistant";

let listener: http.Server;
let listenerUrl = "";
const hits: string[] = [];

test.beforeAll(async () => {
  listener = http.createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.end("no");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
});

// The hostile texts are shared with hostile-review.spec.ts (e2e/hostile.ts).
function payloads(marker: string) {
  return hostilePayloads(listenerUrl, marker);
}

async function trapPage(page: Page) {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/pwned|script|img|svg/.test(message.text()) && message.type() === "log") errors.push(message.text());
  });
  return { dialogs, errors };
}

async function expectNothingRan(page: Page, trap: { dialogs: string[]; errors: string[] }) {
  expect(trap.dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string[] }).__pwned ?? [])).toEqual([]);
  expect(hits).toEqual([]);
}

async function expectCsp(page: Page, path: string, seen: Set<string>) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const policy = response!.headers()["content-security-policy"];
  expect(policy, `${path} has a Content-Security-Policy`).toBeTruthy();
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, path).toBeTruthy();
  expect(seen.has(nonce!), `${path}: a fresh nonce per response`).toBe(false);
  seen.add(nonce!);
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toContain("unsafe-eval");
  expect(policy).toMatch(/img-src 'self' data: blob:/);
  // Next's scripts carry the nonce, so the page still hydrates (a client-side control works below).
  const scripts = await page.locator("script").evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).nonce));
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const scriptNonce of scripts) expect(scriptNonce, path).toBe(nonce);
}

test("hostile outputs run nothing and fetch nothing on the explorer, the output page and an incident; every page has a nonce CSP", async ({ page }) => {
  // About twenty page loads, each route's first on this file's fresh server: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const trap = await trapPage(page);
  await signIn(page, "ml@demo.assay");
  const marker = `hostile${Date.now()}`;
  const bodies = payloads(marker);
  const records = bodies.map((text, i) => ({
    id: `${marker}-${i}`,
    timestamp: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
    input: [{ role: "user", content: `${marker} ${text}` }],
    output: { role: "assistant", content: `${marker} ${text}` },
    // Metadata keys and values are shown as columns and on the output page.
    metadata: { taskType: "general", model: `<img src=x onerror="alert('model')">`, [`<script>alert('key')</script>`]: text.slice(0, 200), note: "=HYPERLINK(\"http://evil\")" },
  }));
  // The signed-in ML engineer may ingest (matrix: POST /api/v1/outputs); the page's cookie is used.
  const ingested = await page.request.post("/api/v1/outputs?project=support-assistant", { headers: { "content-type": "application/json" }, data: records });
  expect(ingested.status()).toBe(200);
  expect(await ingested.json()).toMatchObject({ accepted: records.length, rejected: 0 });

  // A polluting body is refused or stored as plain data; either way no object gains the key.
  const polluting = await page.request.post("/api/v1/outputs?project=support-assistant", {
    headers: { "content-type": "application/json" },
    data: `[{"id":"${marker}-proto","timestamp":"${new Date().toISOString()}","input":"q","output":"a","metadata":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}]`,
  });
  expect(polluting.status()).toBeLessThan(500);

  // The explorer with the hostile rows.
  await page.goto(`${project}/outputs?q=${marker}`);
  await expect(page.getByTestId("outputs-count")).toHaveText(new RegExp(`^${records.length} matching outputs`));
  const table = page.getByRole("table", { name: "Logged outputs" });
  await expect(table.getByText(/<script>/).first()).toBeVisible();
  await expectNothingRan(page, trap);
  // The layout stays usable: the 20,000-character line does not widen the page past the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThan(50);

  // Every output page.
  for (let i = 0; i < records.length; i++) {
    // The search matches words of the input and output, not ids: find the row by its time link.
    await page.goto(`${project}/outputs?q=${marker}`);
    const when = records[i].timestamp.slice(0, 19).replace("T", " ");
    await page.getByRole("table", { name: "Logged outputs" }).getByRole("link", { name: when, exact: true }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`^Output ${marker}-${i}`) })).toBeVisible();
    await expect(page.locator("main")).toContainText(marker);
    // Links on the page lead nowhere but http(s) or the app itself.
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    await expectNothingRan(page, trap);
  }

  // An incident whose title and description are hostile, linking the hostile outputs.
  // Another person: the ML engineer's session goes first (the sign-in page sends a signed-in user on).
  await page.context().clearCookies();
  await signIn(page, "qa@demo.assay");
  await page.goto(`${project}/incidents/new`);
  await page.getByLabel("Title").fill(`<img src=x onerror="alert('title')"> ${marker}`);
  await page.getByLabel("Description", { exact: true }).fill(bodies.slice(0, 6).join("\n"));
  await page.getByLabel("Linked outputs").fill(records.map((r) => r.id).join(", "));
  await page.getByRole("button", { name: "Record incident" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(marker) })).toBeVisible();
  await expect(page.locator("main")).toContainText(`<img src=x onerror="alert('title')">`);
  await expectNothingRan(page, trap);
  await page.goto(`${project}/incidents`);
  await expect(page.locator("main")).toContainText(marker);
  await expectNothingRan(page, trap);

  // The CSP on every page a QA lead sees, a fresh nonce each time, Next's scripts carrying it.
  const nonces = new Set<string>();
  for (const path of ["/", project, `${project}/outputs`, `${project}/audits`, `${project}/review`, `${project}/adjudication`, `${project}/agreement`, `${project}/incidents`, `${project}/datasets`, `${project}/scorecard`, `${project}/alerts`, `${project}/outputs`]) {
    await expectCsp(page, path, nonces);
  }
  // Hydration works under the policy: a client-side control responds.
  await page.goto(`${project}/incidents`);
  await page.getByLabel("Filter by status").selectOption("open");
  await expect(page).toHaveURL(/status=open/);
  await expectNothingRan(page, trap);
  expect(trap.errors).toEqual([]);
});

test("the sign-in page has the policy too, and an inline script injected into a page does not run", async ({ page, browser }) => {
  const response = await page.goto("/sign-in");
  const policy = response!.headers()["content-security-policy"];
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  // What a missed escape would amount to: markup with an inline event handler reaching the DOM.
  // Without 'unsafe-inline' the browser refuses to run the handler.
  await page.evaluate(() => {
    const holder = document.createElement("div");
    holder.innerHTML = `<img src="data:," onerror="window.__injected = true"><img src="/no-such-image.png" onerror="window.__injected = true">`;
    document.body.appendChild(holder);
  });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true)).toBe(false);
  // Login is still possible: the form hydrates and signs in.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await signIn(fresh, "reviewer@demo.assay");
  await context.close();
});
