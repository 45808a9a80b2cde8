import { generateDemoOutputs } from "@/lib/demo/outputs";
const t0 = performance.now();
const c0 = process.cpuUsage();
let n = 0;
for (const o of generateDemoOutputs({ endWeekStart: new Date("2026-02-23T00:00:00Z") })) n += o.record.id.length > 0 ? 1 : 0;
const c = process.cpuUsage(c0);
console.log(n, "wall", (performance.now() - t0).toFixed(0), "ms; cpu", (c.user / 1000).toFixed(0));
