/**
 * The shared workload messages of the current Planton API (`kubernetes.planton.dev/v1alpha1`),
 * which KubernetesJobSpec imports: `spec.container.app`, `spec.container.sidecars[]` and
 * `spec.pod.initContainers[]` are WorkloadContainer; `spec.pod` is WorkloadPod.
 *
 * Exported API:
 * - `containerSchema()` / `podSchema()`: the zod schemas (strict objects, camelCase field names;
 *   read snake_case with lib/manifest/protojson.ts's `readProtojson`, which walks them). Built on
 *   first call and cached, so a run of first-dialect manifests never builds them.
 * - `WorkloadContainer`, `WorkloadPod` (validated) and `...Input` (as written) types.
 * - `containerProblems(container, path)`: the rules relating fields of one validated container
 *   (the container schema runs them too); pod-level rules across containers (unique container
 *   names, a mount's volume source declared by some container, sidecars named) are the spec's.
 * - `mountedVolumes(containers)`: the pod's volumes as the union of the containers' mounts, with
 *   problems for a name declared with two different sources or with none.
 * - `podContainerProblems(pod, containers)`: the API server's rules between pod fields and each
 *   container (host ports under hostNetwork, preStop/postStart sleeps within the grace period).
 *
 * Validated values: a proto3 string or integer at its zero value ("" or 0, "unset") reads as
 * undefined; `optional` proto fields stay undefined when unset; these messages have no
 * `options.default`. Value-or-ref fields (`pod.serviceAccount`, `pod.imagePullSecrets[]`) have the
 * first dialect's `spec.namespace` shape: `{value}` or `{valueFrom: {kind, env?, name, fieldPath}}`
 * with kind and fieldPath defaulted from the proto's default_kind options.
 */
import { error, formatPath, type Path, type Problem } from "../../diagnostics";
import { showValue } from "../../values";
import type { WorkloadContainer } from "./container";
import type { WorkloadPod } from "./pod";

export {
  containerProblems,
  containerSchema,
  IMAGE_PULL_POLICIES,
  NETWORK_PROTOCOLS,
  SECCOMP_PROFILE_TYPES,
  type WorkloadContainer,
  type WorkloadContainerInput,
} from "./container";
export { DNS_POLICIES, FS_GROUP_CHANGE_POLICIES, podSchema, type WorkloadPod, type WorkloadPodInput } from "./pod";
export { ENV_FROM_SOURCES, ENV_SECRET_SOURCES, ENV_VARIABLE_SOURCES } from "./env";
export { LIFECYCLE_HANDLERS, PROBE_HANDLERS } from "./probe";
export { NODE_SELECTOR_OPERATORS, TAINT_EFFECTS, TOLERATION_OPERATORS, WHEN_UNSATISFIABLE } from "./scheduling";
export { IMAGE_PULL_SECRET_REF_DEFAULTS, SERVICE_ACCOUNT_REF_DEFAULTS, type RefDefaults } from "./value-or-ref";
export { VOLUME_SOURCES } from "./volume-mount";

export type WorkloadVolumeMount = NonNullable<WorkloadContainer["volumeMounts"]>[number];
export type WorkloadEnv = NonNullable<WorkloadContainer["env"]>;
export type WorkloadProbe = NonNullable<WorkloadContainer["livenessProbe"]>;

/** One volume of the pod: the mount that declares its source, and where. */
export interface MountedVolume {
  readonly name: string;
  readonly mount: WorkloadVolumeMount;
  readonly path: Path;
}

const SOURCES = ["configMap", "secret", "hostPath", "emptyDir", "pvc"] as const;
const sourceOf = (mount: WorkloadVolumeMount) => SOURCES.find((source) => mount[source] !== undefined);
/** The source as a comparable value: field order does not matter. */
const sourceKey = (mount: WorkloadVolumeMount) => {
  const source = sourceOf(mount);
  if (source === undefined) return undefined;
  const value = mount[source] as Record<string, unknown>;
  return JSON.stringify([
    source,
    Object.keys(value)
      .sort()
      .map((key) => [key, value[key]]),
  ]);
};

/**
 * The pod's volumes from its containers' mounts (workload_container.proto, volume_mounts: the
 * union of all containers' mounts, de-duplicated by name). `containers` are the validated
 * containers with their paths. A name mounted with two different sources, or never with one, is
 * a problem at the mount that shows it.
 */
export function mountedVolumes(containers: readonly { container: WorkloadContainer; path: Path }[]): {
  volumes: MountedVolume[];
  problems: Problem[];
} {
  const volumes = new Map<string, MountedVolume>();
  const unsourced: { name: string; path: Path }[] = [];
  const problems: Problem[] = [];
  for (const { container, path } of containers) {
    (container.volumeMounts ?? []).forEach((mount, index) => {
      const at = [...path, "volumeMounts", index];
      if (sourceOf(mount) === undefined) {
        unsourced.push({ name: mount.name, path: at });
        return;
      }
      const known = volumes.get(mount.name);
      if (known === undefined) volumes.set(mount.name, { name: mount.name, mount, path: at });
      else if (sourceKey(known.mount) !== sourceKey(mount)) {
        problems.push(
          error(
            at,
            `mounts volume ${showValue(mount.name)} with a different source than ${formatPath(known.path)}; containers sharing a volume give the same source (or none)`,
          ),
        );
      }
    });
  }
  for (const { name, path } of unsourced) {
    if (!volumes.has(name)) {
      problems.push(
        error(
          path,
          `mounts volume ${showValue(name)}, which no container of the pod declares a source for; give one of ${SOURCES.join(", ")}`,
        ),
      );
    }
  }
  return { volumes: [...volumes.values()], problems };
}

/** Kubernetes' terminationGracePeriodSeconds when the pod leaves it unset (pkg/apis/core/v1 defaults). */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/**
 * The API server's rules between pod-level fields and each container (`containers` with their
 * paths): under hostNetwork a host port must equal its container port (validateHostNetwork); a
 * lifecycle sleep must fit in the termination grace period (validateSleepAction).
 */
export function podContainerProblems(
  pod: WorkloadPod | undefined,
  containers: readonly { container: WorkloadContainer; path: Path }[],
): Problem[] {
  const problems: Problem[] = [];
  const gracePeriod = pod?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  for (const { container, path } of containers) {
    if (pod?.hostNetwork) {
      (container.ports ?? []).forEach((port, index) => {
        if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
          problems.push(
            error(
              [...path, "ports", index, "hostPort"],
              `${port.hostPort} is not the containerPort ${port.containerPort}; with pod.hostNetwork the container listens on the node, so hostPort must equal containerPort (or be unset)`,
            ),
          );
        }
      });
    }
    for (const hook of ["postStart", "preStop"] as const) {
      const seconds = container.lifecycle?.[hook]?.sleep?.seconds;
      if (seconds !== undefined && seconds > gracePeriod) {
        problems.push(
          error(
            [...path, "lifecycle", hook, "sleep", "seconds"],
            `${seconds} is more than the pod's terminationGracePeriodSeconds (${gracePeriod}${pod?.terminationGracePeriodSeconds === undefined ? ", the default" : ""}); a lifecycle sleep must fit in the grace period`,
          ),
        );
      }
    }
  }
  return problems;
}
