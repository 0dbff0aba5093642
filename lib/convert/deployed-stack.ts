/**
 * What the next `terraform apply` does to a Job the first dialect deployed, once its converted
 * manifest is synthesized into the same stack (the stack name and backend are kept, so the same
 * state): the first dialect's stack created a ServiceAccount, which the current API's stack does
 * not hold, so Terraform destroys it; and the current API's revision is another hash
 * (lib/terraform/revision.ts modelRevision, which no first-dialect revision can equal), so the
 * Job's replace_triggered_by replaces it and it runs again. The messages give the commands that
 * keep both.
 */
import { terraformName } from "../terraform/names";

/** synth's default output directory (lib/cli/io.ts DEFAULT_OUT_DIR), where the stack's Terraform runs. */
const STACK_DIR = (stack: string) => `cdktf.out/stacks/${stack}`;

/** The end of the ServiceAccount warning: the apply destroys the deployed one, and how to keep it. */
export function deployedServiceAccount(name: string, serviceAccount: string, stack: string): string {
  const address = terraformName(name);
  return (
    `If the first dialect deployed it, the next apply of the converted manifest into the same stack ("${stack}") and state destroys that ServiceAccount: ` +
    `before it, run terraform -chdir=${STACK_DIR(stack)} state rm kubernetes_service_account_v1.${address} ` +
    `(kubernetes_manifest.${address}_service-account on the manifest engine), so that Terraform forgets it and leaves it in the cluster, ` +
    `and set spec.pod.serviceAccount.value to "${serviceAccount}" rather than creating it again`
  );
}

/**
 * The Job is replaced through its revision only: its pod template is in the Job's ignore_changes
 * (lib/terraform/kubernetes-job.ts IGNORED_JOB_CHANGES). Terraform does not replace a resource
 * whose replace_triggered_by resource is created rather than changed (checked with Terraform
 * 1.11: a `terraform_data` trigger removed from the state and created again replaces nothing), so
 * forgetting the revision keeps the Job on the typed engine, which patches the Job's labels in
 * place (hashicorp/terraform-provider-kubernetes resource_kubernetes_job_v1.go
 * resourceKubernetesJobV1Update: patchMetadata). The manifest engine sends the whole Job, pod template included, which Kubernetes does
 * not let change on an existing Job: there the message offers nothing but the replacement.
 */
export function deployedJob(name: string, stack: string): string {
  const address = terraformName(name);
  return (
    `the current API's Job has another revision, so the next apply into the first dialect's stack ("${stack}") replaces the Job ` +
    `(kubernetes_job_v1.${address}, kubernetes_manifest.${address} on the manifest engine): it runs again. ` +
    `To keep the Job that ran on the typed engine, run terraform -chdir=${STACK_DIR(stack)} state rm terraform_data.${address}_revision before that apply: ` +
    `Terraform then creates the revision without replacing the Job, which keeps its pod template until the manifest next changes`
  );
}
