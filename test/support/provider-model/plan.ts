/**
 * What `terraform apply` does to the cluster when a stack changes from `before` to `after`:
 * per resource, the action Terraform plans (honouring `lifecycle.ignore_changes` and
 * `lifecycle.replace_triggered_by`) and, for an in-place update, the JSON patch the provider's
 * update function sends. `applyAction` then gives the object the cluster holds afterwards.
 */
import { ApplyError, expandResource, JOB_SPEC_DEFAULTS } from "./create";
import { assertConsistent, manifestOf, manifestReplaceReason, serverSideApply } from "./manifest";
import { block, isObject, stackResources, type Json, type JsonObject, type StackResource } from "./stack";
import { ApiRejection, kubernetesStored } from "./stored";

/** One JSON patch operation (RFC 6902) as the provider's PatchOperation types marshal it. */
export interface PatchOperation {
  readonly op: "add" | "replace" | "remove";
  readonly path: string;
  readonly value?: Json;
}

export type ResourceAction =
  | { readonly action: "none" }
  | { readonly action: "create"; readonly after: StackResource }
  | { readonly action: "delete" }
  | { readonly action: "replace"; readonly after: StackResource; readonly reason: string }
  | {
      readonly action: "update";
      readonly after: StackResource;
      readonly patch: readonly PatchOperation[];
      /** The prior configuration, which a server-side apply (kubernetes_manifest) needs. */
      readonly before?: StackResource;
    };

/** The action Terraform plans for each resource address of either stack. */
export function providerPlan(beforeStack: unknown, afterStack: unknown): Record<string, ResourceAction> {
  const before = new Map(stackResources(beforeStack).map((r) => [r.address, r]));
  const after = new Map(stackResources(afterStack).map((r) => [r.address, r]));
  const actions: Record<string, ResourceAction> = {};
  for (const address of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const prior = before.get(address);
    const next = after.get(address);
    if (!next) actions[address] = { action: "delete" };
    else if (!prior) actions[address] = { action: "create", after: next };
    else actions[address] = resourceAction(prior, withIgnoredChanges(prior, next), next);
  }
  // lifecycle.replace_triggered_by: a bare resource address triggers when that resource has any
  // planned change (Terraform's docs, "replace_triggered_by"); repeat until nothing more changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [address, next] of after) {
      const current = actions[address];
      if (current.action === "replace" || current.action === "create") continue;
      const trigger = next.lifecycle.replaceTriggeredBy.find((ref) => {
        const triggered = actions[ref.replace(/\[\d+\]$/, "")];
        return triggered !== undefined && triggered.action !== "none";
      });
      if (trigger) {
        actions[address] = { action: "replace", after: next, reason: `replace_triggered_by ${trigger}` };
        changed = true;
      }
    }
  }
  return actions;
}

/**
 * lifecycle.ignore_changes: Terraform plans the prior value of each ignored attribute. Paths
 * are Terraform's (`spec[0].template`), read against cdktf's object-or-list blocks.
 */
function withIgnoredChanges(prior: StackResource, next: StackResource): StackResource {
  if (next.lifecycle.ignoreChanges.length === 0) return next;
  const body = JSON.parse(JSON.stringify(next.body)) as JsonObject;
  for (const path of next.lifecycle.ignoreChanges) {
    const steps = path.split(/\.|\[\d+\]/).filter((step) => step !== "");
    const last = steps.pop() as string;
    const parentOf = (root: JsonObject) =>
      steps.reduce<JsonObject | undefined>((node, step) => (node ? block(node, step) : undefined), root);
    const from = parentOf(prior.body);
    const to = parentOf(body);
    if (!to) continue;
    if (from && from[last] !== undefined) to[last] = from[last];
    else delete to[last];
  }
  return { ...next, body };
}

// ---------------------------------------------------------------------------------------------
// ForceNew and in-place updates, per resource type.

/**
 * Attributes whose change replaces the resource (schema ForceNew). Metadata name, namespace and
 * generate_name are ForceNew in every resource (structures.go namespacedMetadataSchema).
 * Job spec: everything but what patchJobV1Spec (structure_job.go) patches in place —
 * active_deadline_seconds, backoff_limit, manual_selector, parallelism, pod_failure_policy — and
 * ttl_seconds_after_finished, which is neither ForceNew nor patched: a change is an update that
 * sends nothing (as lib/terraform/kubernetes-job.ts IGNORED_JOB_CHANGES records; the v2.38.0
 * schema was not readable here, so this one is unverified, as is ForceNew for
 * backoff_limit_per_index and max_failed_indexes, modelled as ForceNew because Kubernetes
 * keeps backoffLimitPerIndex immutable).
 * Secret: type (resourceKubernetesSecretV1 schema, ForceNew).
 */
const METADATA_FORCE_NEW = ["metadata.name", "metadata.namespace", "metadata.generate_name"];
const JOB_PATCHED = new Set([
  "active_deadline_seconds",
  "backoff_limit",
  "manual_selector",
  "parallelism",
  "pod_failure_policy",
]);
const JOB_UPDATED_WITHOUT_PATCH = new Set(["ttl_seconds_after_finished"]);

/** The attributes of a body with the schema defaults the SDK plans for unset ones. */
function planned(resource: StackResource): Record<string, Json> {
  const flat: Record<string, Json> = {};
  const metadata = block(resource.body, "metadata") ?? {};
  for (const key of ["name", "namespace", "generate_name", "labels", "annotations"]) {
    flat[`metadata.${key}`] =
      metadata[key] ?? (key === "namespace" && resource.type !== "kubernetes_namespace_v1" ? "default" : null);
  }
  for (const [key, value] of Object.entries(resource.body)) {
    if (key === "metadata" || key === "spec") continue;
    flat[key] = value;
  }
  if (resource.type === "kubernetes_secret_v1" && flat.type === undefined) flat.type = "Opaque";
  if (resource.type === "kubernetes_service_account_v1" && flat.automount_service_account_token === undefined) {
    flat.automount_service_account_token = true;
  }
  if (resource.type === "kubernetes_job_v1") {
    const spec = block(resource.body, "spec") ?? {};
    const defaults: Record<string, Json> = {
      completions: JOB_SPEC_DEFAULTS.completions,
      parallelism: JOB_SPEC_DEFAULTS.parallelism,
      backoff_limit: JOB_SPEC_DEFAULTS.backoffLimit,
      active_deadline_seconds: 0,
      manual_selector: false,
      ttl_seconds_after_finished: "",
      completion_mode: "",
      backoff_limit_per_index: 0,
      max_failed_indexes: 0,
    };
    for (const key of new Set([...Object.keys(defaults), ...Object.keys(spec)])) {
      flat[`spec.${key}`] = spec[key] ?? defaults[key] ?? null;
    }
    // wait_for_completion: schema Default true (resourceKubernetesJobV1Schema).
    if (flat.wait_for_completion === undefined) flat.wait_for_completion = true;
  }
  return flat;
}

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `next` has the ignored attributes' prior values; `configured` is the stack as written, which a
 * replacement creates from (Terraform plans a replacement as a create from a null prior state,
 * where ignore_changes has nothing to keep).
 */
function resourceAction(prior: StackResource, next: StackResource, configured: StackResource): ResourceAction {
  if (next.type === "kubernetes_manifest") return manifestAction(prior, next, configured);
  const before = planned(prior);
  const after = planned(next);
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => !same(before[k], after[k]),
  );
  if (changed.length === 0) return { action: "none" };
  const forceNew = changed.find(
    (key) =>
      METADATA_FORCE_NEW.includes(key) ||
      (next.type === "kubernetes_job_v1" &&
        key.startsWith("spec.") &&
        !JOB_PATCHED.has(key.slice(5)) &&
        !JOB_UPDATED_WITHOUT_PATCH.has(key.slice(5))) ||
      (next.type === "kubernetes_secret_v1" && key === "type"),
  );
  if (forceNew) return { action: "replace", after: configured, reason: `${forceNew} is ForceNew` };
  const patch = [
    ...patchMetadata(before, after),
    ...(next.type === "kubernetes_job_v1" ? patchJobV1Spec(before, after) : []),
  ];
  return { action: "update", after: next, patch };
}

/**
 * kubernetes_manifest (manifest/provider/plan.go PlanResourceChange): the identity paths replace;
 * any other change to the arguments is an in-place update, applied as one server-side apply.
 */
function manifestAction(prior: StackResource, next: StackResource, configured: StackResource): ResourceAction {
  if (same(prior.body, next.body)) return { action: "none" };
  const reason = manifestReplaceReason(prior, next);
  if (reason) return { action: "replace", after: configured, reason: `${reason} requires replacement` };
  return { action: "update", after: next, patch: [], before: prior };
}

/** JSON Pointer escaping of one path segment (RFC 6901). */
const pointerSegment = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** structures.go patchMetadata → diffStringMap: add / replace / remove per label and annotation. */
function patchMetadata(before: Record<string, Json>, after: Record<string, Json>): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const field of ["labels", "annotations"]) {
    const old = (before[`metadata.${field}`] ?? {}) as JsonObject;
    const now = (after[`metadata.${field}`] ?? {}) as JsonObject;
    if (same(old, now)) continue;
    for (const key of Object.keys(old)) {
      if (!(key in now)) ops.push({ op: "remove", path: `/metadata/${field}/${pointerSegment(key)}` });
    }
    for (const [key, value] of Object.entries(now)) {
      if (!(key in old)) ops.push({ op: "add", path: `/metadata/${field}/${pointerSegment(key)}`, value });
      else if (!same(old[key], value))
        ops.push({ op: "replace", path: `/metadata/${field}/${pointerSegment(key)}`, value });
    }
  }
  return ops;
}

/**
 * structure_job.go patchJobV1Spec: for each changed attribute, a "replace" of the new value as
 * d.Get reads it — the schema Default or 0 when the attribute is gone. So removing
 * active_deadline_seconds sends `replace /spec/activeDeadlineSeconds 0`.
 */
function patchJobV1Spec(before: Record<string, Json>, after: Record<string, Json>): PatchOperation[] {
  const fields: [string, string][] = [
    ["active_deadline_seconds", "activeDeadlineSeconds"],
    ["backoff_limit", "backoffLimit"],
    ["manual_selector", "manualSelector"],
    ["parallelism", "parallelism"],
  ];
  return fields
    .filter(([attribute]) => !same(before[`spec.${attribute}`], after[`spec.${attribute}`]))
    .map(([attribute, field]) => ({ op: "replace", path: `/spec/${field}`, value: after[`spec.${attribute}`] }));
}

// ---------------------------------------------------------------------------------------------
// Applying an action to what the cluster holds.

/** The object the cluster holds after the action (undefined once deleted). */
export function applyAction(storedBefore: JsonObject | undefined, action: ResourceAction): JsonObject | undefined {
  switch (action.action) {
    case "none":
      return storedBefore;
    case "delete":
      return undefined;
    case "create":
    case "replace":
      return kubernetesStored(expandResource(action.after));
    case "update": {
      if (!storedBefore) throw new ApplyError("update of an object the cluster does not hold");
      if (action.after.type === "kubernetes_job_v1") return applyJsonPatch(storedBefore, action.patch);
      if (action.after.type === "kubernetes_manifest") {
        if (!action.before) throw new Error("a kubernetes_manifest update needs the prior configuration");
        const stored = serverSideApply(storedBefore, manifestOf(action.before.body), manifestOf(action.after.body));
        assertConsistent(action.after.address, action.after.body, stored);
        return stored;
      }
      // The other resources' update functions send every changed argument (data, type-specific
      // fields, metadata): the result is what a create of the new arguments stores.
      return kubernetesStored(expandResource(action.after));
    }
  }
}

/**
 * A JSON patch as the API server applies it: with gopkg.in/evanphx/json-patch.v4
 * (k8s.io/apiserver handlers/patch.go), where "replace" of a key the object does not have adds it
 * (a known departure from RFC 6902 §4.3: evanphx/json-patch#204, fixed only in v5), and
 * "remove" of a missing key fails. The result is defaulted and validated like a created object.
 */
export function applyJsonPatch(object: JsonObject, patch: readonly PatchOperation[]): JsonObject {
  const result = JSON.parse(JSON.stringify(object)) as JsonObject;
  for (const op of patch) {
    const steps = op.path
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = steps.pop() as string;
    let parent: Json = result;
    for (const step of steps) {
      if (!isObject(parent)) throw new ApiRejection(`json patch ${op.op} ${op.path}: missing ${step}`);
      parent = parent[step];
    }
    if (!isObject(parent)) throw new ApiRejection(`json patch ${op.op} ${op.path}: doc is missing path`);
    if (op.op === "remove" && parent[last] === undefined) {
      throw new ApiRejection(`json patch ${op.op} operation does not apply: doc is missing path: ${op.path}`);
    }
    if (op.op === "remove") delete parent[last];
    else parent[last] = op.value ?? null;
  }
  return kubernetesStored(result);
}
