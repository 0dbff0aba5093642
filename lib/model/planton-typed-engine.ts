/**
 * What the typed engine (hashicorp/kubernetes 2.38.0's kubernetes_job_v1) cannot say of a
 * manifest of the current Planton API, and where it gets something other than the manifest's
 * meaning: the first dialect's rules (./typed-engine.ts) over this API's fields. This API sets
 * per-index limits itself, so they are substituted only where the manifest leaves them unset.
 * Paths are the manifest's; messages name the provider, and planStacks adds how to choose the
 * manifest engine, which says all of it.
 */
import { error, warning, type Problem } from "../diagnostics";
import type { PlantonJobSpec } from "../manifest/v1alpha1/schema";

const ENGINE = "the provider's kubernetes_job_v1 resource";

/** Manifests this engine cannot deploy as they are meant: errors, each with what to write instead. */
export function plantonTypedEngineProblems(spec: PlantonJobSpec): Problem[] {
  const problems: Problem[] = [];
  // structure_job.go, expandJobV1Spec: completions is sent only when above 0.
  if (spec.completions === 0) {
    problems.push(
      error(
        ["spec", "completions"],
        `is 0, which ${ENGINE} cannot say: the provider sends completions only when it is above 0, and Kubernetes then defaults it to 1; give the number of successful pods needed`,
      ),
    );
  }
  if (spec.completionMode === "Indexed" && spec.restartPolicy === "OnFailure") {
    problems.push(
      error(
        ["spec", "restartPolicy"],
        `is "OnFailure" in an Indexed Job, which ${ENGINE} cannot deploy: the provider sends per-index retry limits (backoffLimitPerIndex) with every Indexed Job, and Kubernetes accepts those only with restartPolicy "Never"; use restartPolicy: Never`,
      ),
    );
  }
  // Upstream's Terraform module cannot render it either (job.go, the PARITY-EXCEPTION on success_policy).
  if (spec.successPolicy !== undefined) {
    problems.push(
      error(
        ["spec", "successPolicy"],
        `cannot be said by ${ENGINE}: the resource has no success_policy, so the Job would need every completion to succeed`,
      ),
    );
  }
  return problems;
}

/** What the cluster gets that differs from the manifest's meaning on this engine: warnings. */
export function plantonTypedEngineDifferences(spec: PlantonJobSpec): Problem[] {
  if (spec.completionMode !== "Indexed" || spec.restartPolicy !== "Never") return [];
  if (spec.backoffLimitPerIndex !== undefined) return [];
  const { backoffLimit, completions } = spec;
  const maxFailed = spec.maxFailedIndexes ?? completions;
  return [
    warning(
      "indexed-limits",
      ["spec", "completionMode"],
      `is "Indexed" without backoffLimitPerIndex: ${ENGINE} sends per-index limits with every Indexed Job (0 when unset: no retry), so the Job gets backoffLimitPerIndex: ${backoffLimit} and maxFailedIndexes: ${maxFailed} (the closest to the manifest: it still fails once more than ${backoffLimit} pods have failed in all); set spec.backoffLimitPerIndex to choose the per-index limit yourself`,
    ),
  ];
}
