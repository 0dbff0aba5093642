/**
 * From Kubernetes API objects (the object model, lib/model) to the attributes of the
 * hashicorp/kubernetes provider's resources, as the cdktf structs of @cdktf/provider-kubernetes
 * take them. This knows only how the provider spells the API, never what a manifest means:
 *
 * - list fields that the provider names in the singular (`containers` -> `container`,
 *   `initContainers` -> `initContainer`, `tolerations` -> `toleration`, `ports` -> `port`, ...);
 * - single API objects that the provider takes as a list of blocks (a probe's `tcp_socket` and
 *   `grpc`, lifecycle hooks, label selectors of pod affinity terms and topology spread);
 * - numbers the provider takes as strings (file modes as octal "0755", the Job's
 *   ttl_seconds_after_finished, user and group ids, toleration seconds, probe ports);
 * - Secret data, base64 in the API, which the provider takes as plain text and encodes itself;
 * - the names of objects the stack creates, replaced by Terraform references to them, so that
 *   Terraform creates them first;
 * - every other string (and every map key) escaped for Terraform and cdktf (literal.ts).
 *
 * cdktf's structs drop keys they do not know without a word, so a field of the model that no
 * shape below describes is an internal error here rather than a silent loss on the way.
 */
import type { ConfigMapV1Config } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { JobV1Config } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { NamespaceV1Config } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { SecretV1Config } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { ServiceAccountV1Config } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import { literal } from "./literal";

/** Kinds of the objects the stack may create, whose names other objects refer to. */
export type ReferencedKind = "Namespace" | "ConfigMap" | "Secret" | "ServiceAccount";

/** A Terraform reference to the name of an object of the stack, or undefined when the stack does not create it. */
export type References = (kind: ReferencedKind, name: string) => string | undefined;

export const NO_REFERENCES: References = () => undefined;

type Scalar = string | number | boolean;

/** How the provider says one field of an API object. */
type Field =
  /** A string, number or boolean; `as` renames it, `convert` changes its type, `refers` makes it a reference. */
  | {
      readonly type: "scalar";
      readonly as?: string;
      readonly convert?: (value: Scalar) => Scalar;
      readonly refers?: ReferencedKind;
    }
  /** A list of strings. */
  | { readonly type: "strings" }
  /** A list of numbers (exit codes, group ids). */
  | { readonly type: "numbers" }
  /** A map of strings (labels, data, quantities): keys are the user's, kept as written. */
  | { readonly type: "map"; readonly convert?: (value: string) => string }
  /**
   * An object, or a list of objects: a block of the provider. `list` wraps a single object in a
   * list, for the blocks the provider declares as lists where the API has one object.
   */
  | { readonly type: "block"; readonly as?: string; readonly list?: boolean; readonly fields: Shape };

type Shape = { readonly [apiField: string]: Field };

const scalar = (options: Omit<Extract<Field, { type: "scalar" }>, "type"> = {}): Field => ({
  type: "scalar",
  ...options,
});
const strings: Field = { type: "strings" };
const numbers: Field = { type: "numbers" };
const map: Field = { type: "map" };
const block = (fields: Shape, as?: string): Field => ({ type: "block", fields, ...(as ? { as } : {}) });
/** One API object that the provider takes as a list of (at most one) blocks. */
const listBlock = (fields: Shape): Field => ({ type: "block", fields, list: true });
/** A number the provider's schema declares as a string and parses (strconv.ParseInt, intstr.Parse). */
const numberAsString = scalar({ convert: (value) => String(value) });

/** The provider takes file modes as octal strings ("0755"): structures_pod.go, expandConfigMapVolumeSource and kin parse them with strconv.ParseInt(v, 8, 32). */
export function octalMode(mode: number): string {
  return `0${mode.toString(8)}`;
}

const fileMode = scalar({ convert: (value) => octalMode(value as number) });
/** The provider's Secret resource encodes `data` itself (structures.go, expandStringMapToByteMap). */
const base64Decoded = (value: string) => Buffer.from(value, "base64").toString("utf8");

const objectMeta: Shape = {
  name: scalar(),
  namespace: scalar({ refers: "Namespace" }),
  labels: map,
  annotations: map,
};

const keyToPath = block({ key: scalar(), path: scalar(), mode: fileMode });

const volume: Shape = {
  name: scalar(),
  configMap: block({
    name: scalar({ refers: "ConfigMap" }),
    defaultMode: fileMode,
    items: keyToPath,
    optional: scalar(),
  }),
  secret: block({
    secretName: scalar({ refers: "Secret" }),
    defaultMode: fileMode,
    items: keyToPath,
    optional: scalar(),
  }),
  hostPath: block({ path: scalar(), type: scalar() }),
  emptyDir: block({ medium: scalar(), sizeLimit: scalar() }),
  persistentVolumeClaim: block({ claimName: scalar(), readOnly: scalar() }),
};

const envVar: Shape = {
  name: scalar(),
  value: scalar(),
  valueFrom: block({
    fieldRef: block({ apiVersion: scalar(), fieldPath: scalar() }),
    // structures_container.go expandResourceFieldRef: divisor is a quantity string.
    resourceFieldRef: block({ containerName: scalar(), resource: scalar(), divisor: numberAsString }),
    secretKeyRef: block({ name: scalar({ refers: "Secret" }), key: scalar(), optional: scalar() }),
    configMapKeyRef: block({ name: scalar({ refers: "ConfigMap" }), key: scalar(), optional: scalar() }),
  }),
};

const envFromSource: Shape = {
  prefix: scalar(),
  configMapRef: block({ name: scalar({ refers: "ConfigMap" }), optional: scalar() }),
  secretRef: block({ name: scalar({ refers: "Secret" }), optional: scalar() }),
};

// schema_container.go handlerFields: tcp_socket (and, for probes, grpc) are lists of blocks; an
// int-or-string port is a string that expandHTTPGet / expandTCPSocket read with intstr.Parse.
const execAction = block({ command: strings });
const httpGetAction = block({
  host: scalar(),
  path: scalar(),
  port: numberAsString,
  scheme: scalar(),
  httpHeaders: block({ name: scalar(), value: scalar() }, "httpHeader"),
});
const tcpSocketAction = listBlock({ port: numberAsString });

const lifecycleHandler: Shape = { exec: execAction, httpGet: httpGetAction, tcpSocket: tcpSocketAction };

const probe = block({
  exec: execAction,
  httpGet: httpGetAction,
  tcpSocket: tcpSocketAction,
  // expandGRPC: port is a number here.
  grpc: listBlock({ port: scalar(), service: scalar() }),
  failureThreshold: scalar(),
  initialDelaySeconds: scalar(),
  periodSeconds: scalar(),
  successThreshold: scalar(),
  timeoutSeconds: scalar(),
});

const seccompProfile = block({ type: scalar(), localhostProfile: scalar() });
const seLinuxOptions = block({ level: scalar(), role: scalar(), type: scalar(), user: scalar() });

// User and group ids are strings in the provider (expandContainerSecurityContext and
// expandPodSecurityContext parse them with strconv.ParseInt(v, 10, 64)).
const containerSecurityContext = block({
  allowPrivilegeEscalation: scalar(),
  capabilities: block({ add: strings, drop: strings }),
  privileged: scalar(),
  readOnlyRootFilesystem: scalar(),
  runAsGroup: numberAsString,
  runAsNonRoot: scalar(),
  runAsUser: numberAsString,
  seccompProfile,
  seLinuxOptions,
});

const container: Shape = {
  name: scalar(),
  image: scalar(),
  imagePullPolicy: scalar(),
  command: strings,
  args: strings,
  workingDir: scalar(),
  ports: block(
    {
      containerPort: scalar(),
      hostIP: scalar({ as: "hostIp" }),
      hostPort: scalar(),
      name: scalar(),
      protocol: scalar(),
    },
    "port",
  ),
  resources: block({ limits: map, requests: map }),
  env: block(envVar),
  envFrom: block(envFromSource),
  volumeMounts: block(
    {
      name: scalar(),
      mountPath: scalar(),
      readOnly: scalar(),
      subPath: scalar(),
      subPathExpr: scalar(),
      mountPropagation: scalar(),
    },
    "volumeMount",
  ),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: block({ postStart: listBlock(lifecycleHandler), preStop: listBlock(lifecycleHandler) }),
  securityContext: containerSecurityContext,
  terminationMessagePath: scalar(),
  terminationMessagePolicy: scalar(),
};

const labelSelector: Shape = {
  matchExpressions: block({ key: scalar(), operator: scalar(), values: strings }),
  matchLabels: map,
};

const nodeSelectorTerm: Shape = {
  matchExpressions: block({ key: scalar(), operator: scalar(), values: strings }),
  matchFields: block({ key: scalar(), operator: scalar(), values: strings }),
};

// schema_affinity_spec.go: a pod affinity term's selectors are lists of blocks.
const podAffinityTerm: Shape = {
  labelSelector: listBlock(labelSelector),
  namespaceSelector: listBlock(labelSelector),
  namespaces: strings,
  topologyKey: scalar(),
};

const podAffinity = block({
  requiredDuringSchedulingIgnoredDuringExecution: block(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: block({ weight: scalar(), podAffinityTerm: block(podAffinityTerm) }),
});

const affinity = block({
  nodeAffinity: block({
    requiredDuringSchedulingIgnoredDuringExecution: block({
      nodeSelectorTerms: block(nodeSelectorTerm, "nodeSelectorTerm"),
    }),
    preferredDuringSchedulingIgnoredDuringExecution: block({ weight: scalar(), preference: block(nodeSelectorTerm) }),
  }),
  podAffinity,
  podAntiAffinity: podAffinity,
});

const podSecurityContext = block({
  fsGroup: numberAsString,
  fsGroupChangePolicy: scalar(),
  runAsGroup: numberAsString,
  runAsNonRoot: scalar(),
  runAsUser: numberAsString,
  seccompProfile,
  seLinuxOptions,
  supplementalGroups: numbers,
  sysctls: block({ name: scalar(), value: scalar() }, "sysctl"),
});

const podSpec: Shape = {
  serviceAccountName: scalar({ refers: "ServiceAccount" }),
  automountServiceAccountToken: scalar(),
  restartPolicy: scalar(),
  terminationGracePeriodSeconds: scalar(),
  initContainers: block(container, "initContainer"),
  containers: block(container, "container"),
  imagePullSecrets: block({ name: scalar({ refers: "Secret" }) }),
  volumes: block(volume, "volume"),
  nodeSelector: map,
  // structures_pod.go expandTolerations: toleration_seconds is a string (strconv.ParseInt).
  tolerations: block(
    { key: scalar(), operator: scalar(), value: scalar(), effect: scalar(), tolerationSeconds: numberAsString },
    "toleration",
  ),
  affinity,
  topologySpreadConstraints: block(
    {
      maxSkew: scalar(),
      topologyKey: scalar(),
      whenUnsatisfiable: scalar(),
      labelSelector: listBlock(labelSelector),
      minDomains: scalar(),
      nodeAffinityPolicy: scalar(),
      nodeTaintsPolicy: scalar(),
      matchLabelKeys: strings,
    },
    "topologySpreadConstraint",
  ),
  securityContext: podSecurityContext,
  dnsPolicy: scalar(),
  dnsConfig: block({
    nameservers: strings,
    searches: strings,
    options: block({ name: scalar(), value: scalar() }, "option"),
  }),
  hostAliases: block({ ip: scalar(), hostnames: strings }),
  // schema_pod_spec.go podSpecFields: host_network, host_pid and scheduler_name (expandPodSpec).
  hostNetwork: scalar(),
  hostPID: scalar({ as: "hostPid" }),
  schedulerName: scalar(),
  priorityClassName: scalar(),
  runtimeClassName: scalar(),
};

const jobSpec: Shape = {
  parallelism: scalar(),
  completions: scalar(),
  completionMode: scalar(),
  backoffLimit: scalar(),
  backoffLimitPerIndex: scalar(),
  maxFailedIndexes: scalar(),
  activeDeadlineSeconds: scalar(),
  // structure_job.go expandPodFailurePolicy: rules as `rule` blocks, each pod condition an
  // `on_pod_condition` block, exit codes a list of numbers.
  podFailurePolicy: block({
    rules: block(
      {
        action: scalar(),
        onExitCodes: block({ containerName: scalar(), operator: scalar(), values: numbers }),
        onPodConditions: block({ type: scalar(), status: scalar() }, "onPodCondition"),
      },
      "rule",
    ),
  }),
  // A string attribute of the provider (schema_job_spec.go), parsed with strconv.ParseInt in expandJobV1Spec.
  ttlSecondsAfterFinished: scalar({ convert: (value) => String(value) }),
  // The pod template's metadata has no namespace in the provider (the Job's is the pods').
  template: block({ metadata: block({ name: scalar(), labels: map, annotations: map }), spec: block(podSpec) }),
};

/** The fields of each resource's configuration that come from the object (apiVersion and kind name the resource). */
const RESOURCES = {
  Namespace: { metadata: block(objectMeta) },
  ConfigMap: { metadata: block(objectMeta), data: map },
  Secret: { metadata: block(objectMeta), type: scalar(), data: { type: "map", convert: base64Decoded } },
  ServiceAccount: { metadata: block(objectMeta) },
  Job: { metadata: block(objectMeta), spec: block(jobSpec) },
} as const satisfies Record<string, Shape>;

const IDENTITY = new Set(["apiVersion", "kind"]);

function convertObject(shape: Shape, value: object, refs: References, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) throw new Error(`${path}.${key}: the provider attributes have no conversion for this field`);
    const name = field.type === "scalar" || field.type === "block" ? (field.as ?? key) : key;
    out[name] = convertField(field, item, refs, `${path}.${key}`);
  }
  return out;
}

function convertField(field: Field, value: unknown, refs: References, path: string): unknown {
  switch (field.type) {
    case "scalar": {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw new Error(`${path}: expected a string, number or boolean`);
      }
      const reference = field.refers && typeof value === "string" ? refs(field.refers, value) : undefined;
      if (reference !== undefined) return reference;
      const converted = field.convert ? field.convert(value) : value;
      return typeof converted === "string" ? literal(converted) : converted;
    }
    case "strings":
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
        throw new Error(`${path}: expected a list of strings`);
      }
      return value.map((item: string) => literal(item));
    case "numbers":
      if (!Array.isArray(value) || !value.every((item) => typeof item === "number")) {
        throw new Error(`${path}: expected a list of numbers`);
      }
      return [...value];
    case "map":
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new Error(`${path}: expected a map`);
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => {
          if (typeof item !== "string") throw new Error(`${path}.${key}: expected a string`);
          return [literal(key), literal(field.convert ? field.convert(item) : item)];
        }),
      );
    case "block":
      if (Array.isArray(value)) {
        return value.map((item, index) => convertField(field, item, refs, `${path}[${index}]`));
      }
      if (typeof value !== "object" || value === null) throw new Error(`${path}: expected an object`);
      return field.list
        ? [convertObject(field.fields, value, refs, path)]
        : convertObject(field.fields, value, refs, path);
  }
}

/**
 * The fields of an object that no shape describes, as API paths (`spec.successPolicy`,
 * `spec.template.spec.initContainers[0].restartPolicy`): what the conversion would refuse, for
 * the typed engine to report before converting.
 */
function uncoveredFields(shape: Shape, value: object, path: string, out: string[]): void {
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const at = path === "" ? key : `${path}.${key}`;
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) {
      out.push(at);
      continue;
    }
    if (field.type !== "block" || typeof item !== "object" || item === null) continue;
    if (Array.isArray(item)) {
      item.forEach((element: unknown, index) => {
        if (typeof element === "object" && element !== null)
          uncoveredFields(field.fields, element, `${at}[${index}]`, out);
      });
    } else uncoveredFields(field.fields, item, at, out);
  }
}

/** The Job's fields that kubernetes_job_v1 has no attribute for, as API paths; none when it can say them all. */
export function jobFieldsWithoutAttribute(job: IJob): string[] {
  const out: string[] = [];
  const fields = Object.fromEntries(Object.entries(job).filter(([key]) => !IDENTITY.has(key)));
  uncoveredFields(RESOURCES.Job, fields, "", out);
  return out;
}

/** An object's fields as the provider's resource configuration takes them. */
function resourceConfig(kind: keyof typeof RESOURCES, object: object, refs: References): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(object).filter(([key]) => !IDENTITY.has(key)));
  return convertObject(RESOURCES[kind], fields, refs, kind);
}

// The resource configurations, typed as the provider bindings declare them. Each is checked by
// its conversion shape above; the casts say which binding the shape was written against.
export const namespaceConfig = (object: INamespace, refs: References) =>
  resourceConfig("Namespace", object, refs) as unknown as Pick<NamespaceV1Config, "metadata">;
export const configMapConfig = (object: IConfigMap, refs: References) =>
  resourceConfig("ConfigMap", object, refs) as unknown as Pick<ConfigMapV1Config, "metadata" | "data">;
export const secretConfig = (object: ISecret, refs: References) =>
  resourceConfig("Secret", object, refs) as unknown as Pick<SecretV1Config, "metadata" | "type" | "data">;
export const serviceAccountConfig = (object: IServiceAccount, refs: References) =>
  resourceConfig("ServiceAccount", object, refs) as unknown as Pick<ServiceAccountV1Config, "metadata">;
export const jobConfig = (object: IJob, refs: References) =>
  resourceConfig("Job", object, refs) as unknown as Pick<JobV1Config, "metadata" | "spec">;
