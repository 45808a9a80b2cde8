// A zip of several streamed files (fflate, decision 016): each file's bytes are compressed and
// handed on as they arrive, so the archive never sits in memory. Parquet is stored as is (it is
// compressed already); text is deflated.
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

export type ArchiveFile = { path: string; content: () => AsyncIterable<Uint8Array>; compress?: boolean };

export async function* writeZip(files: readonly ArchiveFile[]): AsyncIterable<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else queue.push(chunk);
    if (final) finished = true;
  });
  const drain = function* () {
    if (failure) throw failure;
    while (queue.length) yield queue.shift()!;
  };
  for (const file of files) {
    const entry = file.compress === false ? new ZipPassThrough(file.path) : new ZipDeflate(file.path, { level: 6 });
    // A fixed date keeps the archive's bytes the same for the same version.
    entry.mtime = new Date(Date.UTC(2000, 0, 1));
    zip.add(entry);
    for await (const chunk of file.content()) {
      entry.push(chunk);
      yield* drain();
    }
    entry.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
  if (!finished) throw new Error("the zip archive did not finish");
}
