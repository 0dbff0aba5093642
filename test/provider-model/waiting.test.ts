/**
 * Waiting and timeouts of kubernetes_job_v1 in the provider model (resource_kubernetes_job_v1.go),
 * on hand-written bodies and on the construct's stacks: issue #11 fact 7.
 */
import { Testing } from "cdktf";
import { stackName } from "../../lib/terraform/plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";
import { manifest } from "../support/manifest";
import {
  jobCreateOutcome,
  jobDeleteFinishes,
  jobTimeouts,
  waitsForCompletion,
  type JsonObject,
} from "../support/provider-model";
import { jobOf } from "../support/terraform-json";

const job = (extra: JsonObject = {}): JsonObject => ({ metadata: { name: "j", namespace: "ns" }, spec: {}, ...extra });

describe("kubernetes_job_v1 waiting", () => {
  test("create, update and delete time out after 1 minute unless a timeouts block says otherwise", () => {
    expect(jobTimeouts(job())).toEqual({ create: 60, update: 60, delete: 60 });
    expect(jobTimeouts(job({ timeouts: { create: "45m", update: "1h30m" } }))).toEqual({
      create: 2700,
      update: 5400,
      delete: 60,
    });
  });

  test("wait_for_completion defaults to true: a body without it waits", () => {
    expect(waitsForCompletion(job())).toBe(true);
    expect(waitsForCompletion(job({ wait_for_completion: false }))).toBe(false);
  });

  test("a Failed Job fails the create and leaves the resource tainted; a Complete one is created", () => {
    const waiting = job({ wait_for_completion: true, timeouts: { create: "10m" } });
    expect(jobCreateOutcome(waiting, { condition: "Failed", seconds: 30 })).toEqual({
      result: "tainted",
      error: "job: ns/j is in failed state",
    });
    expect(jobCreateOutcome(waiting, { condition: "Complete", seconds: 30 })).toEqual({ result: "created" });
    expect(jobCreateOutcome(waiting, { condition: "Complete", seconds: 601 })).toMatchObject({ result: "tainted" });
    expect(jobCreateOutcome(job({ wait_for_completion: false }), { condition: "Failed", seconds: 1 })).toEqual({
      result: "created",
    });
  });

  test("the construct's waiting stack gives the delete time for the pods' grace period (issue #11, fact 7)", () => {
    const m = manifest();
    const stack = new KubernetesJobStack(Testing.app(), stackName(m.metadata), {
      manifest: m,
      deployment: { waitForCompletion: true, timeout: "10m" },
    });
    const body = jobOf(JSON.parse(Testing.synth(stack)));
    expect(waitsForCompletion(body)).toBe(true);
    const timeouts = jobTimeouts(body);
    expect(timeouts).toEqual({ create: 600, update: 600, delete: 120 });
    // The default pod termination grace period (30 s) fits, with time to spare.
    expect(jobDeleteFinishes(body, 30)).toBe(true);
  });
});
