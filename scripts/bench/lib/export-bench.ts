// Shared by the export benchmarks (`export`, `export-embedded`): the labelled outputs (deterministic,
// about 1.9 KB per canonical row, built for the real row builder), the app's RSS, and a download
// that hashes and counts what arrives without keeping it.
import crypto from "node:crypto";
import fs from "node:fs";
import type { SourceItem } from "@/lib/datasets/row";

const TASKS = ["billing", "account_access", "refunds", "medical_questions", "financial_advice", "general"];
const WORDS = "the a refund account card charge order parcel password reset billing invoice plan upgrade cancel delivery support agent policy days business".split(" ");
const FACTUALITY = ["correct", "correct", "correct", "minor_error", "major_error"];

export function makeItem(i: number): SourceItem {
  let seed = i * 2654435761;
  const words = (n: number) => {
    const out: string[] = [];
    for (let k = 0; k < n; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      out.push(WORDS[seed % WORDS.length]);
    }
    return out.join(" ");
  };
  const task = TASKS[i % TASKS.length];
  const values = { factuality: FACTUALITY[i % FACTUALITY.length], policy: "compliant", tone: 1 + (i % 5), task_outcome: i % 7 ? "full_success" : "failure", harm: "none", corrected_output: i % 3 ? "" : words(30) };
  const labelled = new Date(Date.UTC(2026, 0, 1) + i * 1000);
  return {
    externalId: `out-${String(i).padStart(8, "0")}`,
    timestamp: new Date(Date.UTC(2025, 0, 1) + i * 1000),
    auditWeek: "2026-W01",
    stratum: task,
    taskType: task,
    model: "gpt-4o",
    inclusionProbability: 0.05 + (i % 10) / 100,
    input: [{ role: "system", content: "You are a helpful support assistant. Be brief and accurate." }, { role: "user", content: words(45) }],
    output: { role: "assistant", content: words(50) },
    context: [{ title: "KB", text: words(20) }],
    labels: [{ reviewerId: `u${i % 9}`, reviewerName: null, values, submittedAt: labelled, rubricVersion: 1 }],
    gold: { values, source: "consensus", adjudicatorId: null, adjudicatorName: null, decidedAt: labelled, rubricVersion: 1 },
  };
}


export function rss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
export function sampleRss(pid: number) {
  let peak = rss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, rss(pid))) };
}
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export async function download(url: string, apiKey: string, pid: number) {
  const sampler = sampleRss(pid);
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.length;
    // indexOf is memchr: the client's own counting must not be what the benchmark measures.
    const bytesView = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let at = bytesView.indexOf(10); at !== -1; at = bytesView.indexOf(10, at + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, bytes, lines, sha256: hash.digest("hex"), peak: sampler.stop(), headers: response.headers };
}

