// The item under review. Model input and output are untrusted: everything is rendered as React
// text (escaped, whitespace kept), never as HTML or markdown.
import type { ReactNode } from "react";

type Message = { role?: unknown; content?: unknown };
type Source = { id?: unknown; title?: unknown; url?: unknown; text?: unknown };

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return JSON.stringify(value, null, 2);
}

function Messages({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    return (
      <div className="space-y-2">
        {(value as Message[]).map((m, i) => (
          <div key={i} className="rounded border border-slate-200 bg-slate-50 p-2">
            <div className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{asText(m?.role) || "message"}</div>
            <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-800">{asText(m?.content ?? m)}</pre>
          </div>
        ))}
      </div>
    );
  }
  if (value && typeof value === "object" && "content" in (value as Message)) {
    return <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-900">{asText((value as Message).content)}</pre>;
  }
  return <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-900">{asText(value)}</pre>;
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid={testId}>
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

export function ItemView({ output }: { output: { externalId: string; timestamp: string; taskType: string | null; model: string | null; input: unknown; output: unknown; context: unknown; metadata: unknown } }) {
  const sources = Array.isArray(output.context) ? (output.context as Source[]) : output.context ? [{ text: output.context } as Source] : [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        <span data-testid="item-external-id">{output.externalId}</span>
        <span>{new Date(output.timestamp).toLocaleString()}</span>
        {output.taskType ? <span>task: {output.taskType}</span> : null}
        {output.model ? <span>model: {output.model}</span> : null}
      </div>
      <Section title="Input"><Messages value={output.input} /></Section>
      <Section title="Output" testId="item-output"><Messages value={output.output} /></Section>
      {sources.length ? (
        <Section title={`Context (${sources.length} source${sources.length === 1 ? "" : "s"})`}>
          <ol className="space-y-2">
            {sources.map((s, i) => (
              <li key={i} className="rounded border border-slate-200 p-2">
                <div className="text-xs font-medium text-slate-700">{asText(s.title) || `Source ${i + 1}`}{s.url ? <span className="ml-2 font-normal text-slate-500">{asText(s.url)}</span> : null}</div>
                <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-800">{asText(s.text)}</pre>
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
      <Section title="Metadata"><pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words text-xs text-slate-700">{asText(output.metadata)}</pre></Section>
    </div>
  );
}
