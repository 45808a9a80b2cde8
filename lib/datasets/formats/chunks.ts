// Text to bytes in chunks of a useful size: one write per row would cost a syscall each.
const encoder = new TextEncoder();
const CHUNK_CHARS = 64 * 1024;

export async function* textChunks(pieces: AsyncIterable<string>): AsyncIterable<Uint8Array> {
  let buffer = "";
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield encoder.encode(buffer);
      buffer = "";
    }
  }
  if (buffer) yield encoder.encode(buffer);
}

export async function* fromString(text: string): AsyncIterable<Uint8Array> {
  yield encoder.encode(text);
}
