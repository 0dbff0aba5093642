import { createHash } from "node:crypto";
import type { KubernetesJobSpec } from "../manifest/schema";

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
 * What defines a run of the Job: everything but the fields the provider patches in place
 * (parallelism, and suspend through it; backoffLimit; activeDeadlineSeconds). A change to the
 * revision replaces the Job, so it runs again; the config map and env secret contents are part
 * of the spec, so changing a mounted script re-runs the Job too.
 */
export function jobRevision(
  spec: KubernetesJobSpec,
  labels: Record<string, string>,
  dockerConfigJson?: string,
): string {
  const { parallelism, suspend, backoffLimit, activeDeadlineSeconds, ...defining } = spec;
  void [parallelism, suspend, backoffLimit, activeDeadlineSeconds];
  return createHash("sha256")
    .update(stableStringify({ spec: defining, labels, dockerConfigJson }))
    .digest("hex");
}
