/**
 * Two stacks that would manage one Kubernetes object: the second `terraform apply` fails on it
 * (the object exists), and either stack's destroy deletes it under the other. Stack names and
 * states are already checked (plan.ts); this compares what the stacks create, on the object model
 * of either dialect: kind, namespace and name, for stacks deploying with the same provider
 * settings (one cluster, as far as synth can tell: other contexts or hosts may be other clusters).
 */
import { error, type Problem } from "../diagnostics";
import type { AnyJobManifest } from "../manifest/dialects";
import type { ManifestResult } from "../manifest/parse";
import type { StackDeployment } from "../deployment/resolve";
import { applyOrder, objectsOf } from "../model";

export interface StackObjects {
  readonly result: ManifestResult;
  readonly name: string;
  readonly manifest: AnyJobManifest;
  readonly deployment: StackDeployment;
}

/** What identifies each object the stack creates: its cluster (provider settings), kind, namespace, name. */
export function objectIdentities(
  stack: Pick<StackObjects, "manifest" | "deployment">,
): { key: string; kind: string; shown: string }[] {
  const cluster = JSON.stringify(stack.deployment.provider);
  return applyOrder(objectsOf(stack.manifest, stack.deployment.dockerConfigJson)).map((object) => {
    const kind = object.kind ?? "";
    const namespace = kind === "Namespace" ? undefined : object.metadata?.namespace;
    const name = object.metadata?.name ?? "";
    return {
      key: JSON.stringify([cluster, kind, namespace ?? "", name]),
      kind,
      shown: `${namespace === undefined ? "" : `${namespace}/`}${name}`,
    };
  });
}

/** Problems at the later of two stacks creating one object (one per stack: its first such object). */
export function sharedObjectProblems(stacks: readonly StackObjects[]): Map<ManifestResult, Problem> {
  const owners = new Map<string, StackObjects>();
  const problems = new Map<ManifestResult, Problem>();
  for (const stack of stacks) {
    for (const { key, kind, shown } of objectIdentities(stack)) {
      const owner = owners.get(key);
      if (owner === undefined) {
        owners.set(key, stack);
        continue;
      }
      const where = `${owner.result.document.file}:${owner.result.document.line}`;
      problems.set(
        stack.result,
        error(
          kind === "Namespace" ? ["spec", "createNamespace"] : ["metadata", "name"],
          `creates the ${kind} ${shown}, as the stack "${owner.name}" of the manifest at ${where} does: ` +
            "two stacks would manage one object (the second terraform apply fails on it, and either stack's destroy deletes it); " +
            "give it to one manifest only",
        ),
      );
      break;
    }
  }
  return problems;
}
