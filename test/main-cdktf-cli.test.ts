/**
 * The cdktf app under cdktf-cli: one Terraform format per stack directory whatever the order of
 * `npx cdktf synth` and `npx cdktf synth --hcl`, and messages that read right there (cdktf-cli
 * labels every chunk of the app's standard error `[ERROR]`; it has no `--refs` flag). These tests
 * spawn processes and need a current build: `npm test` runs `npm run build` first.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entries, readTree, tempDir, writeFiles } from "./support/files";
import { manifestInput } from "./support/manifest";
import { ROOT } from "./support/paths";

const MAIN = join(ROOT, "dist", "main.js");

function run(command: string, args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  const base: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  for (const name of [
    "KUBERNETES_JOB_MANIFESTS",
    "CDKTF_CONTEXT_JSON",
    "CDKTF_OUTDIR",
    "SYNTH_HCL_OUTPUT",
    "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS",
  ]) {
    delete base[name];
  }
  return spawnSync(command, args, { cwd: ROOT, encoding: "utf8", env: { ...base, ...env }, timeout: 120_000 });
}

/** dist/main.js as cdktf-cli runs it (or, with `cli: false`, as a user runs it by hand). */
function runMain(out: string, manifests: string[], options: { hcl?: boolean; cli?: boolean } = {}) {
  return run(process.execPath, [MAIN], {
    CDKTF_OUTDIR: out,
    CDKTF_CONTEXT_JSON: JSON.stringify({ manifests }),
    SYNTH_HCL_OUTPUT: String(options.hcl ?? false),
    // cdktf-cli sets this for every app it runs (cli-core SynthStack.synth).
    ...(options.cli === false ? {} : { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" }),
  });
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** GIVEN a directory with one valid manifest, nightly-report, whose image is untagged (a warning). */
function jobs(): { dir: string; manifests: string } {
  const dir = tempDir();
  writeFiles(dir, { "jobs/job.json": json(manifestInput({ image: { repo: "busybox" } })) });
  return { dir, manifests: join(dir, "jobs") };
}

describe("one Terraform format per stack directory", () => {
  test("JSON, then HCL, then JSON again: each run leaves only its own format", () => {
    const { dir, manifests } = jobs();
    const out = join(dir, "out");
    const stack = join(out, "stacks", "nightly-report");

    expect(runMain(out, [manifests]).status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf.json"]);

    expect(runMain(out, [manifests], { hcl: true }).status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf", "metadata.json"]);

    expect(runMain(out, [manifests]).status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf.json"]);
  });

  test("never removes a user's files: their own .tf files, nor a cdk.tf that no synth of ours wrote", () => {
    const { dir, manifests } = jobs();
    const out = join(dir, "out");
    const stack = join(out, "stacks", "nightly-report");
    // A user's own HCL beside the stack, and a cdk.tf with no sign of cdktf (no metadata.json, no manifest.json naming it).
    writeFiles(stack, { "cdk.tf": "# mine\n", "override.tf": "# mine too\n" });

    expect(runMain(out, [manifests]).status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf", "cdk.tf.json", "override.tf"]);
    expect(readFileSync(join(stack, "cdk.tf"), "utf8")).toBe("# mine\n");
  });

  test("a directory that already holds both formats (left by an earlier version) is cleaned up", () => {
    const { dir, manifests } = jobs();
    const out = join(dir, "out");
    const stack = join(out, "stacks", "nightly-report");
    expect(runMain(out, [manifests], { hcl: true }).status).toBe(0);
    const hcl = readTree(stack);
    expect(runMain(out, [manifests]).status).toBe(0);
    // GIVEN both formats side by side, and no manifest.json to say which was written last
    writeFiles(stack, hcl);
    writeFiles(out, { "manifest.json": "{}" });

    expect(runMain(out, [manifests], { hcl: true }).status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf", "metadata.json"]);
  });

  test("through npx cdktf synth and npx cdktf synth --hcl, in both orders", () => {
    const { dir, manifests } = jobs();
    const out = join(dir, "out");
    const stack = join(out, "stacks", "nightly-report");
    const cdktf = (...args: string[]) =>
      run("npx", ["cdktf", "synth", "--output", out, ...args], { KUBERNETES_JOB_MANIFESTS: manifests });

    expect(cdktf().status).toBe(0);
    expect(cdktf("--hcl").status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf", "metadata.json"]);
    expect(cdktf().status).toBe(0);
    expect(entries(stack)).toEqual(["cdk.tf.json"]);
  }, 120_000);
});

describe("messages under cdktf-cli", () => {
  test("warnings go to standard output, which cdktf-cli shows as written (its stderr lines are all [ERROR])", () => {
    const { dir, manifests } = jobs();
    const main = runMain(join(dir, "out"), [manifests]);
    expect(main.status).toBe(0);
    expect(main.stderr).toBe("");
    expect(main.stdout).toMatch(/^.*job\.json:\d+:\d+: warning\[unpinned-image\]: spec\.image\.tag: no tag means/);
  });

  test("run by hand (not under cdktf-cli), warnings go to standard error as for every command", () => {
    const { dir, manifests } = jobs();
    const main = runMain(join(dir, "out"), [manifests], { cli: false });
    expect(main.status).toBe(0);
    expect(main.stdout).toBe("");
    expect(main.stderr).toContain(": warning[unpinned-image]: spec.image.tag: no tag means");
  });

  test("npx cdktf synth shows our warning as written, not as an [ERROR] line", () => {
    const { dir, manifests } = jobs();
    const cdktf = run("npx", ["cdktf", "synth", "--output", join(dir, "out")], {
      KUBERNETES_JOB_MANIFESTS: manifests,
      NO_COLOR: "1",
    });
    expect(cdktf.status).toBe(0);
    const line = cdktf.stdout.split("\n").find((text) => text.includes("warning[unpinned-image]: spec.image.tag"));
    expect(line).toMatch(/^.*job\.json:\d+:\d+: warning\[unpinned-image\]: spec\.image\.tag: no tag means/);
    expect(line).not.toContain("[ERROR]");
  }, 120_000);

  test("npx cdktf synth labels our errors [ERROR] once: they are written at once", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "a.json": json(manifestInput({ backoffLimit: -1 })),
      "b.json": json(manifestInput({ restartPolicy: "Always" } as never, { name: "other" })),
    });
    const cdktf = run("npx", ["cdktf", "synth", "--output", join(dir, "out")], {
      KUBERNETES_JOB_MANIFESTS: dir,
      NO_COLOR: "1",
    });
    expect(cdktf.status).toBe(1);
    // cdktf-cli logs each chunk of the app's standard error as it comes, with a label: one chunk, one label.
    const live = cdktf.stdout.split("\n");
    const labelled = (text: string) => live.find((line) => line.includes(text));
    expect(labelled("error: spec.backoffLimit")).toMatch(
      /\[ERROR\] default - .*a\.json:\d+:\d+: error: spec\.backoffLimit/,
    );
    expect(labelled("error: spec.restartPolicy")).toMatch(/^\S*b\.json:\d+:\d+: error: spec\.restartPolicy/);
    expect(labelled("No stack was synthesized")).toBe("No stack was synthesized: fix the manifests above.");
  }, 120_000);

  test("a hint about the refs file names the cdktf.json context key refs, not the --refs flag", () => {
    const dir = tempDir();
    const ref = { valueFrom: { kind: "KubernetesRedis", name: "cache", fieldPath: "status.outputs.host" } };
    writeFiles(dir, { "job.json": json(manifestInput({ env: { variables: { REDIS_HOST: ref } } } as never)) });
    const main = runMain(join(dir, "out"), [join(dir, "job.json")]);
    expect(main.status).toBe(1);
    expect(main.stderr).toContain(
      'kind "KubernetesRedis" is unknown: a reference can name KubernetesJob, KubernetesNamespace (other kinds through a refs file, the cdktf.json context key "refs")',
    );
    expect(main.stderr).not.toContain("--refs");
  });
});
