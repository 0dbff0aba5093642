/** The container's env in the object model: Planton's order, and where each secret is read from. */
import type { KubernetesJobSpec } from "../../lib/manifest/schema";
import { directSecretValues, jobObjects, sortedEntries } from "../../lib/model";
import { manifest } from "../support/manifest";

/** The Job container's env of a manifest's spec. */
function envOf(spec: KubernetesJobSpec) {
  const { metadata } = manifest();
  return jobObjects({ metadata, spec }).job.spec.template.spec!.containers[0].env ?? [];
}

const BUILT_IN = [
  { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
  { name: "K8S_POD_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
];

describe("the container's env", () => {
  test("starts with HOSTNAME from status.podIP and K8S_POD_ID from metadata.name", () => {
    const { spec } = manifest();
    expect(envOf(spec)).toEqual(BUILT_IN);
  });

  test("adds variables sorted by name, whatever their order in the manifest", () => {
    // GIVEN variables listed out of order
    const { spec } = manifest({
      env: { variables: { ZONE: { value: "z" }, BATCH_SIZE: { value: "500" }, _private: { value: "p" } } },
    });

    // WHEN the env is rendered
    const env = envOf(spec);

    // THEN they follow the built-ins in code-point order
    expect(env.map((variable) => variable.name)).toEqual(["HOSTNAME", "K8S_POD_ID", "BATCH_SIZE", "ZONE", "_private"]);
    expect(env.slice(2)).toEqual([
      { name: "BATCH_SIZE", value: "500" },
      { name: "ZONE", value: "z" },
      { name: "_private", value: "p" },
    ]);
  });

  test("adds secrets after the variables, sorted by name", () => {
    const { spec } = manifest({
      env: {
        secrets: { TOKEN: { secretRef: { name: "api", key: "token" } }, A_KEY: { value: "k" } },
        variables: { ZZZ: { value: "last variable" } },
      },
    });
    expect(envOf(spec).map((variable) => variable.name)).toEqual(["HOSTNAME", "K8S_POD_ID", "ZZZ", "A_KEY", "TOKEN"]);
  });

  test("reads a secretRef secret through secretKeyRef with its name and key only", () => {
    const { spec } = manifest({
      env: { secrets: { DB_PASSWORD: { secretRef: { name: "db", key: "password", namespace: "reports" } } } },
    });
    expect(envOf(spec)[2]).toEqual({
      name: "DB_PASSWORD",
      valueFrom: { secretKeyRef: { name: "db", key: "password" } },
    });
  });

  test("reads a direct secret value from the env secrets Secret, under the variable's name", () => {
    const { spec } = manifest({ env: { secrets: { API_KEY: { value: "s3cr3t" } } } });
    expect(envOf(spec)[2]).toEqual({
      name: "API_KEY",
      valueFrom: { secretKeyRef: { name: "nightly-report-env-secrets", key: "API_KEY" } },
    });
  });

  test("refuses a variable whose valueFrom reference is not resolved", () => {
    const { spec } = manifest({ env: { variables: { DB_HOST: { valueFrom: { name: "orders-db" } } } } });
    expect(() => envOf(spec)).toThrow(
      "spec.env.variables.DB_HOST is a reference; references must be resolved before the objects are built",
    );
  });
});

describe("directSecretValues", () => {
  test("holds only the secrets given as values, by name in sorted order", () => {
    const { spec } = manifest({
      env: {
        secrets: {
          Z_TOKEN: { value: "z" },
          DB_PASSWORD: { secretRef: { name: "db", key: "password" } },
          A_KEY: { value: "a" },
        },
      },
    });
    const values = directSecretValues(spec);
    expect(values).toEqual({ A_KEY: "a", Z_TOKEN: "z" });
    expect(Object.keys(values)).toEqual(["A_KEY", "Z_TOKEN"]);
  });

  test("is empty without direct values", () => {
    expect(directSecretValues(manifest().spec)).toEqual({});
    const { spec } = manifest({ env: { secrets: { DB: { secretRef: { name: "db", key: "password" } } } } });
    expect(directSecretValues(spec)).toEqual({});
  });
});

describe("sortedEntries", () => {
  test("orders by code point, not by locale", () => {
    expect(sortedEntries({ b: 1, B: 2, a: 3, _: 4, "1": 5 }).map(([key]) => key)).toEqual(["1", "B", "_", "a", "b"]);
  });

  test("gives no entries for a missing map", () => {
    expect(sortedEntries(undefined)).toEqual([]);
  });
});
