/** The JSON Schema of a manifest as written (defaults make fields optional), for editors and CI. */
import { z } from "zod";
import { JSON_SCHEMAS, manifestSchema } from "./schema";
import { protoName } from "./protojson";

export const SCHEMA_ID =
  "https://github.com/kubernetes-job-cdktf/kubernetes-job-cdktf/schema/kubernetes-job.schema.json";

type JsonSchema = Record<string, unknown>;

export function manifestJsonSchema(): JsonSchema {
  return jsonSchemaOf(manifestSchema, SCHEMA_ID, "KubernetesJob manifest (Project Planton)");
}

/** The JSON Schema of a dialect's manifest schema, as written, with each field's proto name too. */
export function jsonSchemaOf(schema: z.ZodType, id: string, title: string): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    // Fields checked by a transform (integers, enums that take numbers) say what they take.
    override: ({ zodSchema, jsonSchema }) => {
      const replacement = JSON_SCHEMAS.get(zodSchema);
      if (replacement === undefined) return;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
      Object.assign(jsonSchema, structuredClone(replacement));
    },
  }) as JsonSchema;
  addProtoNames(generated, "#");
  return { ...generated, $id: id, title };
}

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Planton's loader (protojson) accepts each field under its proto name too (`create_namespace`):
 * list it beside the JSON name, as a reference to the same schema, and allow only one of the two.
 */
function addProtoNames(schema: JsonSchema, pointer: string): void {
  const properties = schema.properties;
  if (isObject(properties)) {
    const rules: JsonSchema[] = [];
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const name of Object.keys(properties)) {
      addProtoNames(properties[name] as JsonSchema, `${pointer}/properties/${name}`);
      const alias = protoName(name);
      if (alias === name) continue;
      properties[alias] = { $ref: `${pointer}/properties/${name}` };
      rules.push({ not: { required: [name, alias] } });
      if (required.includes(name)) rules.push({ anyOf: [{ required: [name] }, { required: [alias] }] });
    }
    const stillRequired = required.filter((name) => protoName(name) === name);
    if (Array.isArray(schema.required)) {
      if (stillRequired.length > 0) schema.required = stillRequired;
      else delete schema.required;
    }
    if (rules.length > 0) schema.allOf = [...((schema.allOf as JsonSchema[] | undefined) ?? []), ...rules];
  }
  for (const key of ["items", "additionalProperties"]) {
    if (isObject(schema[key])) addProtoNames(schema[key], `${pointer}/${key}`);
  }
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((item, index) => isObject(item) && addProtoNames(item, `${pointer}/${key}/${index}`));
  }
}
