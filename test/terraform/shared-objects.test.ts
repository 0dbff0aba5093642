/**
 * Two stacks must not manage one Kubernetes object (found by review 14): the second
 * `terraform apply` fails on it, and one stack's destroy deletes the other's. Compared on the
 * object model (kind, namespace, name) of either dialect, for stacks deploying with the same
 * provider settings (the same cluster, as far as synth can tell).
 */
import { join } from "node:path";
import { formatPath } from "../../lib/diagnostics";
import { loadManifests, type LoadResult } from "../../lib/manifest/load";
import { planStacks } from "../../lib/terraform/plan";
import { tempDir, writeFiles } from "../support/files";
import { defaultRun, manifestInput } from "../support/manifest";
import { runCli } from "../support/cli";

function loadFiles(files: Record<string, unknown>): { dir: string; load: LoadResult } {
  const dir = tempDir();
  writeFiles(dir, Object.fromEntries(Object.entries(files).map(([name, value]) => [name, JSON.stringify(value)])));
  return { dir, load: loadManifests(Object.keys(files).map((name) => join(dir, name))) };
}

const errorsOf = (load: LoadResult) =>
  load.results.flatMap((result) =>
    result.diagnostics
      .filter((diagnostic) => diagnostic.severity === "error")
      .map((diagnostic) => ({
        at: `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`,
        path: formatPath(diagnostic.path),
        message: diagnostic.message,
      })),
  );

const planton = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: "kubernetes.planton.dev/v1alpha1",
  kind: "KubernetesJob",
  metadata: { name, ...metadata },
  spec: {
    namespace: { value: "batch" },
    container: { app: { image: { repo: "ghcr.io/acme/backfill", tag: "1.0" } } },
    ...spec,
  },
});

const tail =
  ": two stacks would manage one object (the second terraform apply fails on it, and either stack's destroy deletes it);" +
  " give it to one manifest only";

describe("two stacks creating one Kubernetes object", () => {
  test("the same metadata.name in one namespace under two envs: refused at the second, naming the first", () => {
    const { dir, load } = loadFiles({
      "a.json": manifestInput({ namespace: { value: "reports" } }, { name: "report", env: "staging" }),
      "b.json": manifestInput({ namespace: { value: "reports" } }, { name: "report", env: "prod" }),
    });
    const plan = planStacks(load, defaultRun());
    expect(plan.stacks).toEqual([]);
    expect(errorsOf(plan.load)).toEqual([
      {
        at: expect.stringMatching(new RegExp(`^${join(dir, "b.json")}:1:\\d+$`)) as unknown,
        path: "metadata.name",
        message: `creates the ServiceAccount reports/report, as the stack "report-staging" of the manifest at ${join(dir, "a.json")}:1 does${tail}`,
      },
    ]);
  });

  test("createNamespace: true for one namespace in two manifests: refused at the second's spec.createNamespace", () => {
    const { dir, load } = loadFiles({
      "a.json": manifestInput({ namespace: { value: "shared" }, createNamespace: true }, { name: "one" }),
      "b.json": manifestInput({ namespace: { value: "shared" }, createNamespace: true }, { name: "two" }),
    });
    const plan = planStacks(load, defaultRun());
    expect(errorsOf(plan.load)).toEqual([
      {
        at: expect.stringMatching(new RegExp(`^${join(dir, "b.json")}:1:\\d+$`)) as unknown,
        path: "spec.createNamespace",
        message: `creates the Namespace shared, as the stack "one" of the manifest at ${join(dir, "a.json")}:1 does${tail}`,
      },
    ]);
  });

  test("v1alpha1: the same name in one namespace under two envs, and one namespace created twice", () => {
    const { dir, load } = loadFiles({
      "a.json": planton("backfill", {}, { env: "staging" }),
      "b.json": planton("backfill", {}, { env: "prod" }),
      "c.json": planton("one", { namespace: { value: "shared" }, createNamespace: true }),
      "d.json": planton("two", { namespace: { value: "shared" }, createNamespace: true }),
    });
    const plan = planStacks(load, defaultRun());
    expect(errorsOf(plan.load)).toEqual([
      {
        at: expect.stringMatching(new RegExp(`^${join(dir, "b.json")}:1:\\d+$`)) as unknown,
        path: "metadata.name",
        message: `creates the Job batch/backfill, as the stack "backfill-staging" of the manifest at ${join(dir, "a.json")}:1 does${tail}`,
      },
      {
        at: expect.stringMatching(new RegExp(`^${join(dir, "d.json")}:1:\\d+$`)) as unknown,
        path: "spec.createNamespace",
        message: `creates the Namespace shared, as the stack "one" of the manifest at ${join(dir, "c.json")}:1 does${tail}`,
      },
    ]);
  });

  test("allowed: other namespaces, one namespace created once and used by others, other clusters", () => {
    const { load } = loadFiles({
      "a.json": manifestInput({ namespace: { value: "staging" } }, { name: "report", env: "staging" }),
      "b.json": manifestInput({ namespace: { value: "prod" } }, { name: "report", env: "prod" }),
      "c.json": manifestInput({ namespace: { value: "shared" }, createNamespace: true }, { name: "one" }),
      "d.json": manifestInput({ namespace: { value: "shared" } }, { name: "two" }),
      // The same objects in another cluster (its own kubeconfig context).
      "e.json": manifestInput(
        { namespace: { value: "staging" } },
        { name: "report", env: "other", labels: { "kubernetes.project-planton.org/context": "other" } },
      ),
    });
    const plan = planStacks(load, defaultRun());
    expect(errorsOf(plan.load)).toEqual([]);
    expect(plan.stacks).toHaveLength(5);
  });
});

describe("two stacks creating one Kubernetes object, in an incremental synth", () => {
  test("a changed manifest is checked against the unchanged ones: refused as a synth from scratch refuses it", async () => {
    const { dir } = loadFiles({
      "a.json": manifestInput({ namespace: { value: "reports" } }, { name: "report", env: "staging" }),
      "b.json": manifestInput({ namespace: { value: "reports" } }, { name: "other", env: "prod" }),
    });
    const synth = (out: string) => runCli(["synth", dir, "--out", out, "--quiet", "--workers", "0"]);
    const out = join(tempDir(), "out");
    expect((await synth(out)).code).toBe(0);
    writeFiles(dir, {
      "b.json": JSON.stringify(manifestInput({ namespace: { value: "reports" } }, { name: "report", env: "prod" })),
    });
    const incremental = await synth(out);
    const fresh = await synth(join(tempDir(), "fresh"));
    expect(incremental.code).toBe(1);
    expect(incremental.stderr).toContain(`creates the ServiceAccount reports/report, as the stack "report-staging"`);
    expect(incremental.stderr.split(out).join("OUT")).toEqual(
      fresh.stderr.split(fresh.stderr.match(/\/tmp\/[^ ]*\/fresh/)?.[0] ?? "\0").join("OUT"),
    );
  });
});
