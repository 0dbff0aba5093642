/**
 * What `terraform apply` reports for a kubernetes_job_v1 while it waits, and how long it waits:
 * resource_kubernetes_job_v1.go.
 * - Timeouts: create, update and delete default to 1 minute each (resourceKubernetesJobV1,
 *   schema.DefaultTimeout(1 * time.Minute)); a `timeouts` block overrides each.
 * - wait_for_completion has schema Default true: a stack that leaves it out waits.
 * - Create (and update) with waiting: retryUntilJobV1IsFinished polls until a condition
 *   Complete (done) or Failed (a non-retryable error "job: ns/name is in failed state"); the
 *   timeout ends it with an error too. The Job's ID is set before waiting, so Terraform keeps
 *   the created object marked tainted: the next apply replaces it and the Job runs again.
 * - Delete: propagation Foreground (options_helpers.go deleteOptions), then polls until the Job
 *   is gone, for the delete timeout: the Job stays until its pods are deleted, which takes up to
 *   their termination grace period; past the timeout the apply fails ("Job ... still exists").
 */
import { block, type JsonObject } from "./stack";

const MINUTE = 60;

/** A Go duration as Terraform's timeouts take it ("45m", "1h30m", "90s"), in seconds. */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) throw new Error(`not a duration: ${text}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * { h: 3600, m: 60, s: 1 }[unit as "h" | "m" | "s"], 0);
}

export interface JobTimeouts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

/** The timeouts, in seconds, the provider uses for a kubernetes_job_v1 body. */
export function jobTimeouts(body: JsonObject): JobTimeouts {
  const timeouts = block(body, "timeouts");
  const of = (key: string) => (typeof timeouts?.[key] === "string" ? durationSeconds(timeouts[key] as string) : MINUTE);
  return { create: of("create"), update: of("update"), delete: of("delete") };
}

export const waitsForCompletion = (body: JsonObject) => body.wait_for_completion !== false;

export type CreateOutcome = { readonly result: "created" } | { readonly result: "tainted"; readonly error: string };

/** The create's outcome for a Job that ends (or is still running) after `seconds`. */
export function jobCreateOutcome(
  body: JsonObject,
  end: { readonly condition: "Complete" | "Failed" | "Running"; readonly seconds: number },
): CreateOutcome {
  if (!waitsForCompletion(body)) return { result: "created" };
  const metadata = block(body, "metadata") ?? {};
  const id = `${metadata.namespace ?? "default"}/${metadata.name}`;
  const { create } = jobTimeouts(body);
  if (end.seconds > create || end.condition === "Running") {
    return {
      result: "tainted",
      error: `timeout while waiting for state to become 'done' (job: ${id} is not in complete state)`,
    };
  }
  if (end.condition === "Failed") return { result: "tainted", error: `job: ${id} is in failed state` };
  return { result: "created" };
}

/** Whether deleting the Job (or replacing it) finishes within the delete timeout. */
export function jobDeleteFinishes(body: JsonObject, podTerminationSeconds: number): boolean {
  return podTerminationSeconds <= jobTimeouts(body).delete;
}
