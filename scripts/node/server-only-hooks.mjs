// Node module hooks for the tsx scripts (start, CLI, db tools, benchmarks): `server-only` resolves
// under the `react-server` condition, as Next resolves it in server code, so lib/server modules
// (which import it to keep them out of client bundles) load here too. Only this one package gets
// the condition: React and Next keep resolving as usual in the process that serves the app.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
  return nextResolve(specifier, context);
}
