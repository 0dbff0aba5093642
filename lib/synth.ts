/**
 * From loaded manifests to a cdktf App: one stack per manifest, named `metadata.name` or
 * `<name>-<env>`. Problems that only matter for synthesis (two manifests giving one stack
 * name, references not resolved) are added to the load result, so they are reported like
 * validation problems and nothing is synthesized.
 */
import { error, type Diagnostic, type Problem } from "./diagnostics";
import type { LoadResult } from "./load";
import type { KubernetesJobManifest, KubernetesJobMetadata } from "./manifest";
import type { ManifestResult } from "./parse";

export interface PlannedStack {
  readonly name: string;
  readonly manifest: KubernetesJobManifest;
  readonly result: ManifestResult;
}

export interface SynthPlan {
  /** The load result with synthesis problems added. */
  readonly load: LoadResult;
  /** The stacks to synthesize, in input order; empty unless `load.ok`. */
  readonly stacks: readonly PlannedStack[];
}

export function stackName(metadata: KubernetesJobMetadata): string {
  return metadata.env ? `${metadata.name}-${metadata.env}` : metadata.name;
}

export function planStacks(load: LoadResult): SynthPlan {
  const extra = new Map<ManifestResult, Problem[]>();
  const add = (result: ManifestResult, problem: Problem) => extra.set(result, [...(extra.get(result) ?? []), problem]);

  const byName = new Map<string, ManifestResult>();
  for (const result of load.results) {
    if (!result.manifest) continue;
    for (const problem of unresolvedReferences(result.manifest)) add(result, problem);
    const name = stackName(result.manifest.metadata);
    const first = byName.get(name);
    if (!first) {
      byName.set(name, result);
      continue;
    }
    const where = (other: ManifestResult) => `${other.document.file}:${other.document.line}`;
    const message = (other: ManifestResult) =>
      `gives the stack name "${name}", as the manifest at ${where(other)} does; each manifest needs its own stack` +
      " (named metadata.name, or <name>-<env> when metadata.env is set)";
    add(first, error(["metadata", "name"], message(result)));
    add(result, error(["metadata", "name"], message(first)));
  }
  if (extra.size === 0) {
    const stacks = load.ok
      ? load.results.map((result) => {
          const manifest = result.manifest as KubernetesJobManifest;
          return { name: stackName(manifest.metadata), manifest, result };
        })
      : [];
    return { load, stacks };
  }
  const results = load.results.map((result) => {
    const problems = extra.get(result);
    if (!problems) return result;
    const placed: Diagnostic[] = problems.map((problem) => ({
      ...problem,
      file: result.document.file,
      ...result.document.locate(problem.path),
    }));
    return { document: result.document, diagnostics: [...result.diagnostics, ...placed] };
  });
  return { load: { ...load, results, ok: false }, stacks: [] };
}

/** References to other resources (`valueFrom`) are not resolved yet: say so instead of dropping them. */
function unresolvedReferences(manifest: KubernetesJobManifest): Problem[] {
  const problems: Problem[] = [];
  const reason = "references to other resources cannot be synthesized yet (only validated)";
  if (manifest.spec.namespace.valueFrom) {
    problems.push(error(["spec", "namespace", "valueFrom"], `${reason}; give spec.namespace.value`));
  }
  for (const [name, variable] of Object.entries(manifest.spec.env?.variables ?? {})) {
    if (variable.valueFrom) {
      problems.push(error(["spec", "env", "variables", name, "valueFrom"], `${reason}; give a value`));
    }
  }
  return problems;
}
