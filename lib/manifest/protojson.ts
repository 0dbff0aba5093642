/**
 * Reading a manifest as Planton's loader (protojson) does, before the schema sees it: a field may
 * be written with its JSON name (`createNamespace`) or its proto field name (`create_namespace`),
 * and is renamed to the JSON name, the one messages use. Keys of maps (env names, ConfigMap
 * names, labels) are user data and are left alone: the schema says which objects are messages.
 * Also warns where Planton's CLI would reject what this tool accepts (a quantity as a YAML number,
 * a quoted enum number).
 */
import type { z } from "zod";
import { error, warning, type Path, type Problem } from "../diagnostics";
import { ENUM_NUMBERS, QUANTITY_SCHEMAS } from "./schema";
import { showValue } from "../values";

type Schema = z.core.$ZodType;

/** A problem found while reading, with the path of the key as written (for its position). */
export interface ReadingProblem extends Problem {
  readonly writtenPath: Path;
}

export interface ProtojsonReading {
  /** The document with every field under its JSON name. */
  readonly value: unknown;
  readonly problems: readonly ReadingProblem[];
  /** The path as written in the document of a path that uses JSON names. */
  writtenPath(path: Path): Path;
}

/** protoc's JSON name is the proto name in lowerCamelCase; this is the way back. */
export function protoName(jsonName: string): string {
  return jsonName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  valueType?: Schema;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function readProtojson(document: unknown, schema: Schema): ProtojsonReading {
  /** JSON path (as JSON text) of each renamed field -> its key as written. */
  const renamed = new Map<string, string>();
  const problems: ReadingProblem[] = [];

  const walk = (value: unknown, schema: Schema, path: Path, written: Path): unknown => {
    noteRejectedByPlanton(value, schema, path, written, problems);
    const def = schema._zod.def as unknown as Def;
    switch (def.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "nonoptional":
      case "catch":
        return walk(value, def.innerType as Schema, path, written);
      case "pipe":
        return walk(value, def.in as Schema, path, written);
      case "array":
        return Array.isArray(value)
          ? value.map((item, index) => walk(item, def.element as Schema, [...path, index], [...written, index]))
          : value;
      case "record":
        if (!isMapping(value)) return value;
        return Object.fromEntries(
          Object.entries(value).map(([key, item]) => [
            key,
            walk(item, def.valueType as Schema, [...path, key], [...written, key]),
          ]),
        );
      case "object":
        return isMapping(value) ? walkMessage(value, def, path, written) : value;
      default:
        return value;
    }
  };

  const walkMessage = (value: Record<string, unknown>, def: Def, path: Path, written: Path) => {
    const shape = def.shape ?? {};
    const byProtoName = new Map(Object.keys(shape).map((name) => [protoName(name), name]));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const name = Object.hasOwn(shape, key) ? key : (byProtoName.get(key) ?? key);
      if (name !== key) {
        if (Object.hasOwn(value, name)) {
          problems.push({
            ...error(
              [...path, name],
              `is given twice, as ${showValue(name)} and ${showValue(key)} (the same field); keep one of them, as protojson does not accept both`,
            ),
            at: "key",
            writtenPath: [...written, key],
          });
          continue;
        }
        renamed.set(JSON.stringify([...path, name]), key);
      }
      const field = Object.hasOwn(shape, name) ? shape[name] : def.catchall;
      out[name] = field ? walk(item, field, [...path, name], [...written, key]) : item;
    }
    return out;
  };

  const value = walk(document, schema, [], []);
  return {
    value,
    problems,
    writtenPath: (path) =>
      renamed.size === 0
        ? path
        : path.map((segment, index) => renamed.get(JSON.stringify(path.slice(0, index + 1))) ?? segment),
  };
}

/** What this tool accepts and Planton's CLI rejects: said as a warning, at the value. */
function noteRejectedByPlanton(
  value: unknown,
  schema: Schema,
  path: Path,
  written: Path,
  problems: ReadingProblem[],
): void {
  if (QUANTITY_SCHEMAS.has(schema) && typeof value === "number") {
    problems.push({
      ...warning(
        "quantity-number",
        path,
        `is the YAML number ${String(value)}; Planton's CLI reads quantities only as strings and would reject this file: quote it (${showValue(String(value))})`,
      ),
      writtenPath: written,
    });
  }
  const nameOf = ENUM_NUMBERS.get(schema);
  if (nameOf && typeof value === "string" && /^\d+$/.test(value)) {
    const name = nameOf(Number(value));
    if (name === undefined) return;
    problems.push({
      ...warning(
        "quoted-enum-number",
        path,
        `is the string ${showValue(value)}; Planton's CLI reads an enum number only when it is not quoted and would reject this file: write ${value} or ${name}`,
      ),
      writtenPath: written,
    });
  }
}
