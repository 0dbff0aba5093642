import type { KubernetesJobMetadata } from "../manifest/schema";
import { KIND } from "../manifest/defaults";

/** Planton's labels, on every resource and on the pod template. */
export function plantonLabels(metadata: KubernetesJobMetadata): Record<string, string> {
  const labels: Record<string, string> = {
    "planton.ai/resource": "true",
    "planton.ai/name": metadata.name,
    "planton.ai/kind": KIND,
  };
  if (metadata.id) labels["planton.ai/id"] = metadata.id;
  if (metadata.org) labels["planton.ai/organization"] = metadata.org;
  if (metadata.env) labels["planton.ai/environment"] = metadata.env;
  return labels;
}
