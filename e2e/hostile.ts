// What the hostile-output specs share (issue 19): a listener on 127.0.0.1 that counts every request
// (a remote image or stylesheet in a model output must never reach it), the hostile texts, and the
// page hooks that would see injected script run (a dialog, a console line, the window.__pwned trap)
// or a request leave for another origin.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";

export type Listener = { url: string; hits: string[]; close: () => Promise<void> };

export async function startListener(): Promise<Listener> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.end("no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Script that, if it ever ran, would leave a mark: the trap array, a console line and a dialog. */
export function trap(tag: string): string {
  return `window.__pwned=(window.__pwned||[]).concat('${tag}');console.log('pwned:${tag}');alert('${tag}')`;
}

/** The hostile texts: one case each, and a very long line with bidi overrides and zero-width characters. */
export function payloads(listenerUrl: string, marker: string): string[] {
  return [
    `<script>${trap("script")}</script>`,
    `<img src=x onerror="${trap("img")}">`,
    `<svg xmlns="http://www.w3.org/2000/svg" onload="${trap("svg")}"><script>${trap("svg-script")}</script></svg>`,
    `[click me](javascript:${trap("js-link")}) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
    `<a href="javascript:${trap("a")}">raw html link</a> <iframe src="javascript:${trap("iframe")}"></iframe>`,
    `![remote](${listenerUrl}/remote-image-${marker}.png) <img src="${listenerUrl}/raw-img-${marker}.png">`,
    `<style>body{background:url(${listenerUrl}/css-${marker}.png)}</style><link rel=stylesheet href="${listenerUrl}/link-${marker}.css">`,
    `RTL \u202Egnp.exe\u202C zero\u200Bwidth\u200Djoiner \uFEFF ${"x".repeat(20_000)}`,
  ];
}

/**
 * About 1 MB (2^20 characters) of markdown: ordinary lines with a hostile one every hundred (an
 * onerror image, a javascript: link, a remote image at the listener, a bidi override).
 */
export function megabyteOutput(listenerUrl: string, marker: string): string {
  const lines: string[] = [`${marker} the one-megabyte answer`];
  let size = lines[0].length;
  for (let i = 0; size < 1024 * 1024; i++) {
    const line =
      i % 100 === 0
        ? `line ${i} <img src=x onerror="${trap(`big-${i}`)}"> [go](javascript:${trap(`big-link-${i}`)}) ![t](${listenerUrl}/big-${marker}-${i}.png) \u202Eevil\u202C`
        : `line ${i} of a long answer that keeps going with plain words so the page has a lot to lay out`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n").slice(0, 1024 * 1024);
}

export type Trap = { dialogs: string[]; logs: string[]; foreign: string[] };

/**
 * Hooks a page: dialogs (dismissed and counted), console lines the trap writes, and every request
 * that finished against an origin other than the app's.
 */
export function trapPage(page: Page, appOrigin: string): Trap {
  const seen: Trap = { dialogs: [], logs: [], foreign: [] };
  page.on("dialog", async (dialog) => {
    seen.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/pwned/.test(message.text())) seen.logs.push(message.text());
  });
  page.on("requestfinished", (request) => {
    const url = request.url();
    if (!url.startsWith(appOrigin) && !/^(data|blob):/.test(url)) seen.foreign.push(url);
  });
  return seen;
}

export async function expectNothingRan(page: Page, seen: Trap, listener: Listener, where: string) {
  expect(seen.dialogs, `${where}: no dialog`).toEqual([]);
  expect(seen.logs, `${where}: no console line from injected script`).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string[] }).__pwned ?? []), `${where}: the trap is unset`).toEqual([]);
  expect(seen.foreign, `${where}: no request to another origin`).toEqual([]);
  expect(listener.hits, `${where}: the listener on 127.0.0.1 saw nothing`).toEqual([]);
}

/** The page is no wider than the window: long lines wrap or scroll inside their box. */
export async function expectNoHorizontalOverflow(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${where}: page width ${scrollWidth} px within the ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}
