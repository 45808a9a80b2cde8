import { describe, expect, it } from "vitest";
import { allowedTransitions, applyTransition, derivedDurations, formatHours, readSlaHours, slaAgeing, type LifecycleState } from "./lifecycle";
import { DEFAULT_SLA_HOURS } from "./types";

const fresh: LifecycleState = { status: "open", mitigatedAt: null, resolvedAt: null, closedAt: null, closeReason: null, rootCause: null, resolution: null };
const t = (h: number) => new Date(Date.UTC(2026, 9, 1) + h * 3_600_000);

describe("status machine", () => {
  it("moves forward, skipping allowed, and only reopens from closed", () => {
    expect(allowedTransitions("open")).toEqual(["triaged", "mitigated", "closed"]);
    expect(allowedTransitions("mitigated")).toEqual(["closed"]);
    expect(allowedTransitions("closed")).toEqual(["open"]);
    expect(applyTransition({ ...fresh, status: "mitigated" }, { to: "triaged", at: t(1) })).toMatchObject({ ok: false, issues: [{ field: "status" }] });
    expect(applyTransition(fresh, { to: "open", at: t(1) })).toMatchObject({ ok: false });
  });

  it("requires a root cause and a resolution to close, naming each field", () => {
    const refused = applyTransition(fresh, { to: "closed", rootCause: "  ", at: t(2) });
    expect(refused).toEqual({
      ok: false,
      issues: [
        { field: "rootCause", message: "a root cause is required to close an incident" },
        { field: "resolution", message: "a resolution is required to close an incident" },
      ],
    });
  });

  it("stamps mitigation once and recovery at closing; reopen clears the close but keeps mitigation", () => {
    const mitigated = applyTransition(fresh, { to: "mitigated", at: t(5) });
    if (!mitigated.ok) throw new Error("refused");
    expect(mitigated.next.mitigatedAt).toEqual(t(5));
    const closed = applyTransition(mitigated.next, { to: "closed", rootCause: "Prompt allowed it", resolution: "Guardrail added", at: t(30) });
    if (!closed.ok) throw new Error("refused");
    expect(closed.next).toMatchObject({ status: "closed", mitigatedAt: t(5), resolvedAt: t(30), closedAt: t(30), closeReason: "resolved", rootCause: "Prompt allowed it" });
    const reopened = applyTransition(closed.next, { to: "open", at: t(40) });
    if (!reopened.ok) throw new Error("refused");
    expect(reopened.next).toMatchObject({ status: "open", mitigatedAt: t(5), resolvedAt: null, closedAt: null, closeReason: null });
  });

  it("closing straight from open stamps mitigation too; not an incident never counts as recovery", () => {
    const closed = applyTransition(fresh, { to: "closed", rootCause: "Gold says no harm", resolution: "Reviewer misread", closeReason: "not_an_incident", at: t(3) });
    if (!closed.ok) throw new Error("refused");
    expect(closed.next.resolvedAt).toBeNull();
    expect(closed.next.mitigatedAt).toEqual(t(3));
  });
});

describe("derived figures", () => {
  it("derives time to mitigation and to recovery in hours", () => {
    expect(derivedDurations({ detectedAt: t(0), mitigatedAt: t(6), resolvedAt: t(50) })).toEqual({ timeToMitigationHours: 6, timeToRecoveryHours: 50 });
    expect(derivedDurations({ detectedAt: t(0), mitigatedAt: null, resolvedAt: null })).toEqual({ timeToMitigationHours: null, timeToRecoveryHours: null });
    expect(formatHours(0.5)).toBe("30 min");
    expect(formatHours(50)).toBe("2 d 2 h");
  });

  it("ages unclosed incidents against their severity's SLA", () => {
    expect(slaAgeing({ status: "open", severity: "S1", detectedAt: t(0) }, DEFAULT_SLA_HOURS, t(25))).toMatchObject({ overdue: true, allowedHours: 24, overdueByHours: 1 });
    expect(slaAgeing({ status: "triaged", severity: "S2", detectedAt: t(0) }, DEFAULT_SLA_HOURS, t(71))).toMatchObject({ overdue: false });
    expect(slaAgeing({ status: "closed", severity: "S1", detectedAt: t(0) }, DEFAULT_SLA_HOURS, t(500))).toMatchObject({ overdue: false });
    expect(slaAgeing({ status: "open", severity: "S4", detectedAt: t(0) }, { ...DEFAULT_SLA_HOURS, S4: 10 }, t(11)).overdue).toBe(true);
  });

  it("reads stored SLA settings, keeping defaults for missing or bad values", () => {
    expect(readSlaHours(null)).toEqual({ S1: 24, S2: 72, S3: 168, S4: 720 });
    expect(readSlaHours({ S1: 8, S2: -1, S3: "x" })).toEqual({ S1: 8, S2: 72, S3: 168, S4: 720 });
  });
});
