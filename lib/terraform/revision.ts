import { createHash } from "node:crypto";
import type { JobObjects } from "../model";

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
 * What defines a run of the Job, from the objects as the typed engine deploys them: the Job
 * without the fields the provider patches in place on a running Job (patchJobV1Spec in
 * hashicorp/kubernetes 2.38.0: parallelism, which also carries suspend; backoffLimit;
 * activeDeadlineSeconds), plus the content of the ConfigMaps and Secrets the stack creates for
 * it, so that changing a mounted script or a secret value runs the Job again. A change of the
 * revision replaces the Job.
 *
 * Whether a deadline is set is part of the run, its value is not: the provider patches a new
 * value in place, but reads a removed one as 0 and sends that, and Kubernetes fails a running
 * Job whose deadline is 0 at once (DeadlineExceeded). Setting or removing it replaces the Job.
 * backoffLimitPerIndex (an Indexed Job's, equal to backoffLimit) stays in: Kubernetes refuses
 * to change it on an existing Job.
 */
export function jobRevision(objects: JobObjects): string {
  const { metadata, spec } = objects.job;
  const { parallelism, backoffLimit, activeDeadlineSeconds, ...defining } = spec;
  void [parallelism, backoffLimit];
  const secrets = [objects.envSecret, objects.imagePullSecret].flatMap((secret) => (secret ? [secret] : []));
  const run = {
    job: { metadata, spec: { ...defining, deadline: activeDeadlineSeconds !== undefined } },
    configMaps: objects.configMaps.map(({ metadata: configMap, data }) => ({ name: configMap?.name, data })),
    secrets: secrets.map(({ metadata: secret, type, data }) => ({ name: secret?.name, type, data })),
  };
  return createHash("sha256").update(stableStringify(run)).digest("hex");
}
