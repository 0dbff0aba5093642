/**
 * Reads a WorkloadContainer or WorkloadPod as the loader does (protojson names, then the schema),
 * and lists the problems as `path: message` lines, the way the CLI prints them.
 */
import type { z } from "zod";
import { formatPath, type Path } from "../../../lib/diagnostics";
import { readProtojson } from "../../../lib/manifest/protojson";
import { issuesToProblems } from "../../../lib/manifest/schema-issues";
import { containerSchema, podSchema } from "../../../lib/manifest/v1alpha1/workload";

type Schema = z.ZodType;

function read(schema: Schema, value: unknown) {
  const reading = readProtojson(value, schema);
  const result = schema.safeParse(reading.value);
  const problems = result.success ? [] : issuesToProblems(result.error.issues, schema);
  return {
    data: result.success ? result.data : undefined,
    errors: problems.map((problem) => `${formatPath(problem.path as Path) || "(root)"}: ${problem.message}`),
    /** What reading proto names found (errors and warnings). */
    readings: reading.problems.map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
  };
}

export const readContainer = (value: unknown) => read(containerSchema() as Schema, value);
export const readPod = (value: unknown) => read(podSchema() as Schema, value);

/** A minimal valid container: the proto's required fields only. */
export const minimalContainer = () => ({ image: { repo: "busybox", tag: "1.36" } });

/** `base` with `patch` merged in (objects merged key by key; other values replaced). */
export function merged(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    const isMapping = (item: unknown): item is Record<string, unknown> =>
      typeof item === "object" && item !== null && !Array.isArray(item);
    out[key] = isMapping(current) && isMapping(value) ? merged(current, value) : value;
  }
  return out;
}
