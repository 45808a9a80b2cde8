// Demo data for the population checks (issue 13), beside the support assistant's outputs:
// - "invoice_extraction", a JSON-output task type with a schema; about 0.8 % of its outputs are
//   invalid in one week (a prompt change that week), about 0.1 % otherwise;
// - "order_agent", an agent task type whose outputs come from OTLP traces ("<traceId>:<spanId>")
//   with tool calls, including timeouts (then a retry), auth failures and schema mismatches, and
//   escalations / human overrides / interventions / approvals in metadata;
// - a canary model version for both in the last two weeks.
// Deterministic (seeded), pure: the seed writes what this returns.
import { hashSeed, Rng } from "./random";
import type { DemoOutputRecord } from "./types";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export const INVOICE_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["invoice_id", "amount", "currency", "due_date"],
  properties: {
    invoice_id: { type: "string", pattern: "^INV-[0-9]{5}$" },
    amount: { type: "number", minimum: 0 },
    currency: { enum: ["EUR", "USD", "GBP"] },
    due_date: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
  },
  additionalProperties: false,
} as const;

/** The demo project's check definitions (lib/outputs/checks.ts CheckSettings). */
export const DEMO_CHECK_SETTINGS = {
  format: [{ taskType: "invoice_extraction", format: "json", schema: INVOICE_SCHEMA }],
  refusal: { enabled: true, signal: "refusal", phrases: ["I can't help with", "I cannot help with", "I'm unable to", "I am not able to"] },
  escalated: { key: "escalated", equals: true },
  overridden: { key: "human_action", equals: "override" },
  intervened: { key: "human_action", equals: "intervention" },
  approved: { key: "approval", equals: "approved" },
  latencySlaMs: { default: 8000, byTaskType: { invoice_extraction: 4000, order_agent: 15000 } },
  costBudgetUsd: { default: 0.02, byTaskType: { order_agent: 0.05 } },
};

export type DemoToolCall = {
  externalId: string;
  traceId: string;
  toolName: string;
  startedAt: Date;
  durationMs: number;
  status: "ok" | "error" | "timeout";
  errorType: string | null;
  httpStatus: number | null;
  authFailure: boolean;
  schemaError: boolean;
  retry: boolean;
  attributes: Record<string, string>;
};

export type PopulationDemo = { outputs: DemoOutputRecord[]; toolCalls: DemoToolCall[] };

const hex = (rng: Rng, chars: number) => Array.from({ length: chars }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");
const CURRENCIES = ["EUR", "USD", "GBP"] as const;
const VENDORS = ["Nordlicht GmbH", "Acme Supplies", "Blue Harbor Ltd", "Orchard & Co", "Kestrel Freight"];
const TOOLS = ["lookup_order", "check_refund_policy", "issue_refund", "update_address", "crm_search"] as const;

function invoiceOutput(rng: Rng, invalid: boolean, due: string) {
  const invoice = { invoice_id: `INV-${String(rng.int(10000, 99999))}`, amount: Math.round(rng.uniform(20, 4000) * 100) / 100, currency: rng.pick(CURRENCIES), due_date: due };
  if (!invalid) return JSON.stringify(invoice);
  switch (rng.int(0, 3)) {
    case 0: // cut off at the token limit
      return JSON.stringify(invoice).slice(0, rng.int(12, 40));
    case 1: // chatty preamble: not JSON any more
      return `Here is the extracted invoice:\n${JSON.stringify(invoice)}`;
    case 2: // a required field missing
      return JSON.stringify({ invoice_id: invoice.invoice_id, amount: invoice.amount, currency: invoice.currency });
    default: // amount as text
      return JSON.stringify({ ...invoice, amount: `${invoice.amount} ${invoice.currency}` });
  }
}

/**
 * `endWeekStart` is the Monday 00:00 UTC of the last full week; `weeks` weeks end there. The
 * "bad format week" is the third-last week.
 */
export function generatePopulationDemo(options: { endWeekStart: Date; weeks?: number; perWeek?: number; seed?: number }): PopulationDemo {
  const weeks = options.weeks ?? 8;
  const perWeek = Math.max(20, Math.round((options.perWeek ?? 10_000) / 12));
  const firstWeek = options.endWeekStart.getTime() - (weeks - 1) * WEEK_MS;
  const badWeek = weeks - 3;
  const canaryFrom = options.endWeekStart.getTime() - WEEK_MS;
  const outputs: DemoOutputRecord[] = [];
  const toolCalls: DemoToolCall[] = [];
  for (let week = 0; week < weeks; week++) {
    const rng = new Rng(hashSeed(options.seed ?? 13, week));
    const weekStart = firstWeek + week * WEEK_MS;
    for (let i = 0; i < perWeek; i++) {
      const time = weekStart + Math.floor(rng.next() * WEEK_MS);
      const canary = time >= canaryFrom && rng.chance(0.2);
      const due = new Date(time + rng.int(14, 60) * DAY_MS).toISOString().slice(0, 10);
      const invalid = rng.chance(week === badWeek ? 0.008 : 0.001);
      const tokensIn = rng.int(600, 1400);
      const tokensOut = rng.int(40, 90);
      outputs.push({
        id: `inv_${week}_${i}_${hex(rng, 8)}`,
        timestamp: new Date(time).toISOString(),
        input: `Extract invoice_id, amount, currency and due_date as JSON from this invoice:\n\n${rng.pick(VENDORS)} — invoice for services rendered, payable by ${due}.`,
        output: invoiceOutput(rng, invalid, due),
        metadata: {
          model: canary ? "extract-mini-2" : "extract-mini",
          modelVersion: canary ? "extract-mini-2-2026-11-canary" : "extract-mini-2026-06",
          taskType: "invoice_extraction",
          latencyMs: Math.round(rng.logNormal(canary ? 900 : 1100, 0.35)),
          costUsd: Math.round((tokensIn * 0.15 + tokensOut * 0.6) / 1e6 * 1e7) / 1e7,
          tokensIn,
          tokensOut,
          userSegment: "back_office",
          tags: canary ? ["canary"] : [],
          source: "invoice-pipeline",
        },
      });
    }
    // The agent: one output per trace (the final LLM span) and its tool calls.
    for (let i = 0; i < Math.round(perWeek * 0.7); i++) {
      const time = weekStart + Math.floor(rng.next() * WEEK_MS);
      const canary = time >= canaryFrom && rng.chance(0.25);
      const traceId = hex(rng, 32);
      let clock = time;
      const tools = rng.int(1, 3);
      let failedTools = 0;
      for (let k = 0; k < tools; k++) {
        const toolName = rng.pick(TOOLS);
        const roll = rng.next();
        // Timeouts 3 % (then one retry), auth failures 1.2 %, schema mismatches 0.8 %.
        const kind = roll < 0.03 ? "timeout" : roll < 0.042 ? "auth" : roll < 0.05 ? "schema" : "ok";
        const duration = kind === "timeout" ? 10_000 : Math.round(rng.logNormal(180, 0.5));
        toolCalls.push({
          externalId: `${traceId}:${hex(rng, 16)}`,
          traceId,
          toolName,
          startedAt: new Date(clock),
          durationMs: duration,
          status: kind === "ok" ? "ok" : kind === "timeout" ? "timeout" : "error",
          errorType: kind === "timeout" ? "TimeoutError" : kind === "auth" ? "401" : kind === "schema" ? "SchemaValidationError" : null,
          httpStatus: kind === "auth" ? (rng.chance(0.5) ? 401 : 403) : kind === "schema" ? 422 : kind === "ok" ? 200 : null,
          authFailure: kind === "auth",
          schemaError: kind === "schema",
          retry: false,
          attributes: { "gen_ai.tool.call.id": `call_${hex(rng, 12)}` },
        });
        clock += duration + 40;
        if (kind !== "ok") failedTools++;
        if (kind === "timeout") {
          toolCalls.push({ externalId: `${traceId}:${hex(rng, 16)}`, traceId, toolName, startedAt: new Date(clock), durationMs: Math.round(rng.logNormal(220, 0.5)), status: "ok", errorType: null, httpStatus: 200, authFailure: false, schemaError: false, retry: true, attributes: {} });
          clock += 300;
          failedTools--;
        }
      }
      const escalated = failedTools > 0 ? rng.chance(0.6) : rng.chance(0.02);
      const humanAction = escalated ? (rng.chance(0.5) ? "override" : "intervention") : rng.chance(0.01) ? "intervention" : null;
      const refund = rng.chance(0.3);
      const tokensIn = rng.int(1500, 4000);
      const tokensOut = rng.int(60, 220);
      const refused = rng.chance(0.015);
      outputs.push({
        id: `${traceId}:${hex(rng, 16)}`,
        timestamp: new Date(time).toISOString(),
        input: [
          { role: "system", content: "You are the order agent. Use the tools; ask for approval before refunds over 100 EUR." },
          { role: "user", content: refund ? "My parcel arrived broken, I want my money back." : "Please change the delivery address of my last order." },
        ],
        output: {
          role: "assistant",
          content: refused
            ? "I can't help with changing orders that were placed by another account."
            : escalated
              ? "I've passed this to a colleague who will contact you today."
              : refund
                ? "I've issued a refund; it reaches your card within 5 business days."
                : "Done: your order now ships to the new address.",
        },
        metadata: {
          model: canary ? "agent-large-2" : "agent-large",
          modelVersion: canary ? "agent-large-2-2026-11-canary" : "agent-large-2026-05",
          taskType: "order_agent",
          latencyMs: Math.round(clock - time + rng.logNormal(canary ? 1800 : 2200, 0.3)),
          costUsd: Math.round((tokensIn * 2.5 + tokensOut * 10) / 1e6 * 1e7) / 1e7,
          tokensIn,
          tokensOut,
          userSegment: rng.chance(0.2) ? "pro" : "free",
          tags: canary ? ["agent", "canary"] : ["agent"],
          escalated,
          ...(humanAction ? { human_action: humanAction } : {}),
          ...(refund ? { approval: rng.chance(0.9) ? "approved" : "rejected" } : {}),
          "service.name": "order-agent",
        },
        ...(refused ? { signals: [{ name: "refusal", value: true, source: "guardrail" }] } : {}),
      });
    }
  }
  return { outputs, toolCalls };
}
