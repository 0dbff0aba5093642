/**
 * The KubernetesJob construct: a view of the object model (lib/model). The Kubernetes objects a
 * manifest means, as the provider's kubernetes_job_v1 can say them (typedEngineObjects), become
 * the provider's resources, converted attribute by attribute (provider-attributes.ts). The
 * construct adds only what is Terraform's: references between the resources (so that Terraform
 * creates them in order: namespace, then config maps and secrets, then the Job), the revision
 * that re-runs the Job, waiting and timeouts.
 */
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DataResource, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { isPlantonManifest, type JobManifestParts } from "../manifest/dialects";
import { formatPath, type Problem } from "../diagnostics";
import { objectsOf, typedEngineObjects, typedEngineProblems } from "../model";
import { plantonTypedEngineProblems } from "../model/planton-typed-engine";
import { literal } from "./literal";
import {
  configMapConfig,
  jobConfig,
  namespaceConfig,
  secretConfig,
  serviceAccountConfig,
  type ReferencedKind,
  type References,
} from "./provider-attributes";
import { deleteTimeout, waitSettings } from "./job-timeouts";
import { deadlineState, revisionOf } from "./revision";
import { terraformName } from "./names";

/**
 * The construct's props: a manifest's `metadata` and `spec`, validated and defaulted (see
 * `loadManifests` or `parseManifest`), references resolved; for a manifest of the current Planton
 * API also its `apiVersion` (`kubernetes.planton.dev/v1alpha1`), which tells the dialects apart.
 */
export type KubernetesJobProps = JobManifestParts & KubernetesJobOptions;

export interface KubernetesJobOptions {
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

/**
 * A Job without a deadline also ignores `active_deadline_seconds`: removing a deadline must never
 * be patched (the provider would send 0, which fails the running Job at once). The deadline
 * trigger replaces the Job instead; where it cannot (a stack written by 0.1.0, before the trigger
 * existed, whose deadline is removed in the same apply), the Job keeps its deadline until it is
 * next replaced.
 */
export const IGNORED_WITHOUT_DEADLINE = [...IGNORED_JOB_CHANGES, "spec[0].active_deadline_seconds"];

/**
 * The provider classes of objects that only some manifests have (a namespace to create, a
 * Secret), loaded when one is: each is a module a run without them would load for nothing.
 */
function providerClasses() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    get NamespaceV1() {
      return (
        require("@cdktf/provider-kubernetes/lib/namespace-v1") as typeof import("@cdktf/provider-kubernetes/lib/namespace-v1")
      ).NamespaceV1;
    },
    get SecretV1() {
      return (
        require("@cdktf/provider-kubernetes/lib/secret-v1") as typeof import("@cdktf/provider-kubernetes/lib/secret-v1")
      ).SecretV1;
    },
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export class KubernetesJob extends Construct {
  /** The namespace of every object (a reference to the created namespace when there is one). */
  readonly namespace: string;
  /** The Job's name. */
  readonly jobName: string;
  /** The name of the service account the pod runs as. */
  readonly serviceAccountName: string;
  readonly job: JobV1;
  /** The ServiceAccount the pod runs as, when the manifest's dialect creates one (the first does). */
  readonly serviceAccount?: ServiceAccountV1;
  readonly namespaceResource?: NamespaceV1;
  readonly configMaps: readonly ConfigMapV1[];
  readonly envSecret?: SecretV1;
  readonly imagePullSecret?: SecretV1;
  /** Holds the Job's revision; when it changes, the Job is replaced and runs again. */
  readonly revision: DataResource;
  /** Holds whether the Job has a deadline; when that changes, the Job is replaced and runs again. */
  readonly deadline: DataResource;

  constructor(scope: Construct, id: string, props: KubernetesJobProps) {
    super(scope, id);
    const { metadata, spec, dockerConfigJson } = props;
    if (spec.namespace.value === undefined) {
      throw new Error("spec.namespace is a reference; references must be resolved before the construct is built");
    }
    const model = objectsOf(props, dockerConfigJson);
    // planStacks reports these at their file and line; a cdktf app of its own may not call it.
    const found: Problem[] = isPlantonManifest(props)
      ? plantonTypedEngineProblems(props.spec, model)
      : typedEngineProblems(props.spec);
    const problems = found.filter((problem) => problem.severity === "error");
    if (problems.length > 0) {
      const reasons = problems.map((problem) => `${formatPath(problem.path)}: ${problem.message}`).join("; ");
      throw new Error(
        `the manifest "${metadata.name}" cannot be deployed with kubernetes_job_v1: ${reasons}; ` +
          "ManifestEngineJob (the manifest engine, kubernetes_manifest) deploys the manifest as it is",
      );
    }
    const objects = typedEngineObjects(model);
    const address = terraformName(id);
    const named = <T extends TerraformResource>(resource: T, suffix = ""): T => {
      resource.overrideLogicalId(`${address}${suffix}`);
      return resource;
    };
    // Names of the objects created so far, as references: an object created later that uses
    // one of them names it through its reference, so Terraform creates it after.
    const created = new Map<string, string>();
    const refs: References = (kind, name) => created.get(`${kind}/${name}`);
    const creates = (kind: ReferencedKind, name: string | undefined, reference: string) => {
      if (name !== undefined) created.set(`${kind}/${name}`, reference);
    };

    if (objects.namespace) {
      this.namespaceResource = named(
        new (providerClasses().NamespaceV1)(this, "namespace", namespaceConfig(objects.namespace, refs)),
      );
      creates("Namespace", objects.namespace.metadata?.name, this.namespaceResource.metadata.name);
    }

    this.configMaps = objects.configMaps.map((object) => {
      const configMapName = object.metadata?.name ?? "";
      const configMap = named(
        new ConfigMapV1(this, `config-map-${configMapName}`, configMapConfig(object, refs)),
        `_${terraformName(configMapName)}`,
      );
      creates("ConfigMap", configMapName, configMap.metadata.name);
      return configMap;
    });

    if (objects.envSecret) {
      this.envSecret = named(
        new (providerClasses().SecretV1)(this, "env-secrets", secretConfig(objects.envSecret, refs)),
        "_env-secrets",
      );
      creates("Secret", objects.envSecret.metadata?.name, this.envSecret.metadata.name);
    }
    if (objects.imagePullSecret) {
      this.imagePullSecret = named(
        new (providerClasses().SecretV1)(this, "image-pull-secret", secretConfig(objects.imagePullSecret, refs)),
        "_image-pull-secret",
      );
      creates("Secret", objects.imagePullSecret.metadata?.name, this.imagePullSecret.metadata.name);
    }

    if (objects.serviceAccount) {
      this.serviceAccount = named(
        new ServiceAccountV1(this, "service-account", serviceAccountConfig(objects.serviceAccount, refs)),
      );
      creates("ServiceAccount", objects.serviceAccount.metadata?.name, this.serviceAccount.metadata.name);
    }

    this.revision = named(
      new DataResource(this, "revision", { input: { revision: revisionOf(props, model, dockerConfigJson) } }),
      "_revision",
    );
    this.deadline = named(
      new DataResource(this, "deadline", { input: { deadline: deadlineState(spec) } }),
      "_deadline",
    );
    const { wait, timeout } = waitSettings(spec, props);
    this.job = named(
      new JobV1(this, "job", {
        ...jobConfig(objects.job, refs),
        waitForCompletion: wait,
        // Create and update wait for the Job to finish (only when waiting); delete always waits
        // for the old Job to be gone, and a replacement deletes first.
        timeouts: { ...(wait ? { create: timeout, update: timeout } : {}), delete: deleteTimeout(objects.job) },
        lifecycle: { ignoreChanges: spec.activeDeadlineSeconds ? IGNORED_JOB_CHANGES : IGNORED_WITHOUT_DEADLINE },
      }),
    );
    // Terraform's JSON syntax wants a bare address here; cdktf would write "${...}", which it rejects.
    this.job.addOverride(
      "lifecycle.replace_triggered_by",
      [this.revision, this.deadline].map((trigger) => `${DataResource.tfResourceType}.${trigger.friendlyUniqueId}`),
    );

    this.namespace = this.namespaceResource?.metadata.name ?? literal(spec.namespace.value);
    this.jobName = this.job.metadata.name;
    // Without a created ServiceAccount the pod runs as the one it names, or the namespace's "default".
    this.serviceAccountName =
      this.serviceAccount?.metadata.name ?? literal(objects.job.spec.template.spec?.serviceAccountName ?? "default");
  }
}
