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
