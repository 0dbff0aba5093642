/**
 * The workload module as a whole: built lazily (a first-dialect run never builds it), its JSON
 * Schema, and Planton's own hack manifest's containers and pod when ../shared is present.
 * Per-rule cases are in container.test.ts and pod.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { readContainer, readPod } from "./workload-support";

describe("built lazily", () => {
  test("importing the module builds no schema; the first call builds it once", () => {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { JSON_SCHEMAS } = require("../../../lib/manifest/schema") as typeof import("../../../lib/manifest/schema");
      const before = JSON_SCHEMAS.size;
      const workload =
        require("../../../lib/manifest/v1alpha1/workload") as typeof import("../../../lib/manifest/v1alpha1/workload");
      /* eslint-enable @typescript-eslint/no-require-imports */
      expect(JSON_SCHEMAS.size).toBe(before);
      const pod = workload.podSchema();
      expect(JSON_SCHEMAS.size).toBeGreaterThan(before);
      expect(workload.podSchema()).toBe(pod);
      expect(workload.containerSchema()).toBe(workload.containerSchema());
    });
  });
});

describe("JSON Schema", () => {
  test("the container's JSON Schema (as written) lists enums with the empty (unset) value and integers as numbers or strings", () => {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { JSON_SCHEMAS } = require("../../../lib/manifest/schema") as typeof import("../../../lib/manifest/schema");
      const { containerSchema } =
        require("../../../lib/manifest/v1alpha1/workload") as typeof import("../../../lib/manifest/v1alpha1/workload");
      /* eslint-enable @typescript-eslint/no-require-imports */
      const schema = z.toJSONSchema(containerSchema(), {
        io: "input",
        unrepresentable: "any",
        override: ({ zodSchema, jsonSchema }) => {
          const replacement = JSON_SCHEMAS.get(zodSchema);
          if (replacement === undefined) return;
          for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
          Object.assign(jsonSchema, structuredClone(replacement));
        },
      }) as { properties: Record<string, unknown>; required?: string[]; additionalProperties?: boolean };
      expect(schema.required).toEqual(["image"]);
      expect(schema.additionalProperties).toBe(false);
      expect(schema.properties.imagePullPolicy).toEqual({
        type: "string",
        enum: ["", "Always", "IfNotPresent", "Never"],
      });
      expect(schema.properties.ports).toMatchObject({
        type: "array",
        items: {
          properties: {
            containerPort: {
              anyOf: [
                { type: "integer", minimum: 1, maximum: 65535 },
                { type: "string", pattern: "^-?[0-9]+$" },
              ],
            },
          },
        },
      });
    });
  });
});

const HACK_MANIFEST = join(
  __dirname,
  "..",
  "..",
  "..",
  "..",
  "shared",
  "planton-examples",
  "v1alpha1",
  "hack-manifest.yaml",
);

describe("Planton's hack manifest (../shared)", () => {
  const present = existsSync(HACK_MANIFEST);
  if (!present) {
    // The shared examples are beside the repository on the development machine only.
    console.log(`skipped: ${HACK_MANIFEST} is absent (a clone has no ../shared)`);
  }
  (present ? test : test.skip)("its app container, sidecar and pod are valid, as written (snake_case)", () => {
    const { spec } = parse(readFileSync(HACK_MANIFEST, "utf8")) as {
      spec: { container: { app: unknown; sidecars: unknown[] }; pod: unknown };
    };
    const app = readContainer(spec.container.app);
    const sidecar = readContainer(spec.container.sidecars[0]);
    const pod = readPod(spec.pod);
    expect([app.errors, sidecar.errors, pod.errors]).toEqual([[], [], []]);
    expect(pod.data).toMatchObject({
      serviceAccount: { value: "hack-service-account" },
      initContainers: [{ name: "init-marker" }],
      dnsPolicy: "ClusterFirst",
    });
    expect(app.data).toMatchObject({
      env: { variables: [{ name: "BATCH_SIZE" }, { name: "POD_NAME" }, { name: "CPU_LIMIT" }] },
    });
  });
});
