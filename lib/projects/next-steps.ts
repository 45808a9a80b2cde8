// "What to do next" on a project's overview: from a few counts and what the user may do, the
// steps that move the weekly audit forward, most urgent first. Pure; the counts come from
// lib/server/projects/next-steps.ts.

export type NextStepsState = {
  outputs: number;
  activeApiKeys: number;
  planSaved: boolean;
  audits: number;
  /** The most recent open audit: its week and progress. */
  openAudit: { id: string; week: string; done: number; size: number } | null;
  /** Items assigned to this user and not yet labelled, in open audits. */
  myQueue: number;
  needsAdjudication: number;
};

export type NextStepsAbilities = { ingest: boolean; editPlan: boolean; draw: boolean; label: boolean; manageReview: boolean; adjudicate: boolean };

export type NextStep = { key: string; text: string; href: string; action: string };

export function nextSteps(state: NextStepsState, can: NextStepsAbilities, projectPath: string): NextStep[] {
  const steps: NextStep[] = [];
  const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
  if (can.label && state.myQueue > 0) {
    steps.push({ key: "review", text: `${plural(state.myQueue, "item")} wait${state.myQueue === 1 ? "s" : ""} for your review.`, href: `${projectPath}/review`, action: "Open your queue" });
  }
  if (can.adjudicate && state.needsAdjudication > 0) {
    steps.push({ key: "adjudicate", text: `${plural(state.needsAdjudication, "item")} with disagreeing labels need${state.needsAdjudication === 1 ? "s" : ""} a decision.`, href: `${projectPath}/adjudication`, action: "Adjudicate" });
  }
  if (state.outputs === 0) {
    if (can.ingest) {
      steps.push({
        key: "ingest",
        text: state.activeApiKeys === 0 ? "No outputs yet: create an API key and send your AI system's logs." : "No outputs yet: send logs with your API key (see docs/ingest.md).",
        href: `${projectPath}/settings/api-keys`,
        action: state.activeApiKeys === 0 ? "Create an API key" : "API keys",
      });
    } else {
      steps.push({ key: "wait-ingest", text: "No outputs have been logged yet; an ML engineer or admin connects the AI system.", href: projectPath, action: "" });
    }
  }
  if (can.editPlan && !state.planSaved) {
    steps.push({ key: "plan", text: "Check the audit plan: sample size, strata and their risk, overlap. Until it is saved, the default is used.", href: `${projectPath}/audits/plan`, action: "Review the plan" });
  }
  if (can.draw && state.outputs > 0 && state.audits === 0) {
    steps.push({ key: "draw", text: "No audit yet: the scheduler draws each week when it closes, or draw one now.", href: `${projectPath}/audits`, action: "Draw a week" });
  }
  if (can.manageReview && state.openAudit && state.openAudit.size > 0) {
    const a = state.openAudit;
    steps.push({
      key: "follow",
      text: a.done >= a.size ? `Audit ${a.week} is fully reviewed: close it to freeze its labels.` : `Audit ${a.week}: ${a.done.toLocaleString("en")} of ${a.size.toLocaleString("en")} items reviewed.`,
      href: `${projectPath}/audits/${a.id}`,
      action: "Open the audit",
    });
  }
  if (steps.length === 0) steps.push({ key: "done", text: can.label ? "Your queue is empty: new items arrive with the next weekly audit." : "Nothing waits for you right now.", href: projectPath, action: "" });
  return steps;
}
