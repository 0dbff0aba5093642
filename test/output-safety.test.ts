/**
 * synth never deletes what it did not write, never a state file, and refuses directories that
 * are not its own: each test attacks one way a careless or hostile run could lose data.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { runCli } from "./support/cli";
import { entries, readOutput, readTree, tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";
import { withTmpfs } from "./support/tmpfs";

const job = (name: string, env?: string, labels = "") =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    `metadata: { name: ${name}${env ? `, env: ${env}` : ""}${labels} }`,
    "spec:",
    "  namespace: { value: batch }",
    '  image: { repo: busybox, tag: "1.36" }',
    "",
  ].join("\n");

/** A state file with one resource instance, as Terraform writes it after an apply. */
const LIVE_STATE = JSON.stringify({
  version: 4,
  resources: [{ mode: "managed", type: "kubernetes_job_v1", name: "x", instances: [{ attributes: {} }] }],
});
const EMPTY_STATE = JSON.stringify({ version: 4, resources: [] });

/** A working directory with manifests in jobs/; synth runs from it, so local state lands in it. */
function project(files: Record<string, string>): string {
  const dir = tempDir();
  writeFiles(dir, files);
  return dir;
}

/** The CLI in a child process, from `cwd` (in-process runs cannot change directory). */
function cli(cwd: string, args: string[]) {
  const run = spawnSync("node", [join(ROOT, "bin/kubernetes-job.js"), ...args], { cwd, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("synth touches only what it wrote", () => {
  test("entries of stacks/ that it did not write survive a synth (a cdktf project's stacks/*.ts)", async () => {
    const dir = project({ "jobs/a.yaml": job("a") });
    const out = join(dir, "out");
    expect((await runCli(["synth", join(dir, "jobs"), "--out", out])).code).toBe(0);
    writeFiles(out, { "stacks/kubernetes-job-stack.ts": "export {};\n", "stacks/notes/readme.md": "mine" });

    const run = await runCli(["synth", join(dir, "jobs"), "--out", out]);

    expect(run.code).toBe(0);
    expect(entries(join(out, "stacks"))).toEqual(["a", "kubernetes-job-stack.ts", "notes"]);
    expect(readFileSync(join(out, "stacks/notes/readme.md"), "utf8")).toBe("mine");
  });

  test("refuses a directory that holds something and is not its output, and writes nothing there", async () => {
    const dir = project({ "jobs/a.yaml": job("a"), "project/stacks/app.ts": "export {};\n", "project/main.ts": "" });
    const before = readTree(join(dir, "project"));

    const run = await runCli(["synth", join(dir, "jobs"), "--out", join(dir, "project")]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `kubernetes-job: --out ${join(dir, "project")} is not empty and holds no output of kubernetes-job synth ` +
        "(no .kubernetes-job/written.json or cdktf manifest.json): synth writes only into a new or empty directory, " +
        "or one it wrote before; choose another --out\n",
    );
    expect(readTree(join(dir, "project"))).toEqual(before);
  });

  test.each([
    ["", '--out "" names no directory: give the directory to write the stacks to (default cdktf.out)'],
    ["/", "--out / is the root of the file system: give a directory of its own, such as cdktf.out"],
    [homedir(), `--out ${homedir()} is the home directory: give a directory of its own, such as cdktf.out`],
  ])("refuses --out %j", async (out, message) => {
    const dir = project({ "jobs/a.yaml": job("a") });
    const run = await runCli(["synth", join(dir, "jobs"), "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kubernetes-job: ${message}\n`);
  });

  test("refuses the input directory as --out (it would read its own manifest.json next time)", () => {
    const dir = project({ "jobs/a.yaml": job("a") });
    const run = cli(dir, ["synth", "jobs", "--out", "jobs"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "kubernetes-job: --out jobs holds the input jobs: the next run would read this output as manifests; write elsewhere\n",
    );
    expect(entries(join(dir, "jobs"))).toEqual(["a.yaml"]);
  });

  test("an --out that is a file is an error naming it (exit 1), not an internal error", async () => {
    const dir = project({ "jobs/a.yaml": job("a"), "file.txt": "keep" });
    const run = await runCli(["synth", join(dir, "jobs"), "--out", join(dir, "file.txt")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kubernetes-job: --out ${join(dir, "file.txt")} is not a directory\n`);
    expect(readFileSync(join(dir, "file.txt"), "utf8")).toBe("keep");
  });

  test("an --out it cannot create is an error naming the path and the reason (exit 1)", async () => {
    const dir = project({ "jobs/a.yaml": job("a") });
    const run = await runCli(["synth", join(dir, "jobs"), "--out", "/proc/kubernetes-job-out"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "kubernetes-job: cannot write /proc/kubernetes-job-out: no such file or directory (ENOENT)\n",
    );
  });

  test("adopts the output of cdktf synth, replacing only the files cdktf's manifest.json names", async () => {
    // GIVEN an output written by cdktf (no record of ours), with Terraform's files in a stack
    const dir = project({ "jobs/a.yaml": job("a") });
    const out = join(dir, "out");
    writeFiles(out, {
      "manifest.json": JSON.stringify({
        version: "0.21.0",
        stacks: {
          a: { synthesizedStackPath: "stacks/a/cdk.tf.json" },
          old: { synthesizedStackPath: "stacks/old/cdk.tf.json" },
        },
      }),
      "stacks/a/cdk.tf.json": "{}",
      "stacks/a/.terraform.lock.hcl": "lock",
      "stacks/old/cdk.tf.json": "{}",
      "stacks/old/.terraform/marker": "m",
    });

    const run = await runCli(["synth", join(dir, "jobs"), "--out", out]);

    expect(run.code).toBe(0);
    expect(entries(join(out, "stacks/a"))).toEqual([".terraform.lock.hcl", "cdk.tf.json"]);
    expect(readFileSync(join(out, "stacks/a/cdk.tf.json"), "utf8")).toContain('"kubernetes_job_v1"');
    expect(entries(join(out, "stacks/old"))).toEqual([".terraform"]);
  });

  test("refuses to replace a configuration file in a stack directory that it did not write", async () => {
    const dir = project({ "jobs/a.yaml": job("a"), "jobs/b.yaml": job("b") });
    const out = join(dir, "out");
    expect((await runCli(["synth", join(dir, "jobs", "a.yaml"), "--out", out])).code).toBe(0);
    writeFiles(out, { "stacks/b/cdk.tf.json": "hand-written" });

    const run = await runCli(["synth", join(dir, "jobs"), "--out", out]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("stacks/b/cdk.tf.json is in the way and was not written by kubernetes-job synth");
    expect(readFileSync(join(out, "stacks/b/cdk.tf.json"), "utf8")).toBe("hand-written");
  });
});

describe("state is never lost", () => {
  test("refuses --state-dir at or below the output directory", async () => {
    const dir = project({ "jobs/a.yaml": job("a") });
    for (const stateDir of [join(dir, "out"), join(dir, "out", "state")]) {
      const run = await runCli(["synth", join(dir, "jobs"), "--out", join(dir, "out"), "--state-dir", stateDir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `--state-dir: ${stateDir} is ${stateDir.endsWith("state") ? "inside " : ""}the output directory`,
      );
      expect(existsSync(join(dir, "out"))).toBe(false);
    }
  });

  test("refuses a local backend path inside the output directory", async () => {
    const dir = project({ "jobs/a.yaml": job("a") });
    const run = await runCli([
      "synth",
      join(dir, "jobs"),
      "--out",
      join(dir, "out"),
      "--backend-config",
      "path=x.tfstate",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "the local state file x.tfstate (backend-config path) would be inside the output directory",
    );
  });

  test("refuses to retire a renamed stack whose local state holds resources, naming it and how to go on", () => {
    // GIVEN a stack that was applied (its state, beside the project, holds a resource)
    const dir = project({ "jobs/a.yaml": job("etl", "prod") });
    expect(cli(dir, ["synth", "jobs", "--out", "out"]).code).toBe(0);
    writeFileSync(join(dir, "terraform.etl-prod.tfstate"), LIVE_STATE);
    writeFiles(join(dir, "out/stacks/etl-prod"), { ".terraform/marker": "m" });
    const before = readTree(join(dir, "out"));

    // WHEN its env is renamed
    writeFileSync(join(dir, "jobs/a.yaml"), job("etl", "production"));
    const run = cli(dir, ["synth", "jobs", "--out", "out"]);

    // THEN synth refuses, and nothing changed
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "stack etl-prod is no longer synthesized (its manifest is gone, or its metadata.name or metadata.env changed), " +
        `but its state ${realpathSync(dir)}/terraform.etl-prod.tfstate still holds resources. Destroy them first ` +
        `(terraform -chdir=${realpathSync(dir)}/out/stacks/etl-prod destroy), or move them to the new stack's state (terraform state mv), ` +
        "or pass --prune",
    );
    expect(readTree(join(dir, "out"))).toEqual(before);

    // AND with --prune it retires the stack, keeping its state and Terraform's files
    const pruned = cli(dir, ["synth", "jobs", "--out", "out", "--prune"]);
    expect(pruned.code).toBe(0);
    expect(entries(join(dir, "out/stacks"))).toEqual(["etl-prod", "etl-production"]);
    expect(entries(join(dir, "out/stacks/etl-prod"))).toEqual([".terraform"]);
    expect(readFileSync(join(dir, "terraform.etl-prod.tfstate"), "utf8")).toBe(LIVE_STATE);
  });

  test("retires a stack whose state is empty, and warns for one whose state is remote", () => {
    const remote =
      ", labels: { terraform.project-planton.org/backend.type: s3, terraform.project-planton.org/backend.object: b/p }";
    const dir = project({ "jobs/a.yaml": job("a"), "jobs/r.yaml": job("r", undefined, remote) });
    expect(cli(dir, ["synth", "jobs", "--out", "out"]).code).toBe(0);
    writeFileSync(join(dir, "terraform.a.tfstate"), EMPTY_STATE);
    rmSync(join(dir, "jobs/a.yaml"));
    rmSync(join(dir, "jobs/r.yaml"));
    writeFileSync(join(dir, "jobs/b.yaml"), job("b"));

    const run = cli(dir, ["synth", "jobs", "--out", "out"]);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "retired stack a: its files were removed (anything else in out/stacks/a, its state included, was kept)\n" +
        "out/stacks/r: warning[retired-remote-state]: stack r is no longer synthesized, so its files go (unless --strict refuses the run); its state in the s3 backend is kept: " +
        "destroy its resources or remove that state if they are not needed\n",
    );
    expect(entries(join(dir, "out/stacks"))).toEqual(["b"]);
    expect(readFileSync(join(dir, "terraform.a.tfstate"), "utf8")).toBe(EMPTY_STATE);
  });

  test("a state file inside a stack directory is never removed, and a stack holding one with resources is not retired", () => {
    const dir = project({ "jobs/a.yaml": job("a") });
    expect(cli(dir, ["synth", "jobs", "--out", "out"]).code).toBe(0);
    writeFileSync(join(dir, "out/stacks/a/terraform.tfstate"), LIVE_STATE);
    writeFileSync(join(dir, "jobs/a.yaml"), job("b"));
    expect(cli(dir, ["synth", "jobs", "--out", "out"]).code).toBe(1);
    expect(cli(dir, ["synth", "jobs", "--out", "out", "--prune"]).code).toBe(0);
    expect(readFileSync(join(dir, "out/stacks/a/terraform.tfstate"), "utf8")).toBe(LIVE_STATE);
  });

  test("the local state path lands where Terraform resolves it when --out is reached through a symlink", () => {
    // GIVEN an output directory reached through a symlink elsewhere
    const dir = project({ "jobs/a.yaml": job("a") });
    mkdirSync(join(dir, "deep/down/real"), { recursive: true });
    symlinkSync(join(dir, "deep/down/real"), join(dir, "out"));

    expect(cli(dir, ["synth", "jobs", "--out", "out"]).code).toBe(0);

    // THEN the path, resolved from the stack directory's physical location, is the state dir's file
    const stack = realpathSync(join(dir, "out/stacks/a"));
    const path = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8")).terraform.backend.local.path;
    expect(resolve(stack, path)).toBe(join(realpathSync(dir), "terraform.a.tfstate"));
    expect(path).toBe("../../../../../terraform.a.tfstate");
  });

  test("the local state path is where the README says (the working directory), checked by Terraform itself", () => {
    const terraform = spawnSync("terraform", ["version"]);
    if (terraform.status !== 0) {
      console.log("terraform is not on the PATH: checked the path by computation only (previous test)");
      return;
    }
    const dir = project({ "jobs/a.yaml": job("a") });
    mkdirSync(join(dir, "deep/real"), { recursive: true });
    symlinkSync(join(dir, "deep/real"), join(dir, "out"));
    expect(cli(dir, ["synth", "jobs", "--out", "out"]).code).toBe(0);
    // A configuration with the same backend block and no provider: Terraform writes state where the stack would.
    const stack = join(dir, "out/stacks/a");
    const config = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8"));
    rmSync(join(stack, "cdk.tf.json"));
    writeFileSync(
      join(stack, "probe.tf.json"),
      JSON.stringify({ terraform: { backend: config.terraform.backend }, output: { x: { value: "y" } } }),
    );
    execFileSync("terraform", ["init", "-input=false"], {
      cwd: stack,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    execFileSync("terraform", ["apply", "-auto-approve", "-input=false"], {
      cwd: stack,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    expect(existsSync(join(dir, "terraform.a.tfstate"))).toBe(true);
    expect(readOutput(join(dir, "deep"))).not.toHaveProperty("terraform.a.tfstate");
  });
});

describe("the machine's limits are reported, not crashed on", () => {
  test("an --out that is a mount point of its own (another file system than its parent) is written", async () => {
    await withTmpfs({ exercises: "the other-file-system case" }, async (mount) => {
      const dir = project({ "jobs/a.yaml": job("a") });
      const run = await runCli(["synth", join(dir, "jobs"), "--out", mount]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(entries(join(mount, "stacks"))).toEqual(["a"]);
    });
  });

  test("a full disk: exit 1 naming the reason, and the earlier output exactly as it was", async () => {
    await withTmpfs({ size: "256k", exercises: "the full-disk case" }, async (mount) => {
      const dir = project(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`jobs/j${i}.yaml`, job(`j${i}`)])));
      expect((await runCli(["synth", join(dir, "jobs", "j0.yaml"), "--out", mount])).code).toBe(0);
      const before = readTree(mount);

      const run = await runCli(["synth", join(dir, "jobs"), "--out", mount, "--workers", "0"]);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^kubernetes-job: cannot write \S+: no space left on the device \(ENOSPC\)\n$/);
      expect(readTree(mount)).toEqual(before);
    });
  });

  test("too few file descriptors for workers: exit 1 naming the limit, no stack trace", () => {
    const dir = project(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`jobs/j${i}.yaml`, job(`j${i}`)])));
    const run = spawnSync(
      "bash",
      ["-c", `ulimit -n 20; node ${join(ROOT, "bin/kubernetes-job.js")} synth jobs --out out --workers 2`],
      { cwd: dir, encoding: "utf8" },
    );
    if (run.status === 0) {
      // Enough descriptors were left for this machine's Node: the run simply worked.
      expect(entries(join(dir, "out/stacks"))).toHaveLength(5);
      return;
    }
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/too many open files/i);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain("internal error");
  });

  test("a closed standard output (| head) ends the output quietly", () => {
    // More output than a pipe buffers, so that writes go on after head has gone.
    const dir = project(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`jobs/j${i}.yaml`, job(`j${i}`)])));
    const run = spawnSync("bash", ["-c", `node ${join(ROOT, "bin/kubernetes-job.js")} validate jobs | head -1`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.stdout).toBe(`ok: jobs/j0.yaml:1: j0 (namespace batch)\n`);
    expect(run.stderr).toBe("");
  });
});

test("refuses an output whose .kubernetes-job is a link elsewhere (staging and backups would leave the directory)", async () => {
  const dir = project({ "jobs/a.yaml": job("a"), "elsewhere/keep": "x" });
  mkdirSync(join(dir, "out"));
  symlinkSync(join(dir, "elsewhere"), join(dir, "out/.kubernetes-job"));
  const run = await runCli(["synth", join(dir, "jobs"), "--out", join(dir, "out")]);
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    `kubernetes-job: ${join(realpathSync(dir), "out/.kubernetes-job")} is not a directory: remove it, or choose another --out\n`,
  );
  expect(entries(join(dir, "elsewhere"))).toEqual(["keep"]);
});
