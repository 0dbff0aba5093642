/**
 * WorkloadPod (workload_pod.proto) and StringValueOrRef (foreign_key.proto): each rule with a
 * valid and an invalid case, the message and the field path; snake_case; reference defaults.
 */
import {
  mountedVolumes,
  podContainerProblems,
  type WorkloadContainer,
  type WorkloadPod,
} from "../../../lib/manifest/v1alpha1/workload";
import { merged, minimalContainer, readContainer, readPod } from "./workload-support";

describe("WorkloadPod shape", () => {
  test("an empty pod is valid, with nothing defaulted", () => {
    expect(readPod({})).toMatchObject({ data: {}, errors: [] });
  });

  test("snake_case names, as in Planton's hack manifest", () => {
    const { data, errors } = readPod({
      service_account: { value: "runner" },
      automount_service_account_token: false,
      image_pull_secrets: [{ value: "regcred" }],
      init_containers: [
        { name: "init", image: { repo: "busybox", tag: "1.36" }, volume_mounts: [{ name: "w", mount_path: "/w" }] },
      ],
      scheduling: {
        node_selector: { "kubernetes.io/os": "linux" },
        node_affinity: {
          preferred: [
            {
              weight: 50,
              term: { match_expressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }] },
            },
          ],
        },
        pod_anti_affinity: {
          preferred: [{ weight: 100, term: { match_labels: { app: "x" }, topology_key: "kubernetes.io/hostname" } }],
        },
        topology_spread_constraints: [
          { max_skew: 1, topology_key: "topology.kubernetes.io/zone", when_unsatisfiable: "ScheduleAnyway" },
        ],
        scheduler_name: "default-scheduler",
      },
      security_context: {
        run_as_user: 1000,
        fs_group: 1000,
        fs_group_change_policy: "OnRootMismatch",
        supplemental_groups: [2000],
      },
      termination_grace_period_seconds: 30,
      dns_policy: "ClusterFirst",
      dns_config: { options: [{ name: "ndots", value: "2" }] },
      host_aliases: [{ ip: "203.0.113.10", hostnames: ["legacy.example"] }],
      host_network: false,
      host_pid: false,
      priority_class_name: "",
      runtime_class_name: "gvisor",
    });
    expect(errors).toEqual([]);
    expect(data).toMatchObject({
      serviceAccount: { value: "runner" },
      automountServiceAccountToken: false,
      imagePullSecrets: [{ value: "regcred" }],
      initContainers: [{ name: "init", volumeMounts: [{ name: "w", mountPath: "/w" }] }],
      scheduling: { topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: "ScheduleAnyway" }] },
      securityContext: { fsGroupChangePolicy: "OnRootMismatch", supplementalGroups: [2000] },
      terminationGracePeriodSeconds: 30,
      runtimeClassName: "gvisor",
    });
    expect(data).not.toHaveProperty("priorityClassName", expect.anything());
  });

  test("terminationGracePeriodSeconds 0 is kept (kill at once), unset stays unset", () => {
    expect(readPod({ terminationGracePeriodSeconds: 0 }).data).toEqual({ terminationGracePeriodSeconds: 0 });
    expect(readPod({}).data).not.toHaveProperty("terminationGracePeriodSeconds", expect.anything());
  });
});

describe("value-or-ref fields (StringValueOrRef)", () => {
  test("a reference's kind and fieldPath default to the field's default_kind options", () => {
    const { data, errors } = readPod({
      serviceAccount: { value_from: { name: "checkout-identity" } },
      imagePullSecrets: [
        { valueFrom: { name: "registry" } },
        { valueFrom: { name: "other", kind: "KubernetesSecret", fieldPath: "spec.data" } },
      ],
    });
    expect(errors).toEqual([]);
    expect(data).toEqual({
      serviceAccount: {
        valueFrom: {
          name: "checkout-identity",
          kind: "KubernetesServiceAccount",
          fieldPath: "status.outputs.service_account_name",
        },
      },
      imagePullSecrets: [
        { valueFrom: { name: "registry", kind: "KubernetesSecret", fieldPath: "spec.name" } },
        { valueFrom: { name: "other", kind: "KubernetesSecret", fieldPath: "spec.data" } },
      ],
    });
  });

  test("CEL string_value_or_ref.non_empty: an empty value or nothing is refused", () => {
    expect(readPod({ serviceAccount: { value: "" } }).errors).toEqual([
      'serviceAccount: needs a non-empty value or a reference (valueFrom), got value ""',
    ]);
    expect(readPod({ imagePullSecrets: [{}] }).errors).toEqual([
      "imagePullSecrets[0]: needs a non-empty value or a reference (valueFrom), got neither",
    ]);
  });

  test("oneof literal_or_ref: not both", () => {
    expect(readPod({ serviceAccount: { value: "a", valueFrom: { name: "b" } } }).errors).toEqual([
      "serviceAccount: has value and valueFrom; give exactly one: a literal value or a reference (valueFrom)",
    ]);
  });

  test("ValueFromRef.name is required", () => {
    expect(readPod({ serviceAccount: { valueFrom: { kind: "KubernetesServiceAccount" } } }).errors).toEqual([
      "serviceAccount.valueFrom.name: is required",
    ]);
  });

  test("a literal ServiceAccount or Secret name is a DNS-1123 subdomain", () => {
    expect(readPod({ serviceAccount: { value: "Runner" }, imagePullSecrets: [{ value: "reg_cred" }] }).errors).toEqual([
      expect.stringMatching(/^serviceAccount\.value: "Runner" must be a DNS-1123 subdomain/),
      expect.stringMatching(/^imagePullSecrets\[0\]\.value: "reg_cred" must be a DNS-1123 subdomain/),
    ]);
  });
});

/** [rule, pod, the expected `path: message` lines]. */
const INVALID: readonly [string, Record<string, unknown>, string[]][] = [
  [
    "initContainers[]: WorkloadContainer rules",
    { initContainers: [{ name: "Init", image: { repo: "busybox", tag: "1" } }] },
    [
      "initContainers[0].name: \"Init\" must be a lowercase DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
    ],
  ],
  [
    "labels: keys are qualified names",
    { labels: { "team/a/b": "x" } },
    [
      'labels["team/a/b"]: "team/a/b" must be a name with at most one \'/\': an optional DNS subdomain prefix and a name',
    ],
  ],
  [
    "labels: a key's prefix is a DNS subdomain",
    { labels: { "Example.com/team": "x" } },
    [
      expect.stringMatching(
        /^labels\["Example\.com\/team"\]: "Example\.com\/team" has the prefix "Example\.com", which must be a DNS-1123 subdomain/,
      ) as unknown as string,
    ],
  ],
  [
    "labels: values are label values",
    { labels: { team: "a b" } },
    [
      "labels.team: \"a b\" must be a valid label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
    ],
  ],
  [
    "annotations: keys are qualified names",
    { annotations: { "-bad": "x" } },
    [expect.stringMatching(/^annotations\["-bad"\]: "-bad" must be a qualified name/) as unknown as string],
  ],
  [
    "annotations: at most 256 KiB in all",
    { annotations: { big: "x".repeat(262142) } },
    ["annotations: take 262145 bytes; Kubernetes allows at most 262144 bytes of annotations (keys and values)"],
  ],
  [
    "terminationGracePeriodSeconds: int64 gte 0",
    { terminationGracePeriodSeconds: -1 },
    ["terminationGracePeriodSeconds: -1 is too small; the minimum is 0 (it must not be negative)"],
  ],
  [
    "dnsPolicy: CEL pod.dns_policy",
    { dnsPolicy: "ClusterOnly" },
    ['dnsPolicy: "ClusterOnly" is not allowed; allowed: ClusterFirst, ClusterFirstWithHostNet, Default, None'],
  ],
  [
    "dnsPolicy None requires dnsConfig (validatePodDNSConfig)",
    { dnsPolicy: "None" },
    ['dnsConfig: is required with dnsPolicy "None": give at least one nameserver in dnsConfig.nameservers'],
  ],
  [
    "dnsPolicy None requires a nameserver (validatePodDNSConfig)",
    { dnsPolicy: "None", dnsConfig: { searches: ["svc.cluster.local"] } },
    ['dnsConfig.nameservers: is required with dnsPolicy "None": give at least one nameserver in dnsConfig.nameservers'],
  ],
  [
    "dnsConfig.nameservers: repeated.max_items 3",
    { dnsConfig: { nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9", "8.8.4.4"] } },
    ["dnsConfig.nameservers: has 4 nameservers; at most 3 are allowed"],
  ],
  [
    "dnsConfig.nameservers: IP addresses",
    { dnsConfig: { nameservers: ["dns.example"] } },
    ['dnsConfig.nameservers[0]: "dns.example" must be an IPv4 or IPv6 address (e.g. 10.0.0.1)'],
  ],
  [
    "dnsConfig.searches: DNS subdomains",
    { dnsConfig: { searches: ["Bad_Domain"] } },
    [
      expect.stringMatching(
        /^dnsConfig\.searches\[0\]: "Bad_Domain" must be a DNS-1123 subdomain/,
      ) as unknown as string,
    ],
  ],
  [
    "dnsConfig.options[].name: buf.validate required",
    { dnsConfig: { options: [{ value: "2" }] } },
    ["dnsConfig.options[0].name: is required"],
  ],
  ["hostAliases[].ip: required", { hostAliases: [{ hostnames: ["a.example"] }] }, ["hostAliases[0].ip: is required"]],
  [
    "hostAliases[].ip: string.ip",
    { hostAliases: [{ ip: "203.0.113.300", hostnames: ["a.example"] }] },
    ['hostAliases[0].ip: "203.0.113.300" must be an IPv4 or IPv6 address (e.g. 10.0.0.1)'],
  ],
  [
    "hostAliases[].hostnames: repeated.min_items 1",
    { hostAliases: [{ ip: "10.0.0.1", hostnames: [] }] },
    ["hostAliases[0].hostnames: must have at least one hostname"],
  ],
  [
    "priorityClassName: a DNS subdomain",
    { priorityClassName: "High_Priority" },
    [expect.stringMatching(/^priorityClassName: "High_Priority" must be a DNS-1123 subdomain/) as unknown as string],
  ],
  [
    "runtimeClassName: a DNS subdomain",
    { runtimeClassName: "gVisor" },
    [expect.stringMatching(/^runtimeClassName: "gVisor" must be a DNS-1123 subdomain/) as unknown as string],
  ],
  // Security context
  [
    "securityContext.fsGroupChangePolicy: CEL pod_security.fs_group_change_policy",
    { securityContext: { fsGroupChangePolicy: "Never" } },
    ['securityContext.fsGroupChangePolicy: "Never" is not allowed; allowed: Always, OnRootMismatch'],
  ],
  [
    "securityContext.fsGroup: a group ID",
    { securityContext: { fsGroup: -5 } },
    [
      "securityContext.fsGroup: -5 is too small; the minimum is 0 (Kubernetes allows user and group IDs up to 2147483647)",
    ],
  ],
  [
    "securityContext.supplementalGroups[]: group IDs",
    { securityContext: { supplementalGroups: [1, 2147483648] } },
    [
      "securityContext.supplementalGroups[1]: 2147483648 is too large; the maximum is 2147483647 (Kubernetes allows user and group IDs up to 2147483647)",
    ],
  ],
  [
    "securityContext.sysctls[]: name and value required",
    { securityContext: { sysctls: [{ name: "net.core.somaxconn" }] } },
    ["securityContext.sysctls[0].value: is required"],
  ],
  [
    "securityContext.sysctls[].name: a sysctl name",
    { securityContext: { sysctls: [{ name: "Net.Core", value: "1" }] } },
    [
      expect.stringMatching(
        /^securityContext\.sysctls\[0\]\.name: "Net\.Core" must be a sysctl name/,
      ) as unknown as string,
    ],
  ],
  [
    "securityContext.sysctls: each once",
    {
      securityContext: {
        sysctls: [
          { name: "kernel.shm_rmid_forced", value: "1" },
          { name: "kernel.shm_rmid_forced", value: "0" },
        ],
      },
    },
    [
      'securityContext.sysctls[1].name: "kernel.shm_rmid_forced" is already set by sysctls[0]; each sysctl can be set once',
    ],
  ],
  [
    "securityContext.seccompProfile: the same rules as a container's",
    { securityContext: { seccompProfile: { type: "Localhost" } } },
    [
      'securityContext.seccompProfile.localhostProfile: is required when type is "Localhost": the profile file, relative to the kubelet\'s seccomp root',
    ],
  ],
  // Scheduling
  [
    "scheduling.nodeSelector: label keys and values",
    { scheduling: { nodeSelector: { pool: "gpu pool" } } },
    [
      expect.stringMatching(
        /^scheduling\.nodeSelector\.pool: "gpu pool" must be a valid label value/,
      ) as unknown as string,
    ],
  ],
  [
    "tolerations[].operator: CEL toleration.operator",
    { scheduling: { tolerations: [{ key: "a", operator: "In" }] } },
    ['scheduling.tolerations[0].operator: "In" is not allowed; allowed: Equal, Exists'],
  ],
  [
    "tolerations[].effect: CEL toleration.effect",
    { scheduling: { tolerations: [{ key: "a", effect: "NoExec" }] } },
    ['scheduling.tolerations[0].effect: "NoExec" is not allowed; allowed: NoSchedule, PreferNoSchedule, NoExecute'],
  ],
  [
    "tolerations[]: operator Exists takes no value (validateTolerations)",
    { scheduling: { tolerations: [{ key: "a", operator: "Exists", value: "b" }] } },
    [
      'scheduling.tolerations[0].value: "b" is not allowed with operator Exists (any value of the key matches); remove it',
    ],
  ],
  [
    "tolerations[]: an empty key needs operator Exists (validateTolerations)",
    { scheduling: { tolerations: [{ effect: "NoSchedule" }] } },
    [
      "scheduling.tolerations[0].operator: is unset (Equal), but key is empty; an empty key tolerates every taint and needs operator Exists",
    ],
  ],
  [
    "tolerations[]: tolerationSeconds only with NoExecute (validateTolerations)",
    { scheduling: { tolerations: [{ key: "a", effect: "NoSchedule", tolerationSeconds: 60 }] } },
    [
      'scheduling.tolerations[0].effect: is "NoSchedule", but tolerationSeconds is set; tolerationSeconds applies only to effect NoExecute',
    ],
  ],
  [
    "tolerations[].tolerationSeconds: an int64 this tool reads exactly",
    { scheduling: { tolerations: [{ key: "a", effect: "NoExecute", tolerationSeconds: "9223372036854775807" }] } },
    [
      "scheduling.tolerations[0].tolerationSeconds: 9223372036854775807 is too large; the maximum is 9007199254740991 (the largest whole number read exactly)",
    ],
  ],
  [
    "tolerations[].key: a qualified name",
    { scheduling: { tolerations: [{ key: "a b", operator: "Exists" }] } },
    [expect.stringMatching(/^scheduling\.tolerations\[0\]\.key: "a b" must be a qualified name/) as unknown as string],
  ],
  [
    "nodeAffinity term: matchExpressions repeated.min_items 1",
    { scheduling: { nodeAffinity: { required: [{ matchExpressions: [] }] } } },
    ["scheduling.nodeAffinity.required[0].matchExpressions: must have at least one expression"],
  ],
  [
    "nodeAffinity requirement: key required",
    { scheduling: { nodeAffinity: { required: [{ matchExpressions: [{ operator: "Exists" }] }] } } },
    ["scheduling.nodeAffinity.required[0].matchExpressions[0].key: is required"],
  ],
  [
    "nodeAffinity requirement: CEL node_selector.operator",
    { scheduling: { nodeAffinity: { required: [{ matchExpressions: [{ key: "a", operator: "Has" }] }] } } },
    [
      'scheduling.nodeAffinity.required[0].matchExpressions[0].operator: "Has" is not allowed; allowed: In, NotIn, Exists, DoesNotExist, Gt, Lt',
    ],
  ],
  [
    "nodeAffinity requirement: operator required",
    { scheduling: { nodeAffinity: { required: [{ matchExpressions: [{ key: "a" }] }] } } },
    [
      "scheduling.nodeAffinity.required[0].matchExpressions[0].operator: is required; allowed: In, NotIn, Exists, DoesNotExist, Gt, Lt",
    ],
  ],
  [
    "CEL node_selector.values.consistency: In needs values",
    { scheduling: { nodeAffinity: { required: [{ matchExpressions: [{ key: "a", operator: "In" }] }] } } },
    ["scheduling.nodeAffinity.required[0].matchExpressions[0].values: must have at least one value with operator In"],
  ],
  [
    "CEL node_selector.values.consistency: Gt takes exactly one",
    {
      scheduling: {
        nodeAffinity: { required: [{ matchExpressions: [{ key: "a", operator: "Gt", values: ["1", "2"] }] }] },
      },
    },
    [
      "scheduling.nodeAffinity.required[0].matchExpressions[0].values: must have exactly one value with operator Gt (it has 2)",
    ],
  ],
  [
    "CEL node_selector.values.consistency: Exists takes none",
    {
      scheduling: {
        nodeAffinity: { required: [{ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }] },
      },
    },
    [
      "scheduling.nodeAffinity.required[0].matchExpressions[0].values: must be empty with operator Exists (it has 1 values)",
    ],
  ],
  [
    "Gt/Lt: an integer (ValidateNodeSelectorRequirement)",
    {
      scheduling: {
        nodeAffinity: { required: [{ matchExpressions: [{ key: "a", operator: "Lt", values: ["ten"] }] }] },
      },
    },
    [
      'scheduling.nodeAffinity.required[0].matchExpressions[0].values[0]: "ten" is not an integer; operator Lt compares the label as a whole number',
    ],
  ],
  [
    "nodeAffinity preferred: weight int32 1-100",
    {
      scheduling: {
        nodeAffinity: { preferred: [{ weight: 0, term: { matchExpressions: [{ key: "a", operator: "Exists" }] } }] },
      },
    },
    ["scheduling.nodeAffinity.preferred[0].weight: 0 is too small; the minimum is 1 (a preference weight)"],
  ],
  [
    "nodeAffinity preferred: weight required (unset is 0)",
    {
      scheduling: { nodeAffinity: { preferred: [{ term: { matchExpressions: [{ key: "a", operator: "Exists" }] } }] } },
    },
    ["scheduling.nodeAffinity.preferred[0].weight: is required: a whole number from 1 to 100 (a preference weight)"],
  ],
  [
    "nodeAffinity preferred: term required",
    { scheduling: { nodeAffinity: { preferred: [{ weight: 10 }] } } },
    ["scheduling.nodeAffinity.preferred[0].term: is required"],
  ],
  [
    "podAffinity term: matchLabels map.min_pairs 1",
    { scheduling: { podAffinity: { required: [{ matchLabels: {}, topologyKey: "kubernetes.io/hostname" }] } } },
    ["scheduling.podAffinity.required[0].matchLabels: must have at least one label"],
  ],
  [
    "podAffinity term: topologyKey required",
    { scheduling: { podAntiAffinity: { required: [{ matchLabels: { app: "x" } }] } } },
    ["scheduling.podAntiAffinity.required[0].topologyKey: is required"],
  ],
  [
    "podAffinity term: namespaces are DNS labels",
    {
      scheduling: {
        podAffinity: { required: [{ matchLabels: { app: "x" }, topologyKey: "zone", namespaces: ["Team"] }] },
      },
    },
    [
      expect.stringMatching(
        /^scheduling\.podAffinity\.required\[0\]\.namespaces\[0\]: "Team" must be a DNS-1123 label/,
      ) as unknown as string,
    ],
  ],
  [
    "podAntiAffinity preferred: weight 1-100",
    {
      scheduling: {
        podAntiAffinity: { preferred: [{ weight: 101, term: { matchLabels: { app: "x" }, topologyKey: "zone" } }] },
      },
    },
    ["scheduling.podAntiAffinity.preferred[0].weight: 101 is too large; the maximum is 100 (a preference weight)"],
  ],
  [
    "topologySpreadConstraints[].maxSkew: int32 gte 1",
    {
      scheduling: {
        topologySpreadConstraints: [{ maxSkew: 0, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" }],
      },
    },
    [
      "scheduling.topologySpreadConstraints[0].maxSkew: 0 is too small; the minimum is 1 (the largest difference allowed)",
    ],
  ],
  [
    "topologySpreadConstraints[].topologyKey: required",
    { scheduling: { topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }] } },
    ["scheduling.topologySpreadConstraints[0].topologyKey: is required"],
  ],
  [
    "topologySpreadConstraints[].whenUnsatisfiable: required, CEL topology_spread.when_unsatisfiable",
    { scheduling: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "Never" }] } },
    [
      'scheduling.topologySpreadConstraints[0].whenUnsatisfiable: "Never" is not allowed; allowed: DoNotSchedule, ScheduleAnyway',
    ],
  ],
  [
    "topologySpreadConstraints: one per key and whenUnsatisfiable",
    {
      scheduling: {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" },
          { maxSkew: 2, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" },
        ],
      },
    },
    [
      'scheduling.topologySpreadConstraints[1].topologyKey: "zone" with whenUnsatisfiable DoNotSchedule is already constrained by topologySpreadConstraints[0]; give each pair once',
    ],
  ],
  [
    "scheduling.schedulerName: a DNS subdomain",
    { scheduling: { schedulerName: "My Scheduler" } },
    [
      expect.stringMatching(
        /^scheduling\.schedulerName: "My Scheduler" must be a DNS-1123 subdomain/,
      ) as unknown as string,
    ],
  ],
];

describe("WorkloadPod rules", () => {
  test.each(INVALID)("%s", (_rule, pod, expected) => {
    expect(readPod(pod).errors).toEqual(expected);
  });
});

const VALID: readonly [string, Record<string, unknown>][] = [
  [
    "labels and annotations with prefixes",
    {
      labels: { "example.com/team": "a_b.c" },
      annotations: { "prometheus.io/scrape": "true", note: "any text at all" },
    },
  ],
  [
    "dnsPolicy None with a nameserver",
    { dnsPolicy: "None", dnsConfig: { nameservers: ["10.0.0.10", "fd00::10"], searches: ["svc.cluster.local."] } },
  ],
  ["an IPv6 host alias", { hostAliases: [{ ip: "2001:db8::1", hostnames: ["a.example", "b"] }] }],
  [
    "tolerations: Exists with an empty key; NoExecute with seconds",
    {
      scheduling: {
        tolerations: [
          { operator: "Exists" },
          { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: "300" },
        ],
      },
    },
  ],
  [
    "node affinity: Gt with one integer, DoesNotExist with none",
    {
      scheduling: {
        nodeAffinity: {
          required: [
            {
              matchExpressions: [
                { key: "cores", operator: "Gt", values: ["4"] },
                { key: "spot", operator: "DoesNotExist" },
              ],
            },
          ],
        },
      },
    },
  ],
  [
    "topology spread: the same key with both whenUnsatisfiable",
    {
      scheduling: {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" },
          { maxSkew: 3, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" },
        ],
      },
    },
  ],
  [
    "sysctls with distinct names",
    {
      securityContext: {
        sysctls: [
          { name: "net.core.somaxconn", value: "1024" },
          { name: "kernel/shm_rmid_forced", value: "1" },
        ],
      },
    },
  ],
  ["priority and runtime classes", { priorityClassName: "system-cluster-critical", runtimeClassName: "kata.v2" }],
];

describe("WorkloadPod valid cases", () => {
  test.each(VALID)("%s", (_rule, pod) => {
    expect(readPod(pod).errors).toEqual([]);
  });
});

describe("mountedVolumes: the pod's volumes from all containers' mounts", () => {
  const withMounts = (mounts: unknown[]) =>
    readContainer(merged(minimalContainer(), { name: "c", volumeMounts: mounts })).data as WorkloadContainer;

  test("a mount without a source shares the volume another container declares", () => {
    const app = withMounts([{ name: "work", mountPath: "/work", emptyDir: { sizeLimit: "32Mi" } }]);
    const init = withMounts([{ name: "work", mountPath: "/w" }]);
    const { volumes, problems } = mountedVolumes([
      { container: app, path: ["spec", "container", "app"] },
      { container: init, path: ["spec", "pod", "initContainers", 0] },
    ]);
    expect(problems).toEqual([]);
    expect(volumes.map((volume) => [volume.name, volume.path])).toEqual([
      ["work", ["spec", "container", "app", "volumeMounts", 0]],
    ]);
  });

  test("a volume no container gives a source for is a problem at the mount", () => {
    const { problems } = mountedVolumes([
      { container: withMounts([{ name: "work", mountPath: "/work" }]), path: ["spec", "container", "app"] },
    ]);
    expect(problems).toEqual([
      {
        severity: "error",
        path: ["spec", "container", "app", "volumeMounts", 0],
        message:
          'mounts volume "work", which no container of the pod declares a source for; give one of configMap, secret, hostPath, emptyDir, pvc',
      },
    ]);
  });

  test("the same volume name with two different sources is a problem", () => {
    const { problems } = mountedVolumes([
      { container: withMounts([{ name: "data", mountPath: "/a", emptyDir: {} }]), path: ["spec", "container", "app"] },
      {
        container: withMounts([{ name: "data", mountPath: "/b", pvc: { claimName: "data" } }]),
        path: ["spec", "container", "sidecars", 0],
      },
    ]);
    expect(problems).toEqual([
      {
        severity: "error",
        path: ["spec", "container", "sidecars", 0, "volumeMounts", 0],
        message:
          'mounts volume "data" with a different source than spec.container.app.volumeMounts[0]; containers sharing a volume give the same source (or none)',
      },
    ]);
  });
});

describe("podContainerProblems: pod fields against each container", () => {
  const containerWith = (patch: Record<string, unknown>) =>
    readContainer(merged(minimalContainer(), patch)).data as WorkloadContainer;
  const pod = (value: Record<string, unknown>) => readPod(value).data as WorkloadPod;
  const at = ["spec", "container", "app"];

  test("with hostNetwork, a host port must equal its container port (validateHostNetwork)", () => {
    const app = containerWith({
      ports: [
        { name: "a", containerPort: 8080, hostPort: 8080 },
        { name: "b", containerPort: 9090, hostPort: 80 },
      ],
    });
    expect(podContainerProblems(pod({ hostNetwork: true }), [{ container: app, path: at }])).toEqual([
      {
        severity: "error",
        path: [...at, "ports", 1, "hostPort"],
        message:
          "80 is not the containerPort 9090; with pod.hostNetwork the container listens on the node, so hostPort must equal containerPort (or be unset)",
      },
    ]);
    expect(podContainerProblems(pod({}), [{ container: app, path: at }])).toEqual([]);
  });

  test("a lifecycle sleep fits in the termination grace period, 30 by default (validateSleepAction)", () => {
    const app = containerWith({ lifecycle: { preStop: { sleep: { seconds: 45 } } } });
    expect(podContainerProblems(undefined, [{ container: app, path: at }])).toEqual([
      {
        severity: "error",
        path: [...at, "lifecycle", "preStop", "sleep", "seconds"],
        message:
          "45 is more than the pod's terminationGracePeriodSeconds (30, the default); a lifecycle sleep must fit in the grace period",
      },
    ]);
    expect(podContainerProblems(pod({ terminationGracePeriodSeconds: 60 }), [{ container: app, path: at }])).toEqual(
      [],
    );
    expect(podContainerProblems(pod({ terminationGracePeriodSeconds: 10 }), [{ container: app, path: at }])).toEqual([
      expect.objectContaining({ message: expect.stringContaining("terminationGracePeriodSeconds (10);") }),
    ]);
  });
});
