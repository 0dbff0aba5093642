/**
 * A stack in the shape the manifest engine is to synthesize (issue #12), written by hand from
 * the object model until the engine lands: each object of `applyOrder(jobObjects(...))` as one
 * `kubernetes_manifest`, every string escaped for Terraform (literalDeep), each resource after
 * the ones before it (depends_on), the Job replaced through the revision and deadline triggers
 * that the typed engine uses, and `wait { condition }` when waiting.
 */
import { applyOrder, jobObjects, type KubernetesObject } from "../../../lib/model";
import type { KubernetesJobManifest } from "../../../lib/manifest/schema";
import { literalDeep } from "../../../lib/terraform/literal";
import { deadlineState, jobRevision } from "../../../lib/terraform/revision";
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
  /** computed_fields of every resource; undefined leaves the argument out (the provider's defaults). */
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
  const deadline = `${metadata.name}_deadline`;
  const resources: Record<string, JsonObject> = {};
  const addresses: string[] = [];
  for (const object of objects) {
    const name = resourceName(object);
    const isJob = object.kind === "Job";
    const waits = isJob && options.waitTimeout !== undefined;
    resources[name] = {
      manifest: literalDeep(JSON.parse(JSON.stringify(object)) as JsonObject),
      ...(options.computedFields ? { computed_fields: [...options.computedFields] } : {}),
      ...(waits
        ? {
            wait: { condition: [{ type: "Complete", status: "True" }] },
            timeouts: { create: options.waitTimeout, update: options.waitTimeout },
          }
        : {}),
      ...(addresses.length > 0 ? { depends_on: [...addresses] } : {}),
      ...(isJob
        ? { lifecycle: { replace_triggered_by: [`terraform_data.${revision}`, `terraform_data.${deadline}`] } }
        : {}),
    };
    addresses.push(`kubernetes_manifest.${name}`);
  }
  return {
    resource: {
      kubernetes_manifest: resources,
      terraform_data: {
        [revision]: { input: jobRevision(metadata, spec, options.dockerConfigJson) },
        [deadline]: { input: deadlineState(spec) },
      },
    },
  };
}
