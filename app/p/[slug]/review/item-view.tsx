"use client";

// The item under review. Model input and output are untrusted: message texts are read as markdown
// through UntrustedMarkdown (no HTML, no scripts, no images loaded), or as their exact source text
// at the press of a toggle; everything else is React text (escaped, whitespace kept).
import { memo, useEffect, useState, type ReactNode } from "react";
import { formatDateTimeWithZone } from "@/lib/format/dates";
import { UntrustedMarkdown } from "@/components/untrusted-markdown";

type Message = { role?: unknown; content?: unknown };
type Source = { id?: unknown; title?: unknown; url?: unknown; text?: unknown };

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return JSON.stringify(value, null, 2);
}

function Text({ value, markdown }: { value: unknown; markdown: boolean }) {
  if (markdown && typeof value === "string") return <UntrustedMarkdown text={value} />;
  return <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-900">{asText(value)}</pre>;
}

function Messages({ value, markdown }: { value: unknown; markdown: boolean }) {
  if (Array.isArray(value)) {
    return (
      <div className="space-y-2">
        {(value as Message[]).map((m, i) => (
          <div key={i} className="rounded border border-slate-200 bg-slate-50 p-2">
            <div className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{asText(m?.role) || "message"}</div>
            <Text value={m?.content ?? m} markdown={markdown} />
          </div>
        ))}
      </div>
    );
  }
  if (value && typeof value === "object" && "content" in (value as Message)) return <Text value={(value as Message).content} markdown={markdown} />;
  return <Text value={value} markdown={markdown} />;
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid={testId}>
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

/** Memoised: the workspace re-renders on every pick, the item on screen stays the same object. */
export const ItemView = memo(function ItemView({ output, timeZone = "UTC" }: { output: { externalId: string; timestamp: string; taskType: string | null; model: string | null; input: unknown; output: unknown; context: unknown; metadata: unknown }; timeZone?: string }) {
  const [markdown, setMarkdown] = useState(true);
  // "s" switches between formatted and source text, outside text boxes (see GLOBAL_SHORTCUTS).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const tag = (event.target as HTMLElement | null)?.tagName;
      if (event.key !== "s" || event.ctrlKey || event.metaKey || event.altKey || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      event.preventDefault();
      setMarkdown((m) => !m);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const sources = Array.isArray(output.context) ? (output.context as Source[]) : output.context ? [{ text: output.context } as Source] : [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        <span data-testid="item-external-id">{output.externalId}</span>
        <span>{formatDateTimeWithZone(new Date(output.timestamp), timeZone)}</span>
        {output.taskType ? <span>task: {output.taskType}</span> : null}
        {output.model ? <span>model: {output.model}</span> : null}
        <button type="button" onClick={() => setMarkdown((m) => !m)} className="ml-auto text-indigo-700 hover:underline" aria-pressed={!markdown} data-testid="toggle-source">
          {markdown ? "Show source text" : "Show formatted"} <kbd className="font-mono text-slate-400">s</kbd>
        </button>
      </div>
      <Section title="Input"><Messages value={output.input} markdown={markdown} /></Section>
      <Section title="Output" testId="item-output"><Messages value={output.output} markdown={markdown} /></Section>
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
});
