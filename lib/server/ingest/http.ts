// Request plumbing shared by the ingest route handlers: who is sending, and the body as a
// (decompressed) stream with the size limit checked as early as the headers allow.
import "server-only";
import { getRequestActor } from "@/lib/server/auth/current";
import { PayloadTooLargeError, UnauthenticatedError } from "@/lib/server/errors";
import { charsetDecoder } from "@/lib/ingest/lines";
import type { Actor } from "@/lib/server/auth/actor";
import { ContentEncodingError, UnsupportedMediaTypeError } from "./ingest";

export async function requireIngestActor(request: Request): Promise<Actor> {
  const actor = await getRequestActor(request);
  if (!actor) throw new UnauthenticatedError("Send a valid, unrevoked project API key as Authorization: Bearer <key>.");
  return actor;
}

/** The media type without parameters, lower-cased ("application/json; charset=utf-8" → "application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * The body as a stream of bytes, gunzipped when Content-Encoding says gzip. When the body is not
 * compressed and declares its length, a body over the limit is refused before it is read.
 */
export function bodyStream(request: Request, maxBytes: number): ReadableStream<Uint8Array> | null {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") {
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new PayloadTooLargeError(`The body is ${declared} bytes; the limit is ${maxBytes} bytes.`);
    }
    return request.body;
  }
  if (encoding === "gzip" || encoding === "x-gzip") {
    return request.body ? gunzip(request.body) : null;
  }
  throw new UnsupportedMediaTypeError(`Content-Encoding ${encoding} is not supported; send the body uncompressed or gzip-compressed.`);
}

/** Gunzips a body; a corrupt or truncated stream fails its reader with ContentEncodingError. */
function gunzip(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.pipeThrough(new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(new ContentEncodingError((error as Error).message));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** The charset parameter of Content-Type, if any. */
export function declaredCharset(request: Request): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(request.headers.get("content-type") ?? "");
  return match ? match[2] : null;
}

/** The decoder for the request's declared charset (UTF-8 when none); 415 for one that cannot be read. */
export function requestDecoder(request: Request): TextDecoder {
  const charset = declaredCharset(request);
  const decoder = charsetDecoder(charset);
  if (!decoder) throw new UnsupportedMediaTypeError(`charset=${charset} is not supported; send UTF-8 (or ISO-8859-1 / windows-1252).`);
  return decoder;
}
