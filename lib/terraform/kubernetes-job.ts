/**
 * The KubernetesJob construct: a validated manifest's metadata and spec in, the Kubernetes
 * objects of a Planton KubernetesJob out, wired through typed references so that Terraform
 * creates them in order (namespace, then config maps and secrets, then the Job).
 */
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DataResource, type TerraformResource } from "cdktf";
import { defaultWaitTimeout } from "../deployment/resolve";
import { Construct } from "constructs";
import type { KubernetesJobMetadata, KubernetesJobSpec } from "../manifest/schema";
import { envSecretsName, imagePullSecretName, serviceAccountName } from "../model/object-names";
import { directSecretValues, sortedEntries } from "./env";
import { renderJobSpec } from "./job-spec";
import { plantonLabels } from "../model/labels";
import { literal, literalDeep } from "./literal";
import { jobRevision } from "./revision";

export interface KubernetesJobProps {
  /** The manifest's metadata, validated (see `loadManifests` or `parseManifest`). */
  readonly metadata: KubernetesJobMetadata;
  /** The manifest's spec, validated and defaulted; references must already be resolved. */
  readonly spec: KubernetesJobSpec;
  /**
   * Content of a Docker config JSON (`{"auths": {...}}`) for a `<name>-image-pull-secret`.
   * @default - no image pull secret is created
   */
  readonly dockerConfigJson?: string;
  /**
   * Make `terraform apply` wait until the Job completes (never for a suspended Job).
   * @default false
   */
  readonly waitForCompletion?: boolean;
  /**
   * Create and update timeout while waiting, a duration such as "45m".
   * @default - activeDeadlineSeconds plus 5 minutes, or 30m without a deadline
   */
  readonly timeout?: string;
}

/**
 * Job attributes that Terraform must not try to update in place: the template is immutable in
 * Kubernetes, and the provider would plan no-op updates for some of its fields (and for the
 * TTL) on every run. Changes to them replace the Job through its revision instead.
 */
export const IGNORED_JOB_CHANGES = ["spec[0].template", "spec[0].ttl_seconds_after_finished"];

export class KubernetesJob extends Construct {
  /** The namespace of every object (a reference to the created namespace when there is one). */
  readonly namespace: string;
  /** The Job's name. */
  readonly jobName: string;
  /** The name of the service account the pod runs as. */
  readonly serviceAccountName: string;
  readonly job: JobV1;
  readonly serviceAccount: ServiceAccountV1;
  readonly namespaceResource?: NamespaceV1;
  readonly configMaps: readonly ConfigMapV1[];
  readonly envSecret?: SecretV1;
  readonly imagePullSecret?: SecretV1;
  /** Holds the Job's revision; when it changes, the Job is replaced and runs again. */
  readonly revision: DataResource;

  constructor(scope: Construct, id: string, props: KubernetesJobProps) {
    super(scope, id);
    // Every user string is escaped once, here, so that Terraform and cdktf take it literally.
    const metadata = literalDeep(props.metadata);
    const spec = literalDeep(props.spec);
    const name = metadata.name;
    const labels = plantonLabels(metadata);
    const address = terraformName(id);
    const named = <T extends TerraformResource>(resource: T, suffix = ""): T => {
      resource.overrideLogicalId(`${address}${suffix}`);
      return resource;
    };

    const namespaceValue = spec.namespace.value;
    if (namespaceValue === undefined) {
      throw new Error("spec.namespace is a reference; references must be resolved before the construct is built");
    }
    if (spec.createNamespace) {
      this.namespaceResource = named(
        new NamespaceV1(this, "namespace", { metadata: { name: namespaceValue, labels } }),
      );
    }
    const namespace = this.namespaceResource?.metadata.name ?? namespaceValue;
    const objectMeta = (objectName: string) => ({ name: objectName, namespace, labels });

    const configMaps = new Map<string, ConfigMapV1>();
    for (const [configMapName, content] of sortedEntries(spec.configMaps)) {
      const configMap = new ConfigMapV1(this, `config-map-${configMapName}`, {
        metadata: objectMeta(configMapName),
        data: { [configMapName]: content },
      });
      configMaps.set(configMapName, named(configMap, `_${terraformName(configMapName)}`));
    }
    this.configMaps = [...configMaps.values()];

    const secretValues = directSecretValues(spec);
    if (Object.keys(secretValues).length > 0) {
      this.envSecret = named(
        new SecretV1(this, "env-secrets", {
          metadata: objectMeta(envSecretsName(name)),
          type: "Opaque",
          data: secretValues,
        }),
        "_env-secrets",
      );
    }
    if (props.dockerConfigJson !== undefined) {
      this.imagePullSecret = named(
        new SecretV1(this, "image-pull-secret", {
          metadata: objectMeta(imagePullSecretName(name)),
          type: "kubernetes.io/dockerconfigjson",
          data: { ".dockerconfigjson": literal(props.dockerConfigJson) },
        }),
        "_image-pull-secret",
      );
    }

    this.serviceAccount = named(
      new ServiceAccountV1(this, "service-account", { metadata: objectMeta(serviceAccountName(name)) }),
    );

    const imagePullSecretNames = [
      ...(spec.image.pullSecretName ? [spec.image.pullSecretName] : []),
      ...(this.imagePullSecret ? [this.imagePullSecret.metadata.name] : []),
    ];
    this.revision = named(
      new DataResource(this, "revision", { input: { revision: jobRevision(spec, labels, props.dockerConfigJson) } }),
      "_revision",
    );
    const wait = (props.waitForCompletion ?? false) && !spec.suspend;
    const timeout = literal(props.timeout ?? defaultWaitTimeout(spec.activeDeadlineSeconds));
    this.job = named(
      new JobV1(this, "job", {
        metadata: objectMeta(name),
        spec: renderJobSpec(spec, labels, {
          serviceAccountName: this.serviceAccount.metadata.name,
          envSecretsName: this.envSecret?.metadata.name,
          imagePullSecretNames,
          configMapName: (configMapName) => configMaps.get(configMapName)?.metadata.name ?? configMapName,
        }),
        waitForCompletion: wait,
        ...(wait ? { timeouts: { create: timeout, update: timeout } } : {}),
        lifecycle: { ignoreChanges: IGNORED_JOB_CHANGES },
      }),
    );
    // Terraform's JSON syntax wants a bare address here; cdktf would write "${...}", which it rejects.
    this.job.addOverride("lifecycle.replace_triggered_by", [
      `${DataResource.tfResourceType}.${this.revision.friendlyUniqueId}`,
    ]);

    this.namespace = namespace;
    this.jobName = this.job.metadata.name;
    this.serviceAccountName = this.serviceAccount.metadata.name;
  }
}

/** A Terraform resource name: letters, digits, '_' and '-', not starting with a digit. */
function terraformName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
