import { join } from "node:path";
import { formatPath } from "../../lib/diagnostics";
import { loadManifests, type LoadResult } from "../../lib/manifest/load";
import { planStacks, stackName } from "../../lib/terraform/plan";
import { tempDir, writeFiles } from "../support/files";
import { defaultRun, manifest, manifestInput } from "../support/manifest";

/** Writes each manifest (as JSON, one per file) and loads them all. */
function loadFiles(files: Record<string, unknown>): { dir: string; load: LoadResult } {
  const dir = tempDir();
  writeFiles(dir, Object.fromEntries(Object.entries(files).map(([name, value]) => [name, JSON.stringify(value)])));
  return { dir, load: loadManifests(Object.keys(files).map((name) => join(dir, name))) };
}

const errorsOf = (load: LoadResult) =>
  load.results.flatMap((result) =>
    result.diagnostics
      .filter((diagnostic) => diagnostic.severity === "error")
      .map((diagnostic) => ({ file: diagnostic.file, path: formatPath(diagnostic.path), message: diagnostic.message })),
  );

describe("stackName", () => {
  test("is metadata.name when no env is set", () => {
    expect(stackName(manifest().metadata)).toBe("nightly-report");
  });

  test("is <name>-<env> when metadata.env is set", () => {
    expect(stackName(manifest({}, { env: "staging" }).metadata)).toBe("nightly-report-staging");
  });
});

describe("planStacks", () => {
  test("plans one stack per manifest, in input order, named by stackName", () => {
    const { load } = loadFiles({
      "b.json": manifestInput({}, { name: "zeta" }),
      "a.json": manifestInput({}, { name: "alpha", env: "prod" }),
    });
    const plan = planStacks(load, defaultRun());
    expect(plan.load.ok).toBe(true);
    expect(plan.stacks.map((stack) => [stack.name, stack.manifest.metadata.name])).toEqual([
      ["zeta", "zeta"],
      ["alpha-prod", "alpha"],
    ]);
  });

  test("reports two manifests with the same stack name on both, naming the other's file, and plans nothing", () => {
    // GIVEN two files whose manifests share a name
    const { dir, load } = loadFiles({
      "first.json": manifestInput(),
      "second.json": manifestInput({ image: { repo: "busybox" } }),
    });

    // WHEN the stacks are planned
    const plan = planStacks(load, defaultRun());

    // THEN each manifest gets an error at metadata.name that points at the other one
    const first = join(dir, "first.json");
    const second = join(dir, "second.json");
    const tail = "; each manifest needs its own stack (named metadata.name, or <name>-<env> when metadata.env is set)";
    expect(plan.load.ok).toBe(false);
    expect(plan.stacks).toEqual([]);
    expect(errorsOf(plan.load)).toEqual([
      {
        file: first,
        path: "metadata.name",
        message: `gives the stack name "nightly-report", as the manifest at ${second}:1 does${tail}`,
      },
      {
        file: second,
        path: "metadata.name",
        message: `gives the stack name "nightly-report", as the manifest at ${first}:1 does${tail}`,
      },
    ]);
  });

  test("finds a collision between <name>-<env> and a manifest named like it", () => {
    const { load } = loadFiles({
      "a.json": manifestInput({}, { name: "report", env: "prod" }),
      "b.json": manifestInput({}, { name: "report-prod" }),
    });
    const plan = planStacks(load, defaultRun());
    expect(plan.stacks).toEqual([]);
    expect(errorsOf(plan.load).map((error) => error.message)).toEqual([
      expect.stringContaining('gives the stack name "report-prod"'),
      expect.stringContaining('gives the stack name "report-prod"'),
    ]);
  });

  test("refuses a namespace reference that nothing in the run resolves, at spec.namespace.valueFrom", () => {
    const { dir, load } = loadFiles({
      "job.json": manifestInput({ namespace: { valueFrom: { name: "reports-ns" } } }),
    });
    const plan = planStacks(load, defaultRun());
    expect(plan.stacks).toEqual([]);
    expect(errorsOf(plan.load)).toEqual([
      {
        file: join(dir, "job.json"),
        path: "spec.namespace.valueFrom",
        message:
          'finds no KubernetesNamespace "reports-ns" without env among the manifests of this run or in a refs file',
      },
    ]);
  });

  test("refuses an env variable reference without a kind, at its path", () => {
    const { load } = loadFiles({
      "job.json": manifestInput({ env: { variables: { DB_HOST: { valueFrom: { name: "orders-db" } } } } }),
    });
    expect(errorsOf(planStacks(load, defaultRun()).load)).toEqual([
      expect.objectContaining({
        path: "spec.env.variables.DB_HOST.valueFrom",
        message: "needs valueFrom.kind: the kind of the resource to read (for example KubernetesJob)",
      }),
    ]);
  });

  test("plans nothing when a manifest is invalid", () => {
    const { load } = loadFiles({
      "good.json": manifestInput({}, { name: "good" }),
      "bad.json": manifestInput({ restartPolicy: "Always" } as never, { name: "bad" }),
    });
    const plan = planStacks(load, defaultRun());
    expect(plan.load.ok).toBe(false);
    expect(plan.stacks).toEqual([]);
  });

  test("applies the typed engine's rules by default, and none of them with engine none", () => {
    // GIVEN a work queue and an Indexed Job with restartPolicy OnFailure
    const { dir, load } = loadFiles({
      "queue.json": manifestInput({ parallelism: 3, completions: 0 }, { name: "queue" }),
      "indexed.json": manifestInput(
        { completionMode: "Indexed", completions: 4, restartPolicy: "OnFailure" },
        { name: "indexed" },
      ),
    });

    // WHEN planned for the typed engine (the default) THEN both are refused, at their fields
    const typed = planStacks(load, defaultRun());
    expect(typed.load.ok).toBe(false);
    expect(typed.stacks).toEqual([]);
    expect(errorsOf(typed.load).map(({ file, path }) => ({ file, path }))).toEqual([
      { file: join(dir, "queue.json"), path: "spec.completions" },
      { file: join(dir, "indexed.json"), path: "spec.restartPolicy" },
    ]);

    // AND planned without an engine's rules, both are fine, without warnings
    const none = planStacks(load, defaultRun(), { engine: "none" });
    expect(none.load.ok).toBe(true);
    expect(none.stacks.map((stack) => stack.name)).toEqual(["queue", "indexed"]);
    expect(none.load.results.flatMap((result) => result.diagnostics)).toEqual([]);
  });
});
