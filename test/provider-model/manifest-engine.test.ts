/**
 * The engines' agreement, through the provider model: the manifest engine's stacks
 * (lib/terraform/manifest-engine.ts, `engine: manifest`) create the objects of the object model — all of them, as the manifest says them (jobObjects, not the typed
 * engine's view) — with no listed difference; the typed engine's stacks create the same objects
 * but for its documented differences; and a change of manifest leaves the model of the new one in
 * the cluster, in place where Kubernetes allows it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { manifest, manifestFromYaml } from "../support/manifest";
import { EXAMPLES } from "../support/paths";
import {
  checkStackAttributes,
  deleteOrphansPods,
  importId,
  jobTimeouts,
  kubernetesStored,
  manifestSettings,
  manifestWaitOutcome,
  parseImportId,
  providerCreate,
  providerPlan,
  type JsonObject,
} from "../support/provider-model";
import {
  deployable,
  dockerConfigs,
  manifestEngineInputs,
  specInputs,
  valid,
} from "../support/provider-model/arbitraries";
import { ALLOWED, byName, modelStored } from "../support/provider-model/compare";
import { jsonDifferences, type Difference } from "../support/provider-model/diff";
import { creationOrderProblems } from "../support/provider-model/order";
import { actionKinds, transition } from "../support/provider-model/transition";
import { jobOf, synthStack } from "../support/terraform-json";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Addresses in the stack of the manifest `nightly-report` (namespace reports). */
const JOB = "kubernetes_manifest.nightly-report";
const SERVICE_ACCOUNT = "kubernetes_manifest.nightly-report_service-account";
const NAMESPACE = "kubernetes_manifest.nightly-report_namespace";
const REVISION = "terraform_data.nightly-report_revision";

/** The manifest engine's stack for a manifest, as synthesized. */
const engineStack = (m: KubernetesJobManifest, dockerConfigJson?: string, deployment = {}) =>
  synthStack(m, dockerConfigJson, { ...deployment, engine: "manifest" }).json as {
    resource: { kubernetes_manifest: Record<string, JsonObject> };
  };
/** The same stack with something removed from every kubernetes_manifest resource (what the engine's settings are for). */
const without = (stackJson: ReturnType<typeof engineStack>, key: string) => {
  for (const body of Object.values(stackJson.resource.kubernetes_manifest)) delete body[key];
  return stackJson;
};

/** What the manifest engine's stack leaves in the cluster, as stored, by name. */
const createdStored = (stackJson: unknown) =>
  byName(providerCreate(stackJson).map((created) => kubernetesStored(created.object)));

const files = readdirSync(EXAMPLES)
  .filter((file) => file.endsWith(".yaml"))
  .sort();
const example = (file: string) => manifestFromYaml(readFileSync(join(EXAMPLES, file), "utf8"));

describe("the manifest engine creates the object model, with no listed difference", () => {
  test.each(files)(
    "%s: every argument is the provider's, the order is the API server's, the objects the model's",
    (file) => {
      const m = example(file);
      const s = engineStack(m, '{"auths":{}}');
      expect(checkStackAttributes(s)).toEqual([]);
      expect(creationOrderProblems(s)).toEqual([]);
      expect(jsonDifferences(createdStored(s), modelStored(m, '{"auths":{}}'))).toEqual([]);
    },
  );

  test("generated manifests (work queues and OnFailure Indexed Jobs included) create exactly the object model", () => {
    fc.assert(
      fc.property(manifestEngineInputs, dockerConfigs, (input, dockerConfigJson) => {
        const m = valid(input);
        fc.pre(m !== undefined);
        if (!m) return;
        expect(
          jsonDifferences(createdStored(engineStack(m, dockerConfigJson)), modelStored(m, dockerConfigJson)),
        ).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test("zero values the API server does not store (readOnly: false, an empty env value) are not in the object model, so the apply's consistency check holds", () => {
    const m = manifest({
      volumeMounts: [
        { name: "v", mountPath: "/v", readOnly: false, emptyDir: {} },
        { name: "c", mountPath: "/c", pvc: { claimName: "data", readOnly: false } },
      ] as never,
      env: { variables: { EMPTY: { value: "" } } } as never,
    });
    expect(jsonDifferences(createdStored(engineStack(m)), modelStored(m))).toEqual([]);
  });

  test("with the provider's default computed_fields every Job fails the apply: its default cpu limit 1000m comes back as 1", () => {
    expect(() => providerCreate(without(engineStack(manifest()), "computed_fields"))).toThrow(
      '.object.spec.template.spec.containers[0].resources.limits["cpu"]: was cty.StringVal("1000m"), but now cty.StringVal("1")',
    );
  });

  test("a work queue and an Indexed Job without per-index limits reach the Job as the manifest says", () => {
    const workQueue = createdStored(engineStack(manifest({ completions: 0, parallelism: 4 })));
    expect((workQueue["Job/nightly-report"] as JsonObject).spec).toMatchObject({ parallelism: 4 });
    expect((workQueue["Job/nightly-report"] as JsonObject).spec).not.toHaveProperty("completions");
    const indexed = createdStored(
      engineStack(manifest({ completionMode: "Indexed", completions: 5, restartPolicy: "OnFailure" })),
    );
    const spec = (indexed["Job/nightly-report"] as JsonObject).spec as JsonObject;
    expect(spec).toMatchObject({ completionMode: "Indexed", completions: 5, backoffLimit: 6 });
    expect(spec).not.toHaveProperty("backoffLimitPerIndex");
    expect(spec).not.toHaveProperty("maxFailedIndexes");
  });

  test("suspend: true gives spec.suspend: true in the Job (not parallelism 0)", () => {
    const created = createdStored(engineStack(manifest({ suspend: true, parallelism: 3 })));
    expect((created["Job/nightly-report"] as JsonObject).spec).toMatchObject({ suspend: true, parallelism: 3 });
  });
});

/**
 * The typed engine's differences from the object model, as documented in lib/model/typed-engine.ts:
 * suspend as parallelism 0 (the Job itself unsuspended), and explicit per-index limits on every
 * Indexed Job; besides them only the provider's ALLOWED facts (compare.ts).
 */
const TYPED_DIFFERENCES: readonly { readonly path: RegExp; readonly why: string }[] = [
  { path: /^Job\/[^.]+\.spec\.suspend$/, why: "no suspend argument: the Job is stored unsuspended" },
  { path: /^Job\/[^.]+\.spec\.parallelism$/, why: "a suspended Job gets parallelism 0" },
  { path: /^Job\/[^.]+\.spec\.(backoffLimitPerIndex|maxFailedIndexes)$/, why: "per-index limits on Indexed Jobs" },
];

function typedDifferences(m: KubernetesJobManifest, dockerConfigJson?: string): Difference[] {
  const typed = createdStored(synthStack(m, dockerConfigJson).json);
  return jsonDifferences(typed, modelStored(m, dockerConfigJson)).filter(
    (d) =>
      !ALLOWED.some((allowed) => allowed.path.test(d.path) && d.left === allowed.sent && d.right === undefined) &&
      !TYPED_DIFFERENCES.some((documented) => documented.path.test(d.path)),
  );
}

describe("the typed engine creates the object model but for its documented differences", () => {
  test.each(files)("%s", (file) => {
    expect(typedDifferences(example(file), '{"auths":{}}')).toEqual([]);
  });

  test("generated manifests", () => {
    fc.assert(
      fc.property(specInputs, dockerConfigs, (input, dockerConfigJson) => {
        const m = deployable(input);
        fc.pre(m !== undefined);
        if (!m) return;
        expect(typedDifferences(m, dockerConfigJson)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test("the documented differences do happen (the list holds nothing that never does)", () => {
    const suspended = manifest({ suspend: true, completionMode: "Indexed", completions: 3 });
    const all = jsonDifferences(createdStored(synthStack(suspended).json), modelStored(suspended)).map((d) => d.path);
    for (const documented of TYPED_DIFFERENCES) expect(all.some((path) => documented.path.test(path))).toBe(true);
  });
});

describe("manifest changes on the manifest engine", () => {
  const change = (before: Parameters<typeof manifest>[0], after: Parameters<typeof manifest>[0]) => {
    const [a, b] = [manifest(before), manifest(after)];
    const result = transition(engineStack(a), engineStack(b));
    return { ...result, differences: jsonDifferences(result.held, modelStored(b)) };
  };

  test("suspending and resuming are in-place updates that leave spec.suspend as the manifest says", () => {
    const suspend = change({ parallelism: 2 }, { parallelism: 2, suspend: true });
    expect(actionKinds(suspend.actions)).toMatchObject({
      [JOB]: "update",
      [REVISION]: "none",
    });
    expect((suspend.held["Job/nightly-report"] as JsonObject).spec).toMatchObject({ suspend: true, parallelism: 2 });
    expect(suspend.differences).toEqual([]);
    const resume = change({ parallelism: 2, suspend: true }, { parallelism: 2 });
    expect(actionKinds(resume.actions)[JOB]).toBe("update");
    expect((resume.held["Job/nightly-report"] as JsonObject).spec).toMatchObject({ suspend: false });
    expect(resume.differences).toEqual([]);
  });

  test("a new command replaces the Job through its revision (the template is immutable)", () => {
    const { actions, differences } = change({ command: ["a"] }, { command: ["b"] });
    expect(actions[JOB]).toMatchObject({
      action: "replace",
      reason: `replace_triggered_by ${REVISION}`,
    });
    expect(differences).toEqual([]);
  });

  test("a replaced Job's pods are orphaned, not deleted: the old run keeps running beside the new one (finding)", () => {
    const { actions } = change({ command: ["a"] }, { command: ["b"] });
    const replaced = actions[JOB];
    expect(replaced.action).toBe("replace");
    if (replaced.action !== "replace") return;
    expect(deleteOrphansPods(replaced.after.body.manifest as JsonObject)).toBe(true);
  });

  test("without the revision trigger the same change plans an update that the API server refuses at apply", () => {
    const [a, b] = [manifest({ command: ["a"] }), manifest({ command: ["b"] })];
    const untriggered = (m: KubernetesJobManifest) => without(engineStack(m), "lifecycle");
    expect(actionKinds(providerPlan(untriggered(a), untriggered(b)))[JOB]).toBe("update");
    expect(() => transition(untriggered(a), untriggered(b))).toThrow(
      'Job.batch "nightly-report" is invalid: spec.template',
    );
  });

  test("removing activeDeadlineSeconds removes the deadline in place (server-side apply), where kubernetes_job_v1 would patch 0", () => {
    const { actions, held, differences } = change({ activeDeadlineSeconds: 900 }, {});
    expect(actionKinds(actions)[JOB]).toBe("update");
    expect((held["Job/nightly-report"] as JsonObject).spec).not.toHaveProperty("activeDeadlineSeconds");
    expect(differences).toEqual([]);
  });

  test("generated pairs: the cluster holds the model of the second manifest, or the apply fails only where the typed engine replaces the Job", () => {
    fc.assert(
      fc.property(specInputs, specInputs, (beforeInput, afterInput) => {
        const [before, after] = [deployable(beforeInput), deployable(afterInput)];
        fc.pre(before !== undefined && after !== undefined);
        if (!before || !after) return;
        let held: JsonObject;
        try {
          ({ held } = transition(engineStack(before), engineStack(after)));
        } catch (error) {
          const typed = providerPlan(synthStack(before).json, synthStack(after).json);
          expect({ error: String(error), typed: typed["kubernetes_job_v1.nightly-report"]?.action }).toEqual({
            error: String(error),
            typed: "replace",
          });
          return;
        }
        expect(jsonDifferences(held, modelStored(after))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("creation order", () => {
  test("the manifest engine's stack creates the namespace first and the Job last", () => {
    const m = manifest({
      createNamespace: true,
      configMaps: { "run-sh": "echo" },
      env: { secrets: { T: { value: "x" } } },
    } as never);
    expect(creationOrderProblems(engineStack(m, '{"auths":{}}'))).toEqual([]);
  });

  test("without depends_on the Job may be created before what its pods need, and objects before their namespace", () => {
    const m = manifest({ createNamespace: true } as never);
    expect(creationOrderProblems(without(engineStack(m), "depends_on"))).toEqual([
      {
        address: JOB,
        message: `is created without waiting for its namespace (${NAMESPACE}): namespaces "reports" not found`,
      },
      {
        address: JOB,
        message: `may be created before ${SERVICE_ACCOUNT} (ServiceAccount nightly-report), which its pods need`,
      },
      {
        address: SERVICE_ACCOUNT,
        message: `is created without waiting for its namespace (${NAMESPACE}): namespaces "reports" not found`,
      },
    ]);
  });
});

describe("waiting on the manifest engine", () => {
  const jobBody = (stackJson: ReturnType<typeof engineStack>) =>
    Object.values(stackJson.resource.kubernetes_manifest).find(
      (body) => (body.manifest as JsonObject).kind === "Job",
    ) as JsonObject;

  test("waits for Complete with the typed engine's create and update timeouts", () => {
    const m = manifest({ activeDeadlineSeconds: 600 });
    const settings = manifestSettings(jobBody(engineStack(m, undefined, { waitForCompletion: true })));
    expect(settings.waitConditions).toEqual([{ type: "Complete", status: "True" }]);
    const typed = jobTimeouts(jobOf(synthStack(m, undefined, { waitForCompletion: true }).json));
    expect({ create: settings.timeouts.create, update: settings.timeouts.update }).toEqual({
      create: typed.create,
      update: typed.update,
    });
  });

  test("a Job that fails while Terraform waits: the apply fails at the timeout, and the next apply replaces (runs) it", () => {
    const body = jobBody(engineStack(manifest(), undefined, { waitForCompletion: true, timeout: "10m" }));
    expect(manifestWaitOutcome(body, { condition: "Failed", seconds: 30 })).toEqual({
      result: "tainted",
      error: "timed out waiting on conditions",
    });
    expect(manifestWaitOutcome(body, { condition: "Complete", seconds: 30 })).toEqual({ result: "done" });
  });

  test("a suspended Job is not waited for (it would never complete)", () => {
    const body = jobBody(engineStack(manifest({ suspend: true }), undefined, { waitForCompletion: true }));
    expect(manifestSettings(body).waitConditions).toEqual([]);
    expect(manifestWaitOutcome(body, { condition: "Running", seconds: 100000 })).toEqual({ result: "done" });
  });
});

describe("switching a deployed stack to the manifest engine without replacing its objects", () => {
  test("every object of the stack has an import ID that the provider reads back as that object", () => {
    const m = manifest({ createNamespace: true, configMaps: { "run-sh": "echo" } } as never);
    const created = providerCreate(engineStack(m, '{"auths":{}}')).map((c) => c.object);
    expect(created.map((object) => importId(object))).toContain(
      "apiVersion=batch/v1,kind=Job,namespace=reports,name=nightly-report",
    );
    for (const object of created) {
      const metadata = object.metadata as JsonObject;
      expect(parseImportId(importId(object))).toEqual({
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: metadata.name,
        // A cluster-scoped Namespace's ID has no namespace part; the provider then reads "default" and ignores it.
        namespace: metadata.namespace ?? "default",
      });
    }
  });

  test("a malformed import ID is refused with the provider's message", () => {
    expect(() => parseImportId("batch/v1/Job/reports/nightly-report")).toThrow(
      "invalid format for import ID [batch/v1/Job/reports/nightly-report]\nExpected format is: apiVersion=<value>,kind=<value>,name=<value>[,namespace=<value>]",
    );
  });
});
