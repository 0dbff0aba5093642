/**
 * The provider model of `kubernetes_manifest` (hashicorp/kubernetes 2.38.0, manifest/provider/):
 * create as a server-side apply of the manifest with Terraform's consistency check, plan
 * (identity paths replace, any other change is one more server-side apply), what the API server
 * lets change on a Job, and waiting on conditions. Hand-written stacks, one rule each.
 */
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { TerraformStack, Testing } from "cdktf";
import {
  ApiRejection,
  applyAction,
  ApplyError,
  checkStackAttributes,
  deleteOrphansPods,
  inconsistentResults,
  kubernetesStored,
  MANIFEST_DEFAULTS,
  manifestSettings,
  manifestWaitOutcome,
  parseFieldPath,
  providerCreate,
  providerPlan,
  type JsonObject,
} from "../support/provider-model";
import { actionKinds } from "../support/provider-model/transition";

const job = (spec: JsonObject = {}, metadata: JsonObject = {}): JsonObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "j", namespace: "ns", labels: { a: "1" }, ...metadata },
  spec: {
    backoffLimit: 2,
    template: {
      spec: {
        restartPolicy: "Never",
        containers: [{ name: "c", image: "busybox:1", resources: { limits: { cpu: "500m", memory: "1Gi" } } }],
      },
    },
    ...spec,
  },
});

function stack(manifest: JsonObject, extra: JsonObject = {}): JsonObject {
  return { resource: { kubernetes_manifest: { job: { manifest, ...extra } } } };
}

const createdJob = (s: JsonObject) => providerCreate(s)[0].object;
/** What the cluster holds after the stack's create. */
const storedJob = (s: JsonObject) => kubernetesStored(createdJob(s));

describe("kubernetes_manifest settings", () => {
  test("computed_fields defaults to metadata.labels and metadata.annotations; a given list replaces them", () => {
    expect(manifestSettings({ manifest: job() })).toMatchObject({
      computedFields: ["metadata.labels", "metadata.annotations"],
      fieldManager: "Terraform",
      forceConflicts: false,
      timeouts: { create: 600, update: 600, delete: 600 },
      waitConditions: [],
    });
    expect(manifestSettings({ manifest: job(), computed_fields: [] }).computedFields).toEqual([]);
    expect(
      manifestSettings({
        manifest: job(),
        field_manager: { name: "kubernetes-job-cdktf", force_conflicts: true },
        timeouts: { create: "45m" },
        wait: { condition: [{ type: "Complete", status: "True" }] },
      }),
    ).toMatchObject({
      fieldManager: "kubernetes-job-cdktf",
      forceConflicts: true,
      timeouts: { create: 2700, update: 600, delete: 600 },
      waitConditions: [{ type: "Complete", status: "True" }],
    });
    expect(MANIFEST_DEFAULTS.timeoutSeconds).toBe(600);
  });

  test('field paths read like the provider\'s (dots, [index], ["key"])', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].resources.limits["cpu"]')).toEqual([
      "spec",
      "template",
      "spec",
      "containers",
      0,
      "resources",
      "limits",
      "cpu",
    ]);
    expect(parseFieldPath('metadata.annotations["kubernetes.io/x"]')).toEqual([
      "metadata",
      "annotations",
      "kubernetes.io/x",
    ]);
    expect(() => parseFieldPath("spec..x")).toThrow("[computed_fields] cannot parse field path element: spec..x");
  });

  test("cdktf writes the manifest's keys and values as given (camelCase, dotted keys, numbers, booleans)", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new Manifest(s, "m", {
      manifest: job({ suspend: true, ttlSecondsAfterFinished: 10 }, { labels: { "app.kubernetes.io/name": "x" } }),
      wait: { condition: [{ type: "Complete", status: "True" }] },
    });
    const json = JSON.parse(Testing.synth(s)) as { resource: { kubernetes_manifest: { m: JsonObject } } };
    expect(json.resource.kubernetes_manifest.m.manifest).toEqual(
      job({ suspend: true, ttlSecondsAfterFinished: 10 }, { labels: { "app.kubernetes.io/name": "x" } }),
    );
    expect(checkStackAttributes(json)).toEqual([]);
  });

  test("the .jsii attribute check covers kubernetes_manifest: a typo in its arguments is reported", () => {
    expect(
      checkStackAttributes(stack(job(), { computed_field: ["metadata.labels"], wait: { conditon: [] } })).map(
        (p) => p.path,
      ),
    ).toEqual(["resource.kubernetes_manifest.job.computed_field", "resource.kubernetes_manifest.job.wait.conditon"]);
  });
});

describe("providerCreate: kubernetes_manifest", () => {
  test("sends the manifest as written, with Terraform's escapes undone and null attributes dropped", () => {
    const manifest = job({ activeDeadlineSeconds: null }, { annotations: { cmd: "echo $${HOME} %%{x}" } });
    const sent = createdJob(stack(manifest));
    expect((sent.metadata as JsonObject).annotations).toEqual({ cmd: "echo ${HOME} %{x}" });
    expect(sent.spec).not.toHaveProperty("activeDeadlineSeconds");
    // Nothing is added: no schema defaults, unlike kubernetes_job_v1.
    expect(Object.keys(sent.spec as JsonObject).sort()).toEqual(["backoffLimit", "template"]);
  });

  test("a quantity the API server rewrites fails the apply when it is not a computed field", () => {
    const manifest = job({
      template: { spec: { containers: [{ name: "c", image: "busybox:1", resources: { limits: { cpu: "1000m" } } }] } },
    });
    expect(() =>
      createdJob(stack(manifest, { computed_fields: ["metadata.labels", "spec.template.metadata"] })),
    ).toThrow(
      new ApplyError(
        'Provider produced inconsistent result after apply: when applying changes to kubernetes_manifest.job, the provider produced an unexpected new value: .object.spec.template.spec.containers[0].resources.limits["cpu"]: was cty.StringVal("1000m"), but now cty.StringVal("1")',
      ),
    );
    expect(() =>
      createdJob(stack(manifest, { computed_fields: ["spec.template.spec.containers[0].resources"] })),
    ).not.toThrow();
  });

  test("labels the API server adds pass under the default computed_fields, and fail once computed_fields leaves them out", () => {
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns", labels: { a: "1" } } };
    expect(providerCreate(stack(namespace))[0].object).toEqual(namespace);
    expect(() => providerCreate(stack(namespace, { computed_fields: [] }))).toThrow(
      '.object.metadata.labels: new element "kubernetes.io/metadata.name" has appeared',
    );
  });

  test("a Job whose template has labels gets its selector's labels added there: computed_fields must cover them", () => {
    const manifest = job({
      template: {
        metadata: { labels: { a: "1" } },
        spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox:1" }] },
      },
    });
    expect(() => createdJob(stack(manifest))).toThrow(
      '.object.spec.template.metadata.labels: new element "batch.kubernetes.io/controller-uid" has appeared',
    );
    expect(() =>
      createdJob(stack(manifest, { computed_fields: ["metadata.labels", "spec.template.metadata.labels"] })),
    ).not.toThrow();
  });

  test("a false the API server does not store (readOnly, omitempty) comes back null: the apply fails", () => {
    const manifest = job({
      template: {
        spec: {
          restartPolicy: "Never",
          containers: [
            { name: "c", image: "busybox:1", volumeMounts: [{ name: "v", mountPath: "/v", readOnly: false }] },
          ],
          volumes: [{ name: "v", emptyDir: {} }],
        },
      },
    });
    expect(() => createdJob(stack(manifest))).toThrow(
      ".object.spec.template.spec.containers[0].volumeMounts[0].readOnly: was cty.False, but now null",
    );
  });

  test("inconsistentResults: a struct's attributes the manifest leaves out may come back with any value", () => {
    expect(inconsistentResults({ spec: { a: 1 } }, { spec: { a: 1, b: 2 } }, [])).toEqual([]);
    expect(inconsistentResults({ data: { a: "x" } }, { data: { a: "x", b: "y" } }, [])).toEqual([
      '.object.data: new element "b" has appeared',
    ]);
    expect(inconsistentResults({ l: [1, 2] }, { l: [1] }, [])).toEqual([".object.l: was [1,2], but now [1]"]);
  });
});

describe("providerPlan: kubernetes_manifest", () => {
  test("no change plans nothing", () => {
    expect(actionKinds(providerPlan(stack(job()), stack(job())))).toEqual({ "kubernetes_manifest.job": "none" });
  });

  test.each([
    ["apiVersion", { ...job(), apiVersion: "batch/v2" }, "manifest.apiVersion"],
    ["kind", { ...job(), kind: "CronJob" }, "manifest.kind"],
    ["name", job({}, { name: "k" }), "manifest.metadata.name"],
    ["namespace", job({}, { namespace: "other" }), "manifest.metadata.namespace"],
  ])("a new %s replaces the object (RequiresReplace)", (_field, after, path) => {
    expect(providerPlan(stack(job()), stack(after))["kubernetes_manifest.job"]).toMatchObject({
      action: "replace",
      reason: `${path} requires replacement`,
    });
  });

  test("a Namespace is cluster-scoped: its namespace path does not replace it, a new name does", () => {
    const ns = (metadata: JsonObject) => stack({ apiVersion: "v1", kind: "Namespace", metadata });
    expect(actionKinds(providerPlan(ns({ name: "a" }), ns({ name: "a", labels: { x: "1" } })))).toEqual({
      "kubernetes_manifest.job": "update",
    });
    expect(actionKinds(providerPlan(ns({ name: "a" }), ns({ name: "b" })))).toEqual({
      "kubernetes_manifest.job": "replace",
    });
  });

  test("suspend, parallelism, backoffLimit and activeDeadlineSeconds change in place; the Job holds what the manifest says", () => {
    const before = stack(job({ parallelism: 2 }));
    const after = stack(job({ parallelism: 3, suspend: true, backoffLimit: 4, activeDeadlineSeconds: 60 }));
    const action = providerPlan(before, after)["kubernetes_manifest.job"];
    expect(action.action).toBe("update");
    const held = applyAction(storedJob(before), action);
    expect(held?.spec).toMatchObject({ parallelism: 3, suspend: true, backoffLimit: 4, activeDeadlineSeconds: 60 });
  });

  test("a field the manifest no longer gives is removed by the apply, and the API server defaults it again", () => {
    const before = stack(job({ suspend: true, activeDeadlineSeconds: 60 }));
    const after = stack(job());
    const held = applyAction(storedJob(before), providerPlan(before, after)["kubernetes_manifest.job"]);
    expect(held?.spec).toMatchObject({ suspend: false });
    expect(held?.spec).not.toHaveProperty("activeDeadlineSeconds");
  });

  test("an immutable Job field changed in place: the plan is an update, the apply fails with the API server's error", () => {
    const before = stack(job());
    const after = stack(
      job({
        template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox:2" }] } },
      }),
    );
    const action = providerPlan(before, after)["kubernetes_manifest.job"];
    expect(action.action).toBe("update");
    expect(() => applyAction(storedJob(before), action)).toThrow(
      new ApiRejection(
        'Job.batch "j" is invalid: spec.template: Invalid value: "(the pod template)": field is immutable',
      ),
    );
  });

  test("completions: immutable for a NonIndexed Job; an Indexed Job may change it together with parallelism", () => {
    const nonIndexed = [stack(job({ completions: 2 })), stack(job({ completions: 3 }))] as const;
    expect(() => applyAction(storedJob(nonIndexed[0]), providerPlan(...nonIndexed)["kubernetes_manifest.job"])).toThrow(
      'Job.batch "j" is invalid: spec.completions: Invalid value: 3: field is immutable',
    );
    const indexed = (completions: number, parallelism: number) =>
      stack(job({ completionMode: "Indexed", completions, parallelism }));
    expect(
      applyAction(storedJob(indexed(2, 2)), providerPlan(indexed(2, 2), indexed(4, 4))["kubernetes_manifest.job"])
        ?.spec,
    ).toMatchObject({ completions: 4, parallelism: 4 });
    expect(() =>
      applyAction(storedJob(indexed(2, 2)), providerPlan(indexed(2, 2), indexed(4, 2))["kubernetes_manifest.job"]),
    ).toThrow("spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism");
  });

  test("a suspended Job may get new template labels and node selector (scheduling directives), not a new image", () => {
    const template = (labels: JsonObject, image: string) => ({
      metadata: { labels },
      spec: { restartPolicy: "Never", nodeSelector: labels, containers: [{ name: "c", image }] },
    });
    const before = stack(job({ suspend: true, template: template({ a: "1" }, "busybox:1") }), {
      computed_fields: ["metadata.labels", "spec.template.metadata.labels"],
    });
    const relabelled = stack(job({ suspend: true, template: template({ a: "2" }, "busybox:1") }), {
      computed_fields: ["metadata.labels", "spec.template.metadata.labels"],
    });
    const reimaged = stack(job({ suspend: true, template: template({ a: "1" }, "busybox:2") }), {
      computed_fields: ["metadata.labels", "spec.template.metadata.labels"],
    });
    expect(() =>
      applyAction(storedJob(before), providerPlan(before, relabelled)["kubernetes_manifest.job"]),
    ).not.toThrow();
    expect(() => applyAction(storedJob(before), providerPlan(before, reimaged)["kubernetes_manifest.job"])).toThrow(
      "spec.template",
    );
  });

  test("replace_triggered_by and ignore_changes apply to kubernetes_manifest as to any resource", () => {
    const withRevision = (revision: string, image: string, lifecycle: JsonObject) => ({
      resource: {
        kubernetes_manifest: {
          job: {
            manifest: job({
              template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image }] } },
            }),
            lifecycle,
          },
        },
        terraform_data: { rev: { input: revision } },
      },
    });
    const trigger = { replace_triggered_by: ["terraform_data.rev"] };
    expect(
      actionKinds(providerPlan(withRevision("a", "busybox:1", trigger), withRevision("b", "busybox:2", trigger))),
    ).toEqual({ "kubernetes_manifest.job": "replace", "terraform_data.rev": "update" });
    const ignore = { ignore_changes: ["manifest.spec.template"] };
    expect(
      actionKinds(providerPlan(withRevision("a", "busybox:1", ignore), withRevision("a", "busybox:2", ignore))),
    ).toEqual({ "kubernetes_manifest.job": "none", "terraform_data.rev": "none" });
  });
});

describe('kubernetes_manifest waiting on wait { condition { type = "Complete", status = "True" } }', () => {
  const waiting = (timeout?: string): JsonObject => ({
    manifest: job(),
    wait: { condition: [{ type: "Complete", status: "True" }] },
    ...(timeout ? { timeouts: { create: timeout, update: timeout } } : {}),
  });

  test("a Job that completes within the create timeout is created", () => {
    expect(manifestWaitOutcome(waiting("30m"), { condition: "Complete", seconds: 1700 })).toEqual({
      result: "done",
    });
  });

  test("a Job that fails is waited for until the timeout (10m by default), then the create fails and the object is tainted", () => {
    expect(manifestWaitOutcome(waiting(), { condition: "Failed", seconds: 5 })).toEqual({
      result: "tainted",
      error: "timed out waiting on conditions",
    });
  });

  test("a Job still running at the timeout (a suspended one never completes) fails the create the same way", () => {
    expect(manifestWaitOutcome(waiting("10m"), { condition: "Running", seconds: 601 })).toMatchObject({
      result: "tainted",
    });
    expect(manifestWaitOutcome(waiting("10m"), { condition: "Complete", seconds: 601 })).toMatchObject({
      result: "tainted",
    });
  });

  test("an update that waits (a resumed Job) and times out fails the apply without tainting the object", () => {
    expect(manifestWaitOutcome(waiting("5m"), { condition: "Failed", seconds: 10 }, "update")).toEqual({
      result: "failed",
      error: "timed out waiting on conditions",
    });
  });

  test("deleting or replacing a batch/v1 Job leaves its pods running (the API server's default propagation orphans them)", () => {
    expect(deleteOrphansPods(job())).toBe(true);
    expect(deleteOrphansPods({ apiVersion: "v1", kind: "ConfigMap" })).toBe(false);
  });

  test("without a wait block nothing is waited for", () => {
    expect(manifestWaitOutcome({ manifest: job() }, { condition: "Failed", seconds: 1 })).toEqual({
      result: "done",
    });
  });
});
