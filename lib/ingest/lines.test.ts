import { describe, expect, it } from "vitest";
import { BodyLimitError, charsetDecoder, csvRowToRecord, splitLines } from "./lines";

async function collect(chunks: string[], options = { maxLineBytes: 10 }) {
  const out = [];
  const source = (async function* () {
    for (const c of chunks) yield new TextEncoder().encode(c);
  })();
  for await (const line of splitLines(source, options)) out.push(line);
  return out;
}

describe("splitLines", () => {
  it("reports a line that is not valid UTF-8 instead of replacing its bytes, and carries on", async () => {
    const source = (async function* () {
      yield new Uint8Array([0x6f, 0x6b, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6e, 0x65, 0x78, 0x74]);
    })();
    const lines = [];
    for await (const line of splitLines(source, { maxLineBytes: 100 })) lines.push(line);
    expect(lines).toEqual([{ lineNumber: 1, text: "ok" }, { lineNumber: 2, badEncoding: expect.stringContaining("not valid UTF-8") }, { lineNumber: 3, text: "next" }]);
  });

  it("decodes a declared ISO-8859-1 body as declared", async () => {
    const source = (async function* () {
      yield new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    })();
    const lines = [];
    for await (const line of splitLines(source, { maxLineBytes: 100, decoder: charsetDecoder("ISO-8859-1")! })) lines.push(line);
    expect(lines).toEqual([{ lineNumber: 1, text: "café" }]);
  });

  it("knows the ASCII-compatible charsets only", () => {
    expect(charsetDecoder(undefined)?.encoding).toBe("utf-8");
    expect(charsetDecoder('"UTF-8"')?.encoding).toBe("utf-8");
    expect(charsetDecoder("latin1")?.encoding).toBe("windows-1252");
    expect(charsetDecoder("utf-16")).toBeNull();
    expect(charsetDecoder("shift_jis")).toBeNull();
  });

  it("splits across chunk boundaries, handles CRLF, skips blank lines but counts them", async () => {
    expect(await collect(["ab", "c\r\n\nde", "f"])).toEqual([{ lineNumber: 1, text: "abc" }, { lineNumber: 3, text: "def" }]);
  });

  it("reports over-long lines without buffering them and carries on", async () => {
    expect(await collect(["0123456789ABC", "DEF\nok\n"])).toEqual([{ lineNumber: 1, tooLong: true, bytes: 16 }, { lineNumber: 2, text: "ok" }]);
  });

  it("decodes multi-byte characters split between chunks", async () => {
    const bytes = new TextEncoder().encode("é\n");
    const source = (async function* () {
      yield bytes.slice(0, 1);
      yield bytes.slice(1);
    })();
    const lines = [];
    for await (const line of splitLines(source, { maxLineBytes: 10 })) lines.push(line);
    expect(lines).toEqual([{ lineNumber: 1, text: "é" }]);
  });

  it("stops past the body limit", async () => {
    await expect(collect(["aaaa\n", "bbbb\n"], { maxLineBytes: 10, maxBodyBytes: 6 } as never)).rejects.toBeInstanceOf(BodyLimitError);
  });
});

describe("csvRowToRecord", () => {
  it("maps columns, JSON cells and metadata.<key> columns", () => {
    expect(csvRowToRecord({ id: "1", timestamp: "t", input: '[{"role":"user","content":"x"}]', output: "y", "metadata.tokensIn": "12", "metadata.tags": "a; b", "metadata.taskType": "billing", context: "" })).toEqual({
      ok: true,
      record: { id: "1", timestamp: "t", input: [{ role: "user", content: "x" }], output: "y", metadata: { tokensIn: 12, tags: ["a", "b"], taskType: "billing" } },
    });
  });

  it("names the column of a bad cell", () => {
    expect(csvRowToRecord({ id: "1", "metadata.latencyMs": "fast" })).toMatchObject({ ok: false, field: "metadata.latencyMs" });
    expect(csvRowToRecord({ id: "1", metadata: "[1]" })).toMatchObject({ ok: false, field: "metadata" });
    expect(csvRowToRecord({ id: "1", signals: "{oops" })).toMatchObject({ ok: false, field: "signals" });
  });
});
