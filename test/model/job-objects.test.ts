/**
 * The object model: the Kubernetes objects a manifest means, checked against the Kubernetes
 * OpenAPI schema (kubernetes-models' validators) and against the manifest field by field.
 */
import fc from "fast-check";
import { applyOrder, jobObjects, typedEngineObjects } from "../../lib/model";
import { deployable, dockerConfigs, specInputs } from "../support/provider-model/arbitraries";
import { manifest } from "../support/manifest";
import { validateObject } from "../support/openapi";

const objectsOf = (spec: Parameters<typeof manifest>[0], dockerConfigJson?: string) => {
  const { metadata, spec: validated } = manifest(spec);
  return jobObjects({ metadata, spec: validated, dockerConfigJson });
};

describe("jobObjects", () => {
  test("a minimal manifest means a ServiceAccount and a Job, with Planton's labels, valid against the OpenAPI schema", () => {
    const objects = objectsOf({});
    const ordered = applyOrder(objects);
    expect(ordered.map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual([
      "ServiceAccount/nightly-report",
      "Job/nightly-report",
    ]);
    for (const object of ordered) validateObject(object);
    expect(objects.job.metadata?.labels).toEqual({
      "planton.ai/resource": "true",
      "planton.ai/name": "nightly-report",
      "planton.ai/kind": "KubernetesJob",
    });
    expect(objects.job.spec).toEqual({
      parallelism: 1,
      completions: 1,
      completionMode: "NonIndexed",
      backoffLimit: 6,
      template: {
        metadata: { labels: objects.job.metadata?.labels },
        spec: {
          serviceAccountName: "nightly-report",
          restartPolicy: "Never",
          containers: [
            {
              name: "job-container",
              image: "ghcr.io/acme/report-runner:1.4.2",
              resources: { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "50m", memory: "100Mi" } },
              env: [
                { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
                { name: "K8S_POD_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
              ],
            },
          ],
        },
      },
    });
  });

  test("fields the manifest leaves unset (0) are left to Kubernetes; suspend is said as suspend", () => {
    const { job } = objectsOf({ parallelism: 0, completions: 0, activeDeadlineSeconds: 0, suspend: true });
    expect(job.spec).not.toHaveProperty("parallelism");
    expect(job.spec).not.toHaveProperty("completions");
    expect(job.spec).not.toHaveProperty("activeDeadlineSeconds");
    expect(job.spec).not.toHaveProperty("ttlSecondsAfterFinished");
    expect(job.spec.suspend).toBe(true);
    validateObject(job);
  });

  test("every object of a full manifest, in apply order, and secrets base64 in data", () => {
    const objects = objectsOf(
      {
        createNamespace: true,
        configMaps: { "b-script": "echo b", "a-script": "echo a" },
        env: {
          variables: { B: { value: "2" }, A: { value: "1" } },
          secrets: { TOKEN: { value: "s3cr3t" }, DB: { secretRef: { name: "db", key: "password" } } },
        },
        volumeMounts: [
          {
            name: "scripts",
            mountPath: "/scripts",
            configMap: { name: "a-script", key: "a-script", defaultMode: 0o755 },
          },
          { name: "scratch", mountPath: "/scratch", emptyDir: { sizeLimit: "1Gi" } },
        ],
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 3600,
      },
      '{"auths":{}}',
    );
    const ordered = applyOrder(objects);
    expect(ordered.map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual([
      "Namespace/reports",
      "ConfigMap/a-script",
      "ConfigMap/b-script",
      "Secret/nightly-report-env-secrets",
      "Secret/nightly-report-image-pull-secret",
      "ServiceAccount/nightly-report",
      "Job/nightly-report",
    ]);
    for (const object of ordered) validateObject(object);
    expect(objects.envSecret?.data).toEqual({ TOKEN: Buffer.from("s3cr3t").toString("base64") });
    expect(objects.imagePullSecret?.data).toEqual({
      ".dockerconfigjson": Buffer.from('{"auths":{}}').toString("base64"),
    });
    const pod = objects.job.spec.template.spec!;
    expect(pod.imagePullSecrets).toEqual([{ name: "nightly-report-image-pull-secret" }]);
    expect(pod.volumes).toEqual([
      {
        name: "scripts",
        configMap: { name: "a-script", defaultMode: 0o755, items: [{ key: "a-script", path: "a-script" }] },
      },
      { name: "scratch", emptyDir: { sizeLimit: "1Gi" } },
    ]);
    expect(pod.containers[0].env?.map((env) => env.name)).toEqual(["HOSTNAME", "K8S_POD_ID", "A", "B", "DB", "TOKEN"]);
    expect(objects.job.spec.activeDeadlineSeconds).toBe(600);
    expect(objects.job.spec.ttlSecondsAfterFinished).toBe(3600);
  });

  test("the OpenAPI validation the tests rely on rejects what Kubernetes rejects", () => {
    const { job } = objectsOf({});
    expect(() => validateObject({ ...job, spec: { ...job.spec, parallelism: 2147483648 } })).toThrow(/int32/);
  });
});

describe("typedEngineObjects", () => {
  test("suspend becomes parallelism 0, and an Indexed Job gets per-index limits that keep backoffLimit the limit", () => {
    const suspended = typedEngineObjects(objectsOf({ suspend: true, parallelism: 4 })).job.spec;
    expect(suspended).not.toHaveProperty("suspend");
    expect(suspended.parallelism).toBe(0);
    const indexed = typedEngineObjects(objectsOf({ completionMode: "Indexed", completions: 16, backoffLimit: 3 }));
    expect(indexed.job.spec).toMatchObject({ backoffLimitPerIndex: 3, maxFailedIndexes: 16, backoffLimit: 3 });
    validateObject(indexed.job);
  });
});

describe("every object of generated manifests", () => {
  test("is valid against the Kubernetes OpenAPI schema, as meant and as the typed engine deploys it", () => {
    fc.assert(
      fc.property(specInputs, dockerConfigs, (input, dockerConfigJson) => {
        const deployed = deployable(input);
        fc.pre(deployed !== undefined);
        if (!deployed) return;
        const objects = jobObjects({ ...deployed, dockerConfigJson });
        for (const object of [...applyOrder(objects), typedEngineObjects(objects).job]) validateObject(object);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });
});
