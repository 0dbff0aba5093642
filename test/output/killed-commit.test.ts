/**
 * A commit killed half-way (simulated by a file system that fails from one operation on, so that
 * its rollback fails too and its journal stays, as after SIGKILL) is put back by the next run
 * into that directory, whichever run it is: a first run into a new directory, a render or a synth,
 * and a next run that finds its manifests invalid and writes nothing of its own.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TOOL_DIR, writeAtomically } from "../../lib/output";
import { JOURNAL } from "../../lib/output/journal";
import { faultyFs } from "../support/faulty-fs";
import { RENDER_LAYOUT, SYNTH_LAYOUT, type OutputLayout } from "../../lib/output/ownership";
import { runCli } from "../support/cli";
import { entries, readOutput, tempDir, writeFiles } from "../support/files";
import { manifestInput } from "../support/manifest";

/**
 * Every file operation of a run fails from the n-th on: the process is as good as dead. The first
 * operation clears a stale journal.new, the next two write the journal; moves follow.
 */
const dyingFs = (at: number) => faultyFs(at, true);

/** A first run into `out` killed at the `at`-th file operation of its commit. */
async function killedFirstRun(out: string, layout: OutputLayout, files: Record<string, string>, at: number) {
  await expect(
    writeAtomically(out, (staging) => writeFiles(staging, files), { layout, fs: dyingFs(at) }),
  ).rejects.toThrow(/killed/);
  expect(existsSync(join(out, TOOL_DIR, JOURNAL))).toBe(true);
}

const RENDERED = { "a.yaml": "a\n", "b.yaml": "b\n", "c.yaml": "c\n" };
const SYNTHESIZED = { "manifest.json": "{}", "stacks/a/cdk.tf.json": "{}", "stacks/b/cdk.tf.json": "{}" };

describe("a first run killed while moving its files into a new directory", () => {
  test.each([5, 6, 7])(
    "render: the next render puts the directory back and writes its own (killed at operation %i)",
    async (at) => {
      const out = join(tempDir(), "rendered");
      await killedFirstRun(out, RENDER_LAYOUT, RENDERED, at);
      const dir = tempDir();
      writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
      const run = await runCli(["render", join(dir, "job.json"), "--out", out]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(entries(out)).toEqual([TOOL_DIR, "nightly-report.yaml"]);
    },
  );

  test.each([5, 6, 7])(
    "synth: the next synth puts the directory back and writes its own (killed at operation %i)",
    async (at) => {
      const out = join(tempDir(), "synthesized");
      await killedFirstRun(out, SYNTH_LAYOUT, SYNTHESIZED, at);
      const dir = tempDir();
      writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
      const run = await runCli(["synth", join(dir, "job.json"), "--out", out, "--quiet"]);
      expect(run.code).toBe(0);
      expect(entries(join(out, "stacks"))).toEqual(["nightly-report"]);
    },
  );

  test("a new stack's directory, moved in whole, is put back; a file put into it since stays", async () => {
    const out = join(tempDir(), "synthesized");
    // Killed moving the second stack's directory, after the first one's moved in.
    await killedFirstRun(out, SYNTH_LAYOUT, SYNTHESIZED, 7);
    expect(entries(join(out, "stacks", "a"))).toEqual(["cdk.tf.json"]);
    writeFiles(join(out, "stacks", "a"), { "terraform.tfstate": "{}" });
    const dir = tempDir();
    writeFiles(dir, { "bad.json": JSON.stringify(manifestInput({ backoffLimit: -1 })) });
    const run = await runCli(["synth", join(dir, "bad.json"), "--out", out]);
    expect(run.code).toBe(1);
    expect(Object.keys(readOutput(out))).toEqual(["stacks", "stacks/a", "stacks/a/terraform.tfstate"]);
  });

  test("a next run whose manifests are invalid still puts the killed run's directory back", async () => {
    const out = join(tempDir(), "rendered");
    await killedFirstRun(out, RENDER_LAYOUT, RENDERED, 5);
    const dir = tempDir();
    writeFiles(dir, { "bad.json": JSON.stringify(manifestInput({ backoffLimit: -1 })) });
    const run = await runCli(["render", join(dir, "bad.json"), "--out", out]);
    expect(run.code).toBe(1);
    // The directory was new: put back, it is gone (or holds nothing but our own directory).
    expect(existsSync(out) ? Object.keys(readOutput(out)) : []).toEqual([]);
  });
});

describe("a later run killed while replacing an earlier output", () => {
  test("a next synth whose manifests are invalid puts the earlier output back, byte for byte", async () => {
    const out = join(tempDir(), "synthesized");
    await writeAtomically(out, (staging) => writeFiles(staging, SYNTHESIZED));
    const before = readOutput(out);
    await expect(
      writeAtomically(
        out,
        (staging) => writeFiles(staging, { ...SYNTHESIZED, "manifest.json": "new", "stacks/a/cdk.tf.json": "new" }),
        {
          fs: dyingFs(6),
        },
      ),
    ).rejects.toThrow(/killed/);
    expect(readOutput(out)).not.toEqual(before);
    const dir = tempDir();
    writeFiles(dir, { "bad.json": JSON.stringify(manifestInput({ backoffLimit: -1 })) });
    const run = await runCli(["synth", join(dir, "bad.json"), "--out", out]);
    expect(run.code).toBe(1);
    expect(readOutput(out)).toEqual(before);
  });
});
