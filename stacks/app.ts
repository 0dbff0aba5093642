import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, type App } from "cdktf";
import { toHcl, type JsonObject } from "../lib/hcl";
import type { SynthPlan } from "../lib/synth";
import { KubernetesJobStack } from "./kubernetes-job-stack";

/**
 * How the project's apps are made. cdktf's construct validations are skipped: the manifests were
 * validated already, and one of them (for terraform_data) runs `terraform version` once per stack,
 * which costs 50 ms a stack and fails on machines without Terraform, where synthesis should work.
 */
export const APP_OPTIONS = { skipValidation: true } as const;

/** Adds one stack per planned manifest to an App. */
export function addStacks(app: App, plan: SynthPlan): void {
  for (const stack of plan.stacks) {
    new KubernetesJobStack(app, stack.name, { manifest: stack.manifest, deployment: stack.deployment });
  }
}

/**
 * Synthesizes an app; in HCL mode (SYNTH_HCL_OUTPUT, as `cdktf synth --hcl` sets it) each
 * stack's cdk.tf is then rewritten from its Terraform JSON by toHcl: cdktf's own HCL is not
 * formatted and quotes references that Terraform needs bare.
 */
export function synthesize(app: App): void {
  app.synth();
  if (!app.hclOutput) return;
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    const json = stack.toTerraform() as JsonObject;
    writeFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf"), toHcl(json));
  }
}
