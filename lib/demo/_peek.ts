import { generateDemoOutputs } from "@/lib/demo/outputs";
const want = Number(process.argv[2] ?? 0);
let n = 0;
for (const o of generateDemoOutputs({ endWeekStart: new Date("2026-02-23T00:00:00Z"), perWeek: 400, seed: want })) {
  n++;
  if (!o.plantedDefect || n % 7 !== 0) continue;
  const r = o.record;
  const inp = typeof r.input === "string" ? r.input : r.input.map((m) => `[${m.role}] ${m.role === "system" ? m.content.split("\n").pop() : m.content}`).join("\n");
  const out = typeof r.output === "string" ? r.output : r.output.content;
  console.log(`--- ${r.id} ${r.timestamp} ${r.metadata.taskType} ${r.metadata.model} ${r.metadata.userSegment} ctx=${r.context?.map((c) => c.id).join(",") ?? "-"} defect=${o.plantedDefect} ${o.defectNote ?? ""}`);
  console.log("IN:  " + inp.replace(/\n/g, "\n     "));
  console.log("OUT: " + out.replace(/\n/g, "\n     "));
  console.log("SIG: " + JSON.stringify(r.signals) + " " + JSON.stringify({ l: r.metadata.latencyMs, c: r.metadata.costUsd, ti: r.metadata.tokensIn, to: r.metadata.tokensOut, tags: r.metadata.tags }));
}
