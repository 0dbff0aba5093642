/**
 * Synthesizing a stack with cdktf's Testing helpers and reading the Terraform JSON back. Importing
 * this module registers cdktf's jest matchers (`toHaveResourceWithProperties`, ...).
 */
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import type { StackDeployment } from "../../lib/deployment/resolve";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { stackName } from "../../lib/terraform/plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";

Testing.setupJest();

/* eslint-disable @typescript-eslint/no-explicit-any -- Terraform JSON is checked by the assertions */
export type Json = any;

export interface Synthesized {
  /** What `Testing.synth` returns: sorted keys, no "//" metadata. */
  readonly text: string;
  readonly json: Json;
}

/** One KubernetesJobStack for a manifest, synthesized the way cdktf's tests do (other settings in `deployment`). */
export function synthStack(
  manifest: KubernetesJobManifest,
  dockerConfigJson?: string,
  deployment: Partial<StackDeployment> = {},
): Synthesized {
  const stack = new KubernetesJobStack(Testing.app(), stackName(manifest.metadata), {
    manifest,
    deployment: { ...deployment, dockerConfigJson },
  });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

/** The resources of one type, by Terraform name (`{}` when there is none). */
export function resourcesOf(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyResource(json: Json, type: string): Json {
  const found = Object.values(resourcesOf(json, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

export const jobOf = (json: Json): Json => onlyResource(json, "kubernetes_job_v1");
export const jobSpecOf = (json: Json): Json => jobOf(json).spec;
export const podSpecOf = (json: Json): Json => jobSpecOf(json).template.spec;
export const containerOf = (json: Json): Json => {
  const containers = podSpecOf(json).container;
  expect(containers).toHaveLength(1);
  return containers[0];
};
