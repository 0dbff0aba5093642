/**
 * WorkloadContainer (workload_container.proto, its env, probe and volume mount messages): each
 * rule with a valid and an invalid case, the message and the field path; snake_case and camelCase.
 */
import { minimalContainer, merged, readContainer } from "./workload-support";

const container = (patch: Record<string, unknown>) => merged(minimalContainer(), patch);

describe("WorkloadContainer shape", () => {
  test("the proto's required fields alone make a valid container, with nothing defaulted", () => {
    const { data, errors } = readContainer(minimalContainer());
    expect(errors).toEqual([]);
    expect(data).toEqual({ image: { repo: "busybox", tag: "1.36" } });
  });

  test("snake_case and camelCase field names read the same", () => {
    const snake = {
      name: "app",
      image: { repo: "busybox", tag: "1.36", pull_secret_name: "regcred" },
      image_pull_policy: "IfNotPresent",
      working_dir: "/work",
      ports: [{ name: "http", container_port: 8080, network_protocol: "TCP", app_protocol: "http", service_port: 80 }],
      env: {
        variables: [
          { name: "POD", field_ref: { field_path: "metadata.name", api_version: "v1" } },
          { name: "CPU", resource_field_ref: { resource: "limits.cpu", container_name: "app", divisor: "1m" } },
          { name: "MODE", config_map_key_ref: { name: "settings", key: "mode" } },
          { name: "HOST", value_from: { kind: "KubernetesPostgres", name: "db", field_path: "status.outputs.host" } },
        ],
        secrets: [{ name: "TOKEN", secret_ref: { name: "creds", key: "token" } }],
        env_from: [{ prefix: "CFG_", config_map_ref: { name: "settings" } }],
      },
      readiness_probe: {
        http_get: { path: "/healthz", port_number: 8080, http_headers: [{ name: "X-Probe", value: "1" }] },
        initial_delay_seconds: 5,
        period_seconds: 10,
        timeout_seconds: 2,
        success_threshold: 2,
        failure_threshold: 3,
      },
      liveness_probe: { tcp_socket: { port_name: "http" } },
      startup_probe: { grpc: { port: 9090, service: "health" } },
      volume_mounts: [
        { name: "cache", mount_path: "/cache", sub_path: "x", empty_dir: { size_limit: "1Gi" } },
        {
          name: "cfg",
          mount_path: "/cfg",
          read_only: true,
          config_map: { name: "cfg", key: "a", path: "a.txt", default_mode: 0o644 },
        },
        { name: "data", mount_path: "/data", pvc: { claim_name: "data", read_only: true } },
      ],
      lifecycle: { pre_stop: { sleep: { seconds: 5 } }, post_start: { exec: { command: ["true"] } } },
      security_context: {
        run_as_user: 1000,
        run_as_group: 1000,
        run_as_non_root: true,
        read_only_root_filesystem: true,
        allow_privilege_escalation: false,
        capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
        seccomp_profile: { type: "Localhost", localhost_profile: "profiles/app.json" },
      },
    };
    const toCamel = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(toCamel);
      if (typeof value !== "object" || value === null) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
          toCamel(item),
        ]),
      );
    };
    const fromSnake = readContainer(snake);
    const fromCamel = readContainer(toCamel(snake));
    expect(fromSnake.errors).toEqual([]);
    expect(fromSnake.data).toEqual(fromCamel.data);
    expect(fromSnake.data).toMatchObject({
      imagePullPolicy: "IfNotPresent",
      ports: [{ name: "http", containerPort: 8080, networkProtocol: "TCP", appProtocol: "http", servicePort: 80 }],
      securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "profiles/app.json" } },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
    });
  });

  test("a field given under both names is refused, as protojson does", () => {
    expect(readContainer(container({ workingDir: "/a", working_dir: "/b" })).readings).toEqual([
      'workingDir: is given twice, as "workingDir" and "working_dir" (the same field); keep one of them, as protojson does not accept both',
    ]);
  });

  test("unknown fields are refused (strict messages), with the closest field suggested", () => {
    expect(readContainer(container({ imagePullPolicyy: "Always" })).errors).toEqual([
      'imagePullPolicyy: unknown field "imagePullPolicyy"; did you mean "imagePullPolicy"?',
    ]);
    expect(readContainer(container({ securityContext: { privileged: true, root: true } })).errors).toEqual([
      expect.stringMatching(/^securityContext\.root: unknown field "root"/),
    ]);
  });

  test('"" and 0 (proto3 zero values) read as unset', () => {
    const { data, errors } = readContainer(
      container({
        name: "",
        imagePullPolicy: "",
        workingDir: "",
        ports: [{ name: "http", containerPort: 80, servicePort: 0, hostPort: 0, networkProtocol: "" }],
      }),
    );
    expect(errors).toEqual([]);
    expect(data).toEqual({ image: { repo: "busybox", tag: "1.36" }, ports: [{ name: "http", containerPort: 80 }] });
  });

  test("64-bit integers may be written as strings (protojson's form)", () => {
    const { data, errors } = readContainer(
      container({ securityContext: { runAsUser: "1000" }, lifecycle: { preStop: { sleep: { seconds: "30" } } } }),
    );
    expect(errors).toEqual([]);
    expect(data).toMatchObject({
      securityContext: { runAsUser: 1000 },
      lifecycle: { preStop: { sleep: { seconds: 30 } } },
    });
  });

  test("a quantity written as a YAML number is read, with Planton's CLI's refusal as a warning", () => {
    const { data, errors, readings } = readContainer(container({ resources: { limits: { cpu: 1 } } }));
    expect(errors).toEqual([]);
    expect(data).toMatchObject({ resources: { limits: { cpu: "1" } } });
    expect(readings).toEqual([
      'resources.limits.cpu: is the YAML number 1; Planton\'s CLI reads quantities only as strings and would reject this file: quote it ("1")',
    ]);
  });
});

/** [rule, container patch, the expected `path: message` lines]. Each is valid without the patch. */
const INVALID: readonly [string, Record<string, unknown>, string[]][] = [
  // workload_container.proto
  [
    "name: CEL container.name.dns_label",
    { name: "App_1" },
    [
      "name: \"App_1\" must be a lowercase DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
    ],
  ],
  ["image: buf.validate required", { image: undefined }, ["image: is required"]],
  [
    "image.repo: CEL container.image.repo",
    { image: { repo: "" } },
    ['image.repo: is required: the image repository (e.g. "busybox" or "ghcr.io/acme/api")'],
  ],
  [
    "image.tag: CEL container.image.tag",
    { image: { tag: undefined } },
    ['image.tag: is required: pin a version (e.g. "1.27.1"); avoid "latest" for anything you intend to roll back'],
  ],
  [
    "image.repo: an image reference (distribution/reference)",
    { image: { repo: "Busybox" } },
    [
      "image.repo: \"Busybox\" is not a valid image repository: lowercase path components separated by '/', '.', '_' or '-', optionally after a registry host (e.g. ghcr.io/acme/report-runner)",
    ],
  ],
  [
    "image.repo: a repository with its own tag, beside image.tag",
    { image: { repo: "busybox:1.36" } },
    ['image.repo: "busybox:1.36" already carries a tag or digest; with image.tag set, give the repository alone'],
  ],
  [
    "image.tag: a tag or digest",
    { image: { tag: "-bad" } },
    [expect.stringMatching(/^image\.tag: "-bad" is not a valid image tag/) as unknown as string],
  ],
  [
    "image.pullSecretName: a Secret name (DNS-1123 subdomain)",
    { image: { pullSecretName: "Reg_Cred" } },
    [expect.stringMatching(/^image\.pullSecretName: "Reg_Cred" must be a DNS-1123 subdomain/) as unknown as string],
  ],
  [
    "imagePullPolicy: CEL container.image_pull_policy",
    { imagePullPolicy: "Sometimes" },
    ['imagePullPolicy: "Sometimes" is not allowed; allowed: Always, IfNotPresent, Never'],
  ],
  ["ports[].name: buf.validate required", { ports: [{ containerPort: 80 }] }, ["ports[0].name: is required"]],
  [
    "ports[].name: CEL container.port.name",
    { ports: [{ name: "HTTP", containerPort: 80 }] },
    [
      "ports[0].name: \"HTTP\" must contain only lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. http, grpc-web)",
    ],
  ],
  [
    "ports[].name: an IANA service name (at most 15 characters)",
    { ports: [{ name: "a-very-long-port-name", containerPort: 80 }] },
    ['ports[0].name: "a-very-long-port-name" must be at most 15 characters to be a port name (it has 21)'],
  ],
  [
    "ports[].name: an IANA service name (a letter)",
    { ports: [{ name: "8080", containerPort: 80 }] },
    ['ports[0].name: "8080" must contain at least one letter'],
  ],
  [
    "ports[].containerPort: buf.validate required",
    { ports: [{ name: "http" }] },
    ["ports[0].containerPort: is required: a whole number from 1 to 65535 (a port number)"],
  ],
  [
    "ports[].containerPort: int32 gte 1 lte 65535",
    { ports: [{ name: "http", containerPort: 65536 }] },
    ["ports[0].containerPort: 65536 is too large; the maximum is 65535 (a port number)"],
  ],
  [
    "ports[].networkProtocol: CEL container.port.network_protocol",
    { ports: [{ name: "http", containerPort: 80, networkProtocol: "tcp" }] },
    ['ports[0].networkProtocol: "tcp" is not allowed; allowed: TCP, UDP, SCTP'],
  ],
  [
    "ports[].servicePort: CEL container.port.service_port",
    { ports: [{ name: "http", containerPort: 80, servicePort: 70000 }] },
    ["ports[0].servicePort: 70000 is too large; the maximum is 65535 (a port number)"],
  ],
  [
    "ports[].hostPort: CEL container.port.host_port",
    { ports: [{ name: "http", containerPort: 80, hostPort: -1 }] },
    ["ports[0].hostPort: -1 is too small; the minimum is 1 (a port number)"],
  ],
  [
    "ports[].containerPort: 0 is unset, so refused (required)",
    { ports: [{ name: "http", containerPort: 0 }] },
    ["ports[0].containerPort: 0 is too small; the minimum is 1 (a port number)"],
  ],
  [
    "ports: unique names in a container (validateContainerPorts)",
    {
      ports: [
        { name: "http", containerPort: 80 },
        { name: "http", containerPort: 81 },
      ],
    },
    ['ports[1].name: "http" is already the name of ports[0]; port names must be unique in a container'],
  ],
  [
    "a port number written as a fraction",
    { ports: [{ name: "http", containerPort: 80.5 }] },
    ["ports[0].containerPort: must be a whole number, got 80.5"],
  ],
  // Env
  ["env.variables[].name: required", { env: { variables: [{ value: "x" }] } }, ["env.variables[0].name: is required"]],
  [
    "env.variables[].name: an env var name (validateEnv)",
    { env: { variables: [{ name: "1X", value: "x" }] } },
    [
      "env.variables[0].name: \"1X\" must consist of letters, digits, '_', '-' and '.', and must not start with a digit",
    ],
  ],
  [
    "env.variables[]: exactly one source (none)",
    { env: { variables: [{ name: "X" }] } },
    ["env.variables[0]: needs value source: one of value, valueFrom, configMapKeyRef, fieldRef, resourceFieldRef"],
  ],
  [
    "env.variables[]: exactly one source (two)",
    { env: { variables: [{ name: "X", value: "a", fieldRef: { fieldPath: "metadata.name" } }] } },
    [
      "env.variables[0]: has value and fieldRef; give exactly one value source (one of value, valueFrom, configMapKeyRef, fieldRef, resourceFieldRef)",
    ],
  ],
  [
    "env.variables[].valueFrom.name: ValueFromRef name required",
    { env: { variables: [{ name: "X", valueFrom: { kind: "KubernetesPostgres" } }] } },
    ["env.variables[0].valueFrom.name: is required"],
  ],
  [
    "env.variables[].configMapKeyRef: name and key required",
    { env: { variables: [{ name: "X", configMapKeyRef: { name: "cfg", key: "" } }] } },
    ["env.variables[0].configMapKeyRef.key: is required and must not be empty"],
  ],
  [
    "env.variables[].fieldRef.fieldPath: a pod field the downward API exposes",
    { env: { variables: [{ name: "X", fieldRef: { fieldPath: "spec.containers" } }] } },
    [
      "env.variables[0].fieldRef.fieldPath: \"spec.containers\" is not a pod field an env variable can read; allowed: metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, metadata.labels['<key>'], metadata.annotations['<key>']",
    ],
  ],
  [
    "env.variables[].resourceFieldRef.resource: a container resource",
    { env: { variables: [{ name: "X", resourceFieldRef: { resource: "limits.gpu" } }] } },
    [
      'env.variables[0].resourceFieldRef.resource: "limits.gpu" is not a container resource an env variable can read; allowed: limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage',
    ],
  ],
  [
    "env.variables[].resourceFieldRef.divisor: a quantity",
    { env: { variables: [{ name: "X", resourceFieldRef: { resource: "limits.cpu", divisor: "lots" } }] } },
    [
      'env.variables[0].resourceFieldRef.divisor: "lots" is not a Kubernetes quantity such as 500m, 1.5, 2e3, 128Mi or 1Gi',
    ],
  ],
  [
    "env.secrets[]: exactly one source",
    { env: { secrets: [{ name: "TOKEN" }] } },
    ["env.secrets[0]: needs secret source: one of value, secretRef, valueFrom"],
  ],
  [
    "env.secrets[].secretRef: name and key required",
    { env: { secrets: [{ name: "TOKEN", secretRef: { name: "creds" } }] } },
    ["env.secrets[0].secretRef.key: is required"],
  ],
  [
    "env.secrets[].name: also a Secret key",
    { env: { secrets: [{ name: "..TOKEN", value: "x" }] } },
    ["env.secrets[0].name: \"..TOKEN\" must not be '.' or '..' or start with '..'"],
  ],
  [
    "env.secrets[].value: a string, never shown",
    { env: { secrets: [{ name: "PIN", value: 123456 }] } },
    ["env.secrets[0].value: must be a string (the value is not shown: it may be a secret); quote it in YAML"],
  ],
  [
    "env: a name set twice (variables and secrets)",
    { env: { variables: [{ name: "TOKEN", value: "a" }], secrets: [{ name: "TOKEN", value: "b" }] } },
    ['env.secrets[0].name: "TOKEN" is already set by env.variables[0]; an env variable can have only one value'],
  ],
  [
    "env.envFrom[]: exactly one of configMapRef, secretRef (validateEnvFrom)",
    { env: { envFrom: [{ prefix: "A_" }] } },
    ["env.envFrom[0]: needs source: one of configMapRef, secretRef"],
  ],
  [
    "env.envFrom[].prefix: an env var name",
    { env: { envFrom: [{ prefix: "1_", secretRef: { name: "creds" } }] } },
    [
      "env.envFrom[0].prefix: \"1_\" must consist of letters, digits, '_', '-' and '.', and must not start with a digit",
    ],
  ],
  // Resources
  [
    "resources: a quantity",
    { resources: { requests: { memory: "1 GB" } } },
    ['resources.requests.memory: "1 GB" is not a Kubernetes quantity such as 500m, 1.5, 2e3, 128Mi or 1Gi'],
  ],
  [
    "resources: requests at most limits",
    { resources: { requests: { cpu: "2" }, limits: { cpu: "1500m" } } },
    ['resources.requests.cpu: "2" is more than the limit "1500m"; a request must be at most its limit'],
  ],
  [
    "resources: not negative",
    { resources: { limits: { memory: "-1Gi" } } },
    ['resources.limits.memory: "-1Gi" must not be negative'],
  ],
  // Probes
  [
    "probe: exactly one handler (none)",
    { readinessProbe: { periodSeconds: 5 } },
    ["readinessProbe: needs handler: one of exec, httpGet, tcpSocket, grpc"],
  ],
  [
    "probe: exactly one handler (two)",
    { livenessProbe: { exec: { command: ["true"] }, tcpSocket: { portNumber: 80 } } },
    ["livenessProbe: has exec and tcpSocket; give exactly one handler (one of exec, httpGet, tcpSocket, grpc)"],
  ],
  [
    "probe.httpGet: a port by number or by name",
    { readinessProbe: { httpGet: { path: "/" } } },
    ["readinessProbe.httpGet: needs port: one of portNumber, portName"],
  ],
  [
    "probe.httpGet: not both port number and name",
    { readinessProbe: { httpGet: { portNumber: 80, portName: "http" } } },
    ["readinessProbe.httpGet: has portNumber and portName; give exactly one port (one of portNumber, portName)"],
  ],
  [
    "probe.httpGet.portNumber: 1-65535",
    { readinessProbe: { httpGet: { portNumber: 65536 } } },
    ["readinessProbe.httpGet.portNumber: 65536 is too large; the maximum is 65535 (a port number)"],
  ],
  [
    "probe.httpGet.scheme: HTTP or HTTPS",
    { readinessProbe: { httpGet: { portNumber: 80, scheme: "http" } } },
    ['readinessProbe.httpGet.scheme: "http" is not allowed; allowed: HTTP, HTTPS'],
  ],
  [
    "probe.httpGet.path: absolute",
    { readinessProbe: { httpGet: { portNumber: 80, path: "healthz" } } },
    ["readinessProbe.httpGet.path: \"healthz\" must be an absolute path (starting with '/')"],
  ],
  [
    "probe.httpGet.httpHeaders[].name: an HTTP header name",
    { readinessProbe: { httpGet: { portNumber: 80, httpHeaders: [{ name: "X Probe", value: "1" }] } } },
    ["readinessProbe.httpGet.httpHeaders[0].name: \"X Probe\" must be an HTTP header name: letters, digits and '-'"],
  ],
  [
    "probe.tcpSocket.portName: an IANA service name",
    { readinessProbe: { tcpSocket: { portName: "my--port" } } },
    ["readinessProbe.tcpSocket.portName: \"my--port\" must not contain '--' (two hyphens in a row)"],
  ],
  [
    "probe.grpc.port: required, 1-65535",
    { startupProbe: { grpc: { service: "health" } } },
    ["startupProbe.grpc.port: is required: a whole number from 1 to 65535 (a port number)"],
  ],
  [
    "probe.exec.command: required",
    { readinessProbe: { exec: {} } },
    ['readinessProbe.exec.command: is required: the command to run, e.g. ["/bin/sh", "-c", "test -f /tmp/ready"]'],
  ],
  [
    "probe timings: not negative",
    { readinessProbe: { exec: { command: ["true"] }, periodSeconds: -1 } },
    ["readinessProbe.periodSeconds: -1 is too small; the minimum is 0 (it must not be negative)"],
  ],
  [
    "livenessProbe.successThreshold: 1 (validateProbe)",
    { livenessProbe: { exec: { command: ["true"] }, successThreshold: 2 } },
    ["livenessProbe.successThreshold: 2 is not allowed; a livenessProbe must have successThreshold 1 (or unset)"],
  ],
  [
    "startupProbe.successThreshold: 1 (validateProbe)",
    { startupProbe: { exec: { command: ["true"] }, successThreshold: 3 } },
    ["startupProbe.successThreshold: 3 is not allowed; a startupProbe must have successThreshold 1 (or unset)"],
  ],
  // Volume mounts
  [
    "volumeMounts[].name: required, a DNS-1123 label",
    { volumeMounts: [{ name: "Work", mountPath: "/work", emptyDir: {} }] },
    [expect.stringMatching(/^volumeMounts\[0\]\.name: "Work" must be a DNS-1123 label/) as unknown as string],
  ],
  [
    "volumeMounts[].mountPath: required, absolute",
    { volumeMounts: [{ name: "work", mountPath: "work", emptyDir: {} }] },
    ["volumeMounts[0].mountPath: \"work\" must be an absolute path (starting with '/')"],
  ],
  [
    "volumeMounts[].subPath: relative, without '..'",
    { volumeMounts: [{ name: "work", mountPath: "/work", subPath: "../etc", emptyDir: {} }] },
    ["volumeMounts[0].subPath: \"../etc\" must not contain '..'"],
  ],
  [
    "volumeMounts[]: at most one source",
    { volumeMounts: [{ name: "work", mountPath: "/work", emptyDir: {}, pvc: { claimName: "data" } }] },
    [
      "volumeMounts[0]: has emptyDir and pvc; give at most one volume source (one of configMap, secret, hostPath, emptyDir, pvc)",
    ],
  ],
  [
    "volumeMounts[]: unique names in a container",
    {
      volumeMounts: [
        { name: "work", mountPath: "/a", emptyDir: {} },
        { name: "work", mountPath: "/b" },
      ],
    },
    ['volumeMounts[1].name: "work" is already mounted by volumeMounts[0]; a container mounts a volume once'],
  ],
  [
    "volumeMounts[]: unique mount paths in a container",
    {
      volumeMounts: [
        { name: "a", mountPath: "/work", emptyDir: {} },
        { name: "b", mountPath: "/work", emptyDir: {} },
      ],
    },
    [
      'volumeMounts[1].mountPath: "/work" is already used by volumeMounts[0]; mount paths must be unique in a container',
    ],
  ],
  [
    "volumeMounts[].configMap.defaultMode: 0 to 0777",
    { volumeMounts: [{ name: "cfg", mountPath: "/cfg", configMap: { name: "cfg", defaultMode: 755 } }] },
    [
      "volumeMounts[0].configMap.defaultMode: 755 is too large; the maximum is 511 (a file mode, 0777 octal; write octal modes as 0o755 or as decimal (493), since YAML reads 0755 as the decimal 755)",
    ],
  ],
  [
    "volumeMounts[].hostPath.type: a HostPathType",
    { volumeMounts: [{ name: "h", mountPath: "/h", hostPath: { path: "/var", type: "Dir" } }] },
    [
      'volumeMounts[0].hostPath.type: "Dir" is not allowed; allowed: DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice',
    ],
  ],
  [
    "volumeMounts[].emptyDir.medium: Memory",
    { volumeMounts: [{ name: "m", mountPath: "/m", emptyDir: { medium: "Disk" } }] },
    ['volumeMounts[0].emptyDir.medium: "Disk" is not allowed; allowed: Memory'],
  ],
  [
    "volumeMounts[].pvc.claimName: required",
    { volumeMounts: [{ name: "d", mountPath: "/d", pvc: {} }] },
    ["volumeMounts[0].pvc.claimName: is required"],
  ],
  // Lifecycle
  [
    "lifecycle handler: exactly one action (oneof handler)",
    { lifecycle: { preStop: {} } },
    ["lifecycle.preStop: needs action: one of exec, httpGet, tcpSocket, sleep"],
  ],
  [
    "lifecycle handler: not two actions",
    { lifecycle: { postStart: { exec: { command: ["true"] }, sleep: { seconds: 1 } } } },
    ["lifecycle.postStart: has exec and sleep; give exactly one action (one of exec, httpGet, tcpSocket, sleep)"],
  ],
  [
    "lifecycle sleep.seconds: int64 gte 0",
    { lifecycle: { preStop: { sleep: { seconds: -5 } } } },
    ["lifecycle.preStop.sleep.seconds: -5 is too small; the minimum is 0 (it must not be negative)"],
  ],
  // Security context
  [
    "securityContext.runAsUser: a user ID (0 to 2147483647)",
    { securityContext: { runAsUser: -1 } },
    [
      "securityContext.runAsUser: -1 is too small; the minimum is 0 (Kubernetes allows user and group IDs up to 2147483647)",
    ],
  ],
  [
    "securityContext.runAsGroup: a group ID",
    { securityContext: { runAsGroup: "4294967296" } },
    [
      "securityContext.runAsGroup: 4294967296 is too large; the maximum is 2147483647 (Kubernetes allows user and group IDs up to 2147483647)",
    ],
  ],
  [
    "securityContext.seccompProfile.type: buf.validate required",
    { securityContext: { seccompProfile: {} } },
    ["securityContext.seccompProfile.type: is required; allowed: RuntimeDefault, Unconfined, Localhost"],
  ],
  [
    "securityContext.seccompProfile.type: CEL seccomp.type",
    { securityContext: { seccompProfile: { type: "Default" } } },
    ['securityContext.seccompProfile.type: "Default" is not allowed; allowed: RuntimeDefault, Unconfined, Localhost'],
  ],
  [
    "securityContext.seccompProfile: CEL seccomp.localhost_profile.required (Localhost without a profile)",
    { securityContext: { seccompProfile: { type: "Localhost" } } },
    [
      'securityContext.seccompProfile.localhostProfile: is required when type is "Localhost": the profile file, relative to the kubelet\'s seccomp root',
    ],
  ],
  [
    "securityContext.seccompProfile: CEL seccomp.localhost_profile.required (a profile without Localhost)",
    { securityContext: { seccompProfile: { type: "RuntimeDefault", localhostProfile: "p.json" } } },
    [
      'securityContext.seccompProfile.localhostProfile: "p.json" is allowed only when type is "Localhost" (type is "RuntimeDefault"); remove it',
    ],
  ],
  [
    "securityContext.capabilities: capability names",
    { securityContext: { capabilities: { add: ["NET ADMIN"] } } },
    [
      "securityContext.capabilities.add[0]: \"NET ADMIN\" is not a Linux capability name: letters, digits and '_' (e.g. NET_BIND_SERVICE, or ALL)",
    ],
  ],
  [
    "securityContext: privileged with allowPrivilegeEscalation false (ValidateSecurityContext)",
    { securityContext: { privileged: true, allowPrivilegeEscalation: false } },
    [
      "securityContext.allowPrivilegeEscalation: is false, but privileged is true; a privileged container always may escalate (leave this unset)",
    ],
  ],
  [
    "securityContext: CAP_SYS_ADMIN with allowPrivilegeEscalation false (ValidateSecurityContext)",
    { securityContext: { capabilities: { add: ["SYS_ADMIN"] }, allowPrivilegeEscalation: false } },
    [
      "securityContext.allowPrivilegeEscalation: is false, but capabilities.add[0] adds SYS_ADMIN, which always allows escalation; remove one of them",
    ],
  ],
];

describe("WorkloadContainer rules", () => {
  test.each(INVALID)("%s", (_rule, patch, expected) => {
    expect(readContainer(container(patch)).errors).toEqual(expected);
  });
});

/** [rule, a valid container patch next to its invalid case above]. */
const VALID: readonly [string, Record<string, unknown>][] = [
  ["name: a DNS label", { name: "log-flusher" }],
  ["image: a registry host, a digest as tag", { image: { repo: "ghcr.io/acme/api", tag: `sha256:${"a".repeat(64)}` } }],
  ["imagePullPolicy: each allowed value", { imagePullPolicy: "Never" }],
  [
    "ports: names, numbers, protocols",
    {
      ports: [
        { name: "dns", containerPort: 53, networkProtocol: "UDP", hostPort: 53 },
        { name: "metrics", containerPort: 9090 },
      ],
    },
  ],
  [
    "env: each variable source",
    {
      env: {
        variables: [
          { name: "A", value: "" },
          { name: "B", fieldRef: { fieldPath: "metadata.labels['app']" } },
        ],
      },
    },
  ],
  [
    "env: secrets by value, by Secret key, by reference",
    {
      env: {
        secrets: [
          { name: "A", value: "x" },
          { name: "B", secretRef: { name: "s", key: "k" } },
          { name: "C", valueFrom: { name: "db" } },
        ],
      },
    },
  ],
  [
    "resources: requests equal to limits",
    { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } } },
  ],
  ["resources: requests only", { resources: { requests: { cpu: "10m" } } }],
  ["probe: a named port", { readinessProbe: { httpGet: { portName: "http", scheme: "HTTPS" } } }],
  ["readinessProbe: any successThreshold", { readinessProbe: { exec: { command: ["true"] }, successThreshold: 3 } }],
  ["livenessProbe: successThreshold 1", { livenessProbe: { exec: { command: ["true"] }, successThreshold: 1 } }],
  [
    "volumeMounts: a mount without a source (declared by another container)",
    { volumeMounts: [{ name: "work", mountPath: "/work" }] },
  ],
  [
    "volumeMounts: a file mode written in octal",
    { volumeMounts: [{ name: "s", mountPath: "/s", secret: { name: "tls", defaultMode: 0o400 } }] },
  ],
  ["lifecycle: an HTTP preStop hook", { lifecycle: { preStop: { httpGet: { path: "/drain", portNumber: 8080 } } } }],
  [
    "securityContext: privileged alone",
    { securityContext: { privileged: true, capabilities: { add: ["SYS_ADMIN"] } } },
  ],
  [
    "securityContext: Unconfined seccomp",
    { securityContext: { seccompProfile: { type: "Unconfined", localhostProfile: "" } } },
  ],
];

describe("WorkloadContainer valid cases", () => {
  test.each(VALID)("%s", (_rule, patch) => {
    expect(readContainer(container(patch)).errors).toEqual([]);
  });
});
