"use client";

// One metric's trend: the estimate as a line, its 95 % interval as a band, the baseline and the
// threshold as lines, weeks with too few reviews drawn hollow. A table of the same numbers sits
// beside it on the page for screen readers and for copying into a board pack.
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendPoint = { week: string; value: number | null; band: [number, number] | null; tooFew: boolean; provisional: boolean };

function formatValue(value: number, unit: string): string {
  if (unit === "fraction") return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)} %`;
  return `${+value.toPrecision(3)}${unit === "points" ? "" : ` ${unit}`}`;
}

export function TrendChart({ points, unit, baseline, threshold, label }: { points: TrendPoint[]; unit: string; baseline: number | null; threshold: number | null; label: string }) {
  const data = points.map((p) => ({ ...p, short: p.week.replace(/^\d{4}-/, "") }));
  return (
    <div className="h-44 w-full" role="img" aria-label={`${label}: trend over ${points.length} weeks with 95 % intervals`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="short" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} width={52} tickFormatter={(v: number) => formatValue(v, unit)} domain={[0, "auto"]} />
          <Tooltip
            formatter={(value, name) => (Array.isArray(value) ? [`${formatValue(Number(value[0]), unit)} – ${formatValue(Number(value[1]), unit)}`, "95 % interval"] : [formatValue(Number(value), unit), name === "value" ? "estimate" : String(name)])}
            labelFormatter={(l) => `Week ${l}`}
          />
          <Area type="monotone" dataKey="band" stroke="none" fill="#c7d2fe" fillOpacity={0.7} isAnimationActive={false} connectNulls />
          <Line
            type="monotone"
            dataKey="value"
            stroke="#4338ca"
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls
            dot={(props: { cx?: number; cy?: number; payload?: TrendPoint; index?: number }) =>
              // A week without a value has no point (recharts would otherwise draw it at the top).
              props.payload?.value === null || props.payload?.value === undefined || props.cy === undefined || Number.isNaN(props.cy) ? (
                <g key={props.index} />
              ) : (
                <circle key={props.index} cx={props.cx} cy={props.cy} r={3} stroke="#4338ca" strokeWidth={1.5} fill={props.payload.tooFew || props.payload.provisional ? "#fff" : "#4338ca"} />
              )
            }
          />
          {baseline !== null ? <ReferenceLine y={baseline} stroke="#64748b" strokeDasharray="4 3" label={{ value: "baseline", fontSize: 10, fill: "#64748b", position: "insideTopLeft" }} /> : null}
          {threshold !== null ? <ReferenceLine y={threshold} stroke="#dc2626" label={{ value: "threshold", fontSize: 10, fill: "#dc2626", position: "insideTopRight" }} /> : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
