/**
 * Comparing what reaches the cluster through the provider with what the object model means:
 * both as the API server stores them, keyed `Kind/name`, with the differences that are facts of
 * provider 2.38.0 without effect on what runs filtered out.
 */
import { applyOrder, jobObjects, typedEngineObjects, type KubernetesObject } from "../../../lib/model";
import type { KubernetesJobManifest } from "../../../lib/manifest/schema";
import { jsonDifferences, type Difference } from "./diff";
import type { JsonObject } from "./stack";
import { kubernetesStored } from "./stored";

/**
 * What provider 2.38.0 sends that the manifest does not say, with no effect on what runs: each
 * is the value Kubernetes assumes when the field is unset, sent explicitly because the SDK
 * hands the expander the schema Default (or false) and the expander always sends it.
 */
export const ALLOWED: readonly { readonly path: RegExp; readonly sent: unknown; readonly why: string }[] = [
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.automountServiceAccountToken$/,
    sent: true,
    why: "podSpecFields automount_service_account_token Default true, expandPodSpec sends it",
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.enableServiceLinks$/,
    sent: true,
    why: "podSpecFields enable_service_links Default true; Kubernetes defaults pods to true (SetDefaults_Pod)",
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.shareProcessNamespace$/,
    sent: false,
    why: "podSpecFields share_process_namespace Default false, sent as a pointer",
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.containers\[0\]\.volumeMounts\[\d+\]\.mountPropagation$/,
    sent: "None",
    why: 'volumeMountFields mount_propagation Default "None" (Kubernetes: unset means None)',
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.valueFrom\.secretKeyRef\.optional$/,
    sent: false,
    why: 'expandSecretKeyRef: `if v, ok := in["optional"]; ok` is always true',
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.volumes\[\d+\]\.(configMap|secret)\.optional$/,
    sent: false,
    why: "expandConfigMapVolumeSource / expandSecretVolumeSource send optional false",
  },
  {
    path: /^ServiceAccount\/[^.]+\.automountServiceAccountToken$/,
    sent: true,
    why: "resourceKubernetesServiceAccountV1Create: ptr.To(d.Get(...)), Default true",
  },
];

export const byName = (objects: readonly JsonObject[]) =>
  Object.fromEntries(
    objects.map((object) => [`${object.kind}/${(object.metadata as JsonObject).name}`, object] as const),
  ) as JsonObject;

/** The objects the model means for a manifest (as this engine can say them), as stored, by name. */
export function meantStored(manifest: KubernetesJobManifest, dockerConfigJson?: string): JsonObject {
  return byName(
    applyOrder(typedEngineObjects(jobObjects({ ...manifest, dockerConfigJson }))).map((object: KubernetesObject) =>
      kubernetesStored(object as unknown as JsonObject),
    ),
  );
}

/** Where the cluster's objects differ from the model's, beyond the ALLOWED differences. */
export function unexplained(held: JsonObject, meant: JsonObject): Difference[] {
  return jsonDifferences(held, meant).filter(
    (d) => !ALLOWED.some((allowed) => allowed.path.test(d.path) && d.left === allowed.sent && d.right === undefined),
  );
}

/** The objects the model means for a manifest, all of them as written (no engine's view), as stored, by name. */
export function modelStored(manifest: KubernetesJobManifest, dockerConfigJson?: string): JsonObject {
  return byName(
    applyOrder(jobObjects({ ...manifest, dockerConfigJson })).map((object: KubernetesObject) =>
      kubernetesStored(object as unknown as JsonObject),
    ),
  );
}

/**
 * What provider 2.38.0 sends for fields of a rich Job (test/support/rich-job.ts) that the Job does
 * not say, with no effect on what runs: Kubernetes' meaning of the unset field, sent explicitly.
 * Paths are the Job's own (`spec.template...`); each was read in the provider's expanders
 * (hashicorp/terraform-provider-kubernetes, kubernetes/), in the newest revision stored.
 */
export const RICH_ALLOWED: readonly { readonly path: RegExp; readonly sent: unknown; readonly why: string }[] = [
  {
    path: /^spec\.template\.spec\.enableServiceLinks$/,
    sent: true,
    why: "podSpecFields enable_service_links Default true; Kubernetes defaults pods to true (SetDefaults_Pod)",
  },
  {
    path: /^spec\.template\.spec\.shareProcessNamespace$/,
    sent: false,
    why: "podSpecFields share_process_namespace Default false, sent as a pointer",
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.volumeMounts\[\d+\]\.mountPropagation$/,
    sent: "None",
    why: 'volumeMountFields mount_propagation Default "None" (Kubernetes: unset means None)',
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.env\[\d+\]\.valueFrom\.(secretKeyRef|configMapKeyRef)\.optional$/,
    sent: false,
    why: 'expandSecretKeyRef / expandConfigMapKeyRef: `if v, ok := in["optional"]; ok` is always true',
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.envFrom\[\d+\]\.(secretRef|configMapRef)\.optional$/,
    sent: false,
    why: "expandConfigMapRef / expandSecretRef send optional false when unset",
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.env\[\d+\]\.valueFrom\.resourceFieldRef\.divisor$/,
    sent: "1",
    why: 'resource_field_ref divisor Default "1", parsed by expandResourceFieldRef (Kubernetes: unset means 1)',
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.securityContext\.allowPrivilegeEscalation$/,
    sent: true,
    why: "securityContextSchema allow_privilege_escalation Default true, always sent (Kubernetes: unset allows escalation)",
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.securityContext\.(privileged|readOnlyRootFilesystem)$/,
    sent: false,
    why: "securityContextSchema privileged / read_only_root_filesystem Default false, always sent",
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.securityContext\.runAsNonRoot$/,
    sent: false,
    why: "expandContainerSecurityContext sends run_as_non_root (no Default) as false; the pod says nothing else (typedEngineObjects copies the pod's value when it does)",
  },
  {
    path: /^spec\.template\.spec\.securityContext\.runAsNonRoot$/,
    sent: false,
    why: 'expandPodSecurityContext: `in["run_as_non_root"].(bool)` is always ok, so false is sent',
  },
  {
    path: /^spec\.template\.spec\.(containers|initContainers)\[\d+\]\.(livenessProbe|readinessProbe|startupProbe)\.grpc\.service$/,
    sent: "",
    why: 'expandGRPC: service is sent as a pointer even when "" (Kubernetes: unset means the server\'s default service, "")',
  },
  {
    path: /^spec\.template\.spec\.dnsConfig\.options\[\d+\]\.value$/,
    sent: "",
    why: 'expandDNSConfigOptions: value is sent as a pointer even when "" (the kubelet writes an option with an empty value as its name alone)',
  },
];

/**
 * Where the provider's Job (as stored) differs from the meant Job (as stored), beyond RICH_ALLOWED;
 * `onAllowed` is told each allowed difference found.
 */
export function richDifferences(
  held: JsonObject,
  meant: JsonObject,
  onAllowed: (allowed: (typeof RICH_ALLOWED)[number]) => void = () => {},
): Difference[] {
  return jsonDifferences(held, meant).filter((d) => {
    const allowed = RICH_ALLOWED.find((a) => a.path.test(d.path) && d.left === a.sent && d.right === undefined);
    if (allowed) onAllowed(allowed);
    return allowed === undefined;
  });
}
