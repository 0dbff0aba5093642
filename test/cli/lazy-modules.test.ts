/**
 * A run loads what it needs only: start-up is most of a small run's time, and a module a run
 * does not use costs it anyway. Checked by listing the modules the built binary loaded: the binary
 * runs one bundled file (dist/cli.js, scripts/bundle.js) whose modules run on their first
 * `require`, so the list is of the modules the bundle ran (test/support/list-modules.js).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeFiles } from "../support/files";
import { ROOT } from "../support/paths";

interface Loaded {
  /** Files node loaded. */
  files: string[];
  /** Modules of a bundle that ran. */
  bundled: string[];
}

function modulesLoaded(script: string, args: string[]): Loaded {
  const listFile = join(tempDir(), "modules");
  const result = spawnSync(
    process.execPath,
    ["-r", join(ROOT, "test", "support", "list-modules.js"), script, ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, LIST_MODULES_FILE: listFile },
    },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(readFileSync(listFile, "utf8")) as Loaded;
}

const binary = (args: string[]) => modulesLoaded(join(ROOT, "bin", "kubernetes-job.js"), args);

/** The modules a bundle holds, from its source map. */
function bundledSources(bundle: string): string[] {
  const map = JSON.parse(readFileSync(join(ROOT, "dist", `${bundle}.map`), "utf8")) as { sources: string[] };
  return map.sources.map((source) => join(ROOT, "dist", source));
}

const job = [
  "apiVersion: kubernetes.project-planton.org/v1",
  "kind: KubernetesJob",
  "metadata: { name: nightly }",
  "spec:",
  "  namespace: { value: batch }",
  '  image: { repo: busybox, tag: "1.36" }',
  "",
].join("\n");

describe("modules a run loads", () => {
  test("the binary loads one bundled file of code, not the compiled modules or node_modules one by one", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job });
    const { files, bundled } = binary(["synth", join(dir, "job.yaml"), "--out", join(dir, "out"), "--quiet"]);
    // (The cache's digest of the tool reads the package.json of cdktf and the bindings, test/bundle.test.ts.)
    const code = files.filter((file) => file.endsWith(".js") && !file.endsWith("/test/support/list-modules.js"));
    expect(code.sort()).toEqual([join(ROOT, "bin", "kubernetes-job.js"), join(ROOT, "dist", "cli.js")]);
    expect(bundled).toContain(join(ROOT, "dist", "lib", "cli", "synth.js"));
  });

  test("synth of a typed-engine manifest to JSON loads no manifest engine, HCL writer, renderer, worker pool or kubernetes-models", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job });
    const { bundled } = binary(["synth", join(dir, "job.yaml"), "--out", join(dir, "out"), "--quiet"]);
    expect(bundled.some((file) => file.endsWith("/lib/terraform/kubernetes-job.js"))).toBe(true);
    const unneeded = bundled.filter((file) =>
      /\/lib\/terraform\/(manifest-engine|hcl|stack-format)\.js$|\/lib\/render\/|\/lib\/workers\/|\/kubernetes-models\/|\/provider-kubernetes\/lib\/(manifest|namespace-v1|secret-v1)\//.test(
        file,
      ),
    );
    expect(unneeded).toEqual([]);
    // They are in the bundle, for the runs that need them.
    expect(bundledSources("cli.js")).toEqual(
      expect.arrayContaining([
        join(ROOT, "dist", "lib", "terraform", "manifest-engine.js"),
        join(ROOT, "dist", "lib", "terraform", "hcl.js"),
        join(ROOT, "dist", "lib", "workers", "pool.js"),
      ]),
    );
  });

  const workerUnneeded = (files: string[]) =>
    files.filter((file) =>
      /\/node_modules\/(zod|yaml)\/|\/lib\/manifest\/(schema|validate|source|parse)\.js$|\/lib\/deployment\/(resolve|clusters)\.js$/.test(
        file,
      ),
    );

  test("a synthesis worker's code loads neither zod nor yaml nor the manifest checks (only the main thread reads manifests)", () => {
    const script = [
      `require(${JSON.stringify(join(ROOT, "dist", "lib", "workers", "synth-worker.js"))});`,
      `require(${JSON.stringify(join(ROOT, "dist", "lib", "terraform", "synthesize.js"))});`,
      "process.stdout.write(Object.keys(require.cache).join('\\n'));",
    ].join("\n");
    const result = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(0);
    const loaded = result.stdout.split("\n");
    expect(loaded.some((file) => file.endsWith("/lib/terraform/kubernetes-job.js"))).toBe(true);
    expect(workerUnneeded(loaded)).toEqual([]);
  });

  test("the worker's bundle, beside the CLI's where the pool starts it, holds neither zod nor yaml nor the manifest checks", () => {
    const sources = bundledSources("synth-worker.js");
    expect(sources).toContain(join(ROOT, "dist", "lib", "terraform", "kubernetes-job.js"));
    expect(workerUnneeded(sources)).toEqual([]);
    const { files, bundled } = modulesLoaded(join(ROOT, "dist", "synth-worker.js"), []);
    expect(files).toContain(join(ROOT, "dist", "synth-worker.js"));
    expect(bundled).toContain(join(ROOT, "dist", "lib", "terraform", "synthesize.js"));
  });

  // The dialect's own start-up test (test/manifest/v1alpha1/dispatch.test.ts) loads dist/lib; this is the binary's.
  const v1alpha1Modules = (loaded: Loaded) =>
    loaded.bundled
      .filter((file) => file.includes("/v1alpha1/"))
      .map((file) => file.split("/").pop())
      .sort();

  test("validate of a first-dialect manifest runs none of the v1alpha1 modules but the apiVersion constant", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job });
    expect(v1alpha1Modules(binary(["validate", join(dir, "job.yaml")]))).toEqual(["api-version.js"]);
  });

  test("validate of a v1alpha1 manifest runs them, from the bundle", () => {
    // The fixture's ttlSecondsAfterFinished 0 is warned of on purpose; this test is about modules.
    const fixture = join(ROOT, "test", "fixtures", "v1alpha1", "full-surface.yaml");
    const loaded = binary(["validate", fixture, "--ignore-warning", "ttl-rerun"]);
    expect(v1alpha1Modules(loaded)).toEqual(expect.arrayContaining(["parse.js", "schema.js", "validate.js"]));
    expect(loaded.files.filter((file) => file.includes("/v1alpha1/"))).toEqual([]);
  });

  test("validate loads no cdktf", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job });
    const { files, bundled } = binary(["validate", join(dir, "job.yaml")]);
    expect(bundled).toContain(join(ROOT, "dist", "lib", "cli", "validate.js"));
    expect([...files, ...bundled].filter((file) => /\/node_modules\/(cdktf|constructs|@cdktf)\//.test(file))).toEqual(
      [],
    );
  });
});
