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
 * manifest as the resource allows, and each difference is said in a warning. For the richer Jobs
 * of the current Planton API, typedEngineUnsayable lists the fields of the objects themselves
 * that cannot reach the cluster as meant (a successPolicy, a sidecar init container, an unset
 * automountServiceAccountToken, ...), and typedEngineObjects says the rest in ways the provider
 * keeps.
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { error, warning, type Problem } from "../diagnostics";
import type { KubernetesJobSpec } from "../manifest/schema";
import { jobFieldsWithoutAttribute } from "../terraform/provider-attributes";
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

/** What the typed engine looks at: the Job, and the service account the stack creates when there is one. */
export interface TypedEngineInput {
  readonly job: JobObjects["job"];
  readonly serviceAccount?: JobObjects["serviceAccount"];
}

/** A field of the Job (an API path, `spec.template.spec.containers[1].ports`) the typed engine cannot deploy as meant. */
export interface Unsayable {
  readonly apiPath: string;
  /** Why, without manifest paths or engine names of the CLI: the caller says what to do instead. */
  readonly reason: string;
}

const RESOURCE = "kubernetes_job_v1 (hashicorp/kubernetes 2.38.0)";

/** Fields without an argument whose loss has a meaning worth saying. */
const NO_ARGUMENT: readonly { readonly path: RegExp; readonly reason: string }[] = [
  {
    path: /^spec\.successPolicy$/,
    reason: `${RESOURCE} has no argument for a success policy: the Job would be declared succeeded only when all its completions succeed`,
  },
  {
    path: /^spec\.template\.spec\.initContainers\[\d+\]\.restartPolicy$/,
    reason: `${RESOURCE} has no argument for a container's restartPolicy: a sidecar init container (restartPolicy Always) would run as a plain init container that must exit before the app starts`,
  },
];

/**
 * Every field of the Job that the typed engine cannot deploy as the object model means it, in
 * path order: fields the resource has no argument for (provider-attributes.ts would refuse them),
 * and fields whose absence the provider fills with a value of its own that changes the meaning.
 * The first dialect's objects (typedEngineProblems reports their cases on the manifest) have none
 * but a work queue and an Indexed Job with restartPolicy OnFailure.
 */
export function typedEngineUnsayable(objects: TypedEngineInput): Unsayable[] {
  const { job } = objects;
  const spec = job.spec;
  const pod = spec.template.spec;
  const found: Unsayable[] = [];
  // Looked for in the objects as deployed: suspend is said there as parallelism 0.
  for (const path of jobFieldsWithoutAttribute(typedEngineObjects(objects).job)) {
    const known = NO_ARGUMENT.find((entry) => entry.path.test(path));
    found.push({ apiPath: path, reason: known?.reason ?? `${RESOURCE} has no argument for this field` });
  }
  // structure_job.go expandJobV1Spec: completions has schema Default 1 and is sent when > 0.
  if (spec.completions === undefined) {
    found.push({
      apiPath: "spec.completions",
      reason:
        "is unset (a work queue: the Job is done once any pod succeeds), which kubernetes_job_v1 cannot say: the provider sends completions 1 whenever it is unset, so the Job would be done after one success",
    });
  }
  const indexed = spec.completionMode === "Indexed";
  if (!indexed) {
    // Issue #11's reading of v2.38.0 expandJobV1Spec: the per-index limits are sent for an Indexed Job only.
    for (const field of ["backoffLimitPerIndex", "maxFailedIndexes"] as const) {
      if (spec[field] !== undefined) {
        found.push({
          apiPath: `spec.${field}`,
          reason: `is set on a Job that is not Indexed, which kubernetes_job_v1 cannot say: the provider sends ${field} for Indexed Jobs only, and drops it here`,
        });
      }
    }
  } else if (pod?.restartPolicy === "OnFailure") {
    found.push({
      apiPath: "spec.template.spec.restartPolicy",
      reason:
        'is "OnFailure" in an Indexed Job, which kubernetes_job_v1 cannot deploy: the provider sends per-index retry limits (backoffLimitPerIndex) with every Indexed Job, and Kubernetes accepts those only with restartPolicy "Never"',
    });
  }
  return found.sort((a, b) => comparePaths(a.apiPath, b.apiPath));
}

/** Paths in document order: by segment, list indexes as numbers. */
function comparePaths(a: string, b: string): number {
  const split = (path: string) => path.split(/[.[\]]+/).filter((segment) => segment !== "");
  const [left, right] = [split(a), split(b)];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    if (left[i] === right[i]) continue;
    const [x, y] = [Number(left[i]), Number(right[i])];
    if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
    return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}

/** Kubernetes' backoffLimit when neither it nor backoffLimitPerIndex is set (SetDefaults_Job). */
const DEFAULT_BACKOFF_LIMIT = 6;

/** Kubernetes' backoffLimit when backoffLimitPerIndex is set and backoffLimit is not (SetDefaults_Job: math.MaxInt32). */
const BACKOFF_LIMIT_WITH_PER_INDEX = 2147483647;

/**
 * The objects as this engine deploys them, each change keeping what the cluster does:
 * - a suspended Job gets parallelism 0 (the Job controller starts no pods) instead of suspend;
 * - an Indexed Job without per-index limits gets explicit ones that keep the Job-wide
 *   backoffLimit the limit that counts (an index cannot fail more often than the whole Job, and
 *   no more indexes can fail than there are), since the provider would send 0 for each;
 * - per-index limits without maxFailedIndexes get maxFailedIndexes = completions (no more
 *   indexes can fail than there are: no limit), since the provider would send 0 (fail at once);
 * - per-index limits without backoffLimit get Kubernetes' default for that case, where the
 *   provider would send its schema Default 6;
 * - a container security context without runAsNonRoot gets the pod's, where the provider would
 *   send false (structures_container.go expandContainerSecurityContext sends run_as_non_root,
 *   which has no schema Default, whenever the block is given) and so override the pod's true.
 */
export function typedEngineObjects<T extends TypedEngineInput>(objects: T): T {
  const { suspend, ...spec } = objects.job.spec;
  const indexed = spec.completionMode === "Indexed";
  const perIndex = indexed && spec.backoffLimitPerIndex !== undefined;
  const pod = spec.template.spec;
  return {
    ...objects,
    job: {
      ...objects.job,
      spec: {
        ...spec,
        ...(suspend ? { parallelism: 0 } : {}),
        ...(indexed && !perIndex
          ? { backoffLimitPerIndex: spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT, maxFailedIndexes: spec.completions }
          : {}),
        ...(perIndex && spec.maxFailedIndexes === undefined ? { maxFailedIndexes: spec.completions } : {}),
        ...(perIndex && spec.backoffLimit === undefined ? { backoffLimit: BACKOFF_LIMIT_WITH_PER_INDEX } : {}),
        ...(pod ? { template: { ...spec.template, spec: withPodRunAsNonRoot(pod) } } : {}),
      },
    },
  };
}

function withPodRunAsNonRoot(pod: IPodSpec): IPodSpec {
  const runAsNonRoot = pod.securityContext?.runAsNonRoot;
  if (runAsNonRoot === undefined) return pod;
  const fill = (container: IContainer): IContainer =>
    container.securityContext && container.securityContext.runAsNonRoot === undefined
      ? { ...container, securityContext: { ...container.securityContext, runAsNonRoot } }
      : container;
  if (![...pod.containers, ...(pod.initContainers ?? [])].some((c) => fill(c) !== c)) return pod;
  return {
    ...pod,
    containers: pod.containers.map(fill),
    ...(pod.initContainers ? { initContainers: pod.initContainers.map(fill) } : {}),
  };
}
