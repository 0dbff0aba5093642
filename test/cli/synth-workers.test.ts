/**
 * `--workers N` never starts more worker threads than there are stacks or useful cores: each
 * worker loads cdktf (tens of MB, a second of CPU), so surplus ones only cost. Checked by
 * counting the threads the binary starts (test/support/count-workers.js), never by timing.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { mainThreadSynthesizes, workerCount } from "../../lib/cli/synth";
import { tempDir, writeFiles } from "../support/files";
import { EXAMPLES, ROOT } from "../support/paths";

/** Runs the built binary with the counting hook; returns the exit code and the threads started. */
function synthCountingWorkers(args: string[]) {
  const countFile = join(tempDir(), "count");
  const result = spawnSync(
    process.execPath,
    ["-r", join(ROOT, "test", "support", "count-workers.js"), join(ROOT, "bin", "kubernetes-job.js"), "synth", ...args],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, COUNT_WORKERS_FILE: countFile } },
  );
  const counted = JSON.parse(readFileSync(countFile, "utf8")) as { started: number; files: string[]; online: number };
  return { status: result.status, stderr: result.stderr, threads: counted.started, ...counted };
}

const job = (name: string) =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    `metadata: { name: ${name} }`,
    "spec:",
    "  namespace: { value: batch }",
    '  image: { repo: busybox, tag: "1.36" }',
    "",
  ].join("\n");

describe("synth --workers", () => {
  test("64 workers for the 5 examples start at most 5 threads (fewer on fewer cores)", () => {
    const run = synthCountingWorkers([EXAMPLES, "--out", join(tempDir(), "out"), "--workers", "64", "--quiet"]);
    expect(run.stderr).not.toContain("error");
    expect(run.status).toBe(0);
    expect(run.threads).toBe(Math.min(5, availableParallelism()));
  });

  test("one file holding 3 manifests with --workers 64 starts at most 3 threads", () => {
    const dir = tempDir();
    writeFiles(dir, { "jobs.yaml": [job("one"), job("two"), job("three")].join("---\n") });
    const run = synthCountingWorkers([join(dir, "jobs.yaml"), "--out", join(dir, "out"), "--workers", "64", "--quiet"]);
    expect(run.status).toBe(0);
    expect(run.threads).toBe(Math.min(3, availableParallelism()));
  });

  test("the workers run the worker's bundle, beside the CLI's bundle, and start", () => {
    const dir = tempDir();
    writeFiles(dir, { "jobs.yaml": [job("one"), job("two")].join("---\n") });
    const run = synthCountingWorkers([join(dir, "jobs.yaml"), "--out", join(dir, "out"), "--workers", "2", "--quiet"]);
    expect(run.status).toBe(0);
    const threads = Math.min(2, availableParallelism());
    expect(run.files).toEqual(Array<string>(threads).fill(join(ROOT, "dist", "synth-worker.js")));
    expect(run.online).toBe(threads);
  });

  test("--workers 0 starts none", () => {
    const run = synthCountingWorkers([EXAMPLES, "--out", join(tempDir(), "out"), "--workers", "0", "--quiet"]);
    expect(run.status).toBe(0);
    expect(run.threads).toBe(0);
  });
});

describe("workerCount", () => {
  const machine = { cores: 8, fileLimit: Infinity };

  test.each([
    ["never more than the stacks", 64, 5, machine, 5],
    ["never more than the cores", 64, 500, machine, 8],
    ["never more than the file descriptor limit allows", 64, 500, { cores: 8, fileLimit: 3 }, 3],
    ["as asked when stacks and cores allow", 4, 500, machine, 4],
    ["none when asked for none", 0, 500, machine, 0],
    ["by default one per 40 stacks", undefined, 100, machine, 2],
    ["by default none for a small run", undefined, 39, machine, 0],
    ["none for no stack", 4, 0, machine, 0],
    ["by default none on one core for up to 2,000 stacks", undefined, 2000, { cores: 1, fileLimit: Infinity }, 0],
    [
      "by default one on one core beyond 2,000 stacks (this thread then only plans)",
      undefined,
      10_000,
      { cores: 1, fileLimit: Infinity },
      1,
    ],
    [
      "by default one per core on two cores beyond 2,000 stacks",
      undefined,
      10_000,
      { cores: 2, fileLimit: Infinity },
      2,
    ],
    ["at most one on one core when asked for more", 8, 10_000, { cores: 1, fileLimit: Infinity }, 1],
    ["by default one per core but this thread's for a large run", undefined, 1000, machine, 7],
    [
      "by default one beside this thread for a large run on two cores",
      undefined,
      1000,
      { cores: 2, fileLimit: Infinity },
      1,
    ],
    ["by default one for 40 to 79 stacks on two cores", undefined, 79, { cores: 2, fileLimit: Infinity }, 1],
    ["64 asked for 5 stacks on 64 cores: 5", 64, 5, { cores: 64, fileLimit: Infinity }, 5],
  ])("%s", (_, requested, stacks, limits, expected) => {
    expect(workerCount(requested, stacks, limits)).toBe(expected);
  });
});

describe("mainThreadSynthesizes", () => {
  test.each([
    ["by default, for up to 2,000 stacks", undefined, 2000, true],
    // Its heap already holds every manifest: synthesizing there too took 585 MB and no less CPU
    // than two workers' 361 MB for 10,000 manifests (/usr/bin/time, the bench's manifests).
    ["not beyond 2,000 stacks", undefined, 2001, false],
    ["not when the workers are asked for", 2, 100, false],
  ])("%s", (_, requested, stacks, expected) => {
    expect(mainThreadSynthesizes(requested, stacks)).toBe(expected);
  });
});
