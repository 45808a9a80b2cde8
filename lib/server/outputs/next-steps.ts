// "What to do next" on the overview: open audits' review progress and adjudication backlog, and
// population checks that crossed a line in the complete weeks given (format compliance under the
// 99.5 % pipelines need in any of the last four, an escalation or refusal rate that doubled).
import "server-only";
import { getDatabase } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import type { WeekFigures } from "./summary";

export type NextStep = { text: string; href: string | null };

/** Format compliance below this is a problem for JSON-consuming pipelines (seed: "below 99.5 % … pipelines fail"). */
export const FORMAT_COMPLIANCE_FLOOR = 0.995;

export async function listNextSteps(input: { actor: Actor; projectSlug: string; weeks: WeekFigures[] }): Promise<NextStep[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "outputs:read" });
  const db = await getDatabase();
  const { rows } = await db.query<{ id: string; week: string; items: number | string; reviewed: number | string; adjudicate: number | string }>(
    `SELECT a.id, a.week, count(s.id) AS items, count(s.id) FILTER (WHERE s.status <> 'pending') AS reviewed,
            count(s.id) FILTER (WHERE s.status = 'needs_adjudication') AS adjudicate
       FROM "Audit" a LEFT JOIN "SampledItem" s ON s."auditId" = a.id AND s."projectId" = $1
      WHERE a."projectId" = $1 AND a.status = 'open'
      GROUP BY a.id, a.week ORDER BY a.week`,
    [project.id],
  );
  const steps: NextStep[] = rows.map((r) => {
    const items = Number(r.items);
    const pct = items ? Math.floor((Number(r.reviewed) / items) * 100) : 0;
    const adjudicate = Number(r.adjudicate);
    return { text: `${r.week.replace(/^\d{4}-/, "")}: ${pct} % reviewed${adjudicate ? `, ${adjudicate} item${adjudicate === 1 ? "" : "s"} to adjudicate` : ""}`, href: `/p/${input.projectSlug}/audits/${r.id}` };
  });
  const withData = input.weeks.filter((w) => w.outputs > 0);
  const last = withData[withData.length - 1];
  const before = withData[withData.length - 2];
  // The last four complete weeks: a bad week stays on the list for a month.
  for (const w of withData.slice(-4)) {
    if (w.formatCompliance !== null && w.formatCompliance < FORMAT_COMPLIANCE_FLOOR) {
      steps.push({ text: `${w.week.replace(/^\d{4}-/, "")}: format compliance ${(w.formatCompliance * 100).toFixed(2)} %, under ${FORMAT_COMPLIANCE_FLOOR * 100} %: look at the invalid outputs`, href: `/p/${input.projectSlug}/outputs?check=format_invalid&from=${w.start}&to=${w.end}` });
    }
  }
  if (last && before) {
    for (const [label, key, check] of [["escalation rate", "escalationRate", "escalated"], ["refusal rate", "refusalRate", "refusal"]] as const) {
      const now = last[key];
      const then = before[key];
      if (now !== null && then !== null && then > 0 && now >= 2 * then) {
        steps.push({ text: `${last.week.replace(/^\d{4}-/, "")}: ${label} ${(now * 100).toFixed(1)} %, up from ${(then * 100).toFixed(1)} %`, href: `/p/${input.projectSlug}/outputs?check=${check}&from=${last.start}&to=${last.end}` });
      }
    }
  }
  return steps;
}
