"use client";

// The running rate's confidence sequence as a band over the reviews so far, the fixed-n interval
// after all of them as an error bar at the end, and the threshold (Recharts, decision 015). The page
// shows a data table beside it; the chart itself is hidden from assistive technology.
import { Area, CartesianGrid, ComposedChart, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";

export type BandPoint = { reviews: number; lower: number; upper: number };

const pct = (v: unknown) => (typeof v === "number" ? `${(v * 100).toFixed(2)} %` : Array.isArray(v) ? v.map((x) => (typeof x === "number" ? `${(x * 100).toFixed(2)} %` : x)).join(" – ") : String(v));

export function RunningRateChart({ band, fixed, threshold, planned, alertAt }: { band: BandPoint[]; fixed: { rate: number; lower: number; upper: number } | null; threshold: number | null; planned: number; alertAt: number | null }) {
  const data = band.map((b) => ({ reviews: b.reviews, band: [Math.max(0, b.lower), Math.min(1, b.upper)] }));
  const top = Math.min(1, Math.max(0.02, threshold ? threshold * 2 : 0, ...(fixed ? [fixed.upper * 1.6] : []), ...band.slice(Math.floor(band.length / 3)).map((b) => b.upper)));
  const fixedPoint = fixed ? [{ reviews: band.length, fixed: fixed.rate, error: [fixed.rate - Math.max(0, fixed.lower), Math.min(1, fixed.upper) - fixed.rate] }] : [];
  return (
    <div aria-hidden="true" style={{ width: "100%", height: 240 }} data-testid="running-rate-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="reviews" type="number" domain={[0, Math.max(planned, band.length)]} tick={{ fontSize: 11 }} label={{ value: "reviews so far", position: "insideBottom", offset: -8, fontSize: 11 }} />
          <YAxis domain={[0, Math.ceil(top * 100) / 100]} tickFormatter={(v: number) => `${Math.round(v * 1000) / 10} %`} tick={{ fontSize: 11 }} allowDataOverflow width={56} />
          <Tooltip formatter={pct} labelFormatter={(l) => `after ${String(l)} reviews`} />
          {threshold !== null ? <ReferenceLine y={threshold} stroke="#dc2626" strokeDasharray="4 4" label={{ value: `threshold ${pct(threshold)}`, fontSize: 10, position: "insideTopRight", fill: "#b91c1c" }} /> : null}
          {alertAt !== null ? <ReferenceLine x={alertAt} stroke="#dc2626" label={{ value: "alert", fontSize: 10, position: "insideTopLeft", fill: "#b91c1c" }} /> : null}
          <Area type="stepAfter" dataKey="band" name="confidence sequence (valid at every look)" stroke="#6366f1" strokeWidth={1} fill="#6366f1" fillOpacity={0.2} isAnimationActive={false} />
          <Scatter data={fixedPoint} dataKey="fixed" name="fixed-n interval (one look)" fill="#0f172a" isAnimationActive={false}>
            <ErrorBar dataKey="error" direction="y" width={8} stroke="#0f172a" strokeWidth={2} />
          </Scatter>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
