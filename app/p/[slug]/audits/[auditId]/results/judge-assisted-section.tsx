// The judge-assisted estimates beside the human-only ones (issue 18), in its own component so the
// results page's other sections merge apart from it.
import { Card } from "@/components/ui";
import type { JudgeAssistedView } from "@/lib/server/judge/assisted";

const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %`;
const clip = (x: number) => Math.min(1, Math.max(0, x));

export function widthRatioText(ratio: number | null): string | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  if (ratio >= 1.05) return `the judge makes this interval ${ratio.toFixed(1)}× narrower`;
  if (ratio <= 0.95) return `the judge makes this interval ${(1 / ratio).toFixed(1)}× wider (a weak judge on few reviews): rely on the human-only one`;
  return "the judge makes this interval about as wide as the human-only one";
}

export function JudgeAssistedSection({ views }: { views: JudgeAssistedView[] }) {
  if (views.length === 0) return null;
  return (
    <Card title="Judge-assisted estimates (95 % confidence)">
      <p className="mb-2 max-w-3xl text-sm text-slate-600">
        Human gold labels on the sample plus the judge&apos;s verdict on every output of the week: the regression estimator (Cochran 1977, §7.3; the idea behind prediction-powered inference) corrects the judge&apos;s bias with the human sample, so the interval stays valid even for a poor judge and is only narrower when the judge is good. Outputs without the signal form their own sub-stratum, estimated from humans alone. Intervals are normal (estimate ± 1.96 SE), shown clipped to 0–100 %.
      </p>
      <table className="min-w-full text-sm" aria-label="Judge-assisted estimates">
        <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Dimension · judge</th><th>Human only</th><th>Judge-assisted</th><th>Width</th><th>Judge vs gold ρ</th><th>Reviewed</th></tr></thead>
        <tbody>
          {views.map((v) => {
            const r = v.result;
            const ratio = widthRatioText(r.widthRatio);
            return (
              <tr key={v.dimension.key} className="border-t border-slate-200 align-top" data-testid="judge-assisted-row" data-dimension={v.dimension.key}>
                <th scope="row" className="py-2 pr-3 text-left">{v.dimension.label}<div className="text-xs font-normal text-slate-500">{v.mapping.signal}</div></th>
                <td className="py-2 pr-3 tabular-nums" data-testid="human-only">{r.humanOnly ? <>{pct(r.humanOnly.rate)}<div className="text-xs text-slate-600">{pct(clip(r.humanOnly.lower))} – {pct(clip(r.humanOnly.upper))}</div></> : "—"}</td>
                <td className="py-2 pr-3 tabular-nums font-semibold" data-testid="assisted">{r.assisted ? <>{pct(r.assisted.rate)}<div className="text-xs font-normal text-slate-600">{pct(clip(r.assisted.lower))} – {pct(clip(r.assisted.upper))}</div></> : "—"}</td>
                <td className="py-2 pr-3 text-slate-700" data-testid="width-ratio">{ratio ?? "—"}</td>
                <td className="py-2 pr-3 tabular-nums" data-testid="judge-rho">{r.correlation === null ? "—" : r.correlation.toFixed(2)}</td>
                <td className="py-2 text-slate-600">
                  {r.reviewed} items, {r.coveredPopulation.toLocaleString("en")} outputs covered
                  {r.missing.length ? <div className="text-xs">left out (fewer than 2 reviews): {r.missing.map((m) => `${m.value} ${m.signal ? "with" : "without"} signal`).join(", ")}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
