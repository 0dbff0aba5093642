/**
 * What hashicorp/kubernetes 2.38.0 sends to the API server when it creates our resources: the
 * provider's expanders (Go, terraform-plugin-sdk v2) run over `d.Get(...)`, which holds every
 * attribute of the schema — unset ones as their schema Default or Go's zero value. So an
 * expander's `if v, ok := in["x"]; ok` is always true, and `if v > 0` is what really decides
 * whether a number is sent. Each rule cites the upstream function (repository
 * hashicorp/terraform-provider-kubernetes, directory kubernetes/). Line numbers are not given:
 * the search index holds several revisions of these files but not one tagged v2.38.0, so the
 * functions were read in the newest stored revision; rules that only the reading of
 * v2.38.0 supports say so.
 */
import {
  expandAffinity,
  expandDnsConfig,
  expandHostAliases,
  expandPodSecurityContext,
  expandTolerations,
  expandTopologySpreadConstraints,
} from "./create-pod";
import {
  expandContainerSecurityContext,
  expandEnvFrom,
  expandLifecycle,
  expandPorts,
  expandProbe,
  expandResourceFieldRef,
} from "./create-container";
import { assertConsistent, manifestPayload } from "./manifest";
import {
  ApplyError,
  bool,
  compact,
  int,
  pointer,
  str,
  stringList,
  stringMap,
  withPointers,
  goInt32,
  intList,
} from "./sdk-values";
import { block, blocks, stackResources, type Json, type JsonObject, type StackResource } from "./stack";
import { kubernetesStored } from "./stored";

export { ApplyError, goInt32 } from "./sdk-values";

/** The create request the provider would make for one resource. */
export interface ProviderObject {
  readonly address: string;
  readonly type: string;
  readonly object: JsonObject;
}

/** Resources that are Terraform's own, with no API object. */
const TERRAFORM_ONLY = new Set(["terraform_data"]);

/** The API objects the provider creates for a stack, in Terraform address order. */
export function providerCreate(stackJson: unknown): ProviderObject[] {
  return stackResources(stackJson)
    .filter((resource) => !TERRAFORM_ONLY.has(resource.type))
    .map((resource) => ({ address: resource.address, type: resource.type, object: expandResource(resource) }));
}

export function expandResource(resource: StackResource): JsonObject {
  const body = resource.body;
  switch (resource.type) {
    case "kubernetes_namespace_v1":
      // resourceKubernetesNamespaceV1Create: ObjectMeta only (expandMetadata); no namespace.
      return { apiVersion: "v1", kind: "Namespace", metadata: expandMetadata(block(body, "metadata"), false) };
    case "kubernetes_config_map_v1":
      return expandConfigMap(body);
    case "kubernetes_secret_v1":
      return expandSecret(body);
    case "kubernetes_service_account_v1":
      return expandServiceAccount(body);
    case "kubernetes_job_v1":
      return expandJob(body);
    case "kubernetes_manifest": {
      // manifest/provider/apply.go ApplyResourceChange: the manifest goes out as it is written
      // (server-side apply); Terraform then refuses a result that differs from the plan.
      const payload = manifestPayload(body);
      assertConsistent(resource.address, body, kubernetesStored(payload));
      return payload;
    }
    default:
      throw new Error(`the provider model does not know resource type ${resource.type}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata: structures.go expandMetadata. The namespaced metadata schema
// (namespacedMetadataSchema) has namespace Default "default".

function expandMetadata(metadata: JsonObject | undefined, namespaced: boolean): JsonObject {
  return compact({
    name: str(metadata, "name"),
    generateName: str(metadata, "generate_name"),
    namespace: namespaced ? str(metadata, "namespace", "default") : undefined,
    labels: stringMap(metadata?.labels),
    annotations: stringMap(metadata?.annotations),
  });
}

// ---------------------------------------------------------------------------------------------
// ConfigMap, Secret, ServiceAccount.

function expandConfigMap(body: JsonObject): JsonObject {
  // resourceKubernetesConfigMapV1Create: Data from "data", BinaryData (base64 in Terraform) from
  // "binary_data", Immutable only when set (d.GetOk).
  return compact({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: expandMetadata(block(body, "metadata"), true),
    data: stringMap(body.data),
    binaryData: stringMap(body.binary_data),
    immutable: body.immutable === true ? true : undefined,
  });
}

function expandSecret(body: JsonObject): JsonObject {
  // resourceKubernetesSecretV1Create: "data" is plain text and goes out as stringData (the API
  // server stores it base64-encoded in data); "binary_data" is base64 already and goes to
  // data; type has schema Default "Opaque" (ForceNew); immutable only when set (d.GetOk).
  const stringData = stringMap(body.data);
  return compact({
    apiVersion: "v1",
    kind: "Secret",
    metadata: expandMetadata(block(body, "metadata"), true),
    stringData,
    data: stringMap(body.binary_data),
    type: str(body, "type", "Opaque"),
    immutable: body.immutable === true ? true : undefined,
  });
}

function expandServiceAccount(body: JsonObject): JsonObject {
  // resourceKubernetesServiceAccountV1Create: AutomountServiceAccountToken is always sent
  // (ptr.To(d.Get(...)), schema Default true); image_pull_secret and secret blocks become lists.
  return withPointers({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: expandMetadata(block(body, "metadata"), true),
    imagePullSecrets: blocks(body, "image_pull_secret").map((ref) => ({ name: str(ref, "name") })),
    secrets: blocks(body, "secret").map((ref) => ({ name: str(ref, "name") })),
    automountServiceAccountToken: pointer(bool(body, "automount_service_account_token", true)),
  });
}

// ---------------------------------------------------------------------------------------------
// Job: resource_kubernetes_job_v1.go resourceKubernetesJobV1Create sends
// batchv1.Job{ObjectMeta: expandMetadata(metadata), Spec: expandJobV1Spec(spec)}.

function expandJob(body: JsonObject): JsonObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: expandMetadata(block(body, "metadata"), true),
    spec: expandJobV1Spec(block(body, "spec")),
  };
}

/** Schema defaults of the Job's spec block (schema_job_spec.go jobSpecFields). */
export const JOB_SPEC_DEFAULTS = {
  /** Default 1 (schema_job_spec.go "completions"). */
  completions: 1,
  /** Default 1 (schema_job_spec.go "parallelism"). */
  parallelism: 1,
  /** Default 6 (schema_job_spec.go "backoff_limit"; hashicorp/terraform-provider-kubernetes#2861). */
  backoffLimit: 6,
} as const;

/** The largest value of Go's int32, which the provider's strconv.ParseInt(v, 10, 32) accepts. */
export const INT32_MAX = 2147483647;

export function expandJobV1Spec(spec: JsonObject | undefined): JsonObject {
  if (!spec) return {};
  if (spec.selector !== undefined) throw new Error("spec.selector is not modelled");
  const out: Record<string, Json | { set: Json } | undefined> = {};

  // structure_job.go expandJobV1Spec: `if v > 0` — 0 (and so an unset deadline) is not sent.
  const activeDeadlineSeconds = int(spec, "active_deadline_seconds");
  if (activeDeadlineSeconds > 0) out.activeDeadlineSeconds = activeDeadlineSeconds;

  // expandJobV1Spec: `v >= 0` then int32(v); unset is the schema Default 6.
  const backoffLimit = int(spec, "backoff_limit", JOB_SPEC_DEFAULTS.backoffLimit);
  if (backoffLimit >= 0) out.backoffLimit = goInt32(backoffLimit);

  // expandJobV1Spec: `v > 0`. Unset is the schema Default 1, so a Job without completions gets
  // completions 1; only an explicit 0 leaves it out (nil: a work queue).
  const completions = int(spec, "completions", JOB_SPEC_DEFAULTS.completions);
  if (completions > 0) out.completions = goInt32(completions);

  // expandJobV1Spec: sent when not "" (the attribute is Optional+Computed, no Default).
  const completionMode = str(spec, "completion_mode");
  if (completionMode !== "") out.completionMode = completionMode;

  // Issue #11's reading of v2.38.0 expandJobV1Spec: for an Indexed Job the nested ints are read
  // with d.Get (0 when unset) and sent. Not verifiable here: the stored revisions predate the
  // attributes (see the module comment). An explicit value is sent as written.
  if (completionMode === "Indexed") {
    out.backoffLimitPerIndex = pointer(goInt32(int(spec, "backoff_limit_per_index")));
    out.maxFailedIndexes = pointer(goInt32(int(spec, "max_failed_indexes")));
  }

  // expandJobV1Spec: `if v, ok := in["manual_selector"]; ok` — always true, so false is sent.
  out.manualSelector = pointer(bool(spec, "manual_selector"));

  // expandJobV1Spec: `v >= 0`, so parallelism 0 is sent (how suspend is emulated); Default 1.
  const parallelism = int(spec, "parallelism", JOB_SPEC_DEFAULTS.parallelism);
  if (parallelism >= 0) out.parallelism = pointer(goInt32(parallelism));

  // expandJobV1Spec: pod_failure_policy when given.
  const podFailurePolicy = block(spec, "pod_failure_policy");
  if (podFailurePolicy) out.podFailurePolicy = expandPodFailurePolicy(podFailurePolicy);

  out.template = expandPodTemplate(block(spec, "template"));

  // expandJobV1Spec: a string attribute, parsed with strconv.ParseInt(v, 10, 32): beyond int32
  // (or not a number) the create fails with the parse error.
  const ttl = str(spec, "ttl_seconds_after_finished");
  if (ttl !== "") out.ttlSecondsAfterFinished = pointer(parseGoInt32(ttl, "ttl_seconds_after_finished"));

  return withPointers(out);
}

/**
 * expandPodFailurePolicy and its rules: action when not ""; on_exit_codes' container_name and
 * operator when not "", values when not empty; each on_pod_condition's status and type when not ""
 * (a condition without status is sent without, and the API server defaults it: stored.ts).
 */
function expandPodFailurePolicy(policy: JsonObject): JsonObject {
  return compact({
    rules: blocks(policy, "rule").map((rule) => {
      const onExitCodes = block(rule, "on_exit_codes");
      return compact({
        action: str(rule, "action"),
        onExitCodes: onExitCodes
          ? compact({
              containerName: str(onExitCodes, "container_name"),
              operator: str(onExitCodes, "operator"),
              values: intList(onExitCodes.values).map(goInt32),
            })
          : undefined,
        onPodConditions: blocks(rule, "on_pod_condition").map((condition) =>
          compact({ status: str(condition, "status"), type: str(condition, "type") }),
        ),
      });
    }),
  });
}

/** strconv.ParseInt(text, 10, 32): an optional sign and decimal digits, within int32. */
export function parseGoInt32(text: string, field: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new ApplyError(`${field}: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  const value = Number(text);
  if (value > INT32_MAX || value < -INT32_MAX - 1) {
    throw new ApplyError(`${field}: strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Pod template and pod spec: structures_pod.go expandPodTemplate / expandPodSpec, with the
// defaults of schema_pod_spec.go podSpecFields and schema_job_spec.go (restart_policy Never).

function expandPodTemplate(template: JsonObject | undefined): JsonObject {
  return compact({
    metadata: expandMetadata(block(template, "metadata"), false),
    spec: expandPodSpec(block(template, "spec")),
  });
}

/** Pod spec attributes that have a schema Default, which expandPodSpec therefore always sends. */
export const POD_SPEC_DEFAULTS = {
  /** podSpecFields "automount_service_account_token": Default true, sent as a pointer. */
  automountServiceAccountToken: true,
  /** podSpecFields "enable_service_links": Default true, sent as a pointer. */
  enableServiceLinks: true,
  /** podSpecFields "dns_policy": Default "ClusterFirst". */
  dnsPolicy: "ClusterFirst",
  /** jobSpecFields overrides podSpecFields' "Always" with Default "Never". */
  restartPolicy: "Never",
  /** podSpecFields "share_process_namespace": Default false, sent as a pointer. */
  shareProcessNamespace: false,
  /** podSpecFields "termination_grace_period_seconds": Default 30. */
  terminationGracePeriodSeconds: 30,
} as const;

function expandPodSpec(spec: JsonObject | undefined): JsonObject {
  const affinity = block(spec, "affinity");
  const securityContext = block(spec, "security_context");
  const dnsConfig = block(spec, "dns_config");
  const activeDeadlineSeconds = int(spec, "active_deadline_seconds");
  return withPointers({
    activeDeadlineSeconds: activeDeadlineSeconds > 0 ? activeDeadlineSeconds : undefined,
    affinity: affinity ? expandAffinity(affinity) : undefined,
    automountServiceAccountToken: pointer(
      bool(spec, "automount_service_account_token", POD_SPEC_DEFAULTS.automountServiceAccountToken),
    ),
    containers: blocks(spec, "container").map(expandContainer),
    initContainers: blocks(spec, "init_container").map(expandContainer),
    dnsPolicy: str(spec, "dns_policy", POD_SPEC_DEFAULTS.dnsPolicy),
    dnsConfig: dnsConfig ? expandDnsConfig(dnsConfig) : undefined,
    enableServiceLinks: pointer(bool(spec, "enable_service_links", POD_SPEC_DEFAULTS.enableServiceLinks)),
    hostAliases: expandHostAliases(spec),
    hostIPC: bool(spec, "host_ipc"),
    hostNetwork: bool(spec, "host_network"),
    hostPID: bool(spec, "host_pid"),
    hostname: str(spec, "hostname"),
    imagePullSecrets: blocks(spec, "image_pull_secrets").map((ref) => ({ name: str(ref, "name") })),
    nodeName: str(spec, "node_name"),
    nodeSelector: stringMap(spec?.node_selector),
    priorityClassName: str(spec, "priority_class_name"),
    restartPolicy: str(spec, "restart_policy", POD_SPEC_DEFAULTS.restartPolicy),
    runtimeClassName: str(spec, "runtime_class_name"),
    schedulerName: str(spec, "scheduler_name"),
    securityContext: securityContext ? expandPodSecurityContext(securityContext) : undefined,
    serviceAccountName: str(spec, "service_account_name"),
    shareProcessNamespace: pointer(bool(spec, "share_process_namespace", POD_SPEC_DEFAULTS.shareProcessNamespace)),
    subdomain: str(spec, "subdomain"),
    terminationGracePeriodSeconds: pointer(
      int(spec, "termination_grace_period_seconds", POD_SPEC_DEFAULTS.terminationGracePeriodSeconds),
    ),
    tolerations: expandTolerations(spec),
    topologySpreadConstraints: expandTopologySpreadConstraints(spec),
    volumes: blocks(spec, "volume").map(expandVolume),
  });
}

// structures_container.go expandContainers, with schema_container.go's defaults; init
// containers are expanded by the same function.
function expandContainer(container: JsonObject): JsonObject {
  const resources = block(container, "resources");
  const probe = (key: string) => {
    const found = block(container, key);
    return found ? expandProbe(found) : undefined;
  };
  const lifecycle = block(container, "lifecycle");
  const securityContext = block(container, "security_context");
  return compact({
    name: str(container, "name"),
    image: str(container, "image"),
    command: stringList(container.command),
    args: stringList(container.args),
    workingDir: str(container, "working_dir"),
    // expandContainerResourceRequirements: limits and requests only when non-empty.
    resources: resources
      ? compact({ limits: stringMap(resources.limits), requests: stringMap(resources.requests) })
      : undefined,
    ports: expandPorts(container),
    env: blocks(container, "env").map(expandEnv),
    envFrom: expandEnvFrom(container),
    livenessProbe: probe("liveness_probe"),
    readinessProbe: probe("readiness_probe"),
    startupProbe: probe("startup_probe"),
    lifecycle: lifecycle ? expandLifecycle(lifecycle) : undefined,
    securityContext: securityContext ? expandContainerSecurityContext(securityContext) : undefined,
    volumeMounts: blocks(container, "volume_mount").map(expandVolumeMount),
    // containerFields "termination_message_path": Default "/dev/termination-log", always sent.
    terminationMessagePath: str(container, "termination_message_path", "/dev/termination-log"),
    // Optional+Computed without Default: "" when unset, so the API server defaults them.
    terminationMessagePolicy: str(container, "termination_message_policy"),
    imagePullPolicy: str(container, "image_pull_policy"),
    stdin: bool(container, "stdin"),
    stdinOnce: bool(container, "stdin_once"),
    tty: bool(container, "tty"),
  });
}

// expandContainerEnv / expandEnvValueFrom.
function expandEnv(env: JsonObject): JsonObject {
  const from = block(env, "value_from");
  return compact({
    name: str(env, "name"),
    value: str(env, "value"),
    valueFrom: from ? expandEnvValueFrom(from) : undefined,
  });
}

function expandEnvValueFrom(from: JsonObject): JsonObject {
  const fieldRef = block(from, "field_ref");
  const secretKeyRef = block(from, "secret_key_ref");
  const configMapKeyRef = block(from, "config_map_key_ref");
  const resourceFieldRef = block(from, "resource_field_ref");
  // expandFieldRef: api_version has schema Default "v1". expandSecretKeyRef and
  // expandConfigMapKeyRef: `if v, ok := in["optional"]; ok` is always true, so optional: false
  // is sent even when the configuration does not say it.
  const keyRef = (ref: JsonObject) =>
    withPointers({ key: str(ref, "key"), name: str(ref, "name"), optional: pointer(bool(ref, "optional")) });
  return compact({
    fieldRef: fieldRef
      ? compact({ apiVersion: str(fieldRef, "api_version", "v1"), fieldPath: str(fieldRef, "field_path") })
      : undefined,
    secretKeyRef: secretKeyRef ? keyRef(secretKeyRef) : undefined,
    configMapKeyRef: configMapKeyRef ? keyRef(configMapKeyRef) : undefined,
    resourceFieldRef: resourceFieldRef ? expandResourceFieldRef(resourceFieldRef) : undefined,
  });
}

// expandContainerVolumeMounts: volumeMountFields "mount_propagation" has Default "None", sent as
// a pointer; read_only Default false (a plain bool: omitted).
function expandVolumeMount(mount: JsonObject): JsonObject {
  return withPointers({
    mountPath: str(mount, "mount_path"),
    name: str(mount, "name"),
    readOnly: bool(mount, "read_only"),
    subPath: str(mount, "sub_path"),
    subPathExpr: str(mount, "sub_path_expr"),
    mountPropagation: pointer(str(mount, "mount_propagation", "None")),
  });
}

/** An octal mode string as the expanders parse it (strconv.ParseInt(mode, 8, 32)). */
export function parseOctalMode(mode: string, field: string): number {
  if (!/^[+-]?[0-7]+$/.test(mode)) throw new ApplyError(`${field}: failed to parse ${JSON.stringify(mode)} as octal`);
  return parseInt(mode, 8);
}

// structures_pod.go expandVolumes and the per-source expanders; schema_pod_spec.go volumeSchema
// gives config_map and secret `default_mode` Default "0644", so a mode is always sent (420).
function expandVolume(volume: JsonObject): JsonObject {
  const name = str(volume, "name");
  const configMap = block(volume, "config_map");
  const secret = block(volume, "secret");
  const emptyDir = block(volume, "empty_dir");
  const hostPath = block(volume, "host_path");
  const pvc = block(volume, "persistent_volume_claim");
  const items = (source: JsonObject) =>
    // expandKeyPath: key, path, and mode only when it parses.
    blocks(source, "items").map((item) =>
      compact({
        key: str(item, "key"),
        path: str(item, "path"),
        mode: str(item, "mode") ? parseOctalMode(str(item, "mode"), "items.mode") : undefined,
      }),
    );
  if (configMap) {
    // expandConfigMapVolumeSource: default_mode (octal string, Default "0644"), name, optional
    // (`.(bool)` type assertion: always true, so false is sent), items when non-empty.
    return {
      name,
      configMap: withPointers({
        defaultMode: pointer(parseOctalMode(str(configMap, "default_mode", "0644"), "config_map.default_mode")),
        name: str(configMap, "name"),
        optional: pointer(bool(configMap, "optional")),
        items: items(configMap),
      }),
    };
  }
  if (secret) {
    // expandSecretVolumeSource: the same rules, with secret_name.
    return {
      name,
      secret: withPointers({
        defaultMode: pointer(parseOctalMode(str(secret, "default_mode", "0644"), "secret.default_mode")),
        secretName: str(secret, "secret_name"),
        optional: pointer(bool(secret, "optional")),
        items: items(secret),
      }),
    };
  }
  if (emptyDir) {
    // expandEmptyDirVolumeSource: medium (Default ""), size_limit when not "".
    return { name, emptyDir: compact({ medium: str(emptyDir, "medium"), sizeLimit: str(emptyDir, "size_limit") }) };
  }
  if (hostPath) {
    // expandHostPathVolumeSource: path, and type as a pointer even when "" (the API server's
    // default for an unset type is "" too).
    return { name, hostPath: withPointers({ path: str(hostPath, "path"), type: pointer(str(hostPath, "type")) }) };
  }
  if (pvc) {
    // expandPersistentVolumeClaimVolumeSource: claim_name, read_only (plain bool).
    return {
      name,
      persistentVolumeClaim: compact({ claimName: str(pvc, "claim_name"), readOnly: bool(pvc, "read_only") }),
    };
  }
  throw new Error(`volume ${name}: source not modelled`);
}
