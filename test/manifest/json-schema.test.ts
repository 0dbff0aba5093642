/**
 * The JSON Schema (lib/manifest/json-schema.ts) says what Planton's loader accepts: each field under its
 * JSON name or its proto name (not both), enum fields as names or numbers.
 */
import { specFieldTable } from "../../lib/manifest/field-docs";
import { manifestJsonSchema } from "../../lib/manifest/json-schema";

type Node = Record<string, unknown>;
const schema = manifestJsonSchema();

/** The node at a JSON pointer (`#/properties/spec`) of the schema. */
function resolve(pointer: string): unknown {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "")
    .reduce<unknown>((node, part) => (node as Node | undefined)?.[part], schema);
}

const at = (pointer: string) => resolve(pointer) as Node;
const properties = (pointer: string) => at(pointer).properties as Record<string, Node>;

/** Every `$ref` in a schema, with where it is. */
function refs(node: unknown, where = "#"): [string, string][] {
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" ? [[where, String(value)] as [string, string]] : refs(value, `${where}/${key}`),
  );
}

describe("proto field names in the JSON Schema", () => {
  test("each field is listed under its JSON name and its proto name, a reference to the same schema", () => {
    expect(properties("#/properties/spec").create_namespace).toEqual({
      $ref: "#/properties/spec/properties/createNamespace",
    });
    expect(properties("#/properties/spec/properties/volumeMounts/items").mount_path).toEqual({
      $ref: "#/properties/spec/properties/volumeMounts/items/properties/mountPath",
    });
    expect(properties("#").api_version).toEqual({ $ref: "#/properties/apiVersion" });
  });

  test("every reference resolves to a schema of the document", () => {
    const found = refs(schema);
    expect(found.length).toBeGreaterThan(20);
    for (const [where, target] of found)
      expect({ where, target, resolved: typeof resolve(target) }).toEqual({
        where,
        target,
        resolved: "object",
      });
  });

  test("the two spellings of one field may not both be given", () => {
    expect(at("#/properties/spec").allOf).toContainEqual({
      not: { required: ["createNamespace", "create_namespace"] },
    });
  });

  test("a required field is required in either spelling", () => {
    const volumeMount = at("#/properties/spec/properties/volumeMounts/items");
    expect(volumeMount.required).toEqual(["name"]);
    expect(volumeMount.allOf).toContainEqual({ anyOf: [{ required: ["mountPath"] }, { required: ["mount_path"] }] });
    expect(schema.required).toEqual(["kind", "metadata", "spec"]);
    expect(schema.allOf).toContainEqual({ anyOf: [{ required: ["apiVersion"] }, { required: ["api_version"] }] });
  });

  test("keys of maps (env names, ConfigMap names, labels) are names, not fields: no aliases", () => {
    const variable = at("#/properties/spec/properties/env/properties/variables/additionalProperties");
    expect(Object.keys(variable.properties as Node)).toEqual(["value", "valueFrom", "value_from"]);
    expect(at("#/properties/metadata/properties/labels").properties).toBeUndefined();
    expect(at("#/properties/spec/properties/configMaps").properties).toBeUndefined();
  });

  test("the README's field table names each field once, by its JSON name", () => {
    expect(specFieldTable()).toContain("| `createNamespace` |");
    expect(specFieldTable()).not.toContain("create_namespace");
  });
});

describe("enum fields in the JSON Schema", () => {
  test("clusterKind takes the names and the CloudResourceKind numbers Planton allows", () => {
    expect(properties("#/properties/spec/properties/targetCluster").clusterKind).toEqual({
      anyOf: [
        {
          type: "string",
          enum: [
            "AwsEksCluster",
            "GcpGkeCluster",
            "AzureAksCluster",
            "DigitalOceanKubernetesCluster",
            "CivoKubernetesCluster",
          ],
        },
        { type: "integer", enum: [207, 607, 400, 1208, 1507] },
      ],
    });
  });

  test("a relationship needs kind, name and a type other than unspecified", () => {
    const relationship = at("#/properties/metadata/properties/relationships/items");
    expect(relationship.required).toEqual(["kind", "name", "type"]);
    expect((relationship.properties as Record<string, Node>).type).toEqual({
      anyOf: [
        { type: "string", enum: ["depends_on", "runs_on", "managed_by", "uses"] },
        { type: "integer", enum: [1, 2, 3, 4] },
      ],
    });
  });
});
