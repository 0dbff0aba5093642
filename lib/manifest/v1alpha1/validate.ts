/**
 * Rules of a v1alpha1 KubernetesJob that relate several fields: what the Kubernetes API server
 * rejects when the Job is applied (k8s.io/kubernetes pkg/apis/batch/validation/validation.go,
 * validateJobSpec, validatePodFailurePolicyRule*, validateSuccessPolicyRule, ValidateJob; and the
 * pod's container names, pkg/apis/core/validation ValidatePodSpec), found before anything is
 * planned. The schema (./schema.ts) has already checked single fields and spec.proto's CEL rules.
 */
import { error, formatPath, warning, type Path, type Problem } from "../../diagnostics";
import { plantonEnvSecretName } from "../../model/planton-objects";
import { foreignSecretNamespace } from "../validate";
import {
  builtInEnvWarning,
  isBuiltInEnv,
  secretValueWarning,
  ttlRerunWarning,
  unpinnedImageWarnings,
} from "../common-warnings";
import { dns1123LabelProblem, dns1123SubdomainProblem } from "../k8s/dns-names";
import { qualifiedNameProblem } from "../k8s/qualified-names";
import { showValue } from "../../values";
import { mountedVolumes } from "./workload";
import { APP_CONTAINER_DEFAULT_NAME, type PlantonJobManifest, type PlantonJobSpec } from "./schema";

type Rule = (manifest: PlantonJobManifest) => Problem[];

/** validation.go: maxParallelismForIndexedJob, maxFailedIndexesForIndexedJob. */
export const INDEXED_LIMIT = 100_000;
/** validation.go: completionsSoftLimit, parallelismLimitForHighCompletions, maxFailedIndexesLimitForHighCompletions. */
const COMPLETIONS_SOFT_LIMIT = 100_000;
const HIGH_COMPLETIONS_LIMIT = 10_000;
/** validation.go: maxPodFailurePolicyRules, maxPodFailurePolicyOnExitCodesValues, ...OnPodConditionsPatterns. */
const MAX_POD_FAILURE_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
/** validation.go: maxSuccessPolicyRule, maxJobSuccessPolicySucceededIndexesLimit. */
const MAX_SUCCESS_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

const SPEC = ["spec"] as const;
const isIndexed = (spec: PlantonJobSpec) => spec.completionMode === "Indexed";

/** validateJobSpec: the per-index limits exist only for Indexed Jobs, and maxFailedIndexes needs backoffLimitPerIndex. */
const perIndexLimits: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  if (!isIndexed(spec)) {
    for (const field of ["backoffLimitPerIndex", "maxFailedIndexes"] as const) {
      const value = spec[field];
      if (value === undefined) continue;
      problems.push(
        error(
          [...SPEC, field],
          `${value} is only allowed with completionMode Indexed (completionMode is ${spec.completionMode}); remove it or set completionMode: Indexed`,
        ),
      );
    }
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) {
    problems.push(
      error(
        [...SPEC, "maxFailedIndexes"],
        `${spec.maxFailedIndexes} needs backoffLimitPerIndex: an index fails only when it has used its own retries, so set backoffLimitPerIndex too`,
      ),
    );
  }
  if (!isIndexed(spec)) return problems;
  const { completions, parallelism, maxFailedIndexes, backoffLimitPerIndex } = spec;
  if (parallelism > INDEXED_LIMIT) {
    problems.push(
      error([...SPEC, "parallelism"], `${parallelism} is more than ${INDEXED_LIMIT}, the most an Indexed Job allows`),
    );
  }
  if (maxFailedIndexes !== undefined) {
    if (maxFailedIndexes > completions) {
      problems.push(
        error(
          [...SPEC, "maxFailedIndexes"],
          `${maxFailedIndexes} is more than completions (${completions}); at most every index can fail`,
        ),
      );
    } else if (maxFailedIndexes > INDEXED_LIMIT) {
      problems.push(
        error(
          [...SPEC, "maxFailedIndexes"],
          `${maxFailedIndexes} is more than ${INDEXED_LIMIT}, the most Kubernetes allows`,
        ),
      );
    }
  }
  if (completions > COMPLETIONS_SOFT_LIMIT && backoffLimitPerIndex !== undefined) {
    const why = `with backoffLimitPerIndex and more than ${COMPLETIONS_SOFT_LIMIT} completions (${completions})`;
    if (maxFailedIndexes === undefined) {
      problems.push(error([...SPEC, "maxFailedIndexes"], `is required ${why}; at most ${HIGH_COMPLETIONS_LIMIT}`));
    } else if (maxFailedIndexes > HIGH_COMPLETIONS_LIMIT) {
      problems.push(
        error(
          [...SPEC, "maxFailedIndexes"],
          `${maxFailedIndexes} is more than ${HIGH_COMPLETIONS_LIMIT}, the most allowed ${why}`,
        ),
      );
    }
    if (parallelism > HIGH_COMPLETIONS_LIMIT) {
      problems.push(
        error(
          [...SPEC, "parallelism"],
          `${parallelism} is more than ${HIGH_COMPLETIONS_LIMIT}, the most allowed ${why}`,
        ),
      );
    }
  }
  return problems;
};

/**
 * ValidateJob: an Indexed Job's pods are named <job>-<index> as hostnames, so the name with the
 * largest index (completions - 1) must be a DNS-1123 label, or the Job creates no pods.
 */
const indexedHostnames: Rule = ({ metadata, spec }) => {
  if (!isIndexed(spec) || spec.completions <= 0) return [];
  const suffix = `-${spec.completions - 1}`;
  const hostname = `${metadata.name}${suffix}`;
  if (dns1123LabelProblem(hostname) === undefined) return [];
  return [
    error(
      ["metadata", "name"],
      `${showValue(metadata.name, 80)} is too long for an Indexed Job with ${spec.completions} completions: pods get the hostname <name>-<index>, which for index ${spec.completions - 1} has ${hostname.length} characters, more than 63; use a name of at most ${63 - suffix.length} characters`,
    ),
  ];
};

/** The names of the pod's containers, where each is written (the app is "app" when unnamed). */
function podContainers(spec: PlantonJobSpec): { name: string; path: Path; what: string }[] {
  const containers: { name: string; path: Path; what: string }[] = [];
  const appName = spec.container.app.name;
  containers.push({
    name: appName === undefined || appName === "" ? APP_CONTAINER_DEFAULT_NAME : appName,
    path: [...SPEC, "container", "app", "name"],
    what: appName
      ? "the app container"
      : `the app container (named "${APP_CONTAINER_DEFAULT_NAME}" when it has no name)`,
  });
  (spec.container.sidecars ?? []).forEach((sidecar, index) => {
    if (sidecar.name) {
      containers.push({
        name: sidecar.name,
        path: [...SPEC, "container", "sidecars", index, "name"],
        what: `spec.container.sidecars[${index}]`,
      });
    }
  });
  initContainersOf(spec).forEach((init, index) => {
    if (init.name) {
      containers.push({
        name: init.name,
        path: [...SPEC, "pod", "initContainers", index, "name"],
        what: `spec.pod.initContainers[${index}]`,
      });
    }
  });
  return containers;
}

const initContainersOf = (spec: PlantonJobSpec) => spec.pod?.initContainers ?? [];

/**
 * spec.proto CEL spec.container.sidecars.named, and ValidatePodSpec: container names are unique
 * across the app, the sidecars and the init containers.
 */
const containerNames: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  (spec.container.sidecars ?? []).forEach((sidecar, index) => {
    if (!sidecar.name) {
      problems.push(
        error(
          [...SPEC, "container", "sidecars", index, "name"],
          `is required: every sidecar needs a name (a DNS-1123 label, unique in the pod)`,
        ),
      );
    }
  });
  initContainersOf(spec).forEach((init, index) => {
    if (!init.name) {
      problems.push(
        error(
          [...SPEC, "pod", "initContainers", index, "name"],
          `is required: every init container needs a name (a DNS-1123 label, unique in the pod)`,
        ),
      );
    }
  });
  const seen = new Map<string, string>();
  for (const { name, path, what } of podContainers(spec)) {
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, what);
      continue;
    }
    problems.push(
      error(path, `${showValue(name)} is already the name of ${first}; container names must be unique in a pod`),
    );
  }
  return problems;
};

/** validatePodFailurePolicy and its rules; the CEL rules of each rule are the schema's. */
const podFailurePolicy: Rule = ({ spec }) => {
  const policy = spec.podFailurePolicy;
  if (policy === undefined) return [];
  const path = [...SPEC, "podFailurePolicy"];
  const problems: Problem[] = [];
  if (spec.restartPolicy !== "Never") {
    problems.push(
      error(
        [...SPEC, "restartPolicy"],
        `${showValue(spec.restartPolicy)} is not allowed with podFailurePolicy, which needs Never: a container restarted in place never fails its pod, so no rule could match`,
      ),
    );
  }
  if (policy.rules.length > MAX_POD_FAILURE_RULES) {
    problems.push(
      error([...path, "rules"], `has ${policy.rules.length} rules; Kubernetes allows at most ${MAX_POD_FAILURE_RULES}`),
    );
  }
  const names = podContainers(spec).map(({ name }) => name);
  policy.rules.forEach((rule, index) => {
    const rulePath = [...path, "rules", index];
    if (rule.action === "FailIndex" && spec.backoffLimitPerIndex === undefined) {
      problems.push(
        error(
          [...rulePath, "action"],
          `"FailIndex" needs backoffLimitPerIndex (and completionMode Indexed): it fails one index, which exists only with per-index retries`,
        ),
      );
    }
    const exitCodes = rule.onExitCodes;
    if (exitCodes !== undefined) problems.push(...exitCodeProblems(exitCodes, [...rulePath, "onExitCodes"], names));
    const conditions = rule.onPodConditions ?? [];
    if (conditions.length > MAX_CONDITION_PATTERNS) {
      problems.push(
        error(
          [...rulePath, "onPodConditions"],
          `has ${conditions.length} patterns; Kubernetes allows at most ${MAX_CONDITION_PATTERNS}`,
        ),
      );
    }
    conditions.forEach((condition, conditionIndex) => {
      const reason = qualifiedNameProblem(condition.type);
      if (reason)
        problems.push(
          error([...rulePath, "onPodConditions", conditionIndex, "type"], `${showValue(condition.type)} ${reason}`),
        );
    });
  });
  return problems;
};

type OnExitCodes = NonNullable<NonNullable<PlantonJobSpec["podFailurePolicy"]>["rules"][number]["onExitCodes"]>;

/** validatePodFailurePolicyRuleOnExitCodes. */
function exitCodeProblems(onExitCodes: OnExitCodes, path: Path, containerNames: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const { containerName, operator, values } = onExitCodes;
  if (containerName !== undefined && !containerNames.includes(containerName)) {
    problems.push(
      error(
        [...path, "containerName"],
        `${showValue(containerName)} is not a container of the pod; allowed: ${containerNames.join(", ")} (or leave it empty for any container)`,
      ),
    );
  }
  if (values.length > MAX_EXIT_CODES) {
    problems.push(
      error([...path, "values"], `has ${values.length} exit codes; Kubernetes allows at most ${MAX_EXIT_CODES}`),
    );
  }
  const seen = new Set<number>();
  values.forEach((value, index) => {
    if (operator === "In" && value === 0) {
      problems.push(
        error(
          [...path, "values", index],
          `0 is not allowed with operator In: exit code 0 is success, which never counts as a failure`,
        ),
      );
    }
    if (seen.has(value)) {
      problems.push(error([...path, "values", index], `${value} is listed twice; each exit code may appear once`));
    }
    seen.add(value);
  });
  const ordered = values.every((value, index) => index === 0 || (values[index - 1] as number) <= value);
  if (!ordered) {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    problems.push(
      error(
        [...path, "values"],
        `${showValue(values)} must be in increasing order, as Kubernetes requires; write ${showValue(sorted)}`,
      ),
    );
  }
  return problems;
}

/** The Job's success policy: Indexed Jobs only; validateSuccessPolicyRule for each rule. */
const successPolicy: Rule = ({ spec }) => {
  const policy = spec.successPolicy;
  if (policy === undefined) return [];
  const path = [...SPEC, "successPolicy"];
  if (!isIndexed(spec)) {
    return [
      error(
        path,
        `is only allowed with completionMode Indexed (completionMode is ${spec.completionMode}): its rules name indexes`,
      ),
    ];
  }
  const problems: Problem[] = [];
  if (policy.rules.length > MAX_SUCCESS_RULES) {
    problems.push(
      error([...path, "rules"], `has ${policy.rules.length} rules; Kubernetes allows at most ${MAX_SUCCESS_RULES}`),
    );
  }
  policy.rules.forEach((rule, index) => {
    const rulePath = [...path, "rules", index];
    let total: number | undefined;
    if (rule.succeededIndexes !== undefined) {
      const indexes = parseIndexes(rule.succeededIndexes, spec.completions);
      if (typeof indexes === "string") {
        problems.push(error([...rulePath, "succeededIndexes"], `${showValue(rule.succeededIndexes)} ${indexes}`));
      } else total = indexes;
    }
    const count = rule.succeededCount;
    if (count === undefined) return;
    if (count > spec.completions) {
      problems.push(
        error(
          [...rulePath, "succeededCount"],
          `${count} is more than completions (${spec.completions}); the Job could never reach it`,
        ),
      );
    } else if (total !== undefined && count > total) {
      problems.push(
        error(
          [...rulePath, "succeededCount"],
          `${count} is more than the ${total} indexes succeededIndexes lists; the rule could never be met`,
        ),
      );
    }
  });
  return problems;
};

/**
 * validateIndexesFormat / parseIndexInterval: the number of indexes listed, or why the list is
 * not allowed (the schema has checked its syntax).
 */
export function parseIndexes(text: string, completions: number): number | string {
  if (text.length > MAX_SUCCEEDED_INDEXES_LENGTH) {
    return `is ${text.length} characters long; Kubernetes allows at most ${MAX_SUCCEEDED_INDEXES_LENGTH}`;
  }
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(",")) {
    const [from, to = from] = interval.split("-").map(Number) as [number, number?];
    for (const index of [from, to]) {
      if (index >= completions) {
        return `lists index ${index}, but indexes go from 0 to ${completions - 1} (completions is ${completions})`;
      }
    }
    if (interval.includes("-") && from >= to) {
      return `has the range ${showValue(interval)}, which does not increase; write a range as low-high`;
    }
    if (last !== undefined && last >= from) {
      return `must list indexes in increasing order without overlap (${from} comes after ${last})`;
    }
    total += to - from + 1;
    last = to;
  }
  return total;
}

/**
 * The pod's volumes are the union of every container's mounts (iac/pulumi/module/job.go, job:
 * app, sidecars and init containers all contribute): one name, one source (./workload.ts).
 */
const podVolumes: Rule = ({ spec }) => {
  return mountedVolumes(containersWithPaths(spec)).problems;
};

/** Every container of the pod with its path: the app, the sidecars, the init containers. */
export function containersWithPaths(spec: PlantonJobSpec) {
  return [
    { container: spec.container.app, path: [...SPEC, "container", "app"] as Path },
    ...(spec.container.sidecars ?? []).map((container, index) => ({
      container,
      path: [...SPEC, "container", "sidecars", index] as Path,
    })),
    ...initContainersOf(spec).map((container, index) => ({
      container,
      path: [...SPEC, "pod", "initContainers", index] as Path,
    })),
  ];
}

/**
 * The env names Planton's modules already give every container (containerenv BuildEnvVars puts
 * HOSTNAME and K8S_POD_ID first), where a manifest names one again, in container order.
 */
export function builtInEnvNames(spec: PlantonJobSpec): { path: Path; name: string }[] {
  return containersWithPaths(spec).flatMap(({ container, path }) => [
    ...(container.env?.variables ?? []).flatMap((variable, index) =>
      isBuiltInEnv(variable.name) ? [{ path: [...path, "env", "variables", index, "name"], name: variable.name }] : [],
    ),
    ...(container.env?.secrets ?? []).flatMap((secret, index) =>
      isBuiltInEnv(secret.name) ? [{ path: [...path, "env", "secrets", index, "name"], name: secret.name }] : [],
    ),
  ]);
}

/** The first dialect's warnings (lib/manifest/common-warnings.ts), over this API's fields. */
const sharedWarnings: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  for (const { container, path } of containersWithPaths(spec)) {
    problems.push(...unpinnedImageWarnings([...path, "image", "tag"], container.image.tag));
    (container.env?.secrets ?? []).forEach((secret, index) => {
      if (secret.value !== undefined) {
        problems.push(secretValueWarning([...path, "env", "secrets", index, "value"], secret.value));
      }
    });
  }
  problems.push(...builtInEnvNames(spec).map(({ path, name }) => builtInEnvWarning(path, name)));
  if (spec.ttlSecondsAfterFinished !== undefined) {
    problems.push(ttlRerunWarning([...SPEC, "ttlSecondsAfterFinished"], spec.ttlSecondsAfterFinished));
  }
  return problems;
};

/**
 * A container's image.pullSecretName is in WorkloadContainer but Planton's BuildContainer
 * (workloadpod/container.go) never reads it: the pod's pull Secrets are pod.image_pull_secrets
 * (pod.go ResolveImagePullSecretNames). Accepted, as Planton accepts it, and said to be ignored.
 */
const ignoredPullSecretNames: Rule = ({ spec }) =>
  containersWithPaths(spec).flatMap(({ container, path }) => {
    const name = container.image.pullSecretName;
    if (!name) return [];
    return [
      warning(
        "ignored-field",
        [...path, "image", "pullSecretName"],
        `${showValue(name)} is ignored: Planton's current API pulls with the Secrets of spec.pod.imagePullSecrets (and the service account's), not a container's; list it there: spec.pod.imagePullSecrets: [{value: ${name}}]`,
      ),
    ];
  });

/**
 * workloadpod CollectLiteralEnvSecrets puts the secret values of every container into one
 * Secret, <name>-env-secrets, keyed by env name, and each container reads its key: one name with
 * two values would give every container the last. The values are never printed.
 */
const oneValuePerSecretName: Rule = ({ metadata, spec }) => {
  const first = new Map<string, { value: string; path: Path }>();
  const problems: Problem[] = [];
  for (const { container, path } of containersWithPaths(spec)) {
    (container.env?.secrets ?? []).forEach((secret, index) => {
      // An empty value is no secret (Planton skips it).
      if (secret.value === undefined || secret.value === "") return;
      const at = [...path, "env", "secrets", index];
      const earlier = first.get(secret.name);
      if (!earlier) first.set(secret.name, { value: secret.value, path: at });
      else if (earlier.value !== secret.value) {
        problems.push(
          error(
            [...at, "value"],
            `${showValue(secret.name)} has another value in ${formatPath(earlier.path)}: every container reads its secret values from one Secret, ${plantonEnvSecretName(metadata.name)}, keyed by env name, so both would get one value; give the secrets different names, or the same value`,
          ),
        );
      }
    });
  }
  return problems;
};

/**
 * containerenv BuildEnvVars gives a secretKeyRef the name and key only: the namespace a
 * secretRef names is never read, and the pod reads the Secret of its own namespace. A namespace
 * other than the Job's is an error rather than a silent switch (run again once a namespace
 * reference is resolved: validateResolvedPlantonManifest).
 */
const secretRefsInJobNamespace: Rule = ({ spec }) => {
  const namespace = spec.namespace.value;
  if (namespace === undefined) return [];
  return containersWithPaths(spec).flatMap(({ container, path }) =>
    (container.env?.secrets ?? []).flatMap((secret, index) => {
      const problem = foreignSecretNamespace(
        [...path, "env", "secrets", index, "secretRef", "namespace"],
        secret.secretRef?.namespace,
        namespace,
      );
      return problem ? [problem] : [];
    }),
  );
};

const RULES: readonly Rule[] = [
  sharedWarnings,
  secretRefsInJobNamespace,
  oneValuePerSecretName,
  ignoredPullSecretNames,
  perIndexLimits,
  indexedHostnames,
  containerNames,
  podVolumes,
  podFailurePolicy,
  successPolicy,
];

/** Every cross-field problem of a v1alpha1 manifest whose fields are individually valid. */
export function validatePlantonManifest(manifest: PlantonJobManifest): Problem[] {
  return RULES.flatMap((rule) => rule(manifest));
}

/**
 * The rules a reference (valueFrom) skips until it is resolved, run on the `resolved` manifest
 * for the fields that `written` gives by reference (as lib/manifest/validate.ts's
 * validateResolvedNamespace does for the first dialect): the service account and image pull
 * Secrets must be names Kubernetes takes (the schema checks literal ones: ./pod.ts), and a
 * secret's resolved value joins the one-value-per-name rule. Errors are at the reference.
 */
export function validateResolvedPlantonManifest(written: PlantonJobManifest, resolved: PlantonJobManifest): Problem[] {
  const problems: Problem[] = [];
  const name = (path: Path, value: string | undefined) => {
    const problem = value === undefined || value === "" ? undefined : dns1123SubdomainProblem(value);
    if (problem) problems.push(error([...path, "valueFrom"], `resolves to ${showValue(value)}, which ${problem}`));
  };
  if (written.spec.pod?.serviceAccount?.valueFrom) {
    name([...SPEC, "pod", "serviceAccount"], resolved.spec.pod?.serviceAccount?.value);
  }
  (written.spec.pod?.imagePullSecrets ?? []).forEach((ref, index) => {
    if (ref.valueFrom)
      name([...SPEC, "pod", "imagePullSecrets", index], resolved.spec.pod?.imagePullSecrets?.[index]?.value);
  });
  const secretByReference = containersWithPaths(written.spec).some(({ container }) =>
    (container.env?.secrets ?? []).some((secret) => secret.valueFrom !== undefined),
  );
  if (secretByReference) problems.push(...oneValuePerSecretName(resolved));
  if (written.spec.namespace.valueFrom) problems.push(...secretRefsInJobNamespace(resolved));
  return problems;
}
