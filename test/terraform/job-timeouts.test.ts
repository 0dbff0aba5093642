/**
 * The Job's delete timeout: a replacement (a new revision, a tainted Job) waits for the old Job to
 * be gone, and the provider's default of one minute is too short for a Job with many pods.
 */
import { Testing } from "cdktf";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { jobObjects } from "../../lib/model";
import { KubernetesJob } from "../../lib/terraform/kubernetes-job";
import { deleteTimeout } from "../../lib/terraform/job-timeouts";
import { manifest } from "../support/manifest";
import { jobOf } from "../support/terraform-json";

function timeoutsOf(input: KubernetesJobManifest, options: { waitForCompletion?: boolean; timeout?: string } = {}) {
  const text = Testing.synthScope((scope) => {
    new KubernetesJob(scope, input.metadata.name, { metadata: input.metadata, spec: input.spec, ...options });
  });
  return jobOf(JSON.parse(text)).timeouts;
}

describe("the Job's timeouts", () => {
  test("always set delete, without waiting too, from the Job's size and the pods' grace period", () => {
    // GIVEN the default Job: 1 completion, parallelism 1, backoffLimit 6 (at most 1 + 7 + 1 pods)
    // THEN a minute, 30 s of grace and 9 s for its pods: 99 s, rounded up to 2 minutes
    expect(timeoutsOf(manifest())).toEqual({ delete: "2m" });
  });

  test("grow with the number of pods the Job may hold", () => {
    // 100 succeeded + 7 failed + 10 running pods: 60 + 30 + 117 = 207 s
    expect(timeoutsOf(manifest({ completions: 100, parallelism: 10, backoffLimit: 6 }))).toEqual({ delete: "4m" });
  });

  test("keep create and update when waiting, as before", () => {
    expect(timeoutsOf(manifest({ activeDeadlineSeconds: 600 }), { waitForCompletion: true })).toEqual({
      create: "15m",
      update: "15m",
      delete: "2m",
    });
    expect(timeoutsOf(manifest(), { waitForCompletion: true, timeout: "45m" })).toEqual({
      create: "45m",
      update: "45m",
      delete: "2m",
    });
  });
});

describe("deleteTimeout", () => {
  test("counts a longer grace period of the pods in full", () => {
    const { metadata, spec } = manifest();
    const { job } = jobObjects({ metadata, spec });
    const graceful = {
      ...job,
      spec: {
        ...job.spec,
        template: { ...job.spec.template, spec: { ...job.spec.template.spec!, terminationGracePeriodSeconds: 300 } },
      },
    };
    // 60 + 300 + 9 = 369 s
    expect(deleteTimeout(graceful)).toBe("7m");
  });

  test("counts the running pods of a Job without completions by its parallelism", () => {
    const { metadata, spec } = manifest({ parallelism: 5 });
    const { job } = jobObjects({ metadata, spec });
    const queue = { ...job, spec: { ...job.spec, completions: undefined } };
    // 5 succeeded + 7 failed + 5 running: 60 + 30 + 17 = 107 s
    expect(deleteTimeout(queue)).toBe("2m");
  });
});
