// Model output is untrusted text that is usually markdown. It is rendered as markdown for
// reading, with three rules: raw HTML is shown as the text it is (never parsed, so nothing runs),
// links keep only safe schemes and open in a new tab without referrer, and images are never
// loaded (a markdown image is a classic way for injected instructions to send data to a server
// the moment someone views the output) — they appear as their alt text and address instead.
// A text longer than MAX_FORMATTED_CHARS is shown as its source text: formatting a megabyte of
// markdown took about 20 s of the browser's main thread on a busy machine (e2e/hostile-review.spec.ts),
// every time the page re-rendered, and as long on the server for a server-rendered page.
import { memo } from "react";
import Markdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

type MarkdownNode = { type: string; value?: string; children?: MarkdownNode[] };

/** A remark plugin: every raw HTML node becomes literal text, displayed (escaped) as written. */
function htmlAsText() {
  const visit = (node: MarkdownNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(visit);
  };
  return visit;
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline" title={href}>
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) => (
    <span className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-600" data-testid="image-placeholder">
      [image{alt ? `: ${alt}` : ""}{typeof src === "string" && src ? ` — ${src}` : ""} (not loaded)]
    </span>
  ),
};

/** Longer texts are shown as source text (see above); typical outputs are a few thousand characters. */
export const MAX_FORMATTED_CHARS = 50_000;

/** Memoised: a reviewer's every key press re-renders the workspace, and the text has not changed. */
export const UntrustedMarkdown = memo(function UntrustedMarkdown({ text }: { text: string }) {
  if (text.length > MAX_FORMATTED_CHARS) {
    return (
      <div className="space-y-2" data-testid="long-text">
        <p className="text-xs text-slate-500">{text.length.toLocaleString("en")} characters: shown as source text, too long to format.</p>
        <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-900">{text}</pre>
      </div>
    );
  }
  return (
    <div className="markdown-body space-y-2 break-words text-sm text-slate-900 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 [&_table]:text-xs [&_td]:border [&_td]:border-slate-200 [&_td]:px-1 [&_th]:border [&_th]:border-slate-200 [&_th]:px-1 [&_ul]:list-disc">
      <Markdown remarkPlugins={[remarkGfm, htmlAsText]} urlTransform={defaultUrlTransform} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
