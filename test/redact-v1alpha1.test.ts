/**
 * Secret values of the current Planton API (`env.secrets[].value` of the app, the sidecars and
 * the init containers, in either spelling) are secrets of the run like the first dialect's: found
 * in the document as written, and never printed.
 */
import { secretValuesOf } from "../lib/redact";
import { runCli } from "./support/cli";
import { yaml } from "./support/manifest";

describe("secretValuesOf a v1alpha1 document", () => {
  test("finds the values of every container's env secrets, not names nor secretRef names and keys", () => {
    const document = {
      apiVersion: "kubernetes.planton.dev/v1alpha1",
      kind: "KubernetesJob",
      spec: {
        container: {
          app: {
            env: {
              secrets: [
                { name: "APP_TOKEN", value: "app-secret-value" },
                { name: "DB", secretRef: { name: "db-secret", key: "password" } },
              ],
            },
          },
          sidecars: [{ env: { secrets: [{ name: "SIDE", value: "sidecar-secret" }] } }],
        },
        pod: { init_containers: [{ env: { secrets: [{ name: "INIT", value: "init-secret" }] } }] },
      },
    };
    expect(secretValuesOf(document).sort()).toEqual(["app-secret-value", "init-secret", "sidecar-secret"]);
  });

  test("a malformed secrets list or entry is secret whole", () => {
    const document = {
      api_version: "kubernetes.planton.dev/v1alpha1",
      spec: {
        container: {
          app: { env: { secrets: { NOT_A_LIST: "mapping-secret" } } },
          sidecars: [{ env: { secrets: ["bare-secret", { name: "X", vaule: "typo-secret" }] } }],
        },
      },
    };
    // An unknown field name is secret too, even one a typo away from `value`.
    expect(secretValuesOf(document).sort()).toEqual([
      "NOT_A_LIST",
      "bare-secret",
      "mapping-secret",
      "typo-secret",
      "vaule",
    ]);
  });
});

describe("an unknown key in a v1alpha1 secret entry's valueFrom", () => {
  test("is secret (found by review 7): a reference's own fields are not", () => {
    const document = {
      apiVersion: "kubernetes.planton.dev/v1alpha1",
      spec: {
        container: {
          app: {
            env: {
              secrets: [
                {
                  name: "DB_PASSWORD",
                  valueFrom: {
                    kind: "KubernetesPostgres",
                    name: "db",
                    fieldPath: "status.outputs.password",
                    "hunter2-S3cr3t": "x",
                  },
                },
                { name: "B", value_from: { field_path: "p", env: "prod", "other-S3cr3t": { deep: "deep-S3cr3t" } } },
              ],
            },
          },
        },
      },
    };
    expect(secretValuesOf(document).sort()).toEqual(["deep", "deep-S3cr3t", "hunter2-S3cr3t", "other-S3cr3t", "x"]);
  });
});

describe("a v1alpha1 secret value in the output", () => {
  test("is redacted where a message would quote it", async () => {
    const secret = "tok-4f9a8c7d2e1b";
    const text = yaml`
      apiVersion: kubernetes.planton.dev/v1alpha1
      kind: KubernetesJob
      metadata:
        name: leaky
      spec:
        namespace:
          value: batch
        container:
          app:
            image: { repo: ghcr.io/acme/worker, tag: "1.0" }
            imagePullPolicy: ${secret}
          sidecars:
            - name: side
              image: { repo: busybox, tag: "1.36" }
              env:
                secrets:
                  - name: TOKEN
                    value: ${secret}
    `;
    for (const format of ["text", "json"]) {
      const run = await runCli(["validate", "-", "--format", format], text);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toContain("<redacted>");
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });
});
