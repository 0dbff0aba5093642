/**
 * The provider's `kubernetes_manifest` resource (hashicorp/kubernetes 2.38.0, directory manifest/
 * of hashicorp/terraform-provider-kubernetes; functions read in the newest stored revision, which
 * has the `wait { condition }` block, so line numbers are not given) and what the API server
 * does with what it sends.
 * - Create and update are one code path, provider/apply.go ApplyResourceChange: the planned
 *   `object` (the manifest, with unknown values made null and null attributes dropped:
 *   morph.UnknownToNull, mapRemoveNulls) is sent as a server-side apply patch
 *   (types.ApplyPatchType) with getFieldManagerConfig's field manager — name "Terraform",
 *   force_conflicts false unless a `field_manager` block says otherwise. Before a create it GETs
 *   the object and fails with "Cannot create resource that already exists".
 * - computed_fields (provider/plan.go PlanResourceChange, apply.go): when unset, the list is
 *   metadata.labels and metadata.annotations; a list that is set replaces those defaults. A
 *   computed path is planned unknown, so the API server may return anything there. Every other
 *   value of the manifest is planned as written, and Terraform core refuses an apply whose
 *   result differs from it ("Provider produced inconsistent result after apply"): a resource
 *   quantity the API server writes back in canonical form ("1000m" as "1", issues
 *   hashicorp/terraform-provider-kubernetes#2508 and -alpha#248), a label it adds to a map the
 *   manifest gives, a `false` it does not store (omitempty).
 * - Plan: RequiresReplace is manifest.apiVersion, .kind, .metadata.name and, for a namespaced
 *   kind, .metadata.namespace; any other change is an in-place update (one more server-side
 *   apply). A field that was in the prior manifest and is not any more is planned unknown, sent
 *   as nothing, and so removed by the apply (the API server then defaults it again).
 * - Waiting: see manifestWaitOutcome. Timeouts: create, update and delete 10m each
 *   (apply.go defaultCreateTimeout...).
 * - Delete: a plain DELETE with no propagation policy (apply.go), then a GET every second until
 *   the object is gone: see deleteOrphansPods.
 * - Import (provider/import.go parseImportID): `terraform import kubernetes_manifest.x
 *   "apiVersion=batch/v1,kind=Job,namespace=ns,name=n"` — three or four comma-separated
 *   key=value parts in any order, namespace "default" when left out.
 */
import { stableStringify } from "../../../lib/terraform/revision";
import { ApplyError } from "./create";
import { block, blocks, isObject, type Json, type JsonObject, type StackResource } from "./stack";
import { ApiRejection, kubernetesStored } from "./stored";
import { durationSeconds } from "./waiting";

/** What the provider uses when the resource leaves a setting out. */
export const MANIFEST_DEFAULTS = {
  /** plan.go / apply.go: "When not specified by the user, 'metadata.annotations' and 'metadata.labels'". */
  computedFields: ["metadata.labels", "metadata.annotations"],
  /** plan.go defaultFieldManagerName. */
  fieldManager: "Terraform",
  /** plan.go getFieldManagerConfig: forceConflicts := false. */
  forceConflicts: false,
  /** apply.go defaultCreateTimeout, defaultUpdateTimeout, defaultDeleteTimeout: "10m". */
  timeoutSeconds: 600,
} as const;

export interface ManifestSettings {
  readonly computedFields: readonly string[];
  readonly fieldManager: string;
  readonly forceConflicts: boolean;
  readonly timeouts: { readonly create: number; readonly update: number; readonly delete: number };
  /** The `wait` block's conditions (type/status pairs); empty when the resource does not wait on them. */
  readonly waitConditions: readonly { readonly type: string; readonly status: string }[];
}

export function manifestSettings(body: JsonObject): ManifestSettings {
  const computed = body.computed_fields;
  const fieldManager = block(body, "field_manager");
  const timeouts = block(body, "timeouts");
  const timeout = (key: string) =>
    typeof timeouts?.[key] === "string" && timeouts[key] !== ""
      ? durationSeconds(timeouts[key] as string)
      : MANIFEST_DEFAULTS.timeoutSeconds;
  return {
    // A null or absent list takes the defaults; an empty list means "none" (the docs' example).
    computedFields: Array.isArray(computed) ? computed.map(String) : MANIFEST_DEFAULTS.computedFields,
    fieldManager: typeof fieldManager?.name === "string" ? fieldManager.name : MANIFEST_DEFAULTS.fieldManager,
    forceConflicts: fieldManager?.force_conflicts === true,
    timeouts: { create: timeout("create"), update: timeout("update"), delete: timeout("delete") },
    waitConditions: blocks(block(body, "wait"), "condition").map((condition) => ({
      type: String(condition.type ?? ""),
      status: String(condition.status ?? ""),
    })),
  };
}

/** The manifest argument of a kubernetes_manifest body, evaluated. */
export function manifestOf(body: JsonObject): JsonObject {
  if (!isObject(body.manifest)) throw new ApplyError("kubernetes_manifest: manifest must be an object");
  return body.manifest;
}

// ---------------------------------------------------------------------------------------------
// Field paths (waiter.go FieldPathToTftypesPath: `a.b`, `[0]`, `["key"]`).

export type PathStep = string | number;

export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const pattern = /^(?:\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;
  let rest = path;
  while (rest.length > 0) {
    const match = pattern.exec(rest);
    if (!match) throw new ApplyError(`[computed_fields] cannot parse field path element: ${path}`);
    steps.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(`"${match[3]}"`) as string)));
    rest = rest.slice(match[0].length);
  }
  return steps;
}

const samePath = (a: readonly PathStep[], b: readonly PathStep[]) =>
  a.length === b.length && a.every((step, i) => step === b[i]);

// ---------------------------------------------------------------------------------------------
// Create and update: what is sent, and whether Terraform accepts what comes back.

/**
 * Fields that the OpenAPI schema types as maps (additionalProperties), not objects: the
 * provider's morph.ValueToType keeps their keys as given, so a planned map is one known value
 * and Terraform compares its keys too; a struct's attributes the manifest leaves out are
 * planned unknown (morph.DeepUnknown) and may come back with any value.
 */
const MAP_FIELDS = new Set([
  "labels",
  "annotations",
  "data",
  "binaryData",
  "stringData",
  "nodeSelector",
  "limits",
  "requests",
  "matchLabels",
]);

const cty = (value: Json | undefined): string => {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return `cty.StringVal(${JSON.stringify(value)})`;
  if (typeof value === "number") return `cty.NumberIntVal(${value})`;
  if (typeof value === "boolean") return value ? "cty.True" : "cty.False";
  return JSON.stringify(value);
};

/**
 * Where the object the API server returns differs from the planned value: Terraform core's
 * check after apply (objchange.AssertObjectCompatible) over every known planned value, skipping
 * computed_fields. Each entry is Terraform's message.
 */
export function inconsistentResults(
  manifest: JsonObject,
  returned: JsonObject,
  computedFields: readonly string[],
): string[] {
  const computed = computedFields.map(parseFieldPath);
  const problems: string[] = [];
  // `at` is the path as Terraform prints it: `.name` for an attribute, `["key"]` in a map.
  const walk = (planned: Json, actual: Json | undefined, path: PathStep[], at: string, isMap: boolean): void => {
    if (computed.some((c) => samePath(c, path))) return;
    if (isObject(planned)) {
      if (!isObject(actual)) {
        problems.push(`${at}: was ${cty(planned)}, but now ${cty(actual)}`);
        return;
      }
      for (const [key, value] of Object.entries(planned)) {
        const step = isMap ? `[${JSON.stringify(key)}]` : `.${key}`;
        walk(value, actual[key], [...path, key], `${at}${step}`, MAP_FIELDS.has(key) && !isMap);
      }
      if (isMap) {
        for (const key of Object.keys(actual))
          if (!(key in planned)) problems.push(`${at}: new element "${key}" has appeared`);
      }
      return;
    }
    if (Array.isArray(planned)) {
      if (!Array.isArray(actual) || actual.length !== planned.length) {
        problems.push(`${at}: was ${cty(planned)}, but now ${cty(actual)}`);
        return;
      }
      planned.forEach((item, i) => walk(item, actual[i], [...path, i], `${at}[${i}]`, false));
      return;
    }
    if (planned === null) return; // null in the manifest: dropped before sending (mapRemoveNulls)
    if (JSON.stringify(planned) !== JSON.stringify(actual ?? null)) {
      problems.push(`${at}: was ${cty(planned)}, but now ${cty(actual)}`);
    }
  };
  walk(manifest, returned, [], ".object", false);
  return problems;
}

/** apply.go: nulls are removed before the request ("the API doesn't appreciate requests that include them"). */
function removeNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(removeNulls);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== null)
        .map(([key, item]) => [key, removeNulls(item)]),
    );
  }
  return value;
}

/** The server-side apply body of a create: the manifest as the configuration gives it. */
export function manifestPayload(body: JsonObject): JsonObject {
  return removeNulls(manifestOf(body)) as JsonObject;
}

/**
 * What the API server returns beyond kubernetesStored (which leaves out what it generates per
 * object): a Job's template gets the labels of its generated selector (pkg/registry/batch/job/
 * strategy.go generateSelector: batch.kubernetes.io/controller-uid, batch.kubernetes.io/job-name
 * and the legacy controller-uid, job-name), added to the labels the manifest gives.
 */
export function returnedByServer(stored: JsonObject): JsonObject {
  if (stored.kind !== "Job") return stored;
  const name = String((stored.metadata as JsonObject | undefined)?.name ?? "");
  const uid = "00000000-0000-0000-0000-000000000000";
  const spec = (stored.spec ?? {}) as JsonObject;
  const template = (spec.template ?? {}) as JsonObject;
  const metadata = (template.metadata ?? {}) as JsonObject;
  const labels = {
    ...((metadata.labels as JsonObject | undefined) ?? {}),
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
  return { ...stored, spec: { ...spec, template: { ...template, metadata: { ...metadata, labels } } } };
}

/** Throws Terraform's error when the object the API server returns is not what the plan promised. */
export function assertConsistent(address: string, body: JsonObject, stored: JsonObject): void {
  const returned = returnedByServer(stored);
  const problems = inconsistentResults(manifestOf(body), returned, manifestSettings(body).computedFields);
  if (problems.length > 0) {
    throw new ApplyError(
      `Provider produced inconsistent result after apply: when applying changes to ${address}, the provider produced an unexpected new value: ${problems.join("; ")}`,
    );
  }
}

/**
 * The object after an in-place update: a server-side apply by the same field manager. Fields the
 * new manifest gives are set; fields only the prior manifest gave are removed (they were the
 * manager's, and are now planned unknown and sent as nothing); everything else stays as stored.
 * The API server then defaults and validates the result, and refuses changes to immutable fields.
 */
export function serverSideApply(stored: JsonObject, priorManifest: JsonObject, manifest: JsonObject): JsonObject {
  const merge = (current: Json | undefined, prior: Json | undefined, next: Json): Json => {
    if (!isObject(next) || !isObject(current)) return next;
    const out: JsonObject = { ...current };
    const was = isObject(prior) ? prior : {};
    for (const key of Object.keys(was)) if (!(key in next)) delete out[key];
    for (const [key, value] of Object.entries(next)) {
      if (value === null) delete out[key];
      else out[key] = merge(current[key], was[key], value);
    }
    return out;
  };
  const result = kubernetesStored(merge(stored, priorManifest, manifest) as JsonObject);
  if (result.kind === "Job") rejectImmutableJobChange(stored, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// What the API server lets change on a Job (kubernetes/kubernetes pkg/apis/batch/validation/
// validation.go ValidateJobSpecUpdate, validateCompletions, validatePodTemplateUpdate).

/** Spec fields ValidateJobSpecUpdate checks with ValidateImmutableField. */
const IMMUTABLE_JOB_FIELDS = [
  "selector",
  "completionMode",
  "podFailurePolicy",
  "backoffLimitPerIndex",
  "managedBy",
  "successPolicy",
] as const;

/** Template fields validatePodTemplateUpdate lets change while the Job is suspended and has not started. */
const SCHEDULING_DIRECTIVES = ["nodeSelector", "tolerations", "affinity", "schedulingGates"] as const;

/** Equal as JSON, whatever the order of keys (merging and defaulting reorder them). */
const same = (a: Json | undefined, b: Json | undefined) => stableStringify(a ?? null) === stableStringify(b ?? null);

function rejectImmutableJobChange(before: JsonObject, after: JsonObject): void {
  const name = String((after.metadata as JsonObject | undefined)?.name ?? "");
  const oldSpec = (before.spec ?? {}) as JsonObject;
  const spec = (after.spec ?? {}) as JsonObject;
  const invalid = (field: string, value: Json | undefined, why = "field is immutable") =>
    new ApiRejection(`Job.batch "${name}" is invalid: spec.${field}: Invalid value: ${JSON.stringify(value)}: ${why}`);
  for (const field of IMMUTABLE_JOB_FIELDS) {
    if (!same(spec[field], oldSpec[field])) throw invalid(field, spec[field]);
  }
  // validateCompletions: immutable, except that an Indexed Job may change it together with
  // parallelism to the same value (ElasticIndexedJob, on by default since Kubernetes 1.27).
  if (!same(spec.completions, oldSpec.completions)) {
    if (spec.completionMode !== "Indexed") throw invalid("completions", spec.completions);
    if (spec.completions !== spec.parallelism) {
      throw invalid("completions", spec.completions, "can only be modified in tandem with spec.parallelism");
    }
  }
  // validatePodTemplateUpdate: the template is immutable, but for scheduling directives, labels
  // and annotations while the Job is suspended and has not started (the strategy's
  // AllowMutableSchedulingDirectives). A Job stored suspended is taken as not started: the model
  // keeps no status.
  const template = (spec.template ?? {}) as JsonObject;
  const oldTemplate = JSON.parse(JSON.stringify(oldSpec.template ?? {})) as JsonObject;
  if (oldSpec.suspend === true) {
    const take = (from: JsonObject, to: JsonObject, field: string) => {
      if (from[field] === undefined) delete to[field];
      else to[field] = from[field];
    };
    const metadata = (template.metadata ?? {}) as JsonObject;
    const oldMetadata = { ...((oldTemplate.metadata ?? {}) as JsonObject) };
    for (const field of ["labels", "annotations"]) take(metadata, oldMetadata, field);
    if (Object.keys(oldMetadata).length > 0 || template.metadata !== undefined) oldTemplate.metadata = oldMetadata;
    else delete oldTemplate.metadata;
    const pod = (template.spec ?? {}) as JsonObject;
    const oldPod = (oldTemplate.spec ?? {}) as JsonObject;
    for (const field of SCHEDULING_DIRECTIVES) take(pod, oldPod, field);
    oldTemplate.spec = oldPod;
  }
  if (!same(template, oldTemplate)) throw invalid("template", "(the pod template)");
}

// ---------------------------------------------------------------------------------------------
// Plan: which changes replace.

/** plan.go PlanResourceChange RequiresReplace: the object's identity. */
export function manifestReplaceReason(prior: StackResource, next: StackResource): string | undefined {
  const before = manifestOf(prior.body);
  const after = manifestOf(next.body);
  const metadata = (m: JsonObject) => (isObject(m.metadata) ? m.metadata : {});
  const paths: [string, Json | undefined, Json | undefined][] = [
    ["manifest.apiVersion", before.apiVersion, after.apiVersion],
    ["manifest.kind", before.kind, after.kind],
    ["manifest.metadata.name", metadata(before).name, metadata(after).name],
  ];
  // IsResourceNamespaced: every kind here but Namespace.
  if (after.kind !== "Namespace") {
    paths.push(["manifest.metadata.namespace", metadata(before).namespace, metadata(after).namespace]);
  }
  return paths.find(([, a, b]) => !same(a, b))?.[0];
}

// ---------------------------------------------------------------------------------------------
// Waiting (provider/waiter.go).

export type ManifestWaitOutcome =
  | { readonly result: "done" }
  /** A create failed, but the object is in the state, tainted: the next apply replaces it. */
  | { readonly result: "tainted"; readonly error: string }
  /** An update failed: the state holds the applied object, untainted; the next plan shows no change. */
  | { readonly result: "failed"; readonly error: string };

/**
 * The outcome of a create (or update) for a Job that ends (or is still running) after `seconds`,
 * when the resource waits on conditions: NewResourceWaiter builds a ConditionsWaiter from the
 * `wait` block's conditions; it GETs the object every second (waiterSleepTime) until every
 * condition has its status, with no notion of failure — a Failed Job never gets Complete=True, so
 * the wait ends only at the timeout, with "timed out waiting on conditions" (WaiterError). Since
 * 2.23.0 (#2163; acceptance test TestKubernetesManifest_Wait_InvalidCondition) the object is
 * then in the state; Terraform marks an object whose create failed tainted, not an updated one.
 */
export function manifestWaitOutcome(
  body: JsonObject,
  end: { readonly condition: "Complete" | "Failed" | "Running"; readonly seconds: number },
  operation: "create" | "update" = "create",
): ManifestWaitOutcome {
  const { waitConditions, timeouts } = manifestSettings(body);
  if (waitConditions.length === 0) return { result: "done" };
  const held = end.condition === "Running" ? [] : [{ type: end.condition, status: "True" }];
  const met = waitConditions.every((wanted) =>
    held.some((condition) => condition.type === wanted.type && condition.status === wanted.status),
  );
  if (met && end.seconds <= timeouts[operation]) return { result: "done" };
  const error = "timed out waiting on conditions";
  return operation === "create" ? { result: "tainted", error } : { result: "failed", error };
}

/**
 * Whether deleting the object (a destroy, or the delete half of a replacement) leaves pods
 * running: apply.go sends DELETE with empty DeleteOptions, and for batch/v1 Jobs the API server's
 * default propagation is to orphan the pods (kubernetes/kubernetes pkg/registry/batch/job/
 * strategy.go DefaultGarbageCollectionPolicy: OrphanDependents "for back compatibility"). A
 * replaced Job's pods therefore keep running beside the new Job's.
 */
export const deleteOrphansPods = (manifest: JsonObject): boolean =>
  manifest.kind === "Job" && manifest.apiVersion === "batch/v1";

// ---------------------------------------------------------------------------------------------
// Import (provider/import.go).

export interface ImportTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/**
 * parseImportID: "apiVersion=<v>,kind=<v>,name=<v>[,namespace=<v>]", parts in any order, three or
 * four of them, each key=value with exactly one "="; namespace "default" when left out. The
 * imported state has an empty manifest and the object as read (a warning asks for an apply);
 * the next plan updates it in place (hashicorp/terraform-provider-kubernetes#1716 marks an
 * imported state so that its empty manifest does not read as a new name; #1829 is still open
 * about replacements after import in some cases).
 */
export function parseImportId(id: string): ImportTarget {
  const tokens: Record<string, string> = { apiVersion: "", kind: "", name: "", namespace: "default" };
  const parts = id.split(",");
  let invalid = parts.length < 3 || parts.length > 4;
  for (const part of parts) {
    const pair = part.split("=");
    if (pair.length !== 2 || !(pair[0] in tokens)) invalid = true;
    else tokens[pair[0]] = pair[1];
  }
  if (invalid) {
    throw new ApplyError(
      `invalid format for import ID [${id}]\nExpected format is: apiVersion=<value>,kind=<value>,name=<value>[,namespace=<value>]`,
    );
  }
  return { apiVersion: tokens.apiVersion, kind: tokens.kind, name: tokens.name, namespace: tokens.namespace };
}

/** The import ID of an object, in the form parseImportId reads. */
export function importId(object: JsonObject): string {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === "string" ? `,namespace=${metadata.namespace}` : "";
  return `apiVersion=${String(object.apiVersion)},kind=${String(object.kind)}${namespace},name=${String(metadata.name)}`;
}
