/**
 * What the typed engine (the provider's `kubernetes_job_v1` resource, hashicorp/kubernetes 2.38.0)
 * can say of the object model, and what it cannot. The provider fills in attributes the manifest
 * leaves unset (structure_job.go, expandJobV1Spec), so some meanings cannot reach the cluster
 * through it:
 * - a work queue (completions unset): the schema's default completions 1 is always sent;
 * - an Indexed Job without per-index limits: backoffLimitPerIndex and maxFailedIndexes are sent,
 *   as 0 when unset, for every Indexed Job;
 * - suspend: the resource has no such argument.
 * The first two with restartPolicy OnFailure are refused; the rest is rendered as close to the
 * manifest as the resource allows, and each difference is said in a warning.
 */
import { error, warning, type Problem } from "../diagnostics";
import type { KubernetesJobSpec } from "../manifest/schema";
import type { JobObjects } from "./job-objects";

const ENGINE = "the provider's kubernetes_job_v1 resource";

/** Manifests this engine cannot deploy as they are meant: errors, each with what to write instead. */
export function typedEngineProblems(spec: KubernetesJobSpec): Problem[] {
  const problems: Problem[] = [];
  // The manifest's completions 0 means unset: the schema reads it as undefined (its default is 1).
  if (spec.completions === undefined) {
    problems.push(
      error(
        ["spec", "completions"],
        `is 0 (unset: a work queue, where the Job is done once any pod succeeds), which ${ENGINE} cannot say: the provider sends completions 1 whenever it is unset, so the Job would be done after one success; give the number of successful pods needed (completions: 1 for a single pod)`,
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
  return problems;
}

/** What the cluster gets that differs from the manifest's meaning on this engine: warnings. */
export function typedEngineDifferences(spec: KubernetesJobSpec): Problem[] {
  if (spec.completionMode !== "Indexed" || spec.restartPolicy !== "Never") return [];
  const { backoffLimit, completions } = spec;
  return [
    warning(
      "indexed-limits",
      ["spec", "completionMode"],
      `is "Indexed": ${ENGINE} sends per-index limits with every Indexed Job, so the Job gets backoffLimitPerIndex: ${backoffLimit} and maxFailedIndexes: ${completions} (the closest to the manifest: it still fails once more than ${backoffLimit} pods have failed in all); Kubernetes then delays retries per index and lists failed indexes in status.failedIndexes, and clusters before 1.29 drop both fields`,
    ),
  ];
}

/**
 * The objects as this engine deploys them: a suspended Job gets parallelism 0 (the Job controller
 * starts no pods) instead of suspend, and an Indexed Job explicit per-index limits that keep the
 * manifest's Job-wide backoffLimit the limit that counts (an index cannot fail more often than
 * the whole Job, and no more indexes can fail than there are).
 */
export function typedEngineObjects(objects: JobObjects): JobObjects {
  const { suspend, ...spec } = objects.job.spec;
  const indexed = spec.completionMode === "Indexed";
  return {
    ...objects,
    job: {
      ...objects.job,
      spec: {
        ...spec,
        ...(suspend ? { parallelism: 0 } : {}),
        // Limits the manifest sets itself (the current Planton API can) are kept as they are.
        ...(indexed
          ? {
              backoffLimitPerIndex: spec.backoffLimitPerIndex ?? spec.backoffLimit,
              maxFailedIndexes: spec.maxFailedIndexes ?? spec.completions,
            }
          : {}),
      },
    },
  };
}
