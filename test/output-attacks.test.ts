/**
 * What an adversarial pass found against the output directory's guarantees, one test each: a
 * planted lock, journal or record, a symlinked stack directory, a rollback the file system
 * refuses, a first run that fails, Terraform workspaces' state, a run waiting with workers.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { TOOL_DIR, writeAtomically } from "../lib/output";
import { realFs, type CommitFs } from "../lib/output/journal";
import { runCli } from "./support/cli";
import { entries, readTree, tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";
import { untilReadingStdin } from "./support/signals";
import { withTmpfs } from "./support/tmpfs";

const job = (name: string, env = "prod") =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    `metadata: { name: ${name}, env: ${env} }`,
    "spec:",
    "  namespace: { value: batch }",
    '  image: { repo: busybox, tag: "1.36" }',
    "",
  ].join("\n");

const LIVE_STATE = JSON.stringify({ version: 4, resources: [{ instances: [{}] }] });

/** A synthesized output of stack demo-prod, and the manifest that made it. */
async function synthesized(): Promise<{ dir: string; out: string; manifest: string }> {
  const dir = tempDir();
  writeFiles(dir, { "m.yaml": job("demo") });
  const out = join(dir, "out");
  expect((await runCli(["synth", join(dir, "m.yaml"), "--out", out])).code).toBe(0);
  return { dir, out, manifest: join(dir, "m.yaml") };
}

describe("planted files in synth's own directory", () => {
  test.each([
    ["a dangling link", (path: string) => symlinkSync("/nonexistent", path)],
    ["a directory", (path: string) => mkdirSync(path)],
    ["a pipe", (path: string) => spawnSync("mkfifo", [path])],
  ])("a lock that is %s is an error naming it, not a hang", async (_, plant) => {
    const { out, manifest } = await synthesized();
    plant(join(out, TOOL_DIR, "lock"));
    const run = await runCli(["synth", manifest, "--out", out, "--lock-timeout", "2s"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `kubernetes-job: ${join(out, TOOL_DIR, "lock")} is not a regular file, so kubernetes-job did not write it: remove it\n`,
    );
  });

  test.each(["written.json", "journal.json"])(
    "%s as a pipe, or a link to /dev/zero, is an error, not a hang",
    async (name) => {
      for (const plant of [
        (path: string) => spawnSync("mkfifo", [path]),
        (path: string) => symlinkSync("/dev/zero", path),
      ]) {
        const { out, manifest } = await synthesized();
        const path = join(out, TOOL_DIR, name);
        if (existsSync(path)) spawnSync("rm", [path]);
        plant(path);
        const run = await runCli(["synth", manifest, "--out", out]);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
          `kubernetes-job: ${path} is not a regular file, so kubernetes-job did not write it: remove it\n`,
        );
      }
    },
  );

  test.each([
    ['{"operations":[{"op":"remove","path":"../x","backup":"y"}]}'],
    ["{}"],
    ["[null]"],
    ['{"operations":{}}'],
    ["not json"],
    // A journal naming a state file and Terraform's directory, to have them removed by the rollback.
    [
      JSON.stringify({
        operations: [
          { op: "place", from: "no", to: "stacks/demo-prod/terraform.tfstate", existed: false, backup: "no" },
          {
            op: "place",
            from: `${TOOL_DIR}/run-x/a`,
            to: "stacks/demo-prod/.terraform",
            existed: false,
            backup: `${TOOL_DIR}/run-x/b`,
          },
        ],
      }),
    ],
    // A whole-directory move names a stack's directory, never the stacks directory or a file in one.
    [JSON.stringify({ operations: [{ op: "placeDir", from: `${TOOL_DIR}/run-x/a`, to: "stacks" }] })],
    [JSON.stringify({ operations: [{ op: "placeDir", from: `${TOOL_DIR}/run-x/a`, to: "stacks/demo-prod/x" }] })],
    [JSON.stringify({ operations: [{ op: "placeDir", from: "stacks/demo-prod", to: "stacks/other" }] })],
  ])("a tampered journal %s is refused (exit 1) and deletes nothing", async (journal) => {
    const { out, manifest } = await synthesized();
    writeFiles(join(out, "stacks/demo-prod"), { "terraform.tfstate": LIVE_STATE, ".terraform/marker": "m" });
    writeFileSync(join(out, TOOL_DIR, "journal.json"), journal);
    const before = readTree(out);

    const run = await runCli(["synth", manifest, "--out", out]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `kubernetes-job: ${join(out, TOOL_DIR, "journal.json")} is not a journal kubernetes-job wrote ` +
        "(it names something other than synth's own files): check the output directory, then remove it\n",
    );
    expect(readTree(out)).toEqual(before);
  });

  test("a record naming a user's file or a state file is refused, and deletes nothing", async () => {
    const { out, dir } = await synthesized();
    writeFiles(join(out, "stacks/demo-prod"), { "user.txt": "mine", "terraform.tfstate": LIVE_STATE });
    const record = JSON.parse(readFileSync(join(out, TOOL_DIR, "written.json"), "utf8"));
    record.stacks["demo-prod"].push("user.txt", "terraform.tfstate");
    writeFileSync(join(out, TOOL_DIR, "written.json"), JSON.stringify(record));
    writeFileSync(join(dir, "m.yaml"), job("demo", "staging"));

    const run = await runCli(["synth", join(dir, "m.yaml"), "--out", out, "--prune"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("written.json is not a record written by kubernetes-job synth");
    expect(entries(join(out, "stacks/demo-prod"))).toEqual(["cdk.tf.json", "terraform.tfstate", "user.txt"]);
  });
});

describe("retiring", () => {
  test("a stack directory replaced by a link is left alone: nothing is deleted through it", async () => {
    const { out, dir } = await synthesized();
    writeFiles(dir, { "other/cdk.tf.json": '{"precious":1}' });
    spawnSync("rm", ["-r", join(out, "stacks/demo-prod")]);
    symlinkSync(join(dir, "other"), join(out, "stacks/demo-prod"));
    writeFileSync(join(dir, "m.yaml"), job("demo", "staging"));

    const run = await runCli(["synth", join(dir, "m.yaml"), "--out", out]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `${out}/stacks/demo-prod: warning[retired-left-alone]: stack demo-prod is no longer synthesized, but ${out}/stacks/demo-prod is no longer a directory synth wrote (a link?): left alone`,
    );
    expect(readFileSync(join(dir, "other/cdk.tf.json"), "utf8")).toBe('{"precious":1}');
  });

  test("the state of a Terraform workspace keeps a stack from being retired without --prune", async () => {
    const { out, dir } = await synthesized();
    writeFiles(join(out, "stacks/demo-prod/terraform.tfstate.d/dev"), { "terraform.tfstate": LIVE_STATE });
    writeFileSync(join(dir, "m.yaml"), job("demo", "staging"));

    const run = await runCli(["synth", join(dir, "m.yaml"), "--out", out]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `but its state ${out}/stacks/demo-prod/terraform.tfstate.d/dev/terraform.tfstate still holds resources`,
    );
  });
});

describe("failures", () => {
  test("when putting back fails too, every other step is still undone and the next run finishes the job", async () => {
    // GIVEN an output, and a commit whose 7th rename fails (the record's backup), and whose undoing of a new directory fails too
    const out = join(tempDir(), "out");
    const old = { "manifest.json": "old", "stacks/a/cdk.tf.json": "A old" };
    await writeAtomically(out, (staging) => writeFiles(staging, old));
    const before = readTree(out);
    let calls = 0;
    const fs: CommitFs = {
      ...realFs,
      renameSync: (from, to) => {
        if (++calls === 7) throw Object.assign(new Error("EIO: i/o error, rename"), { code: "EIO" });
        realFs.renameSync(from, to);
      },
      rmdirSync: () => {
        throw Object.assign(new Error("EPERM: operation not permitted, rmdir"), { code: "EPERM" });
      },
    };

    // WHEN it runs
    const run = writeAtomically(
      out,
      (staging) =>
        writeFiles(staging, { "manifest.json": "new", "stacks/a/cdk.tf.json": "A new", "stacks/b/cdk.tf.json": "B" }),
      { fs },
    );

    // THEN it says both, everything but the new directory is back, and the next run puts back the rest
    await expect(run).rejects.toThrow(
      /^EIO: i\/o error, rename; putting the earlier output back failed too \(EPERM: operation not permitted, rmdir\)/,
    );
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe("old");
    expect(readFileSync(join(out, "stacks/a/cdk.tf.json"), "utf8")).toBe("A old");
    await writeAtomically(out, (staging) => writeFiles(staging, old));
    expect(readTree(out)).toEqual(before);
  });

  test.each([[["empty"]], [["new", "deep", "path"]]])(
    "a first run that fails leaves nothing of its own in %j",
    async (parts) => {
      const base = tempDir();
      mkdirSync(join(base, "empty"));
      const out = join(base, ...parts);
      const failing = () => {
        throw new Error("synthesis failed");
      };
      await expect(writeAtomically(out, failing)).rejects.toThrow("synthesis failed");
      expect(entries(base)).toEqual(["empty"]);
      expect(entries(join(base, "empty"))).toEqual([]);
    },
  );

  test("a file size limit (ulimit -f) is an environment problem: exit 1 naming it", () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`jobs/j${i}.yaml`, job(`j${i}`)])));
    const run = spawnSync(
      "bash",
      ["-c", `ulimit -f 2; node ${join(ROOT, "bin/kubernetes-job.js")} synth jobs --out out`],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^kubernetes-job: cannot write \S+: the file is too large \(a file size limit: ulimit -f\) \(EFBIG\)\n$/,
    );
  });
});

describe("signals and workers", () => {
  test("a run with workers that waits for another run's lock goes on once it is free", async () => {
    const { out, manifest } = await synthesized();
    const holder = spawn("node", ["-e", "setTimeout(() => {}, 1500)"]);
    const start = readFileSync(`/proc/${holder.pid}/stat`, "utf8").split(") ")[1].split(" ")[19];
    writeFileSync(
      join(out, TOOL_DIR, "lock"),
      JSON.stringify({ pid: holder.pid, start, host: hostname(), token: "t" }),
    );

    // Not spawnSync: the holder must be reaped when it exits (a zombie's pid is still alive).
    const child = spawn("node", [
      join(ROOT, "bin/kubernetes-job.js"),
      "synth",
      manifest,
      "--out",
      out,
      "--workers",
      "2",
    ]);
    const run = { stdout: "", stderr: "", status: null as number | null };
    child.stdout.on("data", (chunk) => (run.stdout += chunk));
    child.stderr.on("data", (chunk) => (run.stderr += chunk));
    run.status = await new Promise((done) => child.on("exit", (code) => done(code)));

    expect(run.stderr).toContain(`waiting for another kubernetes-job (pid ${holder.pid}`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("1 stack written to");
    expect(entries(join(out, TOOL_DIR))).toEqual(["cache-key", "cache.json", "written.json"]);
  });

  test("SIGTERM at once (while manifests are read) exits 130, saying so", async () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`jobs/j${i}.yaml`, job(`j${i}`)])));
    const child = spawn("node", [join(ROOT, "bin/kubernetes-job.js"), "synth", "-", "jobs", "--out", "out"], {
      cwd: dir,
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise((done) => child.on("exit", (exitCode) => done(exitCode)));
    // While the command reads its manifests (standard input first, held open here): a fixed wait
    // sent the signal too early on a busy machine, before the command handled it.
    await untilReadingStdin(child.pid!);
    child.kill("SIGTERM");
    child.stdin.end(job("from-stdin"));
    expect(await exited).toBe(130);
    expect(stderr).toContain("kubernetes-job: interrupted; out was left as it was");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("found by the last adversarial pass", () => {
  test("with few file descriptors (ulimit -n 27) synth finishes or fails cleanly, never hangs", () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`jobs/j${i}.yaml`, job(`j${i}`)])));
    const run = spawnSync(
      "bash",
      ["-c", `ulimit -n 27; node ${join(ROOT, "bin/kubernetes-job.js")} synth jobs --out out --quiet`],
      { cwd: dir, encoding: "utf8", timeout: 120_000 },
    );
    expect(run.signal).toBeNull();
    expect([0, 1]).toContain(run.status);
    if (run.status === 1) expect(run.stderr).toMatch(/too many open files/);
    expect(existsSync(join(dir, "out", TOOL_DIR, "lock"))).toBe(false);
  });

  test("a disk too full to write the lock leaves no empty lock behind", async () => {
    await withTmpfs({ size: "128k", exercises: "the full-disk lock case" }, async (mount) => {
      const dir = tempDir();
      writeFiles(dir, { "m.yaml": job("demo") });
      const out = join(mount, "out");
      expect((await runCli(["synth", join(dir, "m.yaml"), "--out", out])).code).toBe(0);
      const before = readTree(out);
      // Fill every byte left.
      spawnSync("bash", ["-c", `cat /dev/zero > ${join(mount, "filler")}`]);

      const run = await runCli(["synth", join(dir, "m.yaml"), "--out", out]);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/no space left on the device \(ENOSPC\)/);
      expect(readTree(out)).toEqual(before);
    });
  });
});
