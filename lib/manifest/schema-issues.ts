/**
 * Turns zod's issues into problems a person can act on: the field, the value received and what
 * is allowed, with a suggestion for misspelt field names. Secret values are never shown.
 */
import type { z } from "zod";
import { error, type Path, type Problem } from "../diagnostics";
import { closest } from "../suggest";
import { describeValue, showValue } from "../values";

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/**
 * Paths whose values may be secrets: spec.env.secrets itself and anything inside its entries (a
 * direct value, a shorthand `NAME: hunter2`, a malformed shape), except the Secret name, key and
 * namespace of a secretRef.
 */
export function isSecretPath(path: Path): boolean {
  if (!(path.length >= 3 && path[0] === "spec" && path[1] === "env" && path[2] === "secrets")) return false;
  return !(path[4] === "secretRef" && path.length === 6 && ["name", "key", "namespace"].includes(String(path[5])));
}

/**
 * An unknown key in an env secret entry or its secretRef (`NAME: {hunter2}`) may itself be the
 * secret, unless it is close to a known field (`nmae`): then it is a typo, shown with the fix.
 */
function isSecretKey(path: Path, key: string, known: readonly string[], isSecret: SecretPaths): boolean {
  return path.length >= 4 && isSecret([...path, key]) && closest(key, known) === undefined;
}

function describe(path: Path, input: unknown, isSecret: SecretPaths): string {
  if (isSecret(path)) return "a secret value (not shown)";
  return describeValue(input);
}

/** Which paths of a dialect may hold secrets (the first dialect's by default). */
type SecretPaths = (path: Path) => boolean;

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

export function issuesToProblems(
  issues: readonly Issue[],
  schema: Schema,
  isSecret: SecretPaths = isSecretPath,
): Problem[] {
  return issues.flatMap((issue) => toProblems(issue, schema, isSecret));
}

/** zod's own wording; a schema that words its own message (see lib/manifest/schema.ts) is shown as is. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized)/;

function toProblems(issue: Issue, schema: Schema, isSecret: SecretPaths): Problem[] {
  const path = issue.path as Path;
  const input = (issue as { input?: unknown }).input;
  if (issue.code !== "custom" && !ZOD_DEFAULT_MESSAGE.test(issue.message)) return [error(path, issue.message)];
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownFields(schema, path);
      return issue.keys.map((key) => {
        const message = isSecretKey(path, key, known, isSecret)
          ? `has an unknown field (not shown: it may be a secret); allowed fields: ${known.join(", ")}`
          : unknownField(key, known);
        return { ...error([...path, key], message), at: "key" as const };
      });
    }
    case "invalid_type": {
      if (input === undefined) return [error(path, "is required")];
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      // YAML read the text as a number or a boolean (1.10 as 1.1, yes as true): quoting keeps it as written.
      const scalar = typeof input === "number" || typeof input === "boolean";
      const hint = issue.expected === "string" && scalar ? "; quote it in YAML to keep it as written" : "";
      const received =
        issue.expected === "int" && typeof input === "number" ? `${input}` : describe(path, input, isSecret);
      return [error(path, `must be ${expected}, got ${received}${hint}`)];
    }
    case "invalid_value": {
      const allowed = issue.values.map((value) => (value === "" ? '"" (empty)' : String(value))).join(", ");
      if (input === undefined) return [error(path, `is required; allowed: ${allowed}`)];
      if (issue.values.length === 1)
        return [error(path, `must be ${showValue(issue.values[0])}, got ${describe(path, input, isSecret)}`)];
      return [error(path, `${showValue(input)} is not allowed; allowed: ${allowed}`)];
    }
    case "too_small":
      return [error(path, `${describe(path, input, isSecret)} is too small; the minimum is ${String(issue.minimum)}`)];
    case "too_big":
      return [error(path, `${describe(path, input, isSecret)} is too large; the maximum is ${String(issue.maximum)}`)];
    case "invalid_key": {
      const inner = issue.issues[0];
      const message = inner?.code === "custom" ? inner.message : `${showValue(path.at(-1))} is not an allowed name`;
      // The name is the key: point at it, not at its value.
      return [{ ...error(path, message), at: "key" as const }];
    }
    case "invalid_union":
      return [error(path, `has an unexpected type: got ${describe(path, input, isSecret)}`)];
    default:
      return [error(path, issue.message)];
  }
}

function unknownField(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion) return `unknown field ${showValue(key)}; did you mean ${showValue(suggestion)}?`;
  return known.length > 0
    ? `unknown field ${showValue(key)}; allowed fields: ${known.join(", ")}`
    : `unknown field ${showValue(key)}`;
}

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  element?: Schema;
  valueType?: Schema;
}

/** The field names an object schema allows at a path of the input. */
export function knownFields(schema: Schema, path: Path): string[] {
  const object = objectAt(schema, path);
  return object ? Object.keys(object) : [];
}

function objectAt(schema: Schema, path: Path): Record<string, Schema> | undefined {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case "object":
      if (path.length === 0) return def.shape;
      return def.shape && path[0] in def.shape ? objectAt(def.shape[path[0]], path.slice(1)) : undefined;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
      return objectAt(def.innerType as Schema, path);
    case "pipe":
      return objectAt(def.in as Schema, path) ?? objectAt(def.out as Schema, path);
    case "array":
    case "record":
      return path.length === 0 ? undefined : objectAt((def.element ?? def.valueType) as Schema, path.slice(1));
    default:
      return undefined;
  }
}
