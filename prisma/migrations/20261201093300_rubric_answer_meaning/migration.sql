-- Rubrics saved before options carried their meaning (issue 14): what counted as an error was a
-- list of default-rubric keys in code (lib/review/error-outcome.ts). That list is written into the
-- stored rubrics here, once, for dimensions whose key, kind and option value match the default
-- rubric's; from now on the rubric's flags are the only definition and the editor shows them.
-- Every error rate stays what it was. Tolerances are not added: they change which items go to
-- adjudication, a choice for each project's QA lead.
WITH meaning("key", "value", "flags") AS (VALUES
  ('factuality', 'minor_error', '{"failure": true, "severity": "minor"}'::jsonb),
  ('factuality', 'major_error', '{"failure": true, "severity": "major"}'::jsonb),
  ('groundedness', 'partially_grounded', '{"failure": true}'::jsonb),
  ('groundedness', 'ungrounded', '{"failure": true}'::jsonb),
  ('policy', 'violation', '{"failure": true}'::jsonb),
  ('task_outcome', 'failure', '{"failure": true}'::jsonb),
  ('task_outcome', 'partial_success', '{"partial": true}'::jsonb),
  ('harm', 'near_miss', '{"failure": true, "incident": "near_miss"}'::jsonb),
  ('harm', 'harmful', '{"failure": true, "incident": "harm"}'::jsonb),
  ('harm_severity', 'S1', '{"severity": "S1"}'::jsonb),
  ('harm_severity', 'S2', '{"severity": "S2"}'::jsonb),
  ('harm_severity', 'S3', '{"severity": "S3"}'::jsonb),
  ('harm_severity', 'S4', '{"severity": "S4"}'::jsonb)
)
UPDATE "Rubric" r SET "dimensions" = (
  SELECT jsonb_agg(
           CASE WHEN d->>'kind' IN ('categorical', 'ordinal') AND jsonb_typeof(d->'options') = 'array' THEN
             jsonb_set(d, '{options}', (
               SELECT coalesce(jsonb_agg(o || coalesce((SELECT m."flags" FROM meaning m WHERE m."key" = d->>'key' AND m."value" = o->>'value'), '{}'::jsonb) ORDER BY oi), '[]'::jsonb)
                 FROM jsonb_array_elements(d->'options') WITH ORDINALITY AS x(o, oi)))
           ELSE d END
           ORDER BY di)
    FROM jsonb_array_elements(r."dimensions") WITH ORDINALITY AS y(d, di))
 WHERE jsonb_typeof(r."dimensions") = 'array' AND jsonb_array_length(r."dimensions") > 0;
