// A submitted label, checked against the rubric it is made with; issues name `values.<dimension>`.
import "server-only";
import type { ZodError } from "zod";
import { ValidationError, type FieldIssue } from "@/lib/server/errors";
import { labelSchema, type LabelValues } from "@/lib/review/rubric";
import type { StoredRubric } from "./rubrics";

function labelIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const keys = (issue as { keys?: string[] }).keys;
    if (issue.code === "unrecognized_keys" && keys) return { field: `values.${keys.join(",")}`, message: `not a dimension of the rubric: ${keys.join(", ")}` };
    return { field: ["values", ...issue.path].join("."), message: issue.message };
  });
}

export function validateLabel(rubric: StoredRubric, values: unknown, itemHasContext: boolean): LabelValues {
  const parsed = labelSchema(rubric, { hasContext: itemHasContext }).safeParse(values);
  if (!parsed.success) throw new ValidationError(labelIssues(parsed.error));
  return parsed.data;
}

