/**
 * The cdktf app (dist/main.js, as cdktf.json runs it). These tests spawn processes and need a
 * current build: `npm test` runs `npm run build` first.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { entries, readTree, tempDir, writeFiles } from "./support/files";
import { manifestInput } from "./support/manifest";
import { EXAMPLES, ROOT } from "./support/paths";

const MAIN = join(ROOT, "dist", "main.js");

/** Runs a command in the repository root with extra environment; KUBERNETES_JOB_MANIFESTS unset unless given. */
function run(command: string, args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  const base: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  delete base.KUBERNETES_JOB_MANIFESTS;
  delete base.CDKTF_CONTEXT_JSON;
  delete base.CDKTF_OUTDIR;
  return spawnSync(command, args, { cwd: ROOT, encoding: "utf8", env: { ...base, ...env }, timeout: 120_000 });
}

/** dist/main.js alone, writing into `outdir`, with the given cdktf.json context. */
const runMain = (outdir: string, context: unknown, env: Record<string, string> = {}) =>
  run(process.execPath, [MAIN], { CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(context), ...env });

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The stack directories' cdk.tf.json files of an output directory, by stack name. */
function stackFiles(out: string): Record<string, string> {
  const tree = readTree(join(out, "stacks"));
  return Object.fromEntries(Object.entries(tree).filter(([path]) => path.endsWith("/cdk.tf.json")));
}

describe("the cdktf app", () => {
  test("writes exactly the bytes of kubernetes-job synth for every example, through npx cdktf synth", () => {
    // GIVEN the examples, synthesized by the kubernetes-job command
    const dir = tempDir();
    const cli = run(
      process.execPath,
      [join(ROOT, "bin", "kubernetes-job.js"), "synth", EXAMPLES, "--out", join(dir, "cli")],
      {},
    );
    expect(cli.stderr).not.toContain("error");
    expect(cli.status).toBe(0);

    // WHEN cdktf-cli synthesizes the app with the same manifests
    const started = Date.now();
    const cdktf = run("npx", ["cdktf", "synth", "--output", join(dir, "cdktf")], {
      KUBERNETES_JOB_MANIFESTS: EXAMPLES,
    });
    console.log(`npx cdktf synth took ${((Date.now() - started) / 1000).toFixed(1)}s`);
    expect({ status: cdktf.status, error: cdktf.error }).toEqual({ status: 0, error: undefined });

    // THEN every stack file and the manifest are the same bytes
    const fromCli = stackFiles(join(dir, "cli"));
    expect(Object.keys(fromCli)).toEqual([
      "hello-world/cdk.tf.json",
      "monthly-report/cdk.tf.json",
      "orders-schema-migration-staging/cdk.tf.json",
      "search-shard-reindex/cdk.tf.json",
      "thumbnail-fanout/cdk.tf.json",
    ]);
    expect(stackFiles(join(dir, "cdktf"))).toEqual(fromCli);
    expect(readFileSync(join(dir, "cdktf", "manifest.json"))).toEqual(readFileSync(join(dir, "cli", "manifest.json")));
  }, 120_000);

  test("reads the manifests from the cdktf.json context key manifests", () => {
    const dir = tempDir();
    writeFiles(dir, { "jobs/job.json": json(manifestInput()) });
    const main = runMain(join(dir, "out"), { manifests: [join(dir, "jobs")] });
    expect(main.stderr).toBe("");
    expect(main.status).toBe(0);
    expect(entries(join(dir, "out", "stacks"))).toEqual(["nightly-report"]);
  });

  test("prefers KUBERNETES_JOB_MANIFESTS, paths separated by ':', to the context", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "context/job.json": json(manifestInput({}, { name: "from-context" })),
      "a/job.json": json(manifestInput({}, { name: "from-env-a" })),
      "b.json": json(manifestInput({}, { name: "from-env-b" })),
    });
    const main = runMain(
      join(dir, "out"),
      { manifests: [join(dir, "context")] },
      { KUBERNETES_JOB_MANIFESTS: `${join(dir, "a")}:${join(dir, "b.json")}` },
    );
    expect(main.status).toBe(0);
    expect(entries(join(dir, "out", "stacks"))).toEqual(["from-env-a", "from-env-b"]);
  });

  test("synthesizes nothing and exits 1 when a manifest is invalid, saying where", () => {
    const dir = tempDir();
    const broken = json(manifestInput({ restartPolicy: "Always" } as never));
    writeFiles(dir, { "broken.json": broken });
    const main = runMain(join(dir, "out"), { manifests: [join(dir, "broken.json")] });
    expect(main.status).toBe(1);
    expect(main.stderr).toMatch(
      new RegExp(`^${join(dir, "broken.json")}:\\d+:\\d+: error: spec\\.restartPolicy: "Always" is not allowed`),
    );
    expect(main.stderr).toContain("No stack was synthesized: fix the manifests above.\n");
    // cdktf's App creates the (empty) output directories when it is constructed; nothing is written in them.
    const out = join(dir, "out");
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    expect(existsSync(join(out, "stacks")) ? entries(join(out, "stacks")) : []).toEqual([]);
  });

  test("exits 1 with a message when the context key manifests is not a list of paths", () => {
    const dir = tempDir();
    const main = runMain(join(dir, "out"), { manifests: [42] });
    expect(main.status).toBe(1);
    expect(main.stderr).toBe(
      'kubernetes-job: the cdktf.json context key "manifests" must be a path or a list of paths, got [42]\n',
    );
  });
});
