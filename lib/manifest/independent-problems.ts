/**
 * The problems a schema error would otherwise hide. The cross-field rules (lib/manifest/validate.ts)
 * need a parsed manifest, and zod skips an object's refinements once a field inside it failed, so
 * one malformed quantity used to hide a duplicate volume name, and fixing a file took several
 * rounds. Here a copy of the manifest is repaired until the schema accepts it: a failing field
 * that has a default is removed, and a failing top-level spec field is removed or, when required,
 * replaced by a placeholder. Then only what the repair cannot have changed is reported: schema
 * problems that show up in spec fields nothing was repaired in, and the rules that read nothing
 * that was repaired. No placeholder ever reaches a message.
 */
import type { z } from "zod";
import type { Path, Problem } from "../diagnostics";
import { API_VERSION, KIND } from "./defaults";
import { manifestSchema } from "./schema";
import { issuesToProblems } from "./schema-issues";
import { validateIndependentOf } from "./validate";

type Issue = z.core.$ZodIssue;
type Mapping = Record<string, unknown>;

/** Stands in for a required field that failed; every rule reading it is skipped. */
const PLACEHOLDER: Mapping = {
  metadata: { name: "placeholder" },
  spec: { namespace: { value: "placeholder" }, image: { repo: "placeholder" } },
};

/** Each round repairs what the last one found; a manifest nested deeper than this gives up. */
const MAX_ROUNDS = 8;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (isMapping(current)) current = current[String(segment)];
    else if (Array.isArray(current) && typeof segment === "number") current = current[segment];
    else return undefined;
  }
  return current;
}

function remove(value: unknown, path: Path): void {
  const parent = at(value, path.slice(0, -1));
  if (isMapping(parent)) delete parent[String(path[path.length - 1])];
}

/** The part of a manifest a repair at `path` may change: a top-level spec field, or a top-level key. */
const region = (path: Path): string => JSON.stringify(path[0] === "spec" ? path.slice(0, 2) : path.slice(0, 1));

/**
 * The problems of a manifest that `firstIssues` (the schema's, on `value`) did not report, and that
 * do not depend on any field they are about. `value` is the manifest as the schema reads it.
 */
export function independentProblems(value: unknown, firstIssues: readonly Issue[]): Problem[] {
  if (!isMapping(value) || !isMapping(value.spec)) return [];
  const copy = structuredClone({ ...value, apiVersion: API_VERSION, kind: KIND }) as Mapping;
  const touched: Path[] = [];
  const replaced = new Set<string>();
  const found: Issue[] = [];
  let issues = firstIssues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round > 0) {
      const parsed = manifestSchema.safeParse(copy, { reportInput: true });
      if (parsed.success) {
        const problems = validateIndependentOf(parsed.data, touched);
        const regions = new Set(touched.map(region));
        const hidden = found.filter((issue) => !regions.has(region(issue.path as Path)));
        return [...issuesToProblems(hidden, manifestSchema), ...problems];
      }
      issues = parsed.error.issues;
      found.push(...issues);
    }
    for (const issue of issues) {
      if (!repair(copy, issue, touched, replaced)) return [];
    }
  }
  return [];
}

/** Repairs the copy where an issue is; false when it cannot be (the spec itself is not a mapping, say). */
function repair(copy: Mapping, issue: Issue, touched: Path[], replaced: Set<string>): boolean {
  const path = issue.path as Path;
  if (issue.code === "unrecognized_keys") {
    // An unknown field is read by no rule: dropping it changes nothing that is reported.
    for (const key of issue.keys) {
      remove(copy, [...path, key]);
      touched.push([...path, key]);
    }
    return true;
  }
  const [top, field] = path;
  if (top === "metadata") {
    // No rule reads metadata: a placeholder is as good as the original.
    copy.metadata = structuredClone(PLACEHOLDER.metadata);
    touched.push(["metadata"]);
    return true;
  }
  if (top !== "spec" || field === undefined) return false;
  const fieldPath: Path = ["spec", field];
  if (replaced.has(String(field))) return true;
  // A field inside a mapping (a quantity of resources.limits) is removed alone when it is there:
  // its default takes its place, and the rest of the spec field is still checked.
  const inList = path.some((segment) => typeof segment === "number");
  if (path.length > 2 && !inList && at(copy, path) !== undefined) {
    remove(copy, path);
    touched.push(path);
    return true;
  }
  const placeholder = at(PLACEHOLDER, fieldPath);
  const spec = copy.spec as Mapping;
  if (placeholder === undefined) delete spec[String(field)];
  else spec[String(field)] = structuredClone(placeholder);
  replaced.add(String(field));
  touched.push(fieldPath);
  return true;
}
