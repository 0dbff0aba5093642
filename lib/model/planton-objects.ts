/**
 * What a KubernetesJob manifest of the current Planton API (`kubernetes.planton.dev/v1alpha1`)
 * means, as the same Kubernetes objects as the first dialect's (`JobObjects`): the Namespace
 * when `createNamespace` is set, the env Secret holding the secrets given as values, the image
 * pull Secret of a Docker config, and the batch/v1 Job. This API creates no ServiceAccount (the
 * pod names an existing one in `pod.serviceAccount`) and no ConfigMaps.
 *
 * Names, labels and the order of containers and env variables are those of Planton's own module
 * (plantonhq/openmcf @ 00d3b55, apis/dev/planton/provider/kubernetes/kubernetesjob/v1alpha1/
 * iac/pulumi/module/: locals.go initializeLocals, secret.go, job.go, namespace.go; and the shared
 * builders it calls, pkg/iac/pulumi/pulumimodule/provider/kubernetes/workloadpod/{container.go,
 * pod.go} and containerenv/{envvars.go, envfrom.go}). As in ./job-objects.ts, a field the
 * manifest leaves unset, and a zero value the API server does not store (`readOnly: false`,
 * `optional: false`, an empty env value), is left out: the objects are as they will be read back.
 */
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IEnvFromSource } from "kubernetes-models/v1/EnvFromSource";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { imageReference } from "../manifest/k8s/image";
import type { KubernetesJobMetadata } from "../manifest/schema";
import type { PlantonJobSpec } from "../manifest/v1alpha1/schema";
import type { WorkloadContainer, WorkloadPod } from "../manifest/v1alpha1/workload";
import type { JobObjects } from "./job-objects";
import { BUILT_IN_ENV } from "./object-names";
import { plantonLabels } from "./labels";
import { dockerConfigSecret, envValuesSecret } from "./secrets";

/** A validated, defaulted v1alpha1 manifest whose references are resolved, and its Docker config. */
export interface PlantonModelInput {
  readonly metadata: KubernetesJobMetadata;
  readonly spec: PlantonJobSpec;
  /** Content of a Docker config JSON for the `<name>-image-pull` Secret, when there is one. */
  readonly dockerConfigJson?: string;
}

type ContainerEnv = NonNullable<WorkloadContainer["env"]>;
type WorkloadVolumeMount = NonNullable<WorkloadContainer["volumeMounts"]>[number];
type Probe = NonNullable<WorkloadContainer["livenessProbe"]>;
type LifecycleHandler = NonNullable<NonNullable<WorkloadContainer["lifecycle"]>["postStart"]>;
type Scheduling = NonNullable<WorkloadPod["scheduling"]>;
type NodeSelectorTerm = NonNullable<NonNullable<Scheduling["nodeAffinity"]>["required"]>[number];
type PodAffinityTerm = NonNullable<NonNullable<Scheduling["podAffinity"]>["required"]>[number];

/** Names Planton's module gives the objects it creates (locals.go, initializeLocals). */
export const plantonEnvSecretName = (jobName: string): string => `${jobName}-env-secrets`;
export const plantonImagePullSecretName = (jobName: string): string => `${jobName}-image-pull`;
/** The app container's name when the manifest gives none (job.go: BuildContainers' default). */
export const PLANTON_APP_CONTAINER_NAME = "app";

/**
 * Planton's labels of every object (locals.go: `app` and the kuberneteslabelkeys set, whose keys
 * are planton.ai/<key>); the pod template gets them too, with `pod.labels` merged under them.
 */
export function plantonJobLabels(metadata: KubernetesJobMetadata): Record<string, string> {
  return { app: metadata.name, ...plantonLabels(metadata) };
}

/**
 * A field the validation requires (the workload schemas read a proto's "" and 0 as unset, so
 * their types allow undefined where the rules do not).
 */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("a required field of a validated manifest is unset");
  return value;
}

const nonEmpty = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;
const sortedKeys = (map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The spec's containers and pod, as the workload messages (./v1alpha1/workload.ts) type them. */
function workload(spec: PlantonJobSpec): {
  app: WorkloadContainer;
  sidecars: readonly WorkloadContainer[];
  pod: WorkloadPod | undefined;
} {
  return {
    app: spec.container.app as WorkloadContainer,
    sidecars: (spec.container.sidecars ?? []) as WorkloadContainer[],
    pod: spec.pod as WorkloadPod | undefined,
  };
}

/** Every container of the pod, in the order Planton collects them: app, sidecars, init containers. */
export function plantonContainers(spec: PlantonJobSpec): WorkloadContainer[] {
  const { app, sidecars, pod } = workload(spec);
  return [app, ...sidecars, ...(pod?.initContainers ?? [])];
}

/**
 * The secrets given as values, from every container (containerenv CollectLiteralEnvSecrets): one
 * Secret per Job, keyed by env name; an empty value is no secret (Planton skips it).
 */
export function plantonDirectSecretValues(spec: PlantonJobSpec): Record<string, string> {
  const values: Record<string, string> = {};
  for (const container of plantonContainers(spec)) {
    for (const secret of container.env?.secrets ?? []) {
      if (secret.value !== undefined && secret.value !== "") values[secret.name] = secret.value;
    }
  }
  return sortedKeys(values);
}

export function plantonJobObjects({ metadata, spec, dockerConfigJson }: PlantonModelInput): JobObjects {
  const name = metadata.name;
  const namespace = spec.namespace.value;
  if (namespace === undefined) {
    throw new Error("spec.namespace is a reference; references must be resolved before the objects are built");
  }
  const labels = plantonJobLabels(metadata);
  const objectMeta = (objectName: string) => ({ name: objectName, namespace, labels: { ...labels } });

  const secretValues = plantonDirectSecretValues(spec);
  const envSecretName = plantonEnvSecretName(name);
  const envSecret = envValuesSecret(objectMeta(envSecretName), secretValues);
  const imagePullSecret = dockerConfigSecret(objectMeta(plantonImagePullSecretName(name)), dockerConfigJson);

  return {
    ...(spec.createNamespace
      ? { namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...labels } } } }
      : {}),
    configMaps: [],
    ...(envSecret ? { envSecret } : {}),
    ...(imagePullSecret ? { imagePullSecret } : {}),
    job: {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: objectMeta(name),
      spec: jobSpec(spec, labels, envSecretName, imagePullSecret ? plantonImagePullSecretName(name) : undefined),
    },
  };
}

/** The Job's spec (job.go): the batch controls as the manifest says them, after defaults. */
function jobSpec(
  spec: PlantonJobSpec,
  labels: Record<string, string>,
  envSecretName: string,
  createdPullSecret: string | undefined,
): NonNullable<IJob["spec"]> {
  const policy = spec.podFailurePolicy;
  const success = spec.successPolicy;
  return {
    parallelism: spec.parallelism,
    completions: spec.completions,
    completionMode: spec.completionMode,
    backoffLimit: spec.backoffLimit,
    ...(spec.backoffLimitPerIndex !== undefined ? { backoffLimitPerIndex: spec.backoffLimitPerIndex } : {}),
    ...(spec.maxFailedIndexes !== undefined ? { maxFailedIndexes: spec.maxFailedIndexes } : {}),
    ...(spec.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
    // 0 is a TTL here: the Job is deleted as soon as it finishes.
    ...(spec.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished } : {}),
    ...(spec.suspend ? { suspend: true } : {}),
    ...(policy
      ? {
          // Rule order is meaning: the first matching rule decides.
          podFailurePolicy: {
            rules: policy.rules.map((rule) => ({
              action: rule.action,
              ...(rule.onExitCodes
                ? {
                    onExitCodes: {
                      ...(rule.onExitCodes.containerName ? { containerName: rule.onExitCodes.containerName } : {}),
                      operator: rule.onExitCodes.operator,
                      values: [...rule.onExitCodes.values],
                    },
                  }
                : {}),
              ...(nonEmpty(rule.onPodConditions)
                ? {
                    onPodConditions: rule.onPodConditions.map((condition) => ({
                      type: condition.type,
                      status: condition.status,
                    })),
                  }
                : {}),
            })),
          },
        }
      : {}),
    ...(success
      ? {
          successPolicy: {
            rules: success.rules.map((rule) => ({
              ...(rule.succeededIndexes ? { succeededIndexes: rule.succeededIndexes } : {}),
              ...(rule.succeededCount !== undefined ? { succeededCount: rule.succeededCount } : {}),
            })),
          },
        }
      : {}),
    template: podTemplate(spec, labels, envSecretName, createdPullSecret),
  };
}

/** The pod template (workloadpod BuildPodTemplateSpec). */
function podTemplate(
  spec: PlantonJobSpec,
  labels: Record<string, string>,
  envSecretName: string,
  createdPullSecret: string | undefined,
): NonNullable<IJob["spec"]>["template"] {
  const { app, sidecars, pod } = workload(spec);
  // User pod labels go under the component's: a user label never replaces one of them.
  const templateLabels: Record<string, string> = { ...(pod?.labels ?? {}), ...labels };
  const pullSecrets = [
    ...(pod?.imagePullSecrets ?? []).flatMap((ref) => (ref.value ? [ref.value] : [])),
    ...(createdPullSecret ? [createdPullSecret] : []),
  ];
  const volumes = podVolumes(plantonContainers(spec));
  const podSpec: IPodSpec = {
    ...(pod?.serviceAccount?.value ? { serviceAccountName: pod.serviceAccount.value } : {}),
    ...(pod?.automountServiceAccountToken !== undefined
      ? { automountServiceAccountToken: pod.automountServiceAccountToken }
      : {}),
    restartPolicy: spec.restartPolicy,
    ...(nonEmpty(pod?.initContainers)
      ? { initContainers: pod.initContainers.map((container) => buildContainer(container, "", envSecretName)) }
      : {}),
    containers: [
      buildContainer(app, PLANTON_APP_CONTAINER_NAME, envSecretName),
      ...sidecars.map((container) => buildContainer(container, "", envSecretName)),
    ],
    ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets.map((pull) => ({ name: pull })) } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
    ...(pod?.scheduling ? scheduling(pod.scheduling) : {}),
    ...(pod?.securityContext ? { securityContext: podSecurityContext(pod.securityContext) } : {}),
    ...(pod?.terminationGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds }
      : {}),
    ...(pod?.dnsPolicy ? { dnsPolicy: pod.dnsPolicy } : {}),
    ...(pod?.dnsConfig ? { dnsConfig: dnsConfig(pod.dnsConfig) } : {}),
    ...(nonEmpty(pod?.hostAliases)
      ? { hostAliases: pod.hostAliases.map((alias) => ({ ip: alias.ip, hostnames: [...alias.hostnames] })) }
      : {}),
    // pod.go BuildPodTemplateSpec sets these only when true (false is the API server's default).
    ...(pod?.hostNetwork ? { hostNetwork: true } : {}),
    ...(pod?.hostPid ? { hostPID: true } : {}),
    ...(pod?.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
    ...(pod?.runtimeClassName ? { runtimeClassName: pod.runtimeClassName } : {}),
  };
  return {
    metadata: {
      labels: templateLabels,
      ...(pod?.annotations && Object.keys(pod.annotations).length > 0 ? { annotations: { ...pod.annotations } } : {}),
    },
    spec: podSpec,
  };
}

/** One container (workloadpod BuildContainer); `defaultName` names the app when the manifest does not. */
function buildContainer(container: WorkloadContainer, defaultName: string, envSecretName: string): IContainer {
  const envFrom = buildEnvFrom(container.env);
  const resources = buildResources(container.resources);
  return {
    name: container.name || defaultName,
    image: imageReference(must(container.image.repo), container.image.tag),
    ...(container.imagePullPolicy ? { imagePullPolicy: container.imagePullPolicy } : {}),
    ...(nonEmpty(container.command) ? { command: [...container.command] } : {}),
    ...(nonEmpty(container.args) ? { args: [...container.args] } : {}),
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    ...(nonEmpty(container.ports)
      ? {
          ports: container.ports.map((port) => ({
            name: port.name,
            containerPort: must(port.containerPort),
            // TCP is Kubernetes' default; written only when the manifest says a protocol.
            ...(port.networkProtocol ? { protocol: port.networkProtocol } : {}),
            ...(port.hostPort ? { hostPort: port.hostPort } : {}),
          })),
        }
      : {}),
    env: buildEnv(container.env, envSecretName),
    ...(envFrom.length > 0 ? { envFrom } : {}),
    ...(resources ? { resources } : {}),
    ...(container.livenessProbe ? { livenessProbe: buildProbe(container.livenessProbe) } : {}),
    ...(container.readinessProbe ? { readinessProbe: buildProbe(container.readinessProbe) } : {}),
    ...(container.startupProbe ? { startupProbe: buildProbe(container.startupProbe) } : {}),
    ...(nonEmpty(container.volumeMounts) ? { volumeMounts: container.volumeMounts.map(volumeMount) } : {}),
    ...(container.lifecycle ? { lifecycle: lifecycle(container.lifecycle) } : {}),
    ...(container.securityContext ? { securityContext: containerSecurityContext(container.securityContext) } : {}),
  };
}

/**
 * The env of a container (containerenv BuildEnvVars): HOSTNAME (the pod IP) and K8S_POD_ID (the
 * pod name), then the variables and then the secrets, each in the order the manifest lists them.
 * References (valueFrom) are resolved to values before the model is built.
 */
function buildEnv(env: ContainerEnv | undefined, envSecretName: string): IEnvVar[] {
  const [hostname, podId] = BUILT_IN_ENV;
  const vars: IEnvVar[] = [
    { name: hostname, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    { name: podId, valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
  ];
  for (const variable of env?.variables ?? []) {
    const { name } = variable;
    if (variable.valueFrom !== undefined) {
      throw new Error(`env variable ${name} is a reference; references must be resolved before the objects are built`);
    }
    if (variable.configMapKeyRef) {
      const ref = variable.configMapKeyRef;
      vars.push({
        name,
        valueFrom: { configMapKeyRef: { name: ref.name, key: ref.key, ...(ref.optional ? { optional: true } : {}) } },
      });
    } else if (variable.fieldRef) {
      const ref = variable.fieldRef;
      vars.push({
        name,
        valueFrom: {
          fieldRef: { ...(ref.apiVersion ? { apiVersion: ref.apiVersion } : {}), fieldPath: ref.fieldPath },
        },
      });
    } else if (variable.resourceFieldRef) {
      const ref = variable.resourceFieldRef;
      vars.push({
        name,
        valueFrom: {
          resourceFieldRef: {
            ...(ref.containerName ? { containerName: ref.containerName } : {}),
            resource: ref.resource,
            ...(ref.divisor ? { divisor: ref.divisor } : {}),
          },
        },
      });
    } else {
      // The API server does not store an empty value (omitempty): an empty variable is its name alone.
      vars.push(variable.value ? { name, value: variable.value } : { name });
    }
  }
  for (const secret of env?.secrets ?? []) {
    if (secret.secretRef) {
      const ref = secret.secretRef;
      vars.push({
        name: secret.name,
        valueFrom: { secretKeyRef: { name: ref.name, key: ref.key, ...(ref.optional ? { optional: true } : {}) } },
      });
    } else if (secret.value) {
      vars.push({ name: secret.name, valueFrom: { secretKeyRef: { name: envSecretName, key: secret.name } } });
    }
  }
  return vars;
}

function buildEnvFrom(env: ContainerEnv | undefined): IEnvFromSource[] {
  return (env?.envFrom ?? []).flatMap((entry): IEnvFromSource[] => {
    const prefix = entry.prefix ? { prefix: entry.prefix } : {};
    const optional = (ref: { optional?: boolean }) => (ref.optional ? { optional: true } : {});
    if (entry.configMapRef) {
      return [{ ...prefix, configMapRef: { name: entry.configMapRef.name, ...optional(entry.configMapRef) } }];
    }
    if (entry.secretRef)
      return [{ ...prefix, secretRef: { name: entry.secretRef.name, ...optional(entry.secretRef) } }];
    return [];
  });
}

function buildResources(resources: WorkloadContainer["resources"]): IContainer["resources"] | undefined {
  if (!resources) return undefined;
  const pick = (quantities: { cpu?: string; memory?: string } | undefined) => {
    const picked: Record<string, string> = {};
    if (quantities?.cpu) picked.cpu = quantities.cpu;
    if (quantities?.memory) picked.memory = quantities.memory;
    return Object.keys(picked).length > 0 ? picked : undefined;
  };
  const limits = pick(resources.limits);
  const requests = pick(resources.requests);
  if (!limits && !requests) return undefined;
  return { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
}

/** A port given by number or by name. */
const portOf = (action: { portNumber?: number; portName?: string }): number | string =>
  action.portName ? action.portName : (action.portNumber as number);

/** A probe (workloadpod BuildProbe): zero timings are unset (Kubernetes' defaults apply). */
function buildProbe(probe: Probe): NonNullable<IContainer["livenessProbe"]> {
  const timing = (field: number | undefined) => (field !== undefined && field > 0 ? field : undefined);
  const timings = {
    initialDelaySeconds: timing(probe.initialDelaySeconds),
    periodSeconds: timing(probe.periodSeconds),
    timeoutSeconds: timing(probe.timeoutSeconds),
    successThreshold: timing(probe.successThreshold),
    failureThreshold: timing(probe.failureThreshold),
  };
  const set = Object.fromEntries(Object.entries(timings).filter(([, value]) => value !== undefined));
  if (probe.grpc) {
    return {
      ...set,
      grpc: { port: must(probe.grpc.port), ...(probe.grpc.service ? { service: probe.grpc.service } : {}) },
    };
  }
  if (probe.httpGet) return { ...set, httpGet: httpGet(probe.httpGet) };
  if (probe.tcpSocket) return { ...set, tcpSocket: tcpSocket(probe.tcpSocket) };
  if (probe.exec) return { ...set, exec: { command: [...(probe.exec.command ?? [])] } };
  return set;
}

type HttpGetAction = NonNullable<Probe["httpGet"]>;
type TcpSocketAction = NonNullable<Probe["tcpSocket"]>;

function httpGet(action: HttpGetAction) {
  return {
    ...(action.path ? { path: action.path } : {}),
    port: portOf(action),
    ...(action.host ? { host: action.host } : {}),
    ...(action.scheme ? { scheme: action.scheme } : {}),
    ...(nonEmpty(action.httpHeaders)
      ? { httpHeaders: action.httpHeaders.map((header) => ({ name: header.name, value: header.value ?? "" })) }
      : {}),
  };
}

function tcpSocket(action: TcpSocketAction) {
  return { port: portOf(action), ...(action.host ? { host: action.host } : {}) };
}

function lifecycle(hooks: NonNullable<WorkloadContainer["lifecycle"]>): NonNullable<IContainer["lifecycle"]> {
  return {
    ...(hooks.postStart ? { postStart: lifecycleHandler(hooks.postStart) } : {}),
    ...(hooks.preStop ? { preStop: lifecycleHandler(hooks.preStop) } : {}),
  };
}

function lifecycleHandler(handler: LifecycleHandler) {
  if (handler.exec) return { exec: { command: [...(handler.exec.command ?? [])] } };
  if (handler.httpGet) return { httpGet: httpGet(handler.httpGet) };
  if (handler.tcpSocket) return { tcpSocket: tcpSocket(handler.tcpSocket) };
  // A proto 0 reads as unset: sleeping 0 seconds.
  if (handler.sleep) return { sleep: { seconds: handler.sleep.seconds ?? 0 } };
  return {};
}

function containerSecurityContext(
  context: NonNullable<WorkloadContainer["securityContext"]>,
): NonNullable<IContainer["securityContext"]> {
  return {
    ...(context.privileged ? { privileged: true } : {}),
    ...(context.runAsUser !== undefined ? { runAsUser: context.runAsUser } : {}),
    ...(context.runAsGroup !== undefined ? { runAsGroup: context.runAsGroup } : {}),
    ...(context.runAsNonRoot !== undefined ? { runAsNonRoot: context.runAsNonRoot } : {}),
    ...(context.readOnlyRootFilesystem !== undefined ? { readOnlyRootFilesystem: context.readOnlyRootFilesystem } : {}),
    ...(context.allowPrivilegeEscalation !== undefined
      ? { allowPrivilegeEscalation: context.allowPrivilegeEscalation }
      : {}),
    ...(context.capabilities
      ? {
          capabilities: {
            ...(nonEmpty(context.capabilities.add) ? { add: [...context.capabilities.add] } : {}),
            ...(nonEmpty(context.capabilities.drop) ? { drop: [...context.capabilities.drop] } : {}),
          },
        }
      : {}),
    ...(context.seccompProfile ? { seccompProfile: seccompProfile(context.seccompProfile) } : {}),
  };
}

function seccompProfile(profile: { type?: "RuntimeDefault" | "Unconfined" | "Localhost"; localhostProfile?: string }) {
  return {
    type: must(profile.type),
    ...(profile.localhostProfile ? { localhostProfile: profile.localhostProfile } : {}),
  };
}

function podSecurityContext(
  context: NonNullable<WorkloadPod["securityContext"]>,
): NonNullable<IPodSpec["securityContext"]> {
  return {
    ...(context.runAsUser !== undefined ? { runAsUser: context.runAsUser } : {}),
    ...(context.runAsGroup !== undefined ? { runAsGroup: context.runAsGroup } : {}),
    ...(context.runAsNonRoot !== undefined ? { runAsNonRoot: context.runAsNonRoot } : {}),
    ...(context.fsGroup !== undefined ? { fsGroup: context.fsGroup } : {}),
    ...(context.fsGroupChangePolicy ? { fsGroupChangePolicy: context.fsGroupChangePolicy } : {}),
    ...(nonEmpty(context.supplementalGroups)
      ? { supplementalGroups: context.supplementalGroups.map((group) => group ?? 0) }
      : {}),
    ...(nonEmpty(context.sysctls)
      ? { sysctls: context.sysctls.map((sysctl) => ({ name: sysctl.name, value: sysctl.value })) }
      : {}),
    ...(context.seccompProfile ? { seccompProfile: seccompProfile(context.seccompProfile) } : {}),
  };
}

function dnsConfig(config: NonNullable<WorkloadPod["dnsConfig"]>): NonNullable<IPodSpec["dnsConfig"]> {
  return {
    ...(nonEmpty(config.nameservers) ? { nameservers: [...config.nameservers] } : {}),
    ...(nonEmpty(config.searches) ? { searches: [...config.searches] } : {}),
    ...(nonEmpty(config.options)
      ? {
          options: config.options.map((option) => ({
            name: option.name,
            ...(option.value ? { value: option.value } : {}),
          })),
        }
      : {}),
  };
}

/** Scheduling (workloadpod applyScheduling): node selector, tolerations, affinity, topology spread. */
function scheduling(schedule: Scheduling): Partial<IPodSpec> {
  const nodeAffinity = schedule.nodeAffinity;
  const affinity = {
    ...(nodeAffinity
      ? {
          nodeAffinity: {
            ...(nonEmpty(nodeAffinity.required)
              ? {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: nodeAffinity.required.map(nodeSelectorTerm),
                  },
                }
              : {}),
            ...(nonEmpty(nodeAffinity.preferred)
              ? {
                  preferredDuringSchedulingIgnoredDuringExecution: nodeAffinity.preferred.map((preferred) => ({
                    weight: must(preferred.weight),
                    preference: nodeSelectorTerm(preferred.term),
                  })),
                }
              : {}),
          },
        }
      : {}),
    ...(schedule.podAffinity ? { podAffinity: podAffinity(schedule.podAffinity) } : {}),
    ...(schedule.podAntiAffinity ? { podAntiAffinity: podAffinity(schedule.podAntiAffinity) } : {}),
  };
  return {
    ...(schedule.nodeSelector && Object.keys(schedule.nodeSelector).length > 0
      ? { nodeSelector: { ...schedule.nodeSelector } }
      : {}),
    ...(nonEmpty(schedule.tolerations)
      ? {
          tolerations: schedule.tolerations.map((toleration) => ({
            ...(toleration.key ? { key: toleration.key } : {}),
            ...(toleration.operator ? { operator: toleration.operator } : {}),
            ...(toleration.value ? { value: toleration.value } : {}),
            ...(toleration.effect ? { effect: toleration.effect } : {}),
            ...(toleration.tolerationSeconds !== undefined ? { tolerationSeconds: toleration.tolerationSeconds } : {}),
          })),
        }
      : {}),
    ...(Object.keys(affinity).length > 0 ? { affinity } : {}),
    ...(nonEmpty(schedule.topologySpreadConstraints)
      ? {
          topologySpreadConstraints: schedule.topologySpreadConstraints.map((constraint) => ({
            maxSkew: must(constraint.maxSkew),
            topologyKey: constraint.topologyKey,
            whenUnsatisfiable: must(constraint.whenUnsatisfiable),
            ...(constraint.matchLabels && Object.keys(constraint.matchLabels).length > 0
              ? { labelSelector: { matchLabels: { ...constraint.matchLabels } } }
              : {}),
          })),
        }
      : {}),
    ...(schedule.schedulerName ? { schedulerName: schedule.schedulerName } : {}),
  };
}

function nodeSelectorTerm(term: NodeSelectorTerm) {
  return {
    matchExpressions: (term.matchExpressions ?? []).map((expression) => ({
      key: expression.key,
      operator: must(expression.operator),
      ...(nonEmpty(expression.values) ? { values: [...expression.values] } : {}),
    })),
  };
}

function podAffinityTerm(term: PodAffinityTerm) {
  return {
    topologyKey: term.topologyKey,
    labelSelector: { matchLabels: { ...(term.matchLabels ?? {}) } },
    ...(nonEmpty(term.namespaces) ? { namespaces: [...term.namespaces] } : {}),
  };
}

function podAffinity(affinity: NonNullable<Scheduling["podAffinity"]>) {
  return {
    ...(nonEmpty(affinity.required)
      ? { requiredDuringSchedulingIgnoredDuringExecution: affinity.required.map(podAffinityTerm) }
      : {}),
    ...(nonEmpty(affinity.preferred)
      ? {
          preferredDuringSchedulingIgnoredDuringExecution: affinity.preferred.map((preferred) => ({
            weight: must(preferred.weight),
            podAffinityTerm: podAffinityTerm(preferred.term),
          })),
        }
      : {}),
  };
}

/**
 * The pod's volumes (workloadpod BuildVolumes): one per mount name across the app, the sidecars
 * and the init containers, the first mount of a name giving its source; a mount without a
 * source names a volume defined elsewhere and adds none.
 */
function podVolumes(containers: readonly WorkloadContainer[]): IVolume[] {
  const volumes: IVolume[] = [];
  const seen = new Set<string>();
  for (const container of containers) {
    for (const mount of container.volumeMounts ?? []) {
      if (seen.has(mount.name)) continue;
      const made = volume(mount);
      if (!made) continue;
      seen.add(mount.name);
      volumes.push(made);
    }
  }
  return volumes;
}

function projection(source: { key?: string; path?: string; defaultMode?: number }) {
  return {
    ...(source.defaultMode ? { defaultMode: source.defaultMode } : {}),
    ...(source.key ? { items: [{ key: source.key, path: source.path || source.key }] } : {}),
  };
}

function volume(mount: WorkloadVolumeMount): IVolume | undefined {
  const { name } = mount;
  if (mount.configMap) return { name, configMap: { name: mount.configMap.name, ...projection(mount.configMap) } };
  if (mount.secret) return { name, secret: { secretName: mount.secret.name, ...projection(mount.secret) } };
  if (mount.hostPath) {
    return {
      name,
      hostPath: { path: mount.hostPath.path, ...(mount.hostPath.type ? { type: mount.hostPath.type } : {}) },
    };
  }
  if (mount.emptyDir) {
    const { medium, sizeLimit } = mount.emptyDir;
    return { name, emptyDir: { ...(medium ? { medium } : {}), ...(sizeLimit ? { sizeLimit } : {}) } };
  }
  if (mount.pvc) {
    const { claimName, readOnly } = mount.pvc;
    return { name, persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly } : {}) } };
  }
  return undefined;
}

function volumeMount(mount: WorkloadVolumeMount): IVolumeMount {
  return {
    name: mount.name,
    mountPath: mount.mountPath,
    ...(mount.readOnly ? { readOnly: true } : {}),
    ...(mount.subPath ? { subPath: mount.subPath } : {}),
  };
}
