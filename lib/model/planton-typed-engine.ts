/**
 * What the typed engine (hashicorp/kubernetes 2.38.0's kubernetes_job_v1) cannot say of a
 * manifest of the current Planton API, and where it gets something other than the manifest's
 * meaning: the first dialect's rules (./typed-engine.ts) over this API's fields. This API sets
 * per-index limits itself, so they are substituted only where the manifest leaves them unset.
 * Paths are the manifest's; messages name the provider, and planStacks adds how to choose the
 * manifest engine, which says all of it.
 */
import { error, warning, type Path, type Problem } from "../diagnostics";
import type { PlantonJobSpec } from "../manifest/v1alpha1/schema";
import type { JobObjects } from "./job-objects";
import { typedEngineUnsayable } from "./typed-engine";

const ENGINE = "the provider's kubernetes_job_v1 resource";

/**
 * Manifests this engine cannot deploy as they are meant: errors, each at the manifest's field.
 * `objects` are the manifest's (the model's, before the engine changes them): what the provider
 * cannot say is read from them (typedEngineUnsayable), plus what only the manifest shows.
 */
export function plantonTypedEngineProblems(spec: PlantonJobSpec, objects: JobObjects): Problem[] {
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
  for (const { apiPath, reason } of typedEngineUnsayable(objects)) {
    const path = manifestPathOf(apiPath);
    const message = reason.startsWith("is ") ? reason : `cannot be deployed on the typed engine: ${reason}`;
    problems.push(error(path, message));
  }
  return problems;
}

/** Fields of the pod spec that the current API keeps under `spec.pod.scheduling`. */
const SCHEDULING = new Set(["nodeSelector", "tolerations", "affinity", "topologySpreadConstraints", "schedulerName"]);

/**
 * The manifest field an API path of the Job comes from (./planton-objects.ts maps it the other
 * way): the app container is containers[0], the sidecars follow it; the pod's fields are under
 * `spec.pod` (scheduling under `spec.pod.scheduling`, the template's labels and annotations
 * there too); the restart policy and the Job's own fields are at the top of the spec.
 */
export function manifestPathOf(apiPath: string): Path {
  const segments: (string | number)[] = apiPath
    .split(/[.[\]]+/)
    .filter((segment) => segment !== "")
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const [, template, part, field, ...rest] = segments;
  if (segments[0] !== "spec") return ["spec"];
  if (template !== "template") return segments;
  if (part === "metadata") return ["spec", "pod", ...(field !== undefined ? [field] : [])];
  if (part !== "spec" || field === undefined) return ["spec", "pod"];
  if (field === "restartPolicy") return ["spec", "restartPolicy"];
  if (field === "containers" && typeof rest[0] === "number") {
    const [index, ...inner] = rest;
    return index === 0
      ? ["spec", "container", "app", ...inner]
      : ["spec", "container", "sidecars", index - 1, ...inner];
  }
  if (field === "initContainers") return ["spec", "pod", "initContainers", ...rest];
  if (field === "serviceAccountName") return ["spec", "pod", "serviceAccount"];
  // The pod's volumes come from the containers' mounts.
  if (field === "volumes") return ["spec", "container"];
  if (SCHEDULING.has(String(field))) return ["spec", "pod", "scheduling", field, ...rest];
  return ["spec", "pod", field, ...rest];
}

/** What the cluster gets that differs from the manifest's meaning on this engine: warnings. */
export function plantonTypedEngineDifferences(spec: PlantonJobSpec): Problem[] {
  return [...automountDifference(spec), ...indexedLimitsDifference(spec)];
}

/**
 * structures_pod.go expandPodSpec: automount_service_account_token has schema Default true and is
 * always sent, which overrides the service account's own automountServiceAccountToken. The
 * current API never creates the service account, so an unset field defers to one the stack does
 * not know: a warning, since the token is mounted unless the account says otherwise.
 */
function automountDifference(spec: PlantonJobSpec): Problem[] {
  if (spec.pod?.automountServiceAccountToken !== undefined) return [];
  const account = spec.pod?.serviceAccount?.value ?? "default";
  return [
    warning(
      "automount-token",
      ["spec", "pod", "automountServiceAccountToken"],
      `is unset, and ${ENGINE} sends true whenever it is unset: the service account's token is mounted into the pod even where the service account ${JSON.stringify(account)} says not to (automountServiceAccountToken: false); set it to true or false to say which`,
    ),
  ];
}

function indexedLimitsDifference(spec: PlantonJobSpec): Problem[] {
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
