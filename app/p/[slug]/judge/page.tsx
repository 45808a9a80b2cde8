import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { getAnalysisSettings } from "@/lib/server/judge/settings";
import { getJudgeReport, JUDGE_AUDITS } from "@/lib/server/judge/versus-gold";
import { MIN_JUDGE_ITEMS, type JudgeVersusGold } from "@/lib/judge/versus-gold";
import type { Estimate } from "@/lib/review/agreement-report";
import { CohortMappingForm, JudgeMappingForm, type MappableDimension } from "./judge-forms";

export const metadata = { title: "Judge vs human" };
export const dynamic = "force-dynamic";

const f2 = (v: number) => v.toFixed(2);
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function EstimateRow({ name, value, format = f2, testId }: { name: string; value: Estimate | null; format?: (v: number) => string; testId: string }) {
  return (
    <tr>
      <th scope="row" className="px-2 py-1 font-normal">{name}</th>
      <td className="px-2 py-1 font-mono" data-testid={testId}>{value ? format(value.estimate) : "—"}</td>
      <td className="px-2 py-1 font-mono text-slate-600">{value ? `${format(value.lower)} – ${format(value.upper)}` : ""}</td>
      <td className="px-2 py-1 text-slate-600">{value?.n ?? ""}</td>
    </tr>
  );
}

function Comparison({ c }: { c: JudgeVersusGold }) {
  const tooFew = c.items < MIN_JUDGE_ITEMS;
  return (
    <Card title={<>{c.signal} → {c.dimension.label}</>}>
      <section aria-label={`Judge ${c.signal} versus gold on ${c.dimension.label}`} data-testid="judge-comparison" data-dimension={c.dimension.key}>
        <p className="mb-2 text-sm text-slate-600">
          {c.items} gold-labelled item{c.items === 1 ? "" : "s"} with a judge verdict{c.withoutSignal ? `; ${c.withoutSignal} more without the signal are left out` : ""}.
          {c.judgeFailureRate !== null && c.goldFailureRate !== null ? ` The judge calls ${pct(c.judgeFailureRate)} of them a failure, gold ${pct(c.goldFailureRate)}.` : ""}
        </p>
        {tooFew ? (
          <p className="text-sm text-slate-600" data-testid="judge-too-few">Too few gold items with the signal (at least {MIN_JUDGE_ITEMS} are needed for a number worth showing).</p>
        ) : (
          <div className="grid gap-6 lg:grid-cols-2">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Agreement of the judge with gold on {c.dimension.label}</caption>
              <thead className="text-xs text-slate-500"><tr><th className="px-2 py-1 font-medium">Statistic</th><th className="px-2 py-1 font-medium">Estimate</th><th className="px-2 py-1 font-medium">95 % interval</th><th className="px-2 py-1 font-medium">Items</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                <EstimateRow name="% agreement" value={c.percent} format={pct} testId="judge-percent" />
                <EstimateRow name="Cohen’s κ" value={c.kappa} testId="judge-kappa" />
                <EstimateRow name="Gwet’s AC1" value={c.ac1} testId="judge-ac1" />
                {c.roc ? <EstimateRow name="ROC AUC (score vs gold failure)" value={c.roc.auc} testId="judge-auc" /> : null}
                <tr>
                  <th scope="row" className="px-2 py-1 font-normal">Correlation ρ (judge failure vs gold failure)</th>
                  <td className="px-2 py-1 font-mono" data-testid="judge-correlation">{c.correlation === null ? "—" : f2(c.correlation)}</td>
                  <td className="px-2 py-1 text-xs text-slate-500" colSpan={2}>what the judge-assisted estimates gain rests on</td>
                </tr>
              </tbody>
            </table>
            <div>
              <table className="text-sm" aria-label={`Confusion matrix judge × gold for ${c.dimension.label}`} data-testid="judge-confusion">
                <thead>
                  <tr className="text-xs text-slate-500"><th className="px-2 py-1 text-left font-medium">Judge ↓ · Gold →</th>{c.categories.map((k) => <th key={k} scope="col" className="px-2 py-1 font-medium">{k}</th>)}</tr>
                </thead>
                <tbody>
                  {c.categories.map((k, i) => (
                    <tr key={k} className="border-t border-slate-100">
                      <th scope="row" className="px-2 py-1 text-left font-normal">{k}</th>
                      {c.confusion[i].map((n, j) => <td key={j} className={`px-2 py-1 text-center font-mono ${i === j ? "bg-emerald-50" : n > 0 ? "bg-red-50" : ""}`}>{n}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
              {c.roc && c.roc.bestThreshold !== null && c.goldFailureRate !== null ? (
                <p className="mt-3 text-sm text-slate-700" data-testid="judge-best-threshold">
                  A threshold of <span className="font-mono">{c.roc.bestThreshold}</span> makes the judge flag {pct(c.roc.judgeRateAtBest ?? 0)} of these items, closest to the {pct(c.goldFailureRate)} humans find failing.
                </p>
              ) : null}
            </div>
          </div>
        )}
      </section>
    </Card>
  );
}

export default async function JudgePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "agreement:read");
  const [settings, report, canEdit] = await Promise.all([getAnalysisSettings({ actor, projectSlug: slug }), getJudgeReport({ actor, projectSlug: slug }), canInProject(actor, slug, "rubric:edit")]);
  const dimensions: MappableDimension[] = settings.dimensions
    .filter((d) => d.kind !== "text")
    .map((d) => ({ key: d.key, label: d.label, options: "options" in d ? d.options.map((o) => ({ value: o.value, label: o.label, failure: o.failure === true })) : [] }));
  return (
    <>
      <PageHeader
        title="Judge vs human"
        description={`Whether the automated judge can be trusted: each signal mapped to a rubric dimension, compared with the gold labels of the last ${JUDGE_AUDITS} audits${report.weeks.length ? ` (${report.weeks.join(", ")})` : ""}. Intervals are seeded bootstrap 95 % intervals resampled by item. The judge-assisted estimates on the audit results and the scorecard use these mappings.`}
      />
      <div className="space-y-6">
        {report.comparisons.length === 0 ? <Card><p className="text-sm text-slate-600">No judge is mapped yet{canEdit ? ": map a signal below." : "."}</p></Card> : report.comparisons.map((c) => <Comparison key={`${c.signal}-${c.dimension.key}`} c={c} />)}
        {canEdit ? (
          <Card title="Mappings">
            <div className="space-y-6">
              {settings.judgeMappings.map((m, i) => <JudgeMappingForm key={`${i}-${m.signal}-${m.dimension}`} projectSlug={slug} index={i} mapping={m} dimensions={dimensions} />)}
              <div className="border-t border-slate-200 pt-4">
                <h3 className="mb-2 text-sm font-semibold">Map another signal</h3>
                <JudgeMappingForm projectSlug={slug} index="new" mapping={null} dimensions={dimensions} />
              </div>
            </div>
          </Card>
        ) : null}
        {canEdit ? (
          <Card title="Cohorts">
            <p className="mb-3 text-sm text-slate-600">Compare a canary with the stable version, or an AI-assisted group with a control group, in the same weeks: the audit results and the scorecard show the stratified difference with its interval.</p>
            <CohortMappingForm projectSlug={slug} cohort={settings.cohort} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
