/**
 * What the API server stores for an object we send it: its defaulting (kubernetes/kubernetes
 * pkg/apis/batch/v1/defaults.go SetDefaults_Job, pkg/apis/core/v1/defaults.go) and the few
 * conversions that change what a later read returns (Secret stringData merged into data,
 * resource quantities in canonical form). Fields the server generates per object (uid,
 * selector, controller-uid labels, status, timestamps) are left out: they say nothing about a
 * manifest. Applied to "what the provider sent" and to "what the model says", it makes the two
 * comparable as the cluster would hold them.
 */
import { isObject, type Json, type JsonObject } from "./stack";

/** The API server refuses the object (the provider's create or patch fails at apply). */
export class ApiRejection extends Error {}

const clone = <T extends Json>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function kubernetesStored(object: JsonObject): JsonObject {
  const stored = clone(dropUndefined(object) as JsonObject);
  switch (stored.kind) {
    case "Namespace":
      return storedNamespace(stored);
    case "Secret":
      return storedSecret(stored);
    case "Job":
      return storedJob(stored);
    default:
      return stored;
  }
}

/** JSON has no undefined: objects built in TypeScript may carry it (kubernetes-models, spreads). */
function dropUndefined(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function storedNamespace(ns: JsonObject): JsonObject {
  const metadata = (ns.metadata ?? {}) as JsonObject;
  // SetDefaults_Namespace: every namespace carries its name as the label
  // kubernetes.io/metadata.name (GA since Kubernetes 1.22).
  const labels = {
    ...((metadata.labels as JsonObject | undefined) ?? {}),
    "kubernetes.io/metadata.name": metadata.name ?? "",
  };
  // The namespace strategy's PrepareForCreate sets spec.finalizers to ["kubernetes"].
  return { ...ns, metadata: { ...metadata, labels }, spec: { finalizers: ["kubernetes"] } };
}

function storedSecret(secret: JsonObject): JsonObject {
  const { stringData, ...rest } = secret;
  const data: JsonObject = { ...((rest.data as JsonObject | undefined) ?? {}) };
  // Convert_v1_Secret_To_core_Secret: stringData entries overwrite data entries, base64 in JSON.
  if (isObject(stringData)) {
    for (const [key, value] of Object.entries(stringData))
      data[key] = Buffer.from(String(value), "utf8").toString("base64");
  }
  return {
    ...rest,
    ...(Object.keys(data).length > 0 ? { data } : {}),
    // SetDefaults_Secret: type "" becomes Opaque.
    type: typeof rest.type === "string" && rest.type !== "" ? rest.type : "Opaque",
  };
}

const INT32_MAX = 2147483647;

function storedJob(job: JsonObject): JsonObject {
  const spec = { ...((job.spec as JsonObject | undefined) ?? {}) };
  const metadata = { ...((job.metadata as JsonObject | undefined) ?? {}) };
  for (const field of [
    "parallelism",
    "completions",
    "backoffLimit",
    "backoffLimitPerIndex",
    "maxFailedIndexes",
    "ttlSecondsAfterFinished",
  ]) {
    const value = spec[field];
    // ValidateJobSpec: each must be non-negative (a wrapped int32 arrives negative).
    if (typeof value === "number" && value < 0)
      throw new ApiRejection(`spec.${field}: Invalid value: ${value}: must be greater than or equal to 0`);
  }
  // SetDefaults_Job (pkg/apis/batch/v1/defaults.go), in its order.
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (spec.parallelism === undefined) spec.parallelism = 1;
  if (spec.backoffLimit === undefined) spec.backoffLimit = spec.backoffLimitPerIndex !== undefined ? INT32_MAX : 6;
  const template = { ...((spec.template as JsonObject | undefined) ?? {}) };
  const templateMetadata = (template.metadata as JsonObject | undefined) ?? {};
  const templateLabels = templateMetadata.labels as JsonObject | undefined;
  if (templateLabels !== undefined && Object.keys((metadata.labels as JsonObject | undefined) ?? {}).length === 0) {
    metadata.labels = templateLabels;
  }
  if (spec.completionMode === undefined) spec.completionMode = "NonIndexed";
  if (spec.suspend === undefined) spec.suspend = false;
  // JobPodReplacementPolicy (on by default since Kubernetes 1.29).
  if (spec.podReplacementPolicy === undefined) {
    spec.podReplacementPolicy = spec.podFailurePolicy !== undefined ? "Failed" : "TerminatingOrFailed";
  }
  if (spec.manualSelector === undefined) spec.manualSelector = false;
  if (isObject(spec.podFailurePolicy) && Array.isArray(spec.podFailurePolicy.rules)) {
    // SetDefaults_Job: a pod condition pattern without status matches status True.
    const rules = spec.podFailurePolicy.rules.map((rule) =>
      isObject(rule) && Array.isArray(rule.onPodConditions)
        ? {
            ...rule,
            onPodConditions: rule.onPodConditions.map((condition) =>
              isObject(condition) && condition.status === undefined ? { ...condition, status: "True" } : condition,
            ),
          }
        : rule,
    );
    spec.podFailurePolicy = { ...spec.podFailurePolicy, rules };
  }
  if (spec.completionMode === "Indexed" && spec.completions === undefined) {
    // ValidateJobSpec: an Indexed Job needs completions.
    throw new ApiRejection("spec.completions: Required value: when completion mode is Indexed");
  }
  if (spec.backoffLimitPerIndex !== undefined && (template.spec as JsonObject | undefined)?.restartPolicy !== "Never") {
    // ValidateJobSpec: backoffLimitPerIndex requires restartPolicy Never.
    throw new ApiRejection(
      "spec.backoffLimitPerIndex: Invalid value: requires the pod template's restartPolicy to be Never",
    );
  }
  template.spec = storedPodSpec((template.spec as JsonObject | undefined) ?? {});
  spec.template = template;
  return { ...job, metadata, spec };
}

/** SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Volume and the volume sources'. */
function storedPodSpec(pod: JsonObject): JsonObject {
  const out = { ...pod };
  if (out.dnsPolicy === undefined) out.dnsPolicy = "ClusterFirst";
  if (out.restartPolicy === undefined) out.restartPolicy = "Always";
  if (out.securityContext === undefined) out.securityContext = {};
  if (out.terminationGracePeriodSeconds === undefined) out.terminationGracePeriodSeconds = 30;
  if (out.schedulerName === undefined) out.schedulerName = "default-scheduler";
  Object.assign(out, omitEmpty(out, ["hostNetwork", "hostPID", "hostIPC", "hostname", "subdomain", "nodeName"]));
  for (const field of ["hostNetwork", "hostPID", "hostIPC", "hostname", "subdomain", "nodeName"]) {
    if (out[field] === undefined) delete out[field];
  }
  // enableServiceLinks is defaulted by SetDefaults_Pod only: a Job's template keeps what was sent.
  if (Array.isArray(out.containers)) out.containers = out.containers.map((c) => storedContainer(c as JsonObject));
  if (Array.isArray(out.initContainers)) {
    out.initContainers = out.initContainers.map((c) => storedContainer(c as JsonObject));
  }
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map((v) => storedVolume(v as JsonObject));
  return out;
}

function storedContainer(container: JsonObject): JsonObject {
  const out = { ...container };
  if (out.imagePullPolicy === undefined) out.imagePullPolicy = defaultPullPolicy(String(out.image ?? ""));
  if (out.terminationMessagePath === undefined) out.terminationMessagePath = "/dev/termination-log";
  if (out.terminationMessagePolicy === undefined) out.terminationMessagePolicy = "File";
  // Plain (non-pointer) fields with `omitempty`: false and "" are not stored.
  for (const field of ["stdin", "stdinOnce", "tty", "workingDir"])
    if (out[field] === false || out[field] === "") delete out[field];
  if (Array.isArray(out.volumeMounts)) {
    out.volumeMounts = out.volumeMounts.map((mount) =>
      omitEmpty(mount as JsonObject, ["readOnly", "subPath", "subPathExpr"]),
    );
  }
  if (Array.isArray(out.env)) {
    out.env = out.env.map((entry) => {
      const env = omitEmpty(entry as JsonObject, ["value"]);
      const resourceFieldRef = (env.valueFrom as JsonObject | undefined)?.resourceFieldRef;
      if (isObject(resourceFieldRef) && typeof resourceFieldRef.divisor === "string") {
        // A quantity: stored in canonical form.
        const divisor = canonicalQuantity(resourceFieldRef.divisor);
        return {
          ...env,
          valueFrom: { ...(env.valueFrom as JsonObject), resourceFieldRef: { ...resourceFieldRef, divisor } },
        };
      }
      const fieldRef = (env.valueFrom as JsonObject | undefined)?.fieldRef as JsonObject | undefined;
      // SetDefaults_ObjectFieldSelector: apiVersion "v1".
      if (fieldRef && fieldRef.apiVersion === undefined) {
        return { ...env, valueFrom: { ...(env.valueFrom as JsonObject), fieldRef: { apiVersion: "v1", ...fieldRef } } };
      }
      return env;
    });
  }
  if (Array.isArray(out.ports)) {
    // SetDefaults_ContainerPort: protocol TCP.
    out.ports = out.ports.map((port) =>
      isObject(port) && port.protocol === undefined ? { ...port, protocol: "TCP" } : port,
    );
  }
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    if (isObject(out[probe])) out[probe] = storedProbe(out[probe]);
  }
  if (isObject(out.lifecycle)) {
    const lifecycle: JsonObject = { ...out.lifecycle };
    for (const hook of ["postStart", "preStop"])
      if (isObject(lifecycle[hook])) lifecycle[hook] = storedHandler(lifecycle[hook]);
    out.lifecycle = lifecycle;
  }
  if (isObject(out.resources)) {
    const resources: JsonObject = {};
    for (const [kind, list] of Object.entries(out.resources)) {
      resources[kind] = isObject(list)
        ? Object.fromEntries(Object.entries(list).map(([name, q]) => [name, canonicalQuantity(String(q))]))
        : list;
    }
    out.resources = resources;
  }
  return out;
}

/** SetDefaults_Probe: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3; and its handler's defaults. */
function storedProbe(probe: JsonObject): JsonObject {
  return {
    ...storedHandler(probe),
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    periodSeconds: probe.periodSeconds ?? 10,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/** SetDefaults_HTTPGetAction: path "/", scheme HTTP. */
function storedHandler(handler: JsonObject): JsonObject {
  if (!isObject(handler.httpGet)) return handler;
  const { path, scheme } = handler.httpGet;
  return {
    ...handler,
    httpGet: { ...handler.httpGet, path: path === undefined || path === "" ? "/" : path, scheme: scheme ?? "HTTP" },
  };
}

/**
 * SetDefaults_Container: Always when the tag is "latest" (parseImageName gives "latest" when
 * there is no tag and no digest), else IfNotPresent.
 */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  if (image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  const tag = colon === -1 ? "latest" : lastSegment.slice(colon + 1);
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function storedVolume(volume: JsonObject): JsonObject {
  const out = { ...volume };
  const sources = Object.keys(out).filter((key) => key !== "name");
  // SetDefaults_Volume: a volume without a source is an emptyDir.
  if (sources.length === 0) out.emptyDir = {};
  // SetDefaults_ConfigMapVolumeSource / SetDefaults_SecretVolumeSource: defaultMode 0644 (420).
  for (const source of ["configMap", "secret"]) {
    if (isObject(out[source]) && out[source].defaultMode === undefined)
      out[source] = { ...out[source], defaultMode: 420 };
  }
  if (isObject(out.persistentVolumeClaim))
    out.persistentVolumeClaim = omitEmpty(out.persistentVolumeClaim, ["readOnly"]);
  if (isObject(out.emptyDir)) out.emptyDir = omitEmpty(out.emptyDir, ["medium"]);
  // SetDefaults_HostPathVolumeSource: type "" when unset.
  if (isObject(out.hostPath) && out.hostPath.type === undefined) out.hostPath = { ...out.hostPath, type: "" };
  if (isObject(out.emptyDir) && typeof out.emptyDir.sizeLimit === "string") {
    out.emptyDir = { ...out.emptyDir, sizeLimit: canonicalQuantity(out.emptyDir.sizeLimit) };
  }
  return out;
}

/** Go's encoding/json `omitempty` on plain fields: false and "" are not written. */
function omitEmpty(object: JsonObject, fields: readonly string[]): JsonObject {
  const out = { ...object };
  for (const field of fields) if (out[field] === false || out[field] === "") delete out[field];
  return out;
}

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/**
 * A resource quantity as the API server writes it back (apimachinery resource.Quantity
 * String(), canonical form): binary suffixes keep the largest power of 1024 that divides the
 * value exactly, decimal ones the largest power of 1000 (e.g. "1000m" is "1", "1.5Gi" is
 * "1536Mi"). Exponent forms ("1e3") are left as written.
 */
export function canonicalQuantity(text: string): string {
  const match = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/.exec(text);
  if (!match) return text;
  const [, sign, number, suffix] = match;
  const [whole, fraction = ""] = number.split(".");
  // The value as an integer count of 10^-9 (the smallest unit Quantity keeps), rounded up.
  const scaled = BigInt(whole || "0") * 10n ** 9n + BigInt((fraction + "000000000").slice(0, 9) || "0");
  if (suffix in BINARY) {
    const bytes = (scaled * 1024n ** BigInt(BINARY[suffix])) / 10n ** 9n;
    if (bytes * 10n ** 9n !== scaled * 1024n ** BigInt(BINARY[suffix])) return text;
    let power = 0;
    let value = bytes;
    while (power < 6 && value !== 0n && value % 1024n === 0n) {
      value /= 1024n;
      power += 1;
    }
    if (power === 0) return `${sign}${value}`;
    return `${sign}${value}${Object.keys(BINARY)[power - 1]}`;
  }
  const exponent = DECIMAL[suffix];
  const divisor = exponent < 0 ? 10n ** BigInt(-exponent) : 1n;
  if (scaled % divisor !== 0n) return text;
  return canonicalDecimal(sign, exponent < 0 ? scaled / divisor : scaled * 10n ** BigInt(exponent));
}

function canonicalDecimal(sign: string, nanos: bigint): string {
  // nanos: the value in units of 10^-9.
  if (nanos === 0n) return "0";
  let exponent = -9;
  let value = nanos;
  while (exponent < 18 && value % 1000n === 0n) {
    value /= 1000n;
    exponent += 3;
  }
  const suffix = Object.entries(DECIMAL).find(([, e]) => e === exponent)?.[0] ?? "";
  return `${sign}${value}${suffix}`;
}
