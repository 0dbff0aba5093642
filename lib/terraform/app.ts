import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, type App } from "cdktf";
import type { JsonObject } from "./hcl";
import type { SynthPlan } from "./plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";

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
 * Synthesizes an app (HCL mode when SYNTH_HCL_OUTPUT says so, as `cdktf synth --hcl` sets it),
 * leaving one format in each stack directory (see stack-format.ts).
 */
export function synthesize(app: App): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { formatsWrittenBefore, removeOtherFormat } = require("./stack-format") as typeof import("./stack-format");
  const before = formatsWrittenBefore(app.outdir);
  app.synth();
  const stacks = app.node.children.filter(TerraformStack.isStack);
  for (const stack of stacks) finishStack(app, stack);
  const names = stacks.map((stack) => stack.node.id);
  removeOtherFormat(app.outdir, names, app.hclOutput ? "hcl" : "json", before);
}

/**
 * After cdktf wrote a stack: its HCL rewritten from its Terraform JSON (cdktf's own is not
 * formatted and quotes references that Terraform needs bare), and a file holding secret values
 * made readable by its owner only.
 */
export function finishStack(app: App, stack: TerraformStack): void {
  const file = join(app.outdir, "stacks", stack.node.id, app.hclOutput ? "cdk.tf" : "cdk.tf.json");
  if (app.hclOutput) {
    // The HCL writer is loaded by HCL runs only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { toHcl } = require("./hcl") as typeof import("./hcl");
    writeFileSync(file, toHcl(stack.toTerraform() as JsonObject));
  }
  if (stack instanceof KubernetesJobStack && stack.holdsSecrets) chmodSync(file, 0o600);
}
