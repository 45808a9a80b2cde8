import type { WeekFigures } from "@/lib/server/outputs/summary";
import type { ToolReliability } from "@/lib/server/outputs/store";

const pct = (value: number | null, digits = 1) => (value === null ? "—" : `${(value * 100).toFixed(digits)} %`);
const ms = (value: number | null) => (value === null ? "—" : `${Math.round(value).toLocaleString("en")} ms`);

// One row per ISO week in the project's time zone. Rates are over every output of the week; latency
// quantiles come from the rollup's histogram (within 1 %).
export function WeeklyPopulationTable({ weeks }: { weeks: WeekFigures[] }) {
  const max = Math.max(1, ...weeks.map((w) => w.outputs));
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" aria-label="Population per week">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="pr-4">Week</th>
            <th className="pr-4">Volume</th>
            <th className="pr-4 text-right">p50 latency</th>
            <th className="pr-4 text-right">p95 latency</th>
            <th className="pr-4 text-right">Cost</th>
            <th className="pr-4 text-right">Format compliance</th>
            <th className="pr-4 text-right">Refusals</th>
            <th className="text-right">Escalations</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week} className="border-t border-slate-100">
              <td className="py-1 pr-4 whitespace-nowrap text-slate-700" title={`${w.start} – ${w.end}`}>{w.week}</td>
              <td className="pr-4">
                <span className="flex items-center gap-2">
                  <span className="h-3 rounded bg-indigo-400" style={{ width: `${(w.outputs / max) * 8}rem` }} />
                  <span className="tabular-nums">{w.outputs.toLocaleString("en")}</span>
                </span>
              </td>
              <td className="pr-4 text-right tabular-nums">{ms(w.p50LatencyMs)}</td>
              <td className="pr-4 text-right tabular-nums">{ms(w.p95LatencyMs)}</td>
              <td className="pr-4 text-right tabular-nums">{w.costUsd ? `$${w.costUsd.toFixed(2)}` : "—"}</td>
              <td className={`pr-4 text-right tabular-nums ${w.formatCompliance !== null && w.formatCompliance < 0.995 ? "font-medium text-red-700" : ""}`}>{pct(w.formatCompliance, 2)}</td>
              <td className="pr-4 text-right tabular-nums">{pct(w.refusalRate)}</td>
              <td className="text-right tabular-nums">{pct(w.escalationRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Per tool: success, timeouts, retries, authentication failures (HTTP 401/403), schema mismatches.
export function ToolReliabilityTable({ tools }: { tools: ToolReliability[] }) {
  const share = (n: number, of: number) => (of ? `${((n / of) * 100).toFixed(1)} %` : "—");
  return (
    <table className="min-w-full text-sm" aria-label="Tool reliability">
      <thead>
        <tr className="text-left text-xs text-slate-500">
          <th className="pr-4">Tool</th><th className="pr-4 text-right">Calls</th><th className="pr-4 text-right">Success</th><th className="pr-4 text-right">Timeouts</th>
          <th className="pr-4 text-right">Retries</th><th className="pr-4 text-right">Auth failures</th><th className="text-right">Schema mismatches</th>
        </tr>
      </thead>
      <tbody>
        {tools.map((t) => (
          <tr key={t.toolName} className="border-t border-slate-100">
            <td className="py-1 pr-4 font-mono text-xs">{t.toolName}</td>
            <td className="pr-4 text-right tabular-nums">{t.calls.toLocaleString("en")}</td>
            <td className="pr-4 text-right tabular-nums">{share(t.ok, t.calls)}</td>
            <td className="pr-4 text-right tabular-nums">{share(t.timeouts, t.calls)}</td>
            <td className="pr-4 text-right tabular-nums">{share(t.retries, t.calls)}</td>
            <td className="pr-4 text-right tabular-nums">{t.authFailures.toLocaleString("en")}</td>
            <td className="text-right tabular-nums">{t.schemaErrors.toLocaleString("en")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
