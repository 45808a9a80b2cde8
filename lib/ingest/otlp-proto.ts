// The subset of opentelemetry-proto (v1.x, common/resource/trace) needed to read an
// ExportTraceServiceRequest. Field numbers follow the upstream .proto files; fields not listed
// here (links, dropped counts, schema urls) are skipped by the decoder, as proto3 requires.
import protobuf from "protobufjs";

const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Resource { repeated KeyValue attributes = 1; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  Status status = 15;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
}
message Status { string message = 2; int32 code = 3; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message Any { string type_url = 1; bytes value = 2; }
// google.rpc.Status: the body of an OTLP/HTTP error response to a protobuf request.
message RpcStatus { int32 code = 1; string message = 2; repeated Any details = 3; }
`;

let root: protobuf.Root | undefined;
const lookup = (name: string) => (root ??= protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root).lookupType(name);

/**
 * Decodes a binary ExportTraceServiceRequest into the same object shape as OTLP/JSON (camelCase
 * keys, int64 as decimal strings), except that ids stay raw bytes (Uint8Array).
 */
export function decodeExportTraceRequest(bytes: Uint8Array): unknown {
  const requestType = lookup("otlp.ExportTraceServiceRequest");
  const message = requestType.decode(bytes);
  return requestType.toObject(message, { longs: String, defaults: false, arrays: true, oneofs: false });
}

/** An ExportTraceServiceResponse; empty (full success) unless spans were rejected. */
export function encodeExportTraceResponse(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  if (!partial) return new Uint8Array(0);
  const responseType = lookup("otlp.ExportTraceServiceResponse");
  return responseType.encode(responseType.fromObject({ partialSuccess: partial })).finish();
}

/** gRPC status codes for the HTTP statuses an export can get (google.rpc.Code). */
export function rpcCodeForHttpStatus(status: number): number {
  if (status === 400 || status === 415) return 3; // INVALID_ARGUMENT
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 403) return 7; // PERMISSION_DENIED
  if (status === 404) return 5; // NOT_FOUND
  if (status === 413 || status === 429) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  return 13; // INTERNAL
}

/** A google.rpc.Status message (OTLP/HTTP's error body for protobuf requests). */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  const statusType = lookup("otlp.RpcStatus");
  return statusType.encode(statusType.fromObject({ code, message })).finish();
}

/** Reads a google.rpc.Status (tests, and clients written against this module). */
export function decodeRpcStatus(bytes: Uint8Array): { code: number; message: string } {
  const statusType = lookup("otlp.RpcStatus");
  const decoded = statusType.toObject(statusType.decode(bytes), { defaults: true }) as { code: number; message: string };
  return { code: decoded.code, message: decoded.message };
}
