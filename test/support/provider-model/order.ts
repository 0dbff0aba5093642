/**
 * Whether Terraform creates a stack's objects in an order the API server accepts: it creates
 * resources in parallel unless one depends on another (depends_on, or a reference in its
 * arguments). A namespaced object created before its namespace is refused (NamespaceLifecycle
 * admission: namespaces "x" not found); a Job's pods need its service account (ServiceAccount
 * admission refuses the pods), its ConfigMaps and Secrets (the pods cannot start) — so the Job
 * must come after every other object of the stack, as lib/model applyOrder says.
 */
import { isObject, type Json, type JsonObject } from "./stack";

export interface OrderProblem {
  readonly address: string;
  readonly message: string;
}

const REFERENCE = /\$\{([a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/g;

/** The addresses a resource body refers to or depends on. */
function directDependencies(body: JsonObject): string[] {
  const found = new Set<string>();
  const visit = (value: Json) => {
    if (typeof value === "string") for (const match of value.matchAll(REFERENCE)) found.add(match[1]);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  const { depends_on: dependsOn, lifecycle, ...rest } = body;
  void lifecycle; // replace_triggered_by orders nothing
  visit(rest);
  for (const entry of Array.isArray(dependsOn) ? dependsOn : []) {
    if (typeof entry === "string") found.add(entry.replace(/^\$\{(.*)\}$/, "$1"));
  }
  return [...found];
}

/** Objects of a stack's kubernetes_manifest resources, by address. */
function manifests(resources: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const ofType = resources.kubernetes_manifest;
  if (!isObject(ofType)) return out;
  for (const [name, body] of Object.entries(ofType)) {
    if (isObject(body) && isObject(body.manifest)) out.set(`kubernetes_manifest.${name}`, body.manifest);
  }
  return out;
}

export function creationOrderProblems(stackJson: unknown): OrderProblem[] {
  const resources = isObject(stackJson) && isObject(stackJson.resource) ? stackJson.resource : {};
  const bodies = new Map<string, JsonObject>();
  for (const [type, ofType] of Object.entries(resources)) {
    if (!isObject(ofType)) continue;
    for (const [name, body] of Object.entries(ofType)) if (isObject(body)) bodies.set(`${type}.${name}`, body);
  }
  const after = (address: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [address];
    while (stack.length > 0) {
      const body = bodies.get(stack.pop() as string);
      for (const dependency of body ? directDependencies(body) : []) {
        if (!seen.has(dependency)) {
          seen.add(dependency);
          stack.push(dependency);
        }
      }
    }
    return seen;
  };
  const objects = manifests(resources);
  const metadata = (object: JsonObject) => (isObject(object.metadata) ? object.metadata : {});
  const problems: OrderProblem[] = [];
  for (const [address, object] of objects) {
    const dependencies = after(address);
    for (const [other, otherObject] of objects) {
      if (other === address || dependencies.has(other)) continue;
      const namespaceOfIt =
        otherObject.kind === "Namespace" && metadata(otherObject).name === metadata(object).namespace;
      if (namespaceOfIt) {
        problems.push({
          address,
          message: `is created without waiting for its namespace (${other}): namespaces "${String(metadata(otherObject).name)}" not found`,
        });
      } else if (object.kind === "Job" && otherObject.kind !== "Namespace") {
        problems.push({
          address,
          message: `may be created before ${other} (${String(otherObject.kind)} ${String(metadata(otherObject).name)}), which its pods need`,
        });
      }
    }
  }
  return problems;
}
