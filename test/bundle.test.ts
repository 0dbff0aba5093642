/**
 * The CLI runs one bundled file (scripts/bundle.js, run by `npm run build`): the same sources give
 * the same bundle, byte for byte, so a build is reproducible and a diff of two builds means a change.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

  test("the build writes the digest of the bundles' code (dist/code.digest), the same for the same bundles", () => {
    const hash = createHash("sha256");
    for (const name of ["cli.js", "synth-worker.js"]) {
      hash.update(`${name}\n`).update(readFileSync(join(ROOT, "dist", name)));
    }
    expect(readFileSync(join(ROOT, "dist", "code.digest"), "utf8")).toBe(`${hash.digest("hex")}\n`);
  });

  test("the tool's digest in the cache (what a change of the code invalidates) follows the bundle's code digest", () => {
    // A copy of the bundle beside a code.digest of our choosing: the cache's key of the tool must change with it.
    const dir = tempDir();
    writeFiles(dir, {
      "job.yaml":
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: { name: nightly }\nspec:\n  namespace: { value: batch }\n  image: { repo: busybox, tag: '1.36' }\n",
    });
    mkdirSync(join(dir, "dist"));
    for (const name of ["cli.js", "synth-worker.js"]) copyFileSync(join(ROOT, "dist", name), join(dir, "dist", name));
    const toolAfterSynth = (digest: string, out: string) => {
      writeFileSync(join(dir, "dist", "code.digest"), `${digest}\n`);
      const runner = `require(${JSON.stringify(join(dir, "dist", "cli.js"))}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
      const result = spawnSync(
        process.execPath,
        ["-e", runner, "synth", join(dir, "job.yaml"), "--out", join(dir, out), "--quiet"],
        { cwd: dir, encoding: "utf8" },
      );
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      return (JSON.parse(readFileSync(join(dir, out, ".kubernetes-job", "cache.json"), "utf8")) as { tool: string })
        .tool;
    };
    const first = toolAfterSynth("a".repeat(64), "one");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(toolAfterSynth("a".repeat(64), "two")).toBe(first);
    expect(toolAfterSynth("b".repeat(64), "three")).not.toBe(first);
  });
});
