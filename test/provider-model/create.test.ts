/**
 * The provider model's create rules, each against a small hand-written stack (Terraform JSON as
 * cdktf writes it: single blocks as objects, repeated ones as lists). Each test names the
 * upstream function of hashicorp/terraform-provider-kubernetes (kubernetes/) it models.
 */
import { ApplyError, goInt32, providerCreate, type JsonObject } from "../support/provider-model";

/** A stack of one kubernetes_job_v1 `job` with the given spec attributes and pod spec. */
function jobStack(spec: JsonObject = {}, podSpec: JsonObject = {}, extra: JsonObject = {}): JsonObject {
  return {
    resource: {
      kubernetes_job_v1: {
        job: {
          metadata: { name: "j", namespace: "ns" },
          spec: {
            ...spec,
            template: { metadata: {}, spec: { container: [{ name: "c", image: "busybox:1" }], ...podSpec } },
          },
          ...extra,
        },
      },
    },
  };
}

const jobSpec = (stack: JsonObject) => (providerCreate(stack)[0].object.spec ?? {}) as JsonObject;
const podSpec = (stack: JsonObject) => (jobSpec(stack).template as JsonObject).spec as JsonObject;
const container = (stack: JsonObject) => (podSpec(stack).containers as JsonObject[])[0];

describe("providerCreate: kubernetes_job_v1 spec (structure_job.go expandJobV1Spec)", () => {
  test("unset completions, parallelism and backoff_limit are sent as the schema defaults 1, 1 and 6", () => {
    expect(jobSpec(jobStack())).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6 });
  });

  test("completions 0 is not sent (`v > 0`); parallelism 0 and backoff_limit 0 are (`v >= 0`)", () => {
    const spec = jobSpec(jobStack({ completions: 0, parallelism: 0, backoff_limit: 0 }));
    expect(spec).not.toHaveProperty("completions");
    expect(spec).toMatchObject({ parallelism: 0, backoffLimit: 0 });
  });

  test("active_deadline_seconds is sent when > 0 only", () => {
    expect(jobSpec(jobStack({ active_deadline_seconds: 0 }))).not.toHaveProperty("activeDeadlineSeconds");
    expect(jobSpec(jobStack({ active_deadline_seconds: 900 }))).toMatchObject({ activeDeadlineSeconds: 900 });
  });

  test("numbers beyond int32 wrap (Go's int32(v)): 4294967295 is sent as -1", () => {
    expect(goInt32(4294967295)).toBe(-1);
    expect(goInt32(2147483648)).toBe(-2147483648);
    expect(jobSpec(jobStack({ parallelism: 4294967295, completions: 4294967297 }))).toMatchObject({
      parallelism: -1,
      completions: 1,
    });
  });

  test("ttl_seconds_after_finished is a string parsed by strconv.ParseInt(v, 10, 32)", () => {
    expect(jobSpec(jobStack({ ttl_seconds_after_finished: "600" }))).toMatchObject({ ttlSecondsAfterFinished: 600 });
    expect(jobSpec(jobStack({ ttl_seconds_after_finished: "0" }))).toMatchObject({ ttlSecondsAfterFinished: 0 });
    expect(() => jobSpec(jobStack({ ttl_seconds_after_finished: "4294967295" }))).toThrow(
      new ApplyError('ttl_seconds_after_finished: strconv.ParseInt: parsing "4294967295": value out of range'),
    );
  });

  test("manual_selector is always sent, false when unset", () => {
    expect(jobSpec(jobStack())).toMatchObject({ manualSelector: false });
  });

  test("an Indexed Job gets backoffLimitPerIndex and maxFailedIndexes, 0 when unset (issue #11's reading of v2.38.0)", () => {
    expect(jobSpec(jobStack({ completion_mode: "Indexed", completions: 4 }))).toMatchObject({
      completionMode: "Indexed",
      backoffLimitPerIndex: 0,
      maxFailedIndexes: 0,
    });
    expect(
      jobSpec(jobStack({ completion_mode: "Indexed", backoff_limit_per_index: 2, max_failed_indexes: 4 })),
    ).toMatchObject({
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 4,
    });
    expect(jobSpec(jobStack())).not.toHaveProperty("backoffLimitPerIndex");
    expect(jobSpec(jobStack())).not.toHaveProperty("completionMode");
  });
});

describe("providerCreate: pod spec and container (structures_pod.go expandPodSpec, structures_container.go expandContainers)", () => {
  test("the pod spec's schema defaults are sent: automount true, service links true, ClusterFirst, Never, share false, grace 30", () => {
    expect(podSpec(jobStack())).toMatchObject({
      automountServiceAccountToken: true,
      enableServiceLinks: true,
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Never",
      shareProcessNamespace: false,
      terminationGracePeriodSeconds: 30,
    });
  });

  test("plain fields left at their zero value are not sent (Go's omitempty): no hostNetwork, hostname, schedulerName", () => {
    const spec = podSpec(jobStack());
    for (const field of [
      "hostNetwork",
      "hostPID",
      "hostIPC",
      "hostname",
      "schedulerName",
      "nodeSelector",
      "imagePullSecrets",
    ]) {
      expect(spec).not.toHaveProperty(field);
    }
  });

  test("a container gets terminationMessagePath /dev/termination-log; imagePullPolicy and the message policy stay unset", () => {
    const sent = container(jobStack());
    expect(sent).toMatchObject({ name: "c", image: "busybox:1", terminationMessagePath: "/dev/termination-log" });
    expect(sent).not.toHaveProperty("imagePullPolicy");
    expect(sent).not.toHaveProperty("terminationMessagePolicy");
  });

  test("env: fieldRef gets apiVersion v1, secretKeyRef optional false", () => {
    const stack = jobStack(
      {},
      {
        container: [
          {
            name: "c",
            image: "i",
            env: [
              { name: "IP", value_from: { field_ref: { field_path: "status.podIP" } } },
              { name: "T", value_from: { secret_key_ref: { name: "s", key: "k" } } },
              { name: "V", value: "x" },
            ],
          },
        ],
      },
    );
    expect(container(stack).env).toEqual([
      { name: "IP", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.podIP" } } },
      { name: "T", valueFrom: { secretKeyRef: { key: "k", name: "s", optional: false } } },
      { name: "V", value: "x" },
    ]);
  });

  test("volume mounts get mountPropagation None (volumeMountFields Default)", () => {
    const stack = jobStack(
      {},
      { container: [{ name: "c", image: "i", volume_mount: [{ name: "v", mount_path: "/v" }] }] },
    );
    expect(container(stack).volumeMounts).toEqual([{ mountPath: "/v", name: "v", mountPropagation: "None" }]);
  });

  test("config map and secret volumes get defaultMode 0644 (420) when unset, octal strings parsed, and optional false", () => {
    const stack = jobStack(
      {},
      {
        volume: [
          { name: "a", config_map: { name: "cm" } },
          { name: "b", secret: { secret_name: "s", default_mode: "0755", items: [{ key: "k", path: "p" }] } },
        ],
      },
    );
    expect(podSpec(stack).volumes).toEqual([
      { name: "a", configMap: { name: "cm", defaultMode: 420, optional: false } },
      { name: "b", secret: { secretName: "s", items: [{ key: "k", path: "p" }], defaultMode: 493, optional: false } },
    ]);
  });
});

describe("providerCreate: the fields of a v1alpha1 Job (structures_container.go, structures_pod.go, structures_affinity.go, structure_job.go)", () => {
  const withContainer = (fields: JsonObject) =>
    jobStack({}, { container: [{ name: "c", image: "busybox:1", ...fields }] });

  test("a container security context sends its four booleans even when unset: escalation true, the rest false", () => {
    expect(container(withContainer({ security_context: { run_as_user: "1000" } })).securityContext).toEqual({
      allowPrivilegeEscalation: true,
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      runAsUser: 1000,
    });
  });

  test("ids, toleration seconds and ports the provider takes as strings are parsed; a bad id fails the apply", () => {
    const stack = jobStack(
      {},
      {
        security_context: { fs_group: "2000" },
        toleration: [{ key: "k", operator: "Exists", toleration_seconds: "60" }],
        container: [
          {
            name: "c",
            image: "i",
            liveness_probe: { tcp_socket: [{ port: "8080" }] },
            readiness_probe: { http_get: { port: "http" } },
          },
        ],
      },
    );
    expect(podSpec(stack)).toMatchObject({
      securityContext: { fsGroup: 2000, runAsNonRoot: false },
      tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 60 }],
    });
    expect(container(stack)).toMatchObject({
      livenessProbe: {
        tcpSocket: { port: 8080 },
        failureThreshold: 3,
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 1,
      },
      readinessProbe: { httpGet: { port: "http", scheme: "HTTP" } },
    });
    expect(() => podSpec(jobStack({}, { security_context: { run_as_user: "root" } }))).toThrow(
      new ApplyError('run_as_user: strconv.ParseInt: parsing "root": invalid syntax'),
    );
  });

  test('a grpc probe sends service "" when unset; a DNS option its value ""; divisor 1 when unset', () => {
    const stack = jobStack(
      {},
      {
        dns_config: { option: [{ name: "edns0" }] },
        container: [
          {
            name: "c",
            image: "i",
            startup_probe: { grpc: [{ port: 9090 }] },
            env: [{ name: "CPU", value_from: { resource_field_ref: { resource: "limits.cpu" } } }],
          },
        ],
      },
    );
    expect(podSpec(stack).dnsConfig).toEqual({ options: [{ name: "edns0", value: "" }] });
    expect(container(stack).startupProbe).toMatchObject({ grpc: { port: 9090, service: "" } });
    expect(container(stack).env).toEqual([
      { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1" } } },
    ]);
  });

  test("pod failure policy rules: empty container names and statuses are not sent", () => {
    const spec = jobSpec(
      jobStack({
        pod_failure_policy: {
          rule: [
            { action: "FailJob", on_exit_codes: { container_name: "", operator: "In", values: [42] } },
            { action: "Ignore", on_pod_condition: [{ type: "DisruptionTarget", status: "" }] },
          ],
        },
      }),
    );
    expect(spec.podFailurePolicy).toEqual({
      rules: [
        { action: "FailJob", onExitCodes: { operator: "In", values: [42] } },
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] },
      ],
    });
  });

  test("init containers are expanded as containers; affinity, topology spread and host aliases as written", () => {
    const pod = podSpec(
      jobStack(
        {},
        {
          init_container: [{ name: "init", image: "i" }],
          host_aliases: [{ ip: "10.0.0.1", hostnames: ["a"] }],
          topology_spread_constraint: [{ topology_key: "zone", when_unsatisfiable: "DoNotSchedule" }],
          affinity: {
            pod_anti_affinity: {
              required_during_scheduling_ignored_during_execution: [
                { topology_key: "host", label_selector: [{ match_labels: { app: "a" } }] },
              ],
            },
          },
        },
      ),
    );
    expect(pod.initContainers).toEqual([{ name: "init", image: "i", terminationMessagePath: "/dev/termination-log" }]);
    expect(pod.hostAliases).toEqual([{ ip: "10.0.0.1", hostnames: ["a"] }]);
    expect(pod.topologySpreadConstraints).toEqual([
      { topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", maxSkew: 1 },
    ]);
    expect(pod.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: "a" } }, topologyKey: "host" },
        ],
      },
    });
  });
});

describe("providerCreate: the other resources", () => {
  test("a secret's data goes out as stringData (plain text) with type Opaque by default", () => {
    const [secret] = providerCreate({
      resource: { kubernetes_secret_v1: { s: { metadata: { name: "s", namespace: "ns" }, data: { K: "v" } } } },
    });
    expect(secret.object).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "ns" },
      stringData: { K: "v" },
      type: "Opaque",
    });
  });

  test("a service account sends automountServiceAccountToken true; metadata namespace defaults to default", () => {
    const [account] = providerCreate({
      resource: { kubernetes_service_account_v1: { a: { metadata: { name: "a" } } } },
    });
    expect(account.object).toEqual({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "a", namespace: "default" },
      automountServiceAccountToken: true,
    });
  });

  test("terraform_data has no API object", () => {
    expect(providerCreate({ resource: { terraform_data: { r: { input: { revision: "x" } } } } })).toEqual([]);
  });
});

describe("providerCreate: Terraform's evaluation of the stack's strings", () => {
  test("references are resolved to the referenced resource's argument, blocks written as objects or lists", () => {
    const stack = {
      resource: {
        kubernetes_namespace_v1: { n: { metadata: [{ name: "team-a" }] } },
        kubernetes_config_map_v1: {
          c: { metadata: { name: "c", namespace: "${kubernetes_namespace_v1.n.metadata[0].name}" }, data: { c: "x" } },
        },
      },
    };
    const created = providerCreate(stack);
    expect(created.map((o) => o.address)).toEqual(["kubernetes_config_map_v1.c", "kubernetes_namespace_v1.n"]);
    expect(created[0].object.metadata).toEqual({ name: "c", namespace: "team-a" });
  });

  test("escapes are undone in values and map keys: $${, %%{, the token-marker split and a leading byte order mark", () => {
    const stack = {
      resource: {
        kubernetes_config_map_v1: {
          c: {
            metadata: { name: "c", namespace: "ns" },
            data: { "$${k}": 'a $${HOME} %%{ if } ${"$"}{TfToken[T.1]} #${"{"}TfToken[T.2]}', b: '${"\\uFEFF"}text' },
          },
        },
      },
    };
    expect(providerCreate(stack)[0].object.data).toEqual({
      "${k}": "a ${HOME} %{ if } ${TfToken[T.1]} #{TfToken[T.2]}",
      b: "\uFEFFtext",
    });
  });
});
