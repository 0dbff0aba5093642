/**
 * One manifest, one Terraform stack (its own state): the kubernetes provider, the KubernetesJob
 * construct, and the outputs `namespace`, `job_name` and `service_account_name`.
 */
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { KubernetesJob } from "../lib/kubernetes-job";
import type { KubernetesJobManifest } from "../lib/manifest";

export interface KubernetesJobStackProps {
  readonly manifest: KubernetesJobManifest;
  /** @default - no image pull secret */
  readonly dockerConfigJson?: string;
}

export class KubernetesJobStack extends TerraformStack {
  readonly job: KubernetesJob;

  constructor(scope: Construct, id: string, props: KubernetesJobStackProps) {
    super(scope, id);
    // With no arguments the provider finds its cluster itself (KUBE_CONFIG_PATH, ~/.kube/config).
    new KubernetesProvider(this, "kubernetes", {});
    const { metadata, spec } = props.manifest;
    this.job = new KubernetesJob(this, metadata.name, { metadata, spec, dockerConfigJson: props.dockerConfigJson });
    new TerraformOutput(this, "namespace", { value: this.job.namespace });
    new TerraformOutput(this, "job_name", { value: this.job.jobName });
    new TerraformOutput(this, "service_account_name", { value: this.job.serviceAccountName });
  }
}
