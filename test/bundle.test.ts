/**
 * The CLI runs one bundled file (scripts/bundle.js, run by `npm run build`): the same sources give
 * the same bundle, byte for byte, so a build is reproducible and a diff of two builds means a change.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";

function bundleInto(dir: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle.js"), dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
}

describe("the CLI's bundle", () => {
  test("two builds give the same bundles and maps, and the bundles npm run build made", () => {
    const first = tempDir();
    const second = tempDir();
    bundleInto(first);
    bundleInto(second);
    for (const file of ["cli.js", "synth-worker.js"]) {
      const bytes = readFileSync(join(first, file));
      expect(readFileSync(join(second, file)).equals(bytes)).toBe(true);
      expect(readFileSync(join(ROOT, "dist", file)).equals(bytes)).toBe(true);
      expect(readFileSync(join(second, `${file}.map`)).equals(readFileSync(join(first, `${file}.map`)))).toBe(true);
    }
  });

  test("the tool's digest in the cache (what a change of the code invalidates) is the same from the bundle as from dist/lib", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "job.yaml":
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: { name: nightly }\nspec:\n  namespace: { value: batch }\n  image: { repo: busybox, tag: '1.36' }\n",
    });
    const synth = (out: string) => ["synth", join(dir, "job.yaml"), "--out", join(dir, out), "--quiet"];
    const unbundled = `require(${JSON.stringify(join(ROOT, "dist", "lib", "cli", "main.js"))}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
    for (const args of [
      [join(ROOT, "bin", "kubernetes-job.js"), ...synth("bundled")],
      ["-e", unbundled, ...synth("unbundled")],
    ]) {
      const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    }
    const tool = (out: string) =>
      (JSON.parse(readFileSync(join(dir, out, ".kubernetes-job", "cache.json"), "utf8")) as { tool: string }).tool;
    expect(tool("bundled")).toMatch(/^[0-9a-f]{64}$/);
    expect(tool("bundled")).toBe(tool("unbundled"));
  });
});
