/**
 * The run's warning policy applied to a plan, once every problem is known: ignored classes are
 * dropped, and under --strict every warning left becomes an error (keeping its id, so the message
 * still says which class to fix or hide), so that the run fails and nothing is written.
 */
import type { Diagnostic } from "./diagnostics";
import type { SynthPlan } from "./terraform/plan";
import type { WarningPolicy } from "./warnings";

export function applyWarningPolicy(plan: SynthPlan, policy: WarningPolicy): SynthPlan {
  if (!policy.strict && policy.ignore.size === 0) return plan;
  let promoted = false;
  const apply = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
    diagnostics
      .filter((diagnostic) => diagnostic.id === undefined || !policy.ignore.has(diagnostic.id))
      .map((diagnostic) => {
        if (!policy.strict || diagnostic.severity !== "warning") return diagnostic;
        promoted = true;
        return { ...diagnostic, severity: "error" };
      });
  const failed = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === "error");
  const { load } = plan;
  const results = load.results.map((result) => {
    const diagnostics = apply(result.diagnostics);
    return failed(diagnostics) ? { document: result.document, diagnostics } : { ...result, diagnostics };
  });
  const sources = load.sources.map((result) => {
    const diagnostics = apply(result.diagnostics);
    return failed(diagnostics) ? { document: result.document, diagnostics } : { ...result, diagnostics };
  });
  const fileDiagnostics = apply(load.fileDiagnostics);
  const ok = load.ok && !promoted;
  const stacks = ok ? plan.stacks.map((stack, index) => ({ ...stack, result: results[index] })) : [];
  return { load: { ...load, results, sources, fileDiagnostics, ok }, stacks };
}
