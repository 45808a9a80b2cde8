import { describe, expect, it } from "vitest";
import { otlpExportStatus, refusedBatchBody, restBatchStatus } from "./outcome";

describe("ingest batch status", () => {
  it("is 200 when nothing was refused, 207 when some records were refused beside stored ones, 400 when all were", () => {
    expect(restBatchStatus({ accepted: 3, duplicates: 0, rejected: 0 })).toBe(200);
    expect(restBatchStatus({ accepted: 0, duplicates: 3, rejected: 0 })).toBe(200);
    expect(restBatchStatus({ accepted: 0, duplicates: 0, rejected: 0 })).toBe(200);
    expect(restBatchStatus({ accepted: 2, duplicates: 0, rejected: 1 })).toBe(207);
    expect(restBatchStatus({ accepted: 0, duplicates: 1, rejected: 1 })).toBe(207);
    expect(restBatchStatus({ accepted: 0, duplicates: 0, rejected: 4 })).toBe(400);
  });

  it("keeps OTLP's 200 for a partly refused export and refuses one whose every span was refused", () => {
    expect(otlpExportStatus({ accepted: 1, duplicates: 0, rejected: 2, spans: 3 })).toBe(200);
    // An ignored span or a stored tool call is not a refusal.
    expect(otlpExportStatus({ accepted: 0, duplicates: 0, rejected: 2, spans: 3 })).toBe(200);
    expect(otlpExportStatus({ accepted: 0, duplicates: 0, rejected: 3, spans: 3 })).toBe(400);
    expect(otlpExportStatus({ accepted: 0, duplicates: 0, rejected: 0, spans: 0 })).toBe(200);
  });

  it("names each refused record's field in the shared error shape and keeps the counts", () => {
    const body = refusedBatchBody({ accepted: 0, duplicates: 0, rejected: 2, errors: [{ index: 0, field: "timestamp", message: "not a date" }, { index: 3, field: "output", message: "Required" }] }, "line");
    expect(body.error).toBe("all_rejected");
    expect(body.message).toBe("Nothing was stored: all 2 lines were rejected. The first: lines[0].timestamp: not a date.");
    expect(body.issues).toEqual([{ field: "lines[0].timestamp", message: "not a date" }, { field: "lines[3].output", message: "Required" }]);
    expect(body.rejected).toBe(2);
    expect(refusedBatchBody({ accepted: 0, duplicates: 0, rejected: 1, errors: [{ index: 0, field: "span", message: "no content" }] }, "span").message).toBe("Nothing was stored: the one span was rejected. The first: spans[0].span: no content.");
  });
});
