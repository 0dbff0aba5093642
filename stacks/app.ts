import type { App } from "cdktf";
import type { SynthPlan } from "../lib/synth";
import { KubernetesJobStack } from "./kubernetes-job-stack";

/** Adds one stack per planned manifest to an App. */
export function addStacks(app: App, plan: SynthPlan): void {
  for (const stack of plan.stacks) {
    new KubernetesJobStack(app, stack.name, { manifest: stack.manifest });
  }
}
