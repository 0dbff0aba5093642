/**
 * One manifest, one Terraform stack (its own state): the kubernetes provider for the manifest's
 * cluster, its state backend, the KubernetesJob construct, and the outputs `namespace`,
 * `job_name` and `service_account_name`.
 */
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { StackDeployment } from "../lib/deployment/resolve";
import { KubernetesJob } from "../lib/kubernetes-job";
import type { KubernetesJobManifest } from "../lib/manifest";
import { literalDeep } from "../lib/render/literal";
import { addBackend } from "./backend";

export interface KubernetesJobStackProps {
  readonly manifest: KubernetesJobManifest;
  /**
   * Cluster, backend, waiting and pull secret (see resolveDeployment).
   * @default - the provider's own discovery, cdktf's local backend, no waiting, no pull secret
   */
  readonly deployment?: Partial<StackDeployment>;
}

export class KubernetesJobStack extends TerraformStack {
  readonly job: KubernetesJob;

  /** True when the synthesized configuration holds secret values (direct env secrets, a Docker config). */
  get holdsSecrets(): boolean {
    return this.job.envSecret !== undefined || this.job.imagePullSecret !== undefined;
  }

  constructor(scope: Construct, id: string, props: KubernetesJobStackProps) {
    super(scope, id);
    const { provider = {}, backend, waitForCompletion, timeout, dockerConfigJson } = props.deployment ?? {};
    // Without settings the provider finds its cluster itself (KUBE_CONFIG_PATH, KUBE_CTX, ...).
    // Terraform evaluates the provider block's strings as templates: settings are user text,
    // escaped like the manifest's (a backend block is plain text to Terraform: see backend.ts).
    const { exec, ...connection } = literalDeep(provider);
    const kubernetes = new KubernetesProvider(this, "kubernetes", connection);
    if (exec) {
      // cdktf snake-cases every key of a provider's config, the names of exec's env variables
      // too (AWS_PROFILE would become aws_profile); an override is written as given.
      const { apiVersion, command, args, env } = exec;
      kubernetes.addOverride("exec", [{ api_version: apiVersion, command, args, env }]);
    }
    if (backend) addBackend(this, backend);
    const { metadata, spec } = props.manifest;
    this.job = new KubernetesJob(this, metadata.name, { metadata, spec, dockerConfigJson, waitForCompletion, timeout });
    new TerraformOutput(this, "namespace", { value: this.job.namespace });
    new TerraformOutput(this, "job_name", { value: this.job.jobName });
    new TerraformOutput(this, "service_account_name", { value: this.job.serviceAccountName });
  }
}
