"use client";

// The app's charts (Recharts, decision 015): estimates with their 95 % intervals, drawn as a band
// (over time) or as error bars (side by side). Every chart has a data table beside it on the page,
// for screen readers and for exact figures; the charts themselves are hidden from assistive
// technology for that reason.
import { Area, Bar, CartesianGrid, ComposedChart, ErrorBar, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type IntervalPoint = { name: string; estimate: number | null; lower: number | null; upper: number | null };

/** How values read: plain decimals (α, κ), or differences of two rates in percentage points. */
type ValueFormat = "decimal" | "percentagePoints";
const formatNumber = (format: ValueFormat) => (x: number) => (format === "percentagePoints" ? `${x > 0 ? "+" : ""}${(x * 100).toFixed(1)} pp` : x.toFixed(2));
const tooltipFormat = (format: ValueFormat) => (v: unknown) =>
  typeof v === "number" ? formatNumber(format)(v) : Array.isArray(v) ? v.map((x) => (typeof x === "number" ? formatNumber(format)(x) : x)).join(" – ") : String(v);
const fmt = tooltipFormat("decimal");

/** Thresholds drawn as dashed lines (e.g. Krippendorff's 0.667 and 0.80). */
type Threshold = { value: number; label: string };

export function IntervalTrendChart({ points, thresholds = [], domain = [0, 1], height = 180 }: { points: IntervalPoint[]; thresholds?: Threshold[]; domain?: [number, number]; height?: number }) {
  const data = points.map((p) => ({ name: p.name, estimate: p.estimate, band: p.lower !== null && p.upper !== null ? [p.lower, p.upper] : null }));
  return (
    <div aria-hidden="true" style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis domain={domain} tick={{ fontSize: 11 }} allowDataOverflow />
          <Tooltip formatter={fmt} />
          {thresholds.map((t) => <ReferenceLine key={t.value} y={t.value} stroke="#94a3b8" strokeDasharray="4 4" label={{ value: t.label, fontSize: 10, position: "insideTopLeft", fill: "#64748b" }} />)}
          <Area type="monotone" dataKey="band" name="95 % interval" stroke="none" fill="#6366f1" fillOpacity={0.18} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="estimate" name="estimate" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function IntervalBarChart({ points, thresholds = [], domain = [0, 1], height = 220, valueFormat = "decimal" }: { points: IntervalPoint[]; thresholds?: Threshold[]; domain?: [number, number]; height?: number; valueFormat?: ValueFormat }) {
  const data = points.map((p) => ({
    name: p.name,
    estimate: p.estimate,
    // Error bars are offsets below and above the estimate.
    error: p.estimate !== null && p.lower !== null && p.upper !== null ? [p.estimate - p.lower, p.upper - p.estimate] : [0, 0],
  }));
  return (
    <div aria-hidden="true" style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
          <YAxis domain={domain} tick={{ fontSize: 11 }} tickFormatter={formatNumber(valueFormat)} width={valueFormat === "percentagePoints" ? 70 : 60} allowDataOverflow />
          <Tooltip formatter={tooltipFormat(valueFormat)} />
          {thresholds.map((t) => <ReferenceLine key={t.value} y={t.value} stroke="#94a3b8" strokeDasharray="4 4" label={{ value: t.label, fontSize: 10, position: "insideTopLeft", fill: "#64748b" }} />)}
          <Bar dataKey="estimate" name="estimate" fill="#818cf8" isAnimationActive={false}>
            <ErrorBar dataKey="error" width={6} stroke="#1e1b4b" strokeWidth={1.5} />
          </Bar>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
