/**
 * The provider model's plan and apply: which attribute changes replace a resource (ForceNew,
 * replace_triggered_by), which are patched (structure_job.go patchJobV1Spec) and what the patch
 * leaves in the cluster. Hand-written stacks for each rule, then the construct's stacks for
 * manifest changes, compared with the object model of the new manifest.
 */
import fc from "fast-check";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { manifest } from "../support/manifest";
import { applyAction, applyJsonPatch, providerPlan, type JsonObject } from "../support/provider-model";
import { deployable, specInputs } from "../support/provider-model/arbitraries";
import { meantStored, unexplained } from "../support/provider-model/compare";
import { actionKinds, transition } from "../support/provider-model/transition";
import { synthStack } from "../support/terraform-json";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

function jobStack(spec: JsonObject, lifecycle: JsonObject = {}, extra: JsonObject = {}): JsonObject {
  return {
    resource: {
      kubernetes_job_v1: {
        job: {
          metadata: { name: "j", namespace: "ns", labels: { a: "1" } },
          spec: { ...spec, template: { metadata: {}, spec: { container: [{ name: "c", image: "busybox:1" }] } } },
          lifecycle,
          ...extra,
        },
      },
    },
  };
}

describe("providerPlan: kubernetes_job_v1", () => {
  test("no change plans nothing", () => {
    expect(actionKinds(providerPlan(jobStack({ parallelism: 2 }), jobStack({ parallelism: 2 })))).toEqual({
      "kubernetes_job_v1.job": "none",
    });
  });

  test("writing an attribute's schema default explicitly is no change (the plan compares defaulted values)", () => {
    expect(
      actionKinds(providerPlan(jobStack({}), jobStack({ backoff_limit: 6, completions: 1, parallelism: 1 }))),
    ).toEqual({
      "kubernetes_job_v1.job": "none",
    });
  });

  test("parallelism, backoff_limit and active_deadline_seconds are patched in place with a replace of each", () => {
    const action = providerPlan(
      jobStack({ parallelism: 2, backoff_limit: 1 }),
      jobStack({ parallelism: 0, backoff_limit: 3, active_deadline_seconds: 60 }),
    )["kubernetes_job_v1.job"];
    expect(action).toMatchObject({
      action: "update",
      patch: [
        { op: "replace", path: "/spec/activeDeadlineSeconds", value: 60 },
        { op: "replace", path: "/spec/backoffLimit", value: 3 },
        { op: "replace", path: "/spec/parallelism", value: 0 },
      ],
    });
  });

  test("removing active_deadline_seconds patches activeDeadlineSeconds to 0 (d.Get reads the unset attribute as 0)", () => {
    const action = providerPlan(jobStack({ active_deadline_seconds: 900 }), jobStack({}))["kubernetes_job_v1.job"];
    expect(action).toMatchObject({
      action: "update",
      patch: [{ op: "replace", path: "/spec/activeDeadlineSeconds", value: 0 }],
    });
  });

  test("completions and completion_mode are ForceNew", () => {
    for (const [before, after] of [
      [{ completions: 1 }, { completions: 2 }],
      [{}, { completion_mode: "Indexed" }],
    ] as const) {
      expect(providerPlan(jobStack(before), jobStack(after))["kubernetes_job_v1.job"]).toMatchObject({
        action: "replace",
      });
    }
  });

  test("a new ttl_seconds_after_finished is an update that sends nothing (not patched, not ForceNew; unverified)", () => {
    expect(
      providerPlan(jobStack({ ttl_seconds_after_finished: "60" }), jobStack({ ttl_seconds_after_finished: "120" }))[
        "kubernetes_job_v1.job"
      ],
    ).toMatchObject({ action: "update", patch: [] });
  });

  test("a renamed Job or one in another namespace is replaced (metadata name and namespace are ForceNew)", () => {
    const renamed = jobStack({});
    (
      renamed.resource as JsonObject & { kubernetes_job_v1: { job: { metadata: JsonObject } } }
    ).kubernetes_job_v1.job.metadata.name = "k";
    expect(providerPlan(jobStack({}), renamed)["kubernetes_job_v1.job"]).toMatchObject({
      action: "replace",
      reason: "metadata.name is ForceNew",
    });
  });

  test("labels are patched: add, replace and remove per key, with JSON pointer escaping", () => {
    const relabelled = jobStack({});
    const job = (relabelled.resource as { kubernetes_job_v1: { job: { metadata: JsonObject } } }).kubernetes_job_v1.job;
    job.metadata.labels = { "x/y": "2" };
    expect(providerPlan(jobStack({}), relabelled)["kubernetes_job_v1.job"]).toMatchObject({
      action: "update",
      patch: [
        { op: "remove", path: "/metadata/labels/a" },
        { op: "add", path: "/metadata/labels/x~1y", value: "2" },
      ],
    });
  });

  test("ignore_changes keeps the prior value: a changed template or TTL alone plans nothing", () => {
    const lifecycle = { ignore_changes: ["spec[0].template", "spec[0].ttl_seconds_after_finished"] };
    const before = jobStack({ ttl_seconds_after_finished: "60" }, lifecycle);
    const after = jobStack({ ttl_seconds_after_finished: "120" }, lifecycle);
    (
      (after.resource as { kubernetes_job_v1: { job: { spec: { template: JsonObject } } } }).kubernetes_job_v1.job.spec
        .template.spec as JsonObject
    ).container = [{ name: "c", image: "busybox:2" }];
    expect(actionKinds(providerPlan(before, after))).toEqual({ "kubernetes_job_v1.job": "none" });
  });

  test("replace_triggered_by replaces the Job when the referenced terraform_data changes at all", () => {
    const stack = (revision: string) => ({
      resource: {
        ...(jobStack({}, { replace_triggered_by: ["terraform_data.rev"] }).resource as JsonObject),
        terraform_data: { rev: { input: { revision } } },
      },
    });
    expect(actionKinds(providerPlan(stack("a"), stack("b")))).toEqual({
      "kubernetes_job_v1.job": "replace",
      "terraform_data.rev": "update",
    });
    expect(actionKinds(providerPlan(stack("a"), stack("a")))).toEqual({
      "kubernetes_job_v1.job": "none",
      "terraform_data.rev": "none",
    });
  });
});

describe("applyAction", () => {
  const stored = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "j" },
    spec: { parallelism: 2, template: { spec: {} } },
  };

  test("a patch replaces the stored value; the result is defaulted like a created Job", () => {
    const after = applyJsonPatch(stored, [{ op: "replace", path: "/spec/parallelism", value: 0 }]);
    expect(after.spec).toMatchObject({ parallelism: 0, backoffLimit: 6, suspend: false });
  });

  test("replacing a field the Job does not have adds it (json-patch v4, evanphx/json-patch#204)", () => {
    expect(
      applyJsonPatch(stored, [{ op: "replace", path: "/spec/activeDeadlineSeconds", value: 60 }]).spec,
    ).toMatchObject({
      activeDeadlineSeconds: 60,
    });
  });

  test("none keeps, delete removes", () => {
    expect(applyAction(stored, { action: "none" })).toBe(stored);
    expect(applyAction(stored, { action: "delete" })).toBeUndefined();
  });
});

describe("manifest changes through the construct's stacks: the cluster holds the object model of the new manifest", () => {
  const stackOf = (m: KubernetesJobManifest) => synthStack(m).json;
  const change = (before: Parameters<typeof manifest>[0], after: Parameters<typeof manifest>[0]) => {
    const [a, b] = [manifest(before), manifest(after)];
    const result = transition(stackOf(a), stackOf(b));
    return { ...result, unexplained: unexplained(result.held, meantStored(b)) };
  };

  test("a new command replaces the Job through its revision", () => {
    const { actions, unexplained: left } = change({ command: ["a"] }, { command: ["b"] });
    expect(actions["kubernetes_job_v1.nightly-report"]).toMatchObject({
      action: "replace",
      reason: "replace_triggered_by terraform_data.nightly-report_revision",
    });
    expect(left).toEqual([]);
  });

  test("a new parallelism is patched in place and the Job keeps running (no new revision)", () => {
    const { actions, unexplained: left } = change({ parallelism: 2 }, { parallelism: 5 });
    expect(actionKinds(actions)).toMatchObject({
      "kubernetes_job_v1.nightly-report": "update",
      "terraform_data.nightly-report_revision": "none",
    });
    expect(left).toEqual([]);
  });

  test("suspending a Job patches parallelism to 0", () => {
    const { actions, unexplained: left } = change({}, { suspend: true });
    expect(actions["kubernetes_job_v1.nightly-report"]).toMatchObject({
      action: "update",
      patch: [{ op: "replace", path: "/spec/parallelism", value: 0 }],
    });
    expect(left).toEqual([]);
  });

  test("dropping activeDeadlineSeconds replaces the Job (issue #11, fact 1): the cluster holds no deadline, not a patched 0", () => {
    // A patch would send activeDeadlineSeconds 0 (patchJobV1Spec), which the Job controller
    // treats as already passed; the deadline trigger replaces the Job instead.
    const { actions, unexplained: left } = change({ activeDeadlineSeconds: 900 }, {});
    expect(actionKinds(actions)["kubernetes_job_v1.nightly-report"]).toBe("replace");
    expect(left).toEqual([]);
    // and a new value is still patched in place
    const longer = change({ activeDeadlineSeconds: 900 }, { activeDeadlineSeconds: 1200 });
    expect(actionKinds(longer.actions)["kubernetes_job_v1.nightly-report"]).toBe("update");
    expect(longer.unexplained).toEqual([]);
  });

  test("generated pairs of manifests: after applying the plan the cluster holds the model of the second", () => {
    fc.assert(
      fc.property(specInputs, specInputs, (beforeInput, afterInput) => {
        const [before, after] = [deployable(beforeInput), deployable(afterInput)];
        fc.pre(before !== undefined && after !== undefined);
        if (!before || !after) return;
        const { held } = transition(stackOf(before), stackOf(after));
        expect(unexplained(held, meantStored(after))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
