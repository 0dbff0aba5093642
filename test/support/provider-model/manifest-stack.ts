/**
 * A stack in the shape the manifest engine is to synthesize (issue #12), written by hand from
 * the object model until the engine lands: each object of `applyOrder(jobObjects(...))` as one
 * `kubernetes_manifest`, every string escaped for Terraform (literalDeep), each resource after
 * the ones before it (depends_on), a field manager of its own that forces conflicts, the Job
 * replaced through its revision (replace_triggered_by), and `wait { condition }` when waiting.
 * No deadline trigger: server-side apply removes a deadline the manifest no longer gives, where
 * kubernetes_job_v1 would patch it to 0.
 */
import { applyOrder, jobObjects, type KubernetesObject } from "../../../lib/model";
import type { KubernetesJobManifest } from "../../../lib/manifest/schema";
import { literalDeep } from "../../../lib/terraform/literal";
import { jobRevision } from "../../../lib/terraform/revision";
import type { JsonObject } from "./stack";

/**
 * computed_fields that let Terraform accept what the API server returns for the object model:
 * the provider's defaults, the labels the Job's selector adds to its template, and the
 * container's resources, whose quantities come back in canonical form ("1000m" as "1").
 */
export const RECOMMENDED_COMPUTED_FIELDS = [
  "metadata.labels",
  "metadata.annotations",
  "spec.template.metadata.labels",
  "spec.template.spec.containers[0].resources",
] as const;

export interface ManifestStackOptions {
  /** computed_fields of the Job; undefined leaves the argument out (the provider's defaults). */
  readonly computedFields?: readonly string[];
  /** Wait for the Job's Complete condition, with this create and update timeout. */
  readonly waitTimeout?: string;
  readonly dockerConfigJson?: string;
}

const resourceName = (object: KubernetesObject) =>
  `${object.kind.toLowerCase()}_${String(object.metadata?.name ?? "")}`.replace(/[^A-Za-z0-9_-]/g, "_");

export function manifestEngineStack(manifest: KubernetesJobManifest, options: ManifestStackOptions = {}): JsonObject {
  const { metadata, spec } = manifest;
  const objects = applyOrder(jobObjects({ metadata, spec, dockerConfigJson: options.dockerConfigJson }));
  const revision = `${metadata.name}_revision`;
  const resources: Record<string, JsonObject> = {};
  const addresses: string[] = [];
  for (const object of objects) {
    const name = resourceName(object);
    const isJob = object.kind === "Job";
    const waits = isJob && options.waitTimeout !== undefined;
    resources[name] = {
      manifest: literalDeep(JSON.parse(JSON.stringify(object)) as JsonObject),
      field_manager: { name: "kubernetes-job-cdktf", force_conflicts: true },
      ...(isJob && options.computedFields ? { computed_fields: [...options.computedFields] } : {}),
      ...(waits
        ? {
            wait: { condition: [{ type: "Complete", status: "True" }] },
            timeouts: { create: options.waitTimeout, update: options.waitTimeout },
          }
        : {}),
      ...(addresses.length > 0 ? { depends_on: [...addresses] } : {}),
      ...(isJob ? { lifecycle: { replace_triggered_by: [`terraform_data.${revision}`] } } : {}),
    };
    addresses.push(`kubernetes_manifest.${name}`);
  }
  return {
    resource: {
      kubernetes_manifest: resources,
      terraform_data: {
        [revision]: { input: jobRevision(metadata, spec, options.dockerConfigJson) },
      },
    },
  };
}
