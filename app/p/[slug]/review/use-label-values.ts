"use client";

// The values of a label being made (workspace, My labels, adjudication): setting a dimension to
// nothing (undefined or an empty text) removes it, so an emptied field is not sent as "".
import { useCallback, useState } from "react";
import type { LabelValue, LabelValues } from "@/lib/review/rubric";

export function useLabelValues(initial: LabelValues | (() => LabelValues)) {
  const [values, setValues] = useState<LabelValues>(initial);
  const setValue = useCallback(
    (key: string, value: LabelValue | undefined) =>
      setValues((previous) => {
        const next = { ...previous };
        if (value === undefined || value === "") delete next[key];
        else next[key] = value;
        return next;
      }),
    [],
  );
  return { values, setValues, setValue };
}
