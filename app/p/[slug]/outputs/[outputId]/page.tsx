import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { readOutputDetail } from "@/lib/server/outputs/explorer";
import { NotFoundError } from "@/lib/server/errors";
import { ItemView } from "../../review/item-view";

export const metadata = { title: "Output" };
export const dynamic = "force-dynamic";

// failWhen: which answer is the problem (null: neither, e.g. approval is a record, not a failure).
const CHECK_LABELS: Record<string, { label: string; failWhen: boolean | null }> = {
  formatValid: { label: "Format compliance", failWhen: false },
  refusal: { label: "Refusal", failWhen: true },
  escalated: { label: "Escalated", failWhen: true },
  overridden: { label: "Human override", failWhen: true },
  intervened: { label: "Intervention", failWhen: true },
  approved: { label: "Approved", failWhen: null },
  overLatencySla: { label: "Over latency SLA", failWhen: true },
  overCostBudget: { label: "Over cost budget", failWhen: true },
};

function CheckValue({ value, failWhen }: { value: boolean | null; failWhen: boolean | null }) {
  if (value === null) return <span className="text-slate-400">not checked</span>;
  if (failWhen === null) return <span>{value ? "yes" : "no"}</span>;
  const failing = value === failWhen;
  return <span className={failing ? "font-medium text-red-700" : "text-emerald-700"}>{value ? "yes" : "no"}</span>;
}

function Json({ value }: { value: unknown }) {
  return <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>;
}

// One output with everything known about it. Reviewers have no outputs:read: they get a 404, so
// blind review is never undone from here.
export default async function OutputPage({ params }: { params: Promise<{ slug: string; outputId: string }> }) {
  const { slug, outputId } = await params;
  const { actor } = await requireProjectPage(slug, "outputs:read");
  let detail;
  try {
    detail = await readOutputDetail({ actor, projectSlug: slug, outputId });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const { output, toolCalls, audits, labels, gold } = detail;
  return (
    <>
      <PageHeader
        title={`Output ${output.externalId}`}
        description={<><Link className="text-indigo-700 underline" href={`/p/${slug}/outputs`}>All outputs</Link> · logged {output.timestamp.slice(0, 19).replace("T", " ")} UTC · ingested {output.ingestedAt.slice(0, 19).replace("T", " ")} UTC{output.redactions ? ` · ${output.redactions} redaction(s)` : ""}</>}
      />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card title="Input, output and context">
          <ItemView output={output} />
        </Card>
        <div className="space-y-4">
          <Card title="Signals">
            <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500">Latency</dt><dd>{output.latencyMs === null ? "—" : `${output.latencyMs.toLocaleString("en")} ms`}</dd>
              <dt className="text-slate-500">Cost</dt><dd>{output.costUsd === null ? "—" : `$${output.costUsd.toFixed(6)}`}</dd>
              <dt className="text-slate-500">Tokens in / out</dt><dd>{output.tokensIn ?? "—"} / {output.tokensOut ?? "—"}</dd>
              <dt className="text-slate-500">Model</dt><dd>{output.model ?? "—"}</dd>
              <dt className="text-slate-500">Task type</dt><dd>{output.taskType ?? "—"}</dd>
            </dl>
            {Array.isArray(output.signals) && output.signals.length ? (
              <table className="mt-3 text-sm" aria-label="Ingested signals">
                <tbody>
                  {(output.signals as { name: string; value: unknown; source?: string }[]).map((s, i) => (
                    <tr key={i}><td className="pr-3 text-slate-600">{s.name}</td><td className="pr-3 font-mono">{String(s.value)}</td><td className="text-xs text-slate-500">{s.source ?? ""}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : <p className="mt-2 text-xs text-slate-500">No ingested signals.</p>}
          </Card>
          <Card title="Checks">
            <table className="text-sm" aria-label="Check results">
              <tbody>
                {Object.entries(CHECK_LABELS).map(([key, c]) => (
                  <tr key={key}><td className="pr-4 text-slate-600">{c.label}</td><td><CheckValue value={output.checks[key as keyof typeof output.checks]} failWhen={c.failWhen} /></td></tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-500">Computed with check definitions version {output.checksVersion ?? "—"}.</p>
          </Card>
        </div>
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card title={`Trace: tool calls (${toolCalls.length})`}>
          {!detail.traceId ? (
            <p className="text-sm text-slate-500">Not from an OTLP trace.</p>
          ) : toolCalls.length === 0 ? (
            <p className="text-sm text-slate-500">Trace {detail.traceId}: no tool calls stored.</p>
          ) : (
            <table className="w-full text-sm" aria-label="Tool calls">
              <thead><tr className="text-left text-xs text-slate-500"><th>Tool</th><th>Status</th><th>Duration</th><th>Notes</th></tr></thead>
              <tbody>
                {toolCalls.map((t) => (
                  <tr key={t.id} className="border-t border-slate-100">
                    <td className="py-1 font-mono text-xs">{t.toolName}</td>
                    <td className={t.status === "ok" ? "text-emerald-700" : "text-red-700"}>{t.status}</td>
                    <td>{t.durationMs === null ? "—" : `${Math.round(t.durationMs)} ms`}</td>
                    <td className="text-xs text-slate-600">{[t.errorType, t.httpStatus ? `HTTP ${t.httpStatus}` : null, t.authFailure ? "auth failure" : null, t.schemaError ? "schema mismatch" : null, t.retry ? "retry" : null].filter(Boolean).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title={`Audits (${audits.length})`}>
          {audits.length === 0 ? <p className="text-sm text-slate-500">Never sampled.</p> : (
            <ul className="space-y-1 text-sm">
              {audits.map((a) => (
                <li key={a.sampledItemId}>
                  <Link className="text-indigo-700 underline" href={`/p/${slug}/audits/${a.auditId}`}>{a.week}</Link> · stratum {a.stratum || "—"} · {a.status} · inclusion probability {a.inclusionProbability.toPrecision(3)}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={`Labels (${labels.length})`}>
          {labels.length === 0 ? <p className="text-sm text-slate-500">No labels.</p> : (
            <ul className="space-y-2 text-sm">
              {labels.map((l) => (
                <li key={l.id}>
                  <p className="text-xs text-slate-500">{l.reviewer} · {l.createdAt.slice(0, 16).replace("T", " ")}{l.revisions ? ` · edited ${l.revisions}×` : ""}</p>
                  <Json value={l.values} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={`Gold history (${gold.length})`}>
          {gold.length === 0 ? <p className="text-sm text-slate-500">No gold label.</p> : (
            <ol className="space-y-2 text-sm">
              {gold.map((g) => (
                <li key={g.id}>
                  <p className="text-xs text-slate-500">{g.source}{g.adjudicator ? ` by ${g.adjudicator}` : ""} · {g.createdAt.slice(0, 16).replace("T", " ")}</p>
                  {g.rationale ? <p className="text-xs italic text-slate-600">{g.rationale}</p> : null}
                  <Json value={g.values} />
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}
