/**
 * The two dialects of the KubernetesJob manifest, as one type for the pipeline: Planton's first
 * published API (`kubernetes.project-planton.org/v1`, ./schema.ts) and its current one
 * (`kubernetes.planton.dev/v1alpha1`, ./v1alpha1/schema.ts). Each is parsed and validated by its
 * own schema; from then on the pipeline passes `AnyJobManifest` along and asks the helpers here
 * for what it needs whatever the dialect (the name, the namespace, where the deployment keys
 * are). Everything that depends on the spec's shape is done by the object model (lib/model),
 * which turns either dialect into the same Kubernetes objects.
 *
 * Types only are imported from the second dialect, so that a run of first-dialect manifests
 * does not load it.
 */
import type { KubernetesJobManifest, KubernetesJobMetadata, KubernetesJobSpec, ValueFromRef } from "./schema";
import type { PlantonJobManifest, PlantonJobSpec } from "./v1alpha1/schema";

export type { PlantonJobManifest } from "./v1alpha1/schema";

/** A validated KubernetesJob manifest of either dialect, told apart by its apiVersion. */
export type AnyJobManifest = KubernetesJobManifest | PlantonJobManifest;

/** The apiVersion of the current Planton API (as ./v1alpha1/schema.ts's PLANTON_API_VERSION). */
const PLANTON = "kubernetes.planton.dev/v1alpha1" satisfies PlantonJobManifest["apiVersion"];

/**
 * What the constructs and the object model need of a manifest: its metadata and spec, with the
 * apiVersion telling the dialects apart. The first dialect's may leave it out (the construct's
 * props have always been `{metadata, spec}`).
 */
export type JobManifestParts =
  | {
      readonly apiVersion?: KubernetesJobManifest["apiVersion"];
      readonly metadata: KubernetesJobMetadata;
      readonly spec: KubernetesJobSpec;
    }
  | {
      readonly apiVersion: PlantonJobManifest["apiVersion"];
      readonly metadata: KubernetesJobMetadata;
      readonly spec: PlantonJobSpec;
    };

/** True for a manifest of the current Planton API. */
export function isPlantonManifest<T extends { readonly apiVersion?: string }>(
  manifest: T,
): manifest is Extract<T, { readonly apiVersion: PlantonJobManifest["apiVersion"] }> {
  return manifest.apiVersion === PLANTON;
}

/** The metadata, whose shape both dialects share (name, id, org, env, labels, annotations, ...). */
export const metadataOf = (manifest: AnyJobManifest): KubernetesJobMetadata => manifest.metadata;

/** The namespace as written: a value, or a reference still to be resolved. */
export function namespaceRefOf(manifest: AnyJobManifest): {
  readonly value?: string;
  readonly valueFrom?: ValueFromRef;
} {
  return manifest.spec.namespace;
}

/** The manifest with its namespace resolved to a value (the reference replaced). */
export function withNamespace<T extends AnyJobManifest>(manifest: T, value: string): T {
  return { ...manifest, spec: { ...manifest.spec, namespace: { value } } };
}

/**
 * Where a manifest keeps its deployment settings: the first dialect in `metadata.labels`, the
 * current API in `metadata.annotations` (Planton moved them there and reads labels no more:
 * plantonhq/openmcf _changelog/2026-07/2026-07-09-120000-platform-keys-move-from-labels-to-annotations.md).
 */
export function deploymentKeysField(manifest: AnyJobManifest): "labels" | "annotations" {
  return isPlantonManifest(manifest) ? "annotations" : "labels";
}
