/**
 * An incremental run killed at any moment leaves the previous output as it was: its kept stacks,
 * its synthesized ones, its record and its cache, all put back together by the next run.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TOOL_DIR, writeAtomically } from "../../lib/output";
import { recoverOutput } from "../../lib/output/journal";
import { faultyFs } from "../support/faulty-fs";
import { readTree, tempDir, writeFiles } from "../support/files";

const ROOT = join(__dirname, "..", "..");
/** The output with synth's own files, but a run's (its lock, its staging, removed by the next run). */
const everything = (dir: string) =>
  Object.fromEntries(Object.entries(readTree(dir)).filter(([path]) => !/^\.kubernetes-job\/(lock|run-)/.test(path)));

describe("a commit that keeps stacks, killed at each of its file operations", () => {
  test.each([4, 5, 6, 7, 8, 9, 10, 11])("is put back whole by the next run (killed at operation %i)", async (at) => {
    const out = join(tempDir(), "out");
    const first = { "manifest.json": "{1}", "stacks/a/cdk.tf.json": "a1", "stacks/b/cdk.tf.json": "b1" };
    await writeAtomically(out, (staging) => {
      writeFiles(staging, first);
      return { ownFiles: [{ name: "cache.json", text: "cache 1", mode: 0o644 }] };
    });
    const before = everything(out);
    await expect(
      writeAtomically(
        out,
        (staging) => {
          writeFiles(staging, { "manifest.json": "{2}", "stacks/b/cdk.tf.json": "b2" });
          return {
            kept: new Map([["a", ["cdk.tf.json"]]]),
            ownFiles: [
              { name: "cache-key", text: "k".repeat(64), mode: 0o600 },
              { name: "cache.json", text: "cache 2", mode: 0o644 },
            ],
          };
        },
        { fs: faultyFs(at, true) },
      ),
    ).rejects.toThrow(/killed/);
    recoverOutput(out, TOOL_DIR);
    expect(everything(out)).toEqual(before);
  });
});

describe("the real command, killed during an incremental run", () => {
  const job = (name: string, tag: string) =>
    `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: { name: ${name} }\n` +
    `spec:\n  namespace: { value: batch }\n  image: { repo: busybox, tag: "${tag}" }\n`;

  const synth = (jobs: string, out: string, killAfterMs?: number) =>
    new Promise<number | null>((done) => {
      const child = spawn("node", [join(ROOT, "bin/kubernetes-job.js"), "synth", jobs, "--out", out, "--quiet"]);
      if (killAfterMs !== undefined) setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      child.on("exit", (code) => done(code));
    });

  test("SIGKILL at random moments: the output is the previous run's or the new one, never a mix", async () => {
    const jobs = tempDir();
    mkdirSync(jobs, { recursive: true });
    for (let index = 0; index < 30; index++) writeFileSync(join(jobs, `job-${index}.yaml`), job(`job-${index}`, "1.0"));
    const out = join(tempDir(), "out");
    expect(await synth(jobs, out)).toBe(0);
    let previous = readTree(out, { skip: [TOOL_DIR] });
    for (const [step, afterMs] of [150, 300, 450, 600, 800].entries()) {
      writeFileSync(join(jobs, `job-${step}.yaml`), job(`job-${step}`, `2.${step}`));
      const fresh = join(tempDir(), "fresh");
      expect(await synth(jobs, fresh)).toBe(0);
      const target = readTree(fresh, { skip: [TOOL_DIR] });
      const code = await synth(jobs, out, afterMs);
      recoverOutput(out, TOOL_DIR);
      const now = readTree(out, { skip: [TOOL_DIR] });
      // Done (even if killed just after its commit point), or as it was: never a mix.
      if (code === 0) expect(now).toEqual(target);
      else
        expect(
          now === previous ||
            JSON.stringify(now) === JSON.stringify(target) ||
            JSON.stringify(now) === JSON.stringify(previous),
        ).toBe(true);
      // Whatever happened, the next run writes what a run from scratch writes.
      expect(await synth(jobs, out)).toBe(0);
      expect(readTree(out, { skip: [TOOL_DIR] })).toEqual(target);
      expect(readdirSync(join(out, TOOL_DIR)).sort()).toEqual(["cache-key", "cache.json", "written.json"]);
      previous = readTree(out, { skip: [TOOL_DIR] });
    }
  }, 180_000);
});
