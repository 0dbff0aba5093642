/**
 * The object model of the current Planton API (kubernetes.planton.dev/v1alpha1): what a manifest
 * means as Kubernetes objects, field by field, named and ordered as Planton's own module renders
 * them (plantonhq/openmcf kubernetesjob/v1alpha1/iac/pulumi/module/*.go), and valid against the
 * Kubernetes OpenAPI schema.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isPlantonManifest, type PlantonJobManifest } from "../../lib/manifest/dialects";
import { loadManifests } from "../../lib/manifest/load";
import { applyOrder, objectsOf } from "../../lib/model";
import { validateObject } from "../support/openapi";
import { yaml } from "../support/manifest";

const FIXTURE = join(__dirname, "..", "fixtures", "v1alpha1", "backfill-job.yaml");

function plantonManifest(text: string): PlantonJobManifest {
  const load = loadManifests(["-"], { readStdin: () => text });
  const manifest = load.results[0]?.manifest;
  if (!load.ok || !manifest || !isPlantonManifest(manifest)) {
    throw new Error(`expected a valid v1alpha1 manifest: ${JSON.stringify(load.results[0]?.diagnostics)}`);
  }
  return manifest;
}

/** A v1alpha1 Job in namespace reports, with the given spec fields (written unindented). */
const job = (specFields: string) =>
  yaml`
    apiVersion: kubernetes.planton.dev/v1alpha1
    kind: KubernetesJob
    metadata:
      name: report
    spec:
      namespace:
        value: reports
    ` + specFields.replace(/^(?=.)/gm, "  ");

const APP = yaml`
  container:
    app:
      image: { repo: ghcr.io/acme/report, tag: "1.0" }
`;

/** The minimal Job (one app container), with the given spec fields added. */
const minimal = (specFields = "") => job(APP + specFields);

const fixture = () => objectsOf(plantonManifest(readFileSync(FIXTURE, "utf8")));

describe("plantonJobObjects", () => {
  test("a minimal manifest means a Job only (no ServiceAccount, no ConfigMap), with Planton's labels and defaults", () => {
    const objects = objectsOf(plantonManifest(minimal()));
    const ordered = applyOrder(objects);
    expect(ordered.map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual(["Job/report"]);
    for (const object of ordered) validateObject(object);
    expect(objects.serviceAccount).toBeUndefined();
    expect(objects.configMaps).toEqual([]);
    // locals.go: `app` and the planton.ai/* set (kuberneteslabelkeys).
    expect(objects.job.metadata).toEqual({
      name: "report",
      namespace: "reports",
      labels: {
        app: "report",
        "planton.ai/resource": "true",
        "planton.ai/name": "report",
        "planton.ai/kind": "KubernetesJob",
      },
    });
    expect(objects.job.spec).toEqual({
      parallelism: 1,
      completions: 1,
      completionMode: "NonIndexed",
      backoffLimit: 6,
      template: {
        metadata: { labels: objects.job.metadata?.labels },
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              // job.go: the app container is "app" when the manifest names none.
              name: "app",
              image: "ghcr.io/acme/report:1.0",
              env: [
                { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
                { name: "K8S_POD_ID", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
              ],
            },
          ],
        },
      },
    });
  });

  test("the full-surface fixture: every object valid against the OpenAPI schema, in apply order", () => {
    const objects = fixture();
    const ordered = applyOrder(objects);
    expect(ordered.map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual([
      "Namespace/data-jobs",
      "Secret/orders-backfill-env-secrets",
      "Job/orders-backfill",
    ]);
    for (const object of ordered) validateObject(object);
  });

  test("labels: id, org and env become planton.ai labels on every object; pod labels go under them", () => {
    const { job, namespace, envSecret } = fixture();
    const labels = {
      app: "orders-backfill",
      "planton.ai/resource": "true",
      "planton.ai/name": "orders-backfill",
      "planton.ai/kind": "KubernetesJob",
      "planton.ai/id": "job-7f3a",
      "planton.ai/organization": "acme",
      "planton.ai/environment": "staging",
    };
    expect(job.metadata?.labels).toEqual(labels);
    expect(namespace?.metadata).toEqual({ name: "data-jobs", labels });
    expect(envSecret?.metadata?.labels).toEqual(labels);
    expect(job.spec.template.metadata).toEqual({
      labels: { team: "data", ...labels },
      annotations: { "acme.dev/owner": "data-platform" },
    });
  });

  test("a pod label never replaces one of the component's (workloadpod BuildPodTemplateSpec)", () => {
    const { job } = objectsOf(
      plantonManifest(
        minimal(yaml`
      pod:
        labels: { app: other, team: data }
    `),
      ),
    );
    expect(job.spec.template.metadata?.labels).toMatchObject({ app: "report", team: "data" });
  });

  test("the Job's batch fields: per-index limits, TTL 0 (delete at once), the deadline and the pod failure policy in rule order", () => {
    const { spec } = fixture().job;
    expect(spec).toMatchObject({
      parallelism: 4,
      completions: 8,
      completionMode: "Indexed",
      backoffLimit: 10,
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 1,
      activeDeadlineSeconds: 7200,
      ttlSecondsAfterFinished: 0,
    });
    expect(spec).not.toHaveProperty("suspend");
    expect(spec.podFailurePolicy).toEqual({
      rules: [
        { action: "FailJob", onExitCodes: { containerName: "backfill", operator: "In", values: [3] } },
        { action: "FailIndex", onExitCodes: { operator: "NotIn", values: [0, 1] } },
        // spec.proto: a condition's status defaults to "True".
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
        { action: "Count", onPodConditions: [{ type: "ConfigIssue", status: "False" }] },
      ],
    });
  });

  test("suspend and a success policy are said as written", () => {
    const { spec } = objectsOf(
      plantonManifest(
        minimal(yaml`
          completionMode: Indexed
          completions: 4
          suspend: true
          successPolicy:
            rules:
              - succeededIndexes: "0-1"
              - succeededCount: 3
        `),
      ),
    ).job;
    expect(spec.suspend).toBe(true);
    expect(spec.successPolicy).toEqual({ rules: [{ succeededIndexes: "0-1" }, { succeededCount: 3 }] });
    expect(spec).not.toHaveProperty("ttlSecondsAfterFinished");
    expect(spec).not.toHaveProperty("backoffLimitPerIndex");
  });

  test("the pod: service account by name (none created), automount, pull secrets, scheduling, security, DNS, host aliases", () => {
    const pod = fixture().job.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: "backfill-runner",
      automountServiceAccountToken: false,
      restartPolicy: "Never",
      imagePullSecrets: [{ name: "ghcr-pull" }],
      nodeSelector: { "kubernetes.io/os": "linux" },
      tolerations: [{ key: "batch", operator: "Exists", effect: "NoSchedule" }],
      securityContext: { runAsUser: 1000, fsGroup: 2000 },
      terminationGracePeriodSeconds: 45,
      dnsPolicy: "ClusterFirst",
      hostAliases: [{ ip: "192.0.2.7", hostnames: ["warehouse.internal"] }],
      priorityClassName: "batch-low",
    });
  });

  test("containers: the app, then the sidecars in order; init containers apart; one pod volume per mount name", () => {
    const pod = fixture().job.spec.template.spec;
    expect(pod?.containers.map((container) => container.name)).toEqual(["backfill", "metrics-pusher"]);
    expect(pod?.initContainers?.map((container) => container.name)).toEqual(["fetch-manifest"]);
    // workloadpod BuildVolumes: the union of every container's mounts, first source of a name.
    expect(pod?.volumes).toEqual([{ name: "data", emptyDir: { sizeLimit: "1Gi" } }]);
    expect(pod?.containers[1]).toEqual({
      name: "metrics-pusher",
      image: "ghcr.io/acme/pusher:1.0.0",
      args: ["--once"],
      env: [
        { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "K8S_POD_ID", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
      ],
      volumeMounts: [{ name: "data", mountPath: "/data" }],
    });
  });

  test("the app container, field by field", () => {
    const app = fixture().job.spec.template.spec?.containers[0];
    expect(app).toEqual({
      name: "backfill",
      image: "ghcr.io/acme/backfill:2.3.1",
      imagePullPolicy: "Always",
      command: ["/backfill"],
      args: ["--shard", "$(JOB_COMPLETION_INDEX)"],
      workingDir: "/data",
      ports: [{ name: "metrics", containerPort: 9090 }],
      env: expect.any(Array),
      resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
      readinessProbe: { periodSeconds: 5, httpGet: { path: "/ready", port: 9090 } },
      volumeMounts: [{ name: "data", mountPath: "/data" }],
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    });
  });

  test("env in Planton's order: HOSTNAME, K8S_POD_ID, the variables as listed, then the secrets as listed", () => {
    const { job, envSecret } = fixture();
    expect(job.spec.template.spec?.containers[0].env).toEqual([
      { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
      { name: "K8S_POD_ID", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
      { name: "SHARDS", value: "8" },
      { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      { name: "MEMORY_LIMIT", valueFrom: { resourceFieldRef: { resource: "limits.memory" } } },
      {
        name: "WAREHOUSE_TOKEN",
        valueFrom: { secretKeyRef: { name: "orders-backfill-env-secrets", key: "WAREHOUSE_TOKEN" } },
      },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "orders-db", key: "password" } } },
    ]);
    // secret.go: one Opaque Secret <name>-env-secrets for the values of every container.
    expect(envSecret).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: expect.objectContaining({ name: "orders-backfill-env-secrets", namespace: "data-jobs" }),
      type: "Opaque",
      data: { WAREHOUSE_TOKEN: Buffer.from("wh-secret-token-1234").toString("base64") },
    });
  });

  test("secret values of sidecars and init containers go into the one env Secret; an empty value is none", () => {
    const objects = objectsOf(
      plantonManifest(
        job(yaml`
          container:
            app:
              image: { repo: ghcr.io/acme/report, tag: "1.0" }
              env:
                secrets:
                  - { name: B_TOKEN, value: b-value }
                  - { name: EMPTY, value: "" }
            sidecars:
              - name: side
                image: { repo: busybox, tag: "1.36" }
                env:
                  secrets:
                    - { name: A_TOKEN, value: a-value }
          pod:
            initContainers:
              - name: first
                image: { repo: busybox, tag: "1.36" }
                env:
                  secrets:
                    - { name: C_TOKEN, value: c-value }
        `),
      ),
    );
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    expect(objects.envSecret?.data).toEqual({
      A_TOKEN: base64("a-value"),
      B_TOKEN: base64("b-value"),
      C_TOKEN: base64("c-value"),
    });
    const names = (env: { name: string }[] | undefined) => env?.map((variable) => variable.name);
    expect(names(objects.job.spec.template.spec?.containers[0].env)).toEqual(["HOSTNAME", "K8S_POD_ID", "B_TOKEN"]);
  });

  test("a Docker config makes <name>-image-pull (locals.go), listed after the manifest's pull secrets", () => {
    const manifest = plantonManifest(
      minimal(yaml`
      pod:
        imagePullSecrets:
          - value: mine
    `),
    );
    const objects = objectsOf(manifest, '{"auths":{}}');
    expect(objects.imagePullSecret?.metadata?.name).toBe("report-image-pull");
    expect(objects.imagePullSecret?.type).toBe("kubernetes.io/dockerconfigjson");
    expect(objects.job.spec.template.spec?.imagePullSecrets).toEqual([{ name: "mine" }, { name: "report-image-pull" }]);
  });
});
