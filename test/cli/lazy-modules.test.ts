/**
 * A run loads what it needs only: start-up is most of a small run's time, and a module a run
 * does not use costs it anyway. Checked by listing the modules the built binary loaded.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeFiles } from "../support/files";
import { ROOT } from "../support/paths";

function modulesLoaded(args: string[]): string[] {
  const listFile = join(tempDir(), "modules");
  const result = spawnSync(
    process.execPath,
    ["-r", join(ROOT, "test", "support", "list-modules.js"), join(ROOT, "bin", "kubernetes-job.js"), ...args],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, LIST_MODULES_FILE: listFile } },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return readFileSync(listFile, "utf8").split("\n");
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
  test("synth of a typed-engine manifest to JSON loads no manifest engine, HCL writer, renderer, worker pool or kubernetes-models", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job });
    const loaded = modulesLoaded(["synth", join(dir, "job.yaml"), "--out", join(dir, "out"), "--quiet"]);
    expect(loaded.some((file) => file.endsWith("/lib/terraform/kubernetes-job.js"))).toBe(true);
    const unneeded = loaded.filter((file) =>
      /\/lib\/terraform\/(manifest-engine|hcl|stack-format)\.js$|\/lib\/render\/|\/lib\/workers\/|\/kubernetes-models\/|\/provider-kubernetes\/lib\/(manifest|namespace-v1|secret-v1)\//.test(
        file,
      ),
    );
    expect(unneeded).toEqual([]);
  });

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
    const unneeded = loaded.filter((file) =>
      /\/node_modules\/(zod|yaml)\/|\/lib\/manifest\/(schema|validate|source|parse)\.js$|\/lib\/deployment\/(resolve|clusters)\.js$/.test(
        file,
      ),
    );
    expect(unneeded).toEqual([]);
  });

  test("validate loads no cdktf", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job });
    const loaded = modulesLoaded(["validate", join(dir, "job.yaml")]);
    expect(loaded.filter((file) => /\/node_modules\/(cdktf|constructs|@cdktf)\//.test(file))).toEqual([]);
  });
});
