import { describe, expect, it } from "vitest";
import { escalatedIntoUrgent, isUrgent, mentionedNotification, overdueNotification, bulkOpenedNotification } from "./notifications";

const incident = { id: "inc1", number: 7, title: "Refund promised", kind: "harm" as const, severity: "S2" as const, category: "misleading_content" };

describe("incident notifications", () => {
  it("announces only a rise into S1/S2, not moves within it or below it", () => {
    expect(isUrgent("S1") && isUrgent("S2") && !isUrgent("S3") && !isUrgent("S4")).toBe(true);
    expect(escalatedIntoUrgent("S3", "S2")).toBe(true);
    expect(escalatedIntoUrgent("S4", "S1")).toBe(true);
    expect(escalatedIntoUrgent("S2", "S1")).toBe(false);
    expect(escalatedIntoUrgent("S1", "S3")).toBe(false);
    expect(escalatedIntoUrgent("S4", "S3")).toBe(false);
  });

  it("keys overdue warnings by incident and severity, and writes ages in hours or days", () => {
    const n = overdueNotification(incident, { ageHours: 80.4, allowedHours: 72, owner: "Quinn Harper" });
    expect(n.key).toBe("overdue:inc1:S2");
    expect(n.text).toBe("INC-7 (S2 harm, Misleading or hallucinated content): Refund promised is still not closed after 3 days, past its S2 SLA of 3 days. Owner: Quinn Harper.");
    expect(overdueNotification({ ...incident, severity: "S1" }, { ageHours: 30, allowedHours: 24, owner: null }).text).toContain("after 30 h, past its S1 SLA of 24 h. Owner: nobody yet.");
  });

  it("names the mentioned people and shortens a long comment", () => {
    const n = mentionedNotification(incident, { mentioned: [{ userId: "u1", name: "Ada" }, { userId: "u2", name: "Bo" }], actor: "Quinn", comment: "x".repeat(400), commentId: "c1" });
    expect(n.text.startsWith('Quinn mentioned Ada, Bo on INC-7: "')).toBe(true);
    expect(n.text.length).toBeLessThan(340);
    expect(n.details.mentionedUserIds).toEqual(["u1", "u2"]);
  });

  it("sums a bulk batch in one message, listing at most ten references", () => {
    const n = bulkOpenedNotification({ batchId: "1-12", numbers: Array.from({ length: 12 }, (_, i) => i + 1), severity: "S2", kind: "near_miss", actor: "Quinn" });
    expect(n.text).toBe("12 new S2 near miss incidents recorded from the outputs explorer by Quinn: INC-1, INC-2, INC-3, INC-4, INC-5, INC-6, INC-7, INC-8, INC-9, INC-10, … (12 in all).");
  });
});
