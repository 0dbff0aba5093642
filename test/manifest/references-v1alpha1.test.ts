/**
 * The current API's value-or-ref fields (namespace, pod.serviceAccount, pod.imagePullSecrets,
 * env variables and secrets of every container) resolve as the first dialect's references do:
 * against the run's manifests of either dialect (KubernetesJob, KubernetesNamespace) and the refs
 * file, or fail at the field with the reason.
 */
import { planStacks } from "../../lib/terraform/plan";
import { loadManifests } from "../../lib/manifest/load";
import { loadRefsFile } from "../../lib/manifest/references";
import { objectsOf } from "../../lib/model";
import { formatDiagnostic } from "../../lib/diagnostics";
import { runWith } from "../support/deployment";
import { tempDir, writeFiles } from "../support/files";
import { yaml } from "../support/manifest";
import { join } from "node:path";

const JOB = yaml`
  apiVersion: kubernetes.planton.dev/v1alpha1
  kind: KubernetesJob
  metadata:
    name: loader
    env: prod
  spec:
    namespace:
      valueFrom: { name: warehouse }
    container:
      app:
        image: { repo: ghcr.io/acme/loader, tag: "1.0" }
        env:
          variables:
            - name: DB_HOST
              valueFrom: { kind: KubernetesPostgres, name: orders-db, fieldPath: status.outputs.host }
            - name: REPORT_NAMESPACE
              valueFrom: { kind: KubernetesJob, name: report, fieldPath: status.outputs.namespace }
          secrets:
            - name: DB_PASSWORD
              valueFrom: { kind: KubernetesPostgres, name: orders-db, fieldPath: status.outputs.password }
    pod:
      automountServiceAccountToken: false
      serviceAccount:
        valueFrom: { name: loader-sa }
      imagePullSecrets:
        - valueFrom: { name: ghcr }
`;

const NAMESPACE_V1ALPHA1 = yaml`
  apiVersion: kubernetes.planton.dev/v1alpha1
  kind: KubernetesNamespace
  metadata:
    name: warehouse
    env: prod
  spec:
    name: warehouse-prod
    pod_security_standard: baseline
`;

const FIRST_DIALECT_JOB = yaml`
  apiVersion: kubernetes.project-planton.org/v1
  kind: KubernetesJob
  metadata:
    name: report
    env: prod
  spec:
    namespace:
      value: reports
    image: { repo: ghcr.io/acme/report, tag: "1.0" }
`;

const REFS = yaml`
  refs:
    - kind: KubernetesPostgres
      env: prod
      name: orders-db
      fields:
        status.outputs.host: orders-db.data.svc
        status.outputs.password: pg-password-value
    - kind: KubernetesServiceAccount
      env: prod
      name: loader-sa
      fields:
        status.outputs.service_account_name: loader-runner
    - kind: KubernetesSecret
      env: prod
      name: ghcr
      fields:
        spec.name: ghcr-pull
`;

function plan(files: Record<string, string>) {
  const dir = tempDir();
  writeFiles(dir, { ...files, "refs.yaml": REFS });
  const paths = Object.keys(files).map((file) => join(dir, file));
  const result = planStacks(loadManifests(paths), runWith({ refs: loadRefsFile(join(dir, "refs.yaml")) }));
  const diagnostics = result.load.results.flatMap((loaded) => loaded.diagnostics).map(formatDiagnostic);
  return { result, diagnostics };
}

describe("references of a v1alpha1 manifest", () => {
  test("resolve against a v1alpha1 KubernetesNamespace, a first-dialect Job and the refs file", () => {
    const { result, diagnostics } = plan({
      "loader.yaml": JOB,
      "namespace.yaml": NAMESPACE_V1ALPHA1,
      "report.yaml": FIRST_DIALECT_JOB,
    });
    expect(diagnostics.filter((line) => line.includes("error"))).toEqual([]);
    const loader = result.stacks.find((stack) => stack.name === "loader-prod");
    expect(loader).toBeDefined();
    const { job, envSecret } = objectsOf(loader!.manifest);
    expect(job.metadata?.namespace).toBe("warehouse-prod");
    const pod = job.spec.template.spec;
    expect(pod?.serviceAccountName).toBe("loader-runner");
    expect(pod?.imagePullSecrets).toEqual([{ name: "ghcr-pull" }]);
    expect(pod?.containers[0].env?.slice(2)).toEqual([
      { name: "DB_HOST", value: "orders-db.data.svc" },
      { name: "REPORT_NAMESPACE", value: "reports" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "loader-env-secrets", key: "DB_PASSWORD" } } },
    ]);
    expect(envSecret?.data).toEqual({ DB_PASSWORD: Buffer.from("pg-password-value").toString("base64") });
    // A secret given by reference is a secret of the run: the redactor hides it.
    expect(result.load.secrets).toContain("pg-password-value");
  });

  test("a reference that finds nothing is an error at its field, and no stack is planned", () => {
    const { result, diagnostics } = plan({ "loader.yaml": JOB.replace("name: loader-sa", "name: nobody") });
    expect(result.stacks).toEqual([]);
    expect(diagnostics).toContainEqual(
      expect.stringMatching(
        /loader\.yaml:\d+:\d+: error: spec\.pod\.serviceAccount\.valueFrom: finds no KubernetesServiceAccount "nobody" with env "prod"/,
      ),
    );
  });

  test("a service account and an image pull secret resolved to a name Kubernetes refuses are errors at the reference, as a literal one is", () => {
    const refs = REFS.replace(
      "status.outputs.service_account_name: loader-runner",
      "status.outputs.service_account_name: Bad_SA",
    ).replace("spec.name: ghcr-pull", "spec.name: ghcr_pull");
    const dir = tempDir();
    const files = { "loader.yaml": JOB, "namespace.yaml": NAMESPACE_V1ALPHA1, "report.yaml": FIRST_DIALECT_JOB };
    writeFiles(dir, { ...files, "refs.yaml": refs });
    const result = planStacks(
      loadManifests(Object.keys(files).map((file) => join(dir, file))),
      runWith({ refs: loadRefsFile(join(dir, "refs.yaml")) }),
    );
    const diagnostics = result.load.results.flatMap((loaded) => loaded.diagnostics).map(formatDiagnostic);
    expect(result.stacks).toEqual([]);
    expect(diagnostics.filter((line) => line.includes(": error: "))).toEqual([
      expect.stringMatching(
        /loader\.yaml:24:7: error: spec\.pod\.serviceAccount\.valueFrom: resolves to "Bad_SA", which must be a DNS-1123 subdomain/,
      ),
      expect.stringMatching(
        /loader\.yaml:26:9: error: spec\.pod\.imagePullSecrets\[0\]\.valueFrom: resolves to "ghcr_pull", which must be a DNS-1123 subdomain/,
      ),
    ]);
  });

  test("a secret resolved to another value than a literal one of the same name in another container is an error", () => {
    const sidecar = yaml`
      sidecars:
        - name: helper
          image: { repo: ghcr.io/acme/helper, tag: "1.0" }
          env:
            secrets:
              - { name: DB_PASSWORD, value: another-password-1 }
    `;
    const job = JOB.replace("  pod:\n", `${sidecar.replace(/^(?=.)/gm, "    ")}  pod:\n`);
    const { result, diagnostics } = plan({
      "loader.yaml": job,
      "namespace.yaml": NAMESPACE_V1ALPHA1,
      "report.yaml": FIRST_DIALECT_JOB,
    });
    expect(result.stacks).toEqual([]);
    expect(diagnostics.filter((line) => line.includes(": error: "))).toEqual([
      expect.stringMatching(
        /loader\.yaml:\d+:\d+: error: spec\.container\.sidecars\[0\]\.env\.secrets\[0\]\.value: "DB_PASSWORD" has another value in spec\.container\.app\.env\.secrets\[0\]/,
      ),
    ]);
    expect(diagnostics.join("\n")).not.toContain("pg-password-value");
  });
});
