/**
 * What a KubernetesJob manifest means, as the Kubernetes API objects the component creates: the
 * single description of the component's output. The Terraform construct, the YAML renderer and
 * the tests' provider model are views of these objects or are checked against them.
 *
 * Objects are plain API JSON (field names as the API server stores them), typed by
 * kubernetes-models. Only what the manifest says is written: a field the manifest leaves unset
 * (parallelism 0, completions 0, no deadline, no TTL) is left out, so Kubernetes applies its own
 * default, and nothing is added that Kubernetes would not add itself. Nor is a zero value the API
 * server does not store (`readOnly: false`, an empty env value): the objects are as they will be
 * read back. Types only are imported: loading kubernetes-models' validators is the tests' and
 * `render`'s business, not synth's.
 */
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { imageReference } from "../manifest/k8s/image";
import type { KubernetesJobMetadata, KubernetesJobSpec, VolumeMount } from "../manifest/schema";
import { plantonLabels } from "./labels";
import { dockerConfigSecret, envValuesSecret } from "./secrets";
import { CONTAINER_NAME, envSecretsName, imagePullSecretName, serviceAccountName } from "./object-names";

export interface ModelInput {
  /** The manifest's metadata, validated. */
  readonly metadata: KubernetesJobMetadata;
  /** The manifest's spec, validated and defaulted, with references resolved. */
  readonly spec: KubernetesJobSpec;
  /** Content of a Docker config JSON for the `<name>-image-pull-secret`, when there is one. */
  readonly dockerConfigJson?: string;
}

/** The objects of one KubernetesJob; `job` uses the others by name. */
export interface JobObjects {
  /** The namespace, when the manifest asks for it to be created. */
  readonly namespace?: INamespace;
  /** One per `spec.configMaps` entry, in name order. */
  readonly configMaps: readonly IConfigMap[];
  /** `<name>-env-secrets`, holding the env secrets given as values. */
  readonly envSecret?: ISecret;
  /** `<name>-image-pull-secret`, holding the Docker config. */
  readonly imagePullSecret?: ISecret;
  /**
   * The ServiceAccount the pod runs as, when the component creates it (the first dialect always
   * does; the current Planton API never does: its pod names an existing one).
   */
  readonly serviceAccount?: IServiceAccount;
  readonly job: IJob & { spec: NonNullable<IJob["spec"]> };
}

export type KubernetesObject = INamespace | IConfigMap | ISecret | IServiceAccount | IJob;

/** Names in code-point order, whatever order the manifest listed them in. */
export const sortedEntries = <T>(map: Readonly<Record<string, T>> | undefined): [string, T][] =>
  Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Env secrets given as values, which go into the `<name>-env-secrets` Secret. */
export function directSecretValues(spec: KubernetesJobSpec): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, secret] of sortedEntries(spec.env?.secrets)) {
    if (secret.value !== undefined) values[name] = secret.value;
  }
  return values;
}

/** The namespace every object lives in: references must be resolved before the model is built. */
export function namespaceOf(spec: KubernetesJobSpec): string {
  const namespace = spec.namespace.value;
  if (namespace === undefined) {
    throw new Error("spec.namespace is a reference; references must be resolved before the objects are built");
  }
  return namespace;
}

export function jobObjects({ metadata, spec, dockerConfigJson }: ModelInput): JobObjects {
  const name = metadata.name;
  const namespace = namespaceOf(spec);
  const labels = plantonLabels(metadata);
  const objectMeta = (objectName: string) => ({ name: objectName, namespace, labels: { ...labels } });

  const secretValues = directSecretValues(spec);
  const envSecret = envValuesSecret(objectMeta(envSecretsName(name)), secretValues);
  const imagePullSecret = dockerConfigSecret(objectMeta(imagePullSecretName(name)), dockerConfigJson);
  const imagePullSecrets = [
    ...(spec.image.pullSecretName ? [spec.image.pullSecretName] : []),
    ...(imagePullSecret ? [imagePullSecretName(name)] : []),
  ];

  return {
    ...(spec.createNamespace
      ? { namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...labels } } } }
      : {}),
    configMaps: sortedEntries(spec.configMaps).map(([configMapName, content]) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: objectMeta(configMapName),
      data: { [configMapName]: content },
    })),
    ...(envSecret ? { envSecret } : {}),
    ...(imagePullSecret ? { imagePullSecret } : {}),
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: objectMeta(serviceAccountName(name)) },
    job: {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: objectMeta(name),
      spec: {
        // 0 means unset in the manifest: Kubernetes then applies its own default.
        ...(spec.parallelism ? { parallelism: spec.parallelism } : {}),
        ...(spec.completions ? { completions: spec.completions } : {}),
        completionMode: spec.completionMode,
        backoffLimit: spec.backoffLimit,
        ...(spec.activeDeadlineSeconds ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
        ...(spec.ttlSecondsAfterFinished ? { ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished } : {}),
        ...(spec.suspend ? { suspend: true } : {}),
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            serviceAccountName: serviceAccountName(name),
            restartPolicy: spec.restartPolicy,
            containers: [container(spec, envSecret !== undefined ? envSecretsName(name) : undefined)],
            ...(imagePullSecrets.length > 0
              ? { imagePullSecrets: imagePullSecrets.map((pull) => ({ name: pull })) }
              : {}),
            ...(spec.volumeMounts?.length ? { volumes: spec.volumeMounts.map(volume) } : {}),
          },
        },
      },
    },
  };
}

/** The objects in the order they must be applied: each after the objects it uses. */
export function applyOrder(objects: JobObjects): KubernetesObject[] {
  return [
    ...(objects.namespace ? [objects.namespace] : []),
    ...objects.configMaps,
    ...(objects.envSecret ? [objects.envSecret] : []),
    ...(objects.imagePullSecret ? [objects.imagePullSecret] : []),
    ...(objects.serviceAccount ? [objects.serviceAccount] : []),
    objects.job,
  ];
}

/** The Job's one container. */
function container(spec: KubernetesJobSpec, envSecrets: string | undefined): IContainer {
  const { limits, requests } = spec.resources;
  return {
    name: CONTAINER_NAME,
    image: imageReference(spec.image.repo, spec.image.tag),
    ...(spec.command?.length ? { command: [...spec.command] } : {}),
    ...(spec.args?.length ? { args: [...spec.args] } : {}),
    resources: {
      limits: { cpu: limits.cpu, memory: limits.memory },
      requests: { cpu: requests.cpu, memory: requests.memory },
    },
    env: env(spec, envSecrets),
    ...(spec.volumeMounts?.length ? { volumeMounts: spec.volumeMounts.map(volumeMount) } : {}),
  };
}

/**
 * The container's env, in Planton's order: HOSTNAME (the pod IP), K8S_POD_ID (the pod name),
 * then variables and secrets, each sorted by name. `envSecrets` names the Secret holding the
 * secrets given as values.
 */
function env(spec: KubernetesJobSpec, envSecrets: string | undefined): IEnvVar[] {
  const vars: IEnvVar[] = [
    { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    { name: "K8S_POD_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
  ];
  for (const [name, variable] of sortedEntries(spec.env?.variables)) {
    if (variable.value === undefined) {
      throw new Error(
        `spec.env.variables.${name} is a reference; references must be resolved before the objects are built`,
      );
    }
    // The API server does not store an empty value (omitempty): an empty variable is its name alone.
    vars.push(variable.value === "" ? { name } : { name, value: variable.value });
  }
  for (const [name, secret] of sortedEntries(spec.env?.secrets)) {
    const ref = secret.secretRef
      ? { name: secret.secretRef.name, key: secret.secretRef.key }
      : { name: envSecrets as string, key: name };
    vars.push({ name, valueFrom: { secretKeyRef: ref } });
  }
  return vars;
}

function projection(source: { key?: string; path?: string; defaultMode?: number }) {
  return {
    ...(source.defaultMode ? { defaultMode: source.defaultMode } : {}),
    ...(source.key !== undefined ? { items: [{ key: source.key, path: source.path ?? source.key }] } : {}),
  };
}

/** One pod volume per mount, with the mount's name, in the manifest's order. */
function volume(mount: VolumeMount): IVolume {
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
  const { claimName, readOnly } = mount.pvc;
  return { name, persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly } : {}) } };
}

function volumeMount(mount: VolumeMount): IVolumeMount {
  return {
    name: mount.name,
    mountPath: mount.mountPath,
    // false is Kubernetes' default, which the API server does not store (omitempty).
    ...(mount.readOnly ? { readOnly: true } : {}),
    ...(mount.subPath ? { subPath: mount.subPath } : {}),
  };
}
