/**
 * A synthesized stack (`cdk.tf.json`, parsed) read the way Terraform reads it: each resource's
 * arguments with every string and map key evaluated (escapes undone, references to other
 * resources replaced by the referenced value), and its lifecycle block kept as written.
 */
import { evaluateTemplate, TemplateError } from "./templates";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StackResource {
  readonly type: string;
  readonly name: string;
  /** `type.name`, Terraform's address. */
  readonly address: string;
  /** The arguments, evaluated. Blocks stay as cdktf wrote them: an object or a list of objects. */
  readonly body: JsonObject;
  readonly lifecycle: {
    readonly ignoreChanges: readonly string[];
    readonly replaceTriggeredBy: readonly string[];
  };
}

const META_KEYS = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each"]);

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every resource of a stack, in Terraform address order, with its arguments evaluated. */
export function stackResources(stackJson: unknown): StackResource[] {
  if (!isObject(stackJson)) throw new TemplateError("a stack is a JSON object");
  const raw = isObject(stackJson.resource) ? stackJson.resource : {};
  const bodies = new Map<string, JsonObject>();
  const evaluating = new Set<string>();

  const rawBody = (type: string, name: string): JsonObject | undefined => {
    const ofType = raw[type];
    const body = isObject(ofType) ? ofType[name] : undefined;
    return isObject(body) ? body : undefined;
  };

  const evaluated = (type: string, name: string): JsonObject => {
    const address = `${type}.${name}`;
    const done = bodies.get(address);
    if (done) return done;
    const body = rawBody(type, name);
    if (!body) throw new TemplateError(`reference to ${address}, which the stack does not declare`);
    if (evaluating.has(address)) throw new TemplateError(`reference cycle through ${address}`);
    evaluating.add(address);
    const arguments_ = Object.fromEntries(Object.entries(body).filter(([key]) => !META_KEYS.has(key)));
    const result = evaluateValue(arguments_) as JsonObject;
    evaluating.delete(address);
    bodies.set(address, result);
    return result;
  };

  // A reference reads the referenced resource's arguments; a single block that cdktf wrote as
  // an object is the list's element [0] (Terraform JSON accepts both for a nested block).
  const resolve = (type: string, name: string, path: readonly (string | number)[]): unknown => {
    let value: unknown = evaluated(type, name);
    for (const step of path) {
      if (typeof step === "number") {
        if (Array.isArray(value)) value = value[step];
        else if (step !== 0 || !isObject(value)) value = undefined;
      } else {
        if (Array.isArray(value) && value.length === 1) value = value[0];
        value = isObject(value) ? value[step] : undefined;
      }
      if (value === undefined) {
        throw new TemplateError(
          `${type}.${name}.${path.join(".")} is not an argument of the stack (computed values are not modelled)`,
        );
      }
    }
    return value;
  };

  const evaluateValue = (value: Json): Json => {
    if (typeof value === "string") return evaluateTemplate(value, resolve) as Json;
    if (Array.isArray(value)) return value.map(evaluateValue);
    if (isObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [String(evaluateTemplate(key, resolve)), evaluateValue(item)]),
      );
    }
    return value;
  };

  const resources: StackResource[] = [];
  for (const type of Object.keys(raw).sort()) {
    const ofType = raw[type];
    if (!isObject(ofType)) continue;
    for (const name of Object.keys(ofType).sort()) {
      const body = rawBody(type, name) ?? {};
      const lifecycle = isObject(body.lifecycle) ? body.lifecycle : {};
      const strings = (value: Json | undefined) =>
        Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
      resources.push({
        type,
        name,
        address: `${type}.${name}`,
        body: evaluated(type, name),
        lifecycle: {
          ignoreChanges: strings(lifecycle.ignore_changes),
          replaceTriggeredBy: strings(lifecycle.replace_triggered_by),
        },
      });
    }
  }
  return resources;
}

/** The first (only) element of a nested block, which cdktf writes as an object or a one-element list. */
export function block(body: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = body?.[key];
  if (Array.isArray(value)) return isObject(value[0]) ? value[0] : undefined;
  return isObject(value) ? value : undefined;
}

/** Every element of a repeated nested block. */
export function blocks(body: JsonObject | undefined, key: string): JsonObject[] {
  const value = body?.[key];
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export { isObject };
