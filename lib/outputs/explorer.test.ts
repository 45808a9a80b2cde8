import { describe, expect, it } from "vitest";
import { decodeCursor, emptyFilter, encodeCursor, explorerSearch, formatCount, metadataValue, parseExplorerParams } from "./explorer";
import { populationRates, splitIntoHours, addAggregates, emptyAggregate } from "./population";
import { latencyBucket } from "./latency-sketch";

describe("explorer URL", () => {
  it("round-trips a view through the URL", () => {
    const search = "?from=2026-11-02T00:00:00.000Z&task=billing&model=m&meta=userSegment%3Dpro&meta=escalated%3Dtrue&signal=judge&signalMin=0.2&signalMax=0.4&latencyMin=100&costMax=0.01&check=format_invalid&sampled=no&q=refund+-chargeback&sort=latencyMs&dir=asc";
    const parsed = parseExplorerParams(new URLSearchParams(search));
    expect(parsed.errors).toEqual([]);
    expect(parsed.filter.metadata).toEqual([{ key: "userSegment", value: "pro" }, { key: "escalated", value: true }]);
    expect(parsed.filter.signal).toEqual({ name: "judge", min: 0.2, max: 0.4 });
    expect(parsed.sort).toEqual({ key: "latencyMs", direction: "asc" });
    const again = parseExplorerParams(new URLSearchParams(explorerSearch(parsed.filter, parsed.sort)));
    expect(again.filter).toEqual(parsed.filter);
    expect(again.sort).toEqual(parsed.sort);
    expect(explorerSearch(emptyFilter(), { key: "timestamp", direction: "desc" })).toBe("");
  });

  it("names unreadable parts instead of dropping them silently", () => {
    const parsed = parseExplorerParams(new URLSearchParams("from=yesterday&latencyMin=fast&check=nope&sampled=maybe&meta=novalue&sort=name"));
    expect(parsed.errors.map((e) => e.field)).toEqual(["from", "meta", "latencyMin", "check", "sampled", "sort"]);
    expect(parsed.filter).toEqual(emptyFilter());
  });

  it("reads a date alone as midnight UTC, and metadata values as JSON where they look like it", () => {
    expect(parseExplorerParams(new URLSearchParams("from=2026-11-02")).filter.from).toBe("2026-11-02T00:00:00.000Z");
    expect([metadataValue("true"), metadataValue("42"), metadataValue("4.5"), metadataValue("pro"), metadataValue("007a")]).toEqual([true, 42, 4.5, "pro", "007a"]);
  });

  it("accepts only cursors of the sort's type with a uuid", () => {
    const id = "0b7c2f0e-3f5e-4d5e-9a43-6b1d2c3e4f50";
    const time = { key: "timestamp" as const, direction: "desc" as const };
    const latency = { key: "latencyMs" as const, direction: "desc" as const };
    expect(decodeCursor(encodeCursor({ value: "2026-11-02T00:00:00.000Z", id }), time)).toEqual({ value: "2026-11-02T00:00:00.000Z", id });
    expect(decodeCursor(encodeCursor({ value: 812.5, id }), latency)).toEqual({ value: 812.5, id });
    expect(decodeCursor(encodeCursor({ value: 812.5, id }), time)).toBeNull();
    expect(decodeCursor(encodeCursor({ value: "x", id: "1; DROP TABLE" }), time)).toBeNull();
    expect(decodeCursor("not base64 json", time)).toBeNull();
  });

  it("shows 10,000+ past the cap", () => {
    expect(formatCount(10_000, true)).toBe("10,000+");
    expect(formatCount(9_999, false)).toBe("9,999");
  });
});

describe("population aggregates", () => {
  it("splits a range into whole UTC hours and its partial edges", () => {
    const s = new Date("2026-11-01T18:15:00Z");
    const e = new Date("2026-11-08T18:15:00Z");
    expect(splitIntoHours(s, e)).toEqual({
      hours: { start: new Date("2026-11-01T19:00:00Z"), end: new Date("2026-11-08T18:00:00Z") },
      fragments: [{ start: s, end: new Date("2026-11-01T19:00:00Z") }, { start: new Date("2026-11-08T18:00:00Z"), end: e }],
    });
    expect(splitIntoHours(new Date("2026-11-01T18:10:00Z"), new Date("2026-11-01T18:50:00Z")).hours).toBeNull();
    expect(splitIntoHours(new Date("2026-11-01T00:00:00Z"), new Date("2026-11-02T00:00:00Z")).fragments).toEqual([]);
  });

  it("turns counts into rates: compliance over checked outputs only, quantiles from the histogram", () => {
    const a = { ...emptyAggregate(), outputs: 1000, formatChecked: 200, formatInvalid: 2, refusals: 10, escalations: 30, costUsd: 2, costCount: 1000, latency: [{ bucket: latencyBucket(100), outputs: 500 }, { bucket: latencyBucket(1000), outputs: 500 }] };
    const rates = populationRates(addAggregates(a, emptyAggregate()));
    expect(rates.formatCompliance).toBeCloseTo(0.99, 12);
    expect(rates.refusalRate).toBe(0.01);
    expect(rates.escalationRate).toBe(0.03);
    expect(rates.meanCostUsd).toBe(0.002);
    expect(Math.abs(rates.p50LatencyMs! - 100) / 100).toBeLessThanOrEqual(0.01);
    expect(Math.abs(rates.p95LatencyMs! - 1000) / 1000).toBeLessThanOrEqual(0.01);
    expect(populationRates(emptyAggregate()).formatCompliance).toBeNull();
  });
});
