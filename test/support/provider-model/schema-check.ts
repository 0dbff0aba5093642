/**
 * "Does the provider accept these arguments?": every attribute and block of a synthesized
 * stack's resources and provider block checked against the schema of the installed bindings.
 * node_modules/@cdktf/provider-kubernetes/.jsii describes each resource's config struct and
 * every nested block struct; each property's docs link to the registry page with the Terraform
 * name as the anchor (`.../job_v1#backoff_limit`), which is the snake_case name the provider
 * knows. A name the provider does not know (a typo in an override), a block written as a value
 * or a value of the wrong type is reported with its path in the stack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../paths";
import { isObject, type Json } from "./stack";

type JsiiType = {
  fqn?: string;
  primitive?: string;
  collection?: { kind: string; elementtype: JsiiType };
  union?: { types: JsiiType[] };
};
interface JsiiProperty {
  name: string;
  type: JsiiType;
  optional?: boolean;
  docs?: { remarks?: string; summary?: string };
}
interface JsiiStruct {
  fqn: string;
  kind: string;
  interfaces?: string[];
  properties?: JsiiProperty[];
}

/** What an attribute or block of the schema takes. */
export type SchemaKind =
  | { readonly kind: "string" | "number" | "boolean" | "any" }
  | { readonly kind: "list" | "map"; readonly element: SchemaKind }
  | { readonly kind: "block"; readonly struct: string; readonly repeated: boolean };

export interface ProviderSchema {
  /** Terraform resource type → its config struct's fqn. */
  readonly resources: ReadonlyMap<string, string>;
  /** The provider block's config struct. */
  readonly provider: string;
  /** Struct fqn → Terraform attribute name → kind. */
  readonly structs: ReadonlyMap<string, ReadonlyMap<string, SchemaKind>>;
}

export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

const JSII = join(ROOT, "node_modules", "@cdktf", "provider-kubernetes", ".jsii");
let cached: ProviderSchema | undefined;

/** The installed bindings' schema (read once per test file: the .jsii is about 50 MB). */
export function providerSchema(): ProviderSchema {
  if (cached) return cached;
  const jsii = JSON.parse(readFileSync(JSII, "utf8")) as { types: Record<string, JsiiStruct> };
  const structs = new Map<string, Map<string, SchemaKind>>();
  const resources = new Map<string, string>();
  let provider = "";
  for (const type of Object.values(jsii.types)) {
    if (type.kind !== "interface" || !type.properties) continue;
    const attributes = new Map<string, SchemaKind>();
    let resourcePage: string | undefined;
    for (const property of type.properties) {
      const link =
        /registry\.terraform\.io\/providers\/hashicorp\/kubernetes\/[\d.]+\/docs(?:\/resources\/(\w+))?#(\w+)/.exec(
          property.docs?.remarks ?? property.docs?.summary ?? "",
        );
      const name = link?.[2] ?? snakeCase(property.name);
      if (link?.[1]) resourcePage = link[1];
      else if (link) resourcePage ??= "";
      attributes.set(name, kindOf(property.type));
    }
    structs.set(type.fqn, attributes);
    if (type.interfaces?.includes("cdktf.TerraformMetaArguments") && type.fqn.endsWith("Config")) {
      if (resourcePage) resources.set(`kubernetes_${resourcePage}`, type.fqn);
    }
    if (type.fqn === "@cdktf/provider-kubernetes.provider.KubernetesProviderConfig") provider = type.fqn;
  }
  cached = { resources, provider, structs };
  return cached;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function kindOf(type: JsiiType): SchemaKind {
  if (type.union) {
    // cdktf adds IResolvable to every non-string type: the other member is the real one.
    const real = type.union.types.filter((t) => t.fqn !== "cdktf.IResolvable");
    return real.length === 1 ? kindOf(real[0]) : { kind: "any" };
  }
  if (type.primitive === "string" || type.primitive === "number" || type.primitive === "boolean")
    return { kind: type.primitive };
  if (type.collection) {
    const element = type.collection.elementtype;
    if (element.fqn && element.fqn !== "cdktf.IResolvable")
      return { kind: "block", struct: element.fqn, repeated: true };
    return { kind: type.collection.kind === "map" ? "map" : "list", element: kindOf(element) };
  }
  if (type.fqn && type.fqn.startsWith("@cdktf/provider-kubernetes."))
    return { kind: "block", struct: type.fqn, repeated: false };
  return { kind: "any" };
}

/** Terraform's meta-arguments, allowed on every resource whatever its schema. */
const RESOURCE_META = new Set([
  "//",
  "lifecycle",
  "depends_on",
  "provider",
  "count",
  "for_each",
  "connection",
  "provisioner",
]);

/** Every attribute of the stack's kubernetes resources and provider blocks the schema does not accept. */
export function checkStackAttributes(stackJson: unknown, schema: ProviderSchema = providerSchema()): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!isObject(stackJson)) return [{ path: "", message: "a stack is a JSON object" }];
  const resource = isObject(stackJson.resource) ? stackJson.resource : {};
  for (const [type, ofType] of Object.entries(resource)) {
    if (!type.startsWith("kubernetes_") || !isObject(ofType)) continue;
    const struct = schema.resources.get(type);
    for (const [name, body] of Object.entries(ofType)) {
      const path = `resource.${type}.${name}`;
      if (!struct) problems.push({ path, message: `${type} is not a resource of the provider` });
      else checkStruct(body, struct, path, schema, problems, RESOURCE_META);
    }
  }
  const providers = isObject(stackJson.provider) ? stackJson.provider.kubernetes : undefined;
  for (const [i, body] of (Array.isArray(providers) ? providers : providers ? [providers] : []).entries()) {
    checkStruct(body, schema.provider, `provider.kubernetes[${i}]`, schema, problems, new Set(["//"]));
  }
  return problems;
}

function checkStruct(
  body: Json,
  fqn: string,
  path: string,
  schema: ProviderSchema,
  problems: SchemaProblem[],
  allowed: ReadonlySet<string> = new Set(),
): void {
  if (!isObject(body)) {
    problems.push({ path, message: `a block, given ${JSON.stringify(body)}` });
    return;
  }
  const attributes = schema.structs.get(fqn);
  if (!attributes) return;
  for (const [key, value] of Object.entries(body)) {
    if (allowed.has(key)) continue;
    const kind = attributes.get(key);
    const at = `${path}.${key}`;
    if (!kind) {
      const known = [...attributes.keys()].sort().join(", ");
      problems.push({ path: at, message: `"${key}" is not an argument of this block; it takes: ${known}` });
      continue;
    }
    checkValue(value, kind, at, schema, problems);
  }
}

const isReference = (value: Json) => typeof value === "string" && value.includes("${");

function checkValue(
  value: Json,
  kind: SchemaKind,
  path: string,
  schema: ProviderSchema,
  problems: SchemaProblem[],
): void {
  if (value === null || isReference(value)) return;
  switch (kind.kind) {
    case "any":
      return;
    case "string":
      if (typeof value !== "string") problems.push({ path, message: `a string, given ${JSON.stringify(value)}` });
      return;
    case "number":
      if (typeof value !== "number") problems.push({ path, message: `a number, given ${JSON.stringify(value)}` });
      return;
    case "boolean":
      if (typeof value !== "boolean") problems.push({ path, message: `a boolean, given ${JSON.stringify(value)}` });
      return;
    case "list":
      if (!Array.isArray(value)) problems.push({ path, message: `a list, given ${JSON.stringify(value)}` });
      else value.forEach((item, i) => checkValue(item, kind.element, `${path}[${i}]`, schema, problems));
      return;
    case "map":
      if (!isObject(value)) problems.push({ path, message: `a map, given ${JSON.stringify(value)}` });
      else
        for (const [k, item] of Object.entries(value))
          checkValue(item, kind.element, `${path}["${k}"]`, schema, problems);
      return;
    case "block":
      if (Array.isArray(value)) {
        if (!kind.repeated && value.length > 1)
          problems.push({ path, message: `takes one block, given ${value.length}` });
        value.forEach((item, i) => checkStruct(item, kind.struct, `${path}[${i}]`, schema, problems));
      } else checkStruct(value, kind.struct, path, schema, problems);
      return;
  }
}
