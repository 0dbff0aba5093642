/**
 * The API server's defaulting in the provider model, each rule against a hand-written object
 * (kubernetes/kubernetes pkg/apis/batch/v1/defaults.go SetDefaults_Job, pkg/apis/core/v1/defaults.go).
 */
import {
  ApiRejection,
  canonicalQuantity,
  defaultPullPolicy,
  kubernetesStored,
  type JsonObject,
} from "../support/provider-model";

const job = (spec: JsonObject, pod: JsonObject = {}): JsonObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "j", namespace: "ns" },
  spec: {
    ...spec,
    template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "busybox" }], ...pod } },
  },
});
const storedSpec = (object: JsonObject) => kubernetesStored(object).spec as JsonObject;

describe("kubernetesStored: Job (SetDefaults_Job)", () => {
  test("completions and parallelism both unset become 1 and 1; completions alone stays unset with parallelism set", () => {
    expect(storedSpec(job({}))).toMatchObject({ completions: 1, parallelism: 1 });
    expect(storedSpec(job({ parallelism: 3 }))).not.toHaveProperty("completions");
  });

  test("backoffLimit defaults to 6, or to the int32 maximum with backoffLimitPerIndex", () => {
    expect(storedSpec(job({}))).toMatchObject({ backoffLimit: 6 });
    expect(
      storedSpec(
        job({ completionMode: "Indexed", completions: 2, backoffLimitPerIndex: 1 }, { restartPolicy: "Never" }),
      ),
    ).toMatchObject({
      backoffLimit: 2147483647,
    });
  });

  test("completionMode NonIndexed, suspend false, podReplacementPolicy TerminatingOrFailed, manualSelector false", () => {
    expect(storedSpec(job({}))).toMatchObject({
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: "TerminatingOrFailed",
      manualSelector: false,
    });
  });

  test("the Job takes the template's labels when it has none", () => {
    const { metadata, ...rest } = job({});
    void rest;
    const stored = kubernetesStored({ ...job({}), metadata: { ...(metadata as JsonObject), labels: {} } });
    expect((stored.metadata as JsonObject).labels).toEqual({ app: "x" });
  });

  test("negative counts (a wrapped int32) and per-index limits without restartPolicy Never are rejected", () => {
    expect(() => kubernetesStored(job({ parallelism: -1 }))).toThrow(ApiRejection);
    expect(() =>
      kubernetesStored(
        job({ completionMode: "Indexed", completions: 2, backoffLimitPerIndex: 0 }, { restartPolicy: "OnFailure" }),
      ),
    ).toThrow(/backoffLimitPerIndex.*restartPolicy to be Never/);
  });
});

describe("kubernetesStored: the pod failure policy (SetDefaults_Job)", () => {
  test("a pod condition pattern without status matches status True; a given status is kept", () => {
    const spec = storedSpec(
      job({
        podFailurePolicy: {
          rules: [
            { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }, { type: "X", status: "False" }] },
          ],
        },
      }),
    );
    expect(spec.podFailurePolicy).toEqual({
      rules: [
        {
          action: "Ignore",
          onPodConditions: [
            { type: "DisruptionTarget", status: "True" },
            { type: "X", status: "False" },
          ],
        },
      ],
    });
    expect(spec.podReplacementPolicy).toBe("Failed");
  });
});

describe("kubernetesStored: pod template (SetDefaults_PodSpec, SetDefaults_Container, volumes)", () => {
  const pod = (spec: JsonObject) => (storedSpec(job({}, spec)).template as JsonObject).spec as JsonObject;

  test("init containers get the same defaults as containers", () => {
    expect((pod({ initContainers: [{ name: "i", image: "busybox:1.36" }] }).initContainers as JsonObject[])[0]).toEqual(
      {
        name: "i",
        image: "busybox:1.36",
        imagePullPolicy: "IfNotPresent",
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
      },
    );
  });

  test("probes get their timings (SetDefaults_Probe) and an httpGet path / and scheme HTTP; ports protocol TCP", () => {
    const [container] = pod({
      containers: [
        {
          name: "c",
          image: "busybox:1.36",
          ports: [{ containerPort: 80 }],
          readinessProbe: { httpGet: { port: 80 } },
          livenessProbe: { exec: { command: ["true"] }, periodSeconds: 30 },
          lifecycle: { preStop: { httpGet: { port: "http", path: "/stop" } } },
        },
      ],
    }).containers as JsonObject[];
    expect(container).toMatchObject({
      ports: [{ containerPort: 80, protocol: "TCP" }],
      readinessProbe: {
        httpGet: { port: 80, path: "/", scheme: "HTTP" },
        timeoutSeconds: 1,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      },
      livenessProbe: { exec: { command: ["true"] }, periodSeconds: 30 },
      lifecycle: { preStop: { httpGet: { port: "http", path: "/stop", scheme: "HTTP" } } },
    });
  });

  test("dnsPolicy ClusterFirst, restartPolicy Always, securityContext {}, grace 30, schedulerName default-scheduler", () => {
    expect(pod({})).toMatchObject({
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
    });
    expect(pod({})).not.toHaveProperty("enableServiceLinks");
  });

  test("containers get the termination message defaults and a pull policy from the tag", () => {
    expect((pod({}).containers as JsonObject[])[0]).toMatchObject({
      imagePullPolicy: "Always",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    });
    expect(defaultPullPolicy("busybox")).toBe("Always");
    expect(defaultPullPolicy("busybox:latest")).toBe("Always");
    expect(defaultPullPolicy("busybox:1.36")).toBe("IfNotPresent");
    expect(defaultPullPolicy("registry:5000/app")).toBe("Always");
    expect(defaultPullPolicy("app@sha256:" + "a".repeat(64))).toBe("IfNotPresent");
  });

  test("config map and secret volumes get defaultMode 420; a volume without a source is an emptyDir", () => {
    expect(
      pod({
        volumes: [{ name: "a", configMap: { name: "c" } }, { name: "b", secret: { secretName: "s" } }, { name: "e" }],
      }).volumes,
    ).toEqual([
      { name: "a", configMap: { name: "c", defaultMode: 420 } },
      { name: "b", secret: { secretName: "s", defaultMode: 420 } },
      { name: "e", emptyDir: {} },
    ]);
  });

  test("quantities are stored in canonical form", () => {
    expect(
      ["1000m", "1.5", "2000", "100Mi", "1.5Gi", "1024Ki", "1000Ki", "0.5", "128974848", "1e3"].map(canonicalQuantity),
    ).toEqual(["1", "1500m", "2k", "100Mi", "1536Mi", "1Mi", "1000Ki", "500m", "128974848", "1e3"]);
  });
});

describe("kubernetesStored: other kinds", () => {
  test("a Secret's stringData is stored base64-encoded in data, type Opaque by default", () => {
    expect(
      kubernetesStored({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { K: "v" } }),
    ).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      data: { K: "dg==" },
      type: "Opaque",
    });
  });

  test("a Namespace gets the kubernetes.io/metadata.name label and the kubernetes finalizer", () => {
    expect(kubernetesStored({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } })).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team", labels: { "kubernetes.io/metadata.name": "team" } },
      spec: { finalizers: ["kubernetes"] },
    });
  });
});
