/**
 * The README's table of spec fields, generated from the schema (types and descriptions from the
 * JSON Schema, defaults by parsing a minimal spec), so that the documentation cannot drift.
 */
import { manifestJsonSchema } from "./json-schema";
import { specSchema } from "./schema";

interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  description?: string;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
}

/** The smallest valid spec: every other field takes its default. */
const MINIMAL_SPEC = { namespace: { value: "example" }, image: { repo: "example" } };

function typeName(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(" \\| ");
  // The range Kubernetes holds, which is narrower than the proto's uint32 and uint64.
  if (schema.type === "integer") return `integer, 0 to ${String(schema.maximum)}`;
  if (schema.type === "array") return `${schema.items ? typeName(schema.items) : "any"}[]`;
  if (schema.type === "object" && schema.additionalProperties && !schema.properties) {
    return `map of ${typeName(schema.additionalProperties)}`;
  }
  return schema.type ?? "any";
}

function defaultText(value: unknown): string {
  if (value === undefined) return "-";
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${defaultText(inner)}`)
      .join("; ");
  }
  return String(value);
}

export function specFieldTable(): string {
  const schema = manifestJsonSchema() as { properties: { spec: JsonSchema } };
  const fields = schema.properties.spec.properties ?? {};
  const defaults = specSchema.parse(MINIMAL_SPEC) as Record<string, unknown>;
  // The table names each field once, by its JSON name; its proto name is an alias ($ref) of it.
  const rows = Object.entries(fields)
    .filter(([, field]) => field.$ref === undefined)
    .map(([name, field]) => {
      const value = name in MINIMAL_SPEC ? undefined : defaults[name];
      const description = (field.description ?? "").replace(/\|/g, "\\|");
      return `| \`${name}\` | ${typeName(field)} | ${defaultText(value)} | ${description} |`;
    });
  return ["| field | type | default | description |", "|---|---|---|---|", ...rows].join("\n");
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function replaceGenerated(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers ${start} ... ${end} not found`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
