/**
 * What the typed engine (kubernetes_job_v1 of hashicorp/kubernetes 2.38.0) cannot say of a Job
 * of the object model, and the objects it deploys instead where it can say the same meaning
 * another way. Jobs are hand-written (test/support/rich-job.ts), independent of the dialect.
 */
import fc from "fast-check";
import { jobObjects, typedEngineObjects, typedEngineUnsayable } from "../../lib/model";
import { deployable, specInputs } from "../support/provider-model/arbitraries";
import { hackJob, withJobSpec, withPod, type RichJob } from "../support/rich-job";
import { validateObject } from "../support/openapi";

const unsayable = (job: RichJob, serviceAccount?: string) =>
  typedEngineUnsayable({
    job,
    ...(serviceAccount
      ? { serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: serviceAccount } } }
      : {}),
  });
const paths = (job: RichJob, serviceAccount?: string) => unsayable(job, serviceAccount).map((item) => item.apiPath);
const deployed = (job: RichJob) => typedEngineObjects({ job }).job;

describe("typedEngineUnsayable", () => {
  test("the hack manifest's Job: the typed engine can say all of it", () => {
    expect(unsayable(hackJob())).toEqual([]);
  });

  test("a successPolicy: kubernetes_job_v1 has no such attribute", () => {
    const job = withJobSpec({
      completionMode: "Indexed",
      completions: 3,
      successPolicy: { rules: [{ succeededIndexes: "0", succeededCount: 1 }] },
    });
    expect(unsayable(job)).toEqual([
      {
        apiPath: "spec.successPolicy",
        reason:
          "kubernetes_job_v1 (hashicorp/kubernetes 2.38.0) has no argument for a success policy: the Job would be declared succeeded only when all its completions succeed",
      },
    ]);
  });

  test("a work queue (completions unset): the provider sends completions 1", () => {
    const job = withJobSpec({ completions: undefined, parallelism: 3 });
    expect(unsayable(job)).toEqual([
      {
        apiPath: "spec.completions",
        reason:
          "is unset (a work queue: the Job is done once any pod succeeds), which kubernetes_job_v1 cannot say: the provider sends completions 1 whenever it is unset, so the Job would be done after one success",
      },
    ]);
  });

  test("an init container with restartPolicy Always (a native sidecar): no such attribute", () => {
    const job = withPod({ initContainers: [{ name: "proxy", image: "envoy:1", restartPolicy: "Always" }] });
    expect(unsayable(job)).toEqual([
      {
        apiPath: "spec.template.spec.initContainers[0].restartPolicy",
        reason:
          "kubernetes_job_v1 (hashicorp/kubernetes 2.38.0) has no argument for a container's restartPolicy: a sidecar init container (restartPolicy Always) would run as a plain init container that must exit before the app starts",
      },
    ]);
  });

  test("per-index limits on a Job that is not Indexed: the provider sends them only for an Indexed Job", () => {
    expect(paths(withJobSpec({ backoffLimitPerIndex: 1, maxFailedIndexes: 1 }))).toEqual([
      "spec.backoffLimitPerIndex",
      "spec.maxFailedIndexes",
    ]);
  });

  test("an Indexed Job with restartPolicy OnFailure: the provider sends per-index limits, which need Never", () => {
    const job = withPod({ restartPolicy: "OnFailure" }, {}, withJobSpec({ completionMode: "Indexed", completions: 2 }));
    expect(paths(job)).toEqual(["spec.template.spec.restartPolicy"]);
  });

  test("automountServiceAccountToken unset is sayable: the provider sends true, which the v1alpha1 rules warn of", () => {
    expect(paths(withPod({ serviceAccountName: "external", automountServiceAccountToken: undefined }))).toEqual([]);
  });

  test("any other field without an argument is listed by its path, so that nothing is dropped", () => {
    const job = withPod(
      { hostUsers: false, schedulingGates: [{ name: "wait" }] },
      { resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }] },
    );
    expect(unsayable(job)).toEqual([
      {
        apiPath: "spec.template.spec.containers[0].resizePolicy",
        reason: "kubernetes_job_v1 (hashicorp/kubernetes 2.38.0) has no argument for this field",
      },
      {
        apiPath: "spec.template.spec.hostUsers",
        reason: "kubernetes_job_v1 (hashicorp/kubernetes 2.38.0) has no argument for this field",
      },
      {
        apiPath: "spec.template.spec.schedulingGates",
        reason: "kubernetes_job_v1 (hashicorp/kubernetes 2.38.0) has no argument for this field",
      },
    ]);
  });

  test("reasons name no manifest path or engine flag (the caller says how to use the manifest engine)", () => {
    const job = withJobSpec({ successPolicy: { rules: [{ succeededCount: 1 }] }, completions: undefined });
    for (const { reason } of unsayable(job)) expect(reason).not.toMatch(/spec\.|--engine|manifest/);
  });
});

describe("typedEngineUnsayable on the first dialect's objects", () => {
  test("lists nothing for a manifest the typed engine deploys (typedEngineProblems finds nothing either)", () => {
    fc.assert(
      fc.property(specInputs, (input) => {
        const manifest = deployable(input);
        fc.pre(manifest !== undefined);
        if (!manifest) return;
        expect(typedEngineUnsayable(jobObjects(manifest))).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  });
});

describe("typedEngineObjects on rich Jobs", () => {
  test("explicit per-index limits are kept; a missing maxFailedIndexes becomes completions (no limit)", () => {
    expect(deployed(hackJob()).spec).toMatchObject({ backoffLimitPerIndex: 2, maxFailedIndexes: 1, backoffLimit: 6 });
    const job = withJobSpec({ completionMode: "Indexed", completions: 5, backoffLimitPerIndex: 1 });
    expect(deployed(job).spec).toMatchObject({ backoffLimitPerIndex: 1, maxFailedIndexes: 5 });
  });

  test("an Indexed Job without per-index limits or backoffLimit gets Kubernetes' default backoffLimit 6 per index, not the provider's 0", () => {
    const job = withJobSpec({ backoffLimit: undefined, completionMode: "Indexed", completions: 4 });
    expect(deployed(job).spec).toMatchObject({ backoffLimitPerIndex: 6, maxFailedIndexes: 4 });
  });

  test("backoffLimit unset beside backoffLimitPerIndex becomes Kubernetes' default for that case, 2147483647, not the provider's 6", () => {
    const job = withJobSpec({
      backoffLimit: undefined,
      completionMode: "Indexed",
      completions: 2,
      backoffLimitPerIndex: 1,
    });
    expect(deployed(job).spec.backoffLimit).toBe(2147483647);
  });

  test("a container security context without runAsNonRoot gets the pod's, which the provider's false would override", () => {
    const job = withPod(
      { securityContext: { runAsNonRoot: true } },
      { securityContext: { capabilities: { drop: ["ALL"] } } },
    );
    const container = deployed(job).spec.template.spec?.containers[0];
    expect(container?.securityContext).toEqual({ capabilities: { drop: ["ALL"] }, runAsNonRoot: true });
    validateObject(deployed(job));
  });

  test("the hack manifest's Job is deployed as it is but for nothing", () => {
    expect(deployed(hackJob())).toEqual(hackJob());
    validateObject(hackJob());
  });
});
