import { createHash } from "node:crypto";
import type { KubernetesJobMetadata, KubernetesJobSpec } from "../manifest/schema";
import { isPlantonManifest, type JobManifestParts } from "../manifest/dialects";
import type { JobObjects } from "../model/job-objects";
import { plantonLabels } from "../model/labels";
import { literalDeep } from "./literal";

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * What defines a run of the Job: the manifest's spec without the fields the provider patches in
 * place on a running Job (patchJobV1Spec in hashicorp/kubernetes 2.38.0: parallelism, which also
 * carries suspend; backoffLimit; activeDeadlineSeconds), its labels and the Docker config. The
 * spec holds the content of the ConfigMaps and env secrets, so changing a mounted script or a
 * secret value runs the Job again. A change of the revision replaces the Job.
 *
 * The hash is computed from the manifest (escaped as the stack writes it) exactly as earlier
 * versions of this tool computed it, so that upgrading the tool never runs a deployed Job again:
 * the objects are a function of what is hashed, so a change to them is a change to it. One
 * exception: an Indexed Job's backoffLimit is also its backoffLimitPerIndex, which Kubernetes does
 * not let change on an existing Job, so it is part of the run there (and an Indexed Job deployed
 * before per-index limits were set explicitly is replaced once, as it has to be). The manifest
 * engine sends no per-index limits (`perIndexLimits: false`), so there backoffLimit is patched in
 * place like any Job's.
 */
export function jobRevision(
  metadata: KubernetesJobMetadata,
  spec: KubernetesJobSpec,
  dockerConfigJson: string | undefined,
  { perIndexLimits = true }: { readonly perIndexLimits?: boolean } = {},
): string {
  const escaped = literalDeep(spec);
  const { parallelism, suspend, backoffLimit, activeDeadlineSeconds, ...defining } = escaped;
  void [parallelism, suspend, activeDeadlineSeconds];
  const indexed = perIndexLimits && spec.completionMode === "Indexed" ? { backoffLimit } : {};
  return createHash("sha256")
    .update(
      stableStringify({
        spec: { ...defining, ...indexed },
        labels: plantonLabels(literalDeep(metadata)),
        dockerConfigJson,
      }),
    )
    .digest("hex");
}

/**
 * The revision of a Job of the current Planton API, computed from its objects (the model): every
 * object the stack creates, as the cluster gets it, without the Job fields patched in place on
 * a running Job (as for the first dialect: parallelism, suspend, backoffLimit,
 * activeDeadlineSeconds). `objects` are the model's, before an engine changes them: on the typed
 * engine an Indexed Job without backoffLimitPerIndex gets its backoffLimit as the per-index
 * limit, which Kubernetes does not let change, so there backoffLimit defines the run.
 */
export function modelRevision(
  objects: JobObjects,
  { perIndexLimits = true }: { readonly perIndexLimits?: boolean } = {},
): string {
  const { job, ...others } = objects;
  const { parallelism, suspend, backoffLimit, activeDeadlineSeconds, ...defining } = job.spec;
  void [parallelism, suspend, activeDeadlineSeconds];
  const substituted =
    perIndexLimits && defining.completionMode === "Indexed" && defining.backoffLimitPerIndex === undefined;
  return createHash("sha256")
    .update(
      stableStringify({
        // Names the scheme, so that no first-dialect revision can equal one of these.
        revision: "model/1",
        objects: others,
        job: { ...job, spec: { ...defining, ...(substituted ? { backoffLimit } : {}) } },
      }),
    )
    .digest("hex");
}

/** The revision of either dialect's Job: the first dialect's as it has always been computed. */
export function revisionOf(
  manifest: JobManifestParts,
  objects: JobObjects,
  dockerConfigJson: string | undefined,
  options: { readonly perIndexLimits?: boolean } = {},
): string {
  return isPlantonManifest(manifest)
    ? modelRevision(objects, options)
    : jobRevision(manifest.metadata, manifest.spec, dockerConfigJson, options);
}

/**
 * Whether the Job has a deadline, for a second trigger of its replacement: the provider patches
 * a new deadline value in place, but reads a removed one as 0 and sends that, and Kubernetes fails
 * a running Job whose deadline is 0 at once (DeadlineExceeded). So setting or removing a deadline
 * replaces the Job. It is a resource of its own, not part of the revision, so that stacks written
 * before it existed keep their revision: Terraform creating it triggers no replacement.
 */
export const deadlineState = (spec: { readonly activeDeadlineSeconds?: number }): "set" | "unset" =>
  spec.activeDeadlineSeconds ? "set" : "unset";
