/**
 * The KubernetesJob on the manifest engine: every object of the object model (lib/model), as it
 * is, becomes one `kubernetes_manifest` resource of hashicorp/kubernetes 2.38.0, which sends it to
 * the API server by server-side apply. Nothing is converted, so the stack cannot say anything the
 * model does not: a work queue, an Indexed Job without per-index limits and `suspend` reach the
 * cluster as the manifest says them. Every string and map key is escaped for Terraform and cdktf
 * (literal.ts); cdktf writes the `manifest` attribute's keys as given (it is a dynamic value, not
 * a struct), so API field names stay camelCase and user keys (labels, env names, ConfigMap keys)
 * stay exact.
 *
 * What the construct adds is Terraform's: the order of creation (depends_on, since a reference
 * inside `manifest` would leave the object unknown at plan time), the revision that re-runs the
 * Job, waiting, and the provider settings below.
 */
import { Manifest, type ManifestConfig } from "@cdktf/provider-kubernetes/lib/manifest";
import { DataResource, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { IContainer } from "kubernetes-models/v1/Container";
import { applyOrder, objectsOf, type KubernetesObject } from "../model";
import { literal, literalDeep } from "./literal";
import type { KubernetesJobProps } from "./kubernetes-job";
import { terraformName } from "./names";
import { revisionOf } from "./revision";
import { waitSettings } from "./job-timeouts";

/**
 * Every resource's field manager. Server-side apply records which manager owns each field; a
 * name of its own shows in the objects' managedFields that these fields are the stack's, and
 * forcing conflicts makes the stack the authority over them, as the typed engine is (it overwrites
 * what it manages): a field someone changed with kubectl is set back at the next apply instead of
 * failing it with a conflict (provider: manifest/provider/apply.go, ApplyResourceChange, which
 * patches with FieldManager and Force from this block; the default name is "Terraform").
 */
export const FIELD_MANAGER = { name: "kubernetes-job-cdktf", forceConflicts: true } as const;

/**
 * Fields of the Job that the API server sets differently from what the stack sends, which the
 * provider must accept after apply (else Terraform fails the apply with "Provider produced
 * inconsistent result"); a field the manifest leaves out (a default the API server fills in) is
 * unknown in the plan and needs nothing (manifest/provider/plan.go, PlanResourceChange). Giving
 * computed_fields replaces the provider's default, metadata.labels and metadata.annotations, so
 * those are listed again.
 * - spec.template.metadata.labels: the API server adds the Job's selector labels
 *   (batch.kubernetes.io/controller-uid, batch.kubernetes.io/job-name, controller-uid, job-name);
 * - each container's and init container's resources: quantities are stored in canonical form
 *   (the default limit cpu "1000m" is stored as "1");
 * - each env resourceFieldRef divisor, and each emptyDir sizeLimit, quantities too.
 */
export function jobComputedFields(job: KubernetesObject): string[] {
  const pod = job.kind === "Job" ? job.spec?.template.spec : undefined;
  const containers = (list: string, items: readonly IContainer[] | undefined) =>
    (items ?? []).flatMap((container, index) => {
      const at = `spec.template.spec.${list}[${index}]`;
      return [
        ...(container.resources !== undefined ? [`${at}.resources`] : []),
        ...(container.env ?? []).flatMap((env, envIndex) =>
          env.valueFrom?.resourceFieldRef?.divisor !== undefined
            ? [`${at}.env[${envIndex}].valueFrom.resourceFieldRef.divisor`]
            : [],
        ),
      ];
    });
  return [
    "metadata.labels",
    "metadata.annotations",
    "spec.template.metadata.labels",
    ...containers("containers", pod?.containers),
    ...containers("initContainers", pod?.initContainers),
    ...(pod?.volumes ?? []).flatMap((volume, index) =>
      volume.emptyDir?.sizeLimit !== undefined ? [`spec.template.spec.volumes[${index}].emptyDir.sizeLimit`] : [],
    ),
  ];
}

/** The condition a Job gets when it has succeeded; a failed Job gets Failed instead, never Complete. */
export const JOB_COMPLETE = { type: "Complete", status: "True" } as const;

/** The Terraform name of each object's resource, after the Job's construct id. */
function resourceSuffix(object: KubernetesObject, jobName: string, envSecrets: string | undefined): string {
  const name = object.metadata?.name ?? "";
  switch (object.kind) {
    case "Namespace":
      return "_namespace";
    case "ConfigMap":
      return `_config-map_${terraformName(name)}`;
    case "Secret":
      return name === envSecrets ? "_env-secrets" : "_image-pull-secret";
    case "ServiceAccount":
      return "_service-account";
    default:
      return name === jobName ? "" : `_${terraformName(name)}`;
  }
}

export class ManifestEngineJob extends Construct {
  /** The namespace of every object (a reference to the created namespace when there is one). */
  readonly namespace: string;
  /** The Job's name, as a reference to the applied Job. */
  readonly jobName: string;
  /** The name of the service account the pod runs as, as a reference. */
  readonly serviceAccountName: string;
  readonly job: Manifest;
  /** The ServiceAccount's resource, when the manifest's dialect creates one (the first does). */
  readonly serviceAccount?: Manifest;
  readonly namespaceResource?: Manifest;
  readonly configMaps: readonly Manifest[];
  readonly envSecret?: Manifest;
  readonly imagePullSecret?: Manifest;
  /** Holds the Job's revision; when it changes, the Job is replaced and runs again. */
  readonly revision: DataResource;

  constructor(scope: Construct, id: string, props: KubernetesJobProps) {
    super(scope, id);
    const { metadata, spec, dockerConfigJson } = props;
    if (spec.namespace.value === undefined) {
      throw new Error("spec.namespace is a reference; references must be resolved before the construct is built");
    }
    // The model as it is: this engine can say all of it.
    const objects = objectsOf(props, dockerConfigJson);
    const address = terraformName(id);
    const jobName = objects.job.metadata?.name ?? metadata.name;
    const envSecrets = objects.envSecret?.metadata?.name;

    this.revision = new DataResource(this, "revision", {
      input: { revision: revisionOf(props, objects, dockerConfigJson, { perIndexLimits: false }) },
    });
    this.revision.overrideLogicalId(`${address}_revision`);

    // Server-side apply does what the typed engine's deadline trigger is for on its own: a field
    // the stack no longer sends is removed, so removing activeDeadlineSeconds removes the deadline
    // (kubernetes_job_v1 would patch it as 0 and fail the running Job).
    const { wait, timeout } = waitSettings(spec, props);
    // Each object after the ones it uses: everything after the namespace, the Job after all.
    const created: Manifest[] = [];
    let namespaceResource: Manifest | undefined;
    const resources = applyOrder(objects).map((object) => {
      const isJob = object === objects.job;
      const dependsOn: ITerraformDependable[] = isJob ? [...created] : namespaceResource ? [namespaceResource] : [];
      const resource = new Manifest(this, `${object.kind}-${object.metadata?.name ?? ""}`, {
        manifest: literalDeep(object) as ManifestConfig["manifest"],
        fieldManager: FIELD_MANAGER,
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        ...(isJob ? { computedFields: jobComputedFields(object) } : {}),
        // Waiting: create and update return once the Job is Complete (the provider polls its
        // conditions: manifest/provider/waiter.go); the timeouts bound that wait.
        ...(isJob && wait
          ? { wait: { condition: [JOB_COMPLETE] }, timeouts: { create: timeout, update: timeout } }
          : {}),
      });
      resource.overrideLogicalId(`${address}${resourceSuffix(object, jobName, envSecrets)}`);
      if (object === objects.namespace) namespaceResource = resource;
      created.push(resource);
      return resource;
    });
    const byObject = new Map<KubernetesObject, Manifest>(
      applyOrder(objects).map((object, index) => [object, resources[index]]),
    );
    const resourceOf = (object: KubernetesObject | undefined) => (object ? byObject.get(object) : undefined);

    this.namespaceResource = resourceOf(objects.namespace);
    this.configMaps = objects.configMaps.map((object) => byObject.get(object) as Manifest);
    this.envSecret = resourceOf(objects.envSecret);
    this.imagePullSecret = resourceOf(objects.imagePullSecret);
    this.serviceAccount = resourceOf(objects.serviceAccount);
    this.job = byObject.get(objects.job) as Manifest;
    // Terraform's JSON syntax wants a bare address here; cdktf would write "${...}", which it rejects.
    this.job.addOverride("lifecycle.replace_triggered_by", [
      `${DataResource.tfResourceType}.${this.revision.friendlyUniqueId}`,
    ]);

    const nameOf = (resource: Manifest) => Token.asString(resource.interpolationForAttribute("object.metadata.name"));
    this.namespace = this.namespaceResource ? nameOf(this.namespaceResource) : literal(spec.namespace.value);
    this.jobName = nameOf(this.job);
    // Without a created ServiceAccount the pod runs as the one it names, or the namespace's "default".
    this.serviceAccountName = this.serviceAccount
      ? nameOf(this.serviceAccount)
      : literal(objects.job.spec.template.spec?.serviceAccountName ?? "default");
  }
}
