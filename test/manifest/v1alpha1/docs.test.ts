/**
 * The v1alpha1 JSON Schema file and README field table (lib/manifest/v1alpha1/docs.ts): one schema
 * file per apiVersion, generated from the zod schema; the first dialect's file stays as it was
 * (test/manifest/field-docs.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { replaceGenerated } from "../../../lib/manifest/field-docs";
import {
  PLANTON_SCHEMA_FILE,
  plantonManifestJsonSchema,
  plantonSpecFieldTable,
} from "../../../lib/manifest/v1alpha1/docs";
import { ROOT } from "../../support/paths";

type Node = Record<string, unknown>;
const schema = plantonManifestJsonSchema();
const spec = (schema.properties as Record<string, Node>).spec;
const specFields = spec.properties as Record<string, Node>;

describe("generated v1alpha1 documentation", () => {
  test("the committed v1alpha1 JSON Schema is the one the schema generates (run npm run docs when this fails)", () => {
    const committed = readFileSync(join(ROOT, PLANTON_SCHEMA_FILE), "utf8");
    expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  test("the README's v1alpha1 field table is the one the schema generates (run npm run docs when this fails)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(replaceGenerated(readme, "fields-v1alpha1", plantonSpecFieldTable())).toBe(readme);
  });

  test("the table shows spec.proto's defaults and the integer bounds", () => {
    const table = plantonSpecFieldTable();
    expect(table).toContain("| `parallelism` | integer, 0 to 2147483647 | 1 |");
    expect(table).toContain("| `backoffLimit` | integer, 0 to 2147483647 | 6 |");
    expect(table).toContain("| `completionMode` | `NonIndexed` \\| `Indexed` | NonIndexed |");
    expect(table).toContain("| `restartPolicy` | `Never` \\| `OnFailure` | Never |");
    expect(table).toContain("| `activeDeadlineSeconds` | integer, 1 to 9223372036 | - |");
    expect(table).toContain("| `backoffLimitPerIndex` | integer, 0 to 2147483647 | - |");
    expect(table).not.toContain("targetCluster");
    expect(table).not.toContain("configMaps");
  });

  test("the schema names its apiVersion, requires namespace and container, and takes proto names too", () => {
    expect(schema.$id).toBe(`https://github.com/kubernetes-job-cdktf/kubernetes-job-cdktf/${PLANTON_SCHEMA_FILE}`);
    expect((schema.properties as Record<string, Node>).apiVersion).toEqual({
      type: "string",
      const: "kubernetes.planton.dev/v1alpha1",
    });
    expect(spec.required).toEqual(["namespace", "container"]);
    expect(specFields.backoff_limit_per_index).toEqual({ $ref: "#/properties/spec/properties/backoffLimitPerIndex" });
    expect(spec.allOf).toContainEqual({ not: { required: ["backoffLimitPerIndex", "backoff_limit_per_index"] } });
  });

  test("integers are a number or its digits as a string; string choices list what is allowed", () => {
    expect(specFields.activeDeadlineSeconds).toMatchObject({
      anyOf: [
        { type: "integer", minimum: 1, maximum: 9223372036 },
        { type: "string", pattern: "^-?[0-9]+$" },
      ],
    });
    expect(specFields.restartPolicy).toMatchObject({ type: "string", enum: ["Never", "OnFailure", ""] });
  });
});
