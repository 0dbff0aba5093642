import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { main } from "../lib/cli/main";
import { runCli } from "./support/cli";
import { readTree, tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";

const SECRET = "Hunter2-Secret_Value-7731";
const TOKEN = "ghp_REL1ABILITYtoken00000SECRET";

const job = (name: string, extra = "") =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    `metadata: { name: ${name} }`,
    "spec:",
    "  namespace: { value: batch }",
    '  image: { repo: busybox, tag: "1.36" }',
    extra,
    "",
  ].join("\n");

/** Every byte a run printed. */
const printed = (run: { stdout: string; stderr: string }) => run.stdout + run.stderr;

describe("no secret is ever printed", () => {
  function fixture() {
    const dir = tempDir();
    writeFiles(dir, {
      "jobs/with-secret.yaml": job("with-secret", `  env: { secrets: { API_KEY: { value: "${SECRET}" } } }`),
      "jobs/pulls.yaml": job("pulls").replace(
        "metadata: { name: pulls }",
        "metadata:\n  name: pulls\n  labels:\n    kubernetes.project-planton.org/docker-config-json-file: ../docker.json",
      ),
      "docker.json": JSON.stringify({
        auths: { "ghcr.io": { auth: Buffer.from(`u:${TOKEN}`).toString("base64"), password: TOKEN } },
      }),
    });
    return dir;
  }

  test("not by validate or synth of valid manifests, in text or JSON, and synth writes the secret files 0600", async () => {
    const dir = fixture();
    const out = join(dir, "out");
    // The label names ../docker.json: outside jobs/, so the run allows the whole fixture.
    const root = ["--docker-config-root", dir];
    const runs = [
      await runCli(["validate", join(dir, "jobs"), ...root]),
      await runCli(["validate", "--format", "json", join(dir, "jobs"), ...root]),
      await runCli(["synth", join(dir, "jobs"), "--out", out, ...root]),
    ];
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(printed(run)).not.toContain(SECRET);
      expect(printed(run)).not.toContain(TOKEN);
    }
    expect(statSync(join(out, "stacks/with-secret/cdk.tf.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, "stacks/pulls/cdk.tf.json")).mode & 0o777).toBe(0o600);
    // Files other than the stacks' own configuration never hold a secret.
    for (const [path, hex] of Object.entries(readTree(out))) {
      if (path.endsWith("cdk.tf.json") || hex === "<dir>") continue;
      const text = Buffer.from(hex, "hex").toString("utf8");
      expect(text).not.toContain(SECRET);
    }
  });

  test("not when the validation of a neighbouring field quotes the same text", async () => {
    // GIVEN a manifest whose invalid image tag happens to be the secret's text
    const dir = tempDir();
    writeFiles(dir, {
      "job.yaml": job(
        "leaky",
        [
          `  env: { secrets: { API_KEY: { value: "${SECRET} x" }, OTHER: { value: 42 } } }`,
          `  args: ["${SECRET} x"]`,
        ].join("\n"),
      ).replace('tag: "1.36"', `tag: "${SECRET} x"`),
    });
    for (const argv of [["validate"], ["validate", "--format", "json"], ["synth", "--out", join(dir, "out")]]) {
      const run = await runCli([...argv, join(dir, "job.yaml")]);
      // THEN the run fails, says why, and shows the secret nowhere
      expect(run.code).toBe(1);
      expect(printed(run)).toContain("spec.image.tag");
      expect(printed(run)).toContain("<redacted>");
      expect(printed(run)).not.toContain(SECRET);
    }
  });
});

describe("hostile input is refused cleanly", () => {
  test("an alias bomb", async () => {
    const dir = tempDir();
    const levels = ["a: &a [x,x,x,x,x,x,x,x,x]"];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    }
    writeFiles(dir, { "bomb.yaml": `${levels.join("\n")}\n` });
    const run = await runCli(["validate", join(dir, "bomb.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bomb.yaml:1:1: error: cannot be read: Excessive alias count");
  });

  test.each([
    ["flow", `${"[".repeat(20000)}${"]".repeat(20000)}`],
    ["block", Array.from({ length: 3000 }, (_, depth) => `${" ".repeat(depth)}k${depth}:`).join("\n") + "\n   x"],
  ])("%s nesting thousands of levels deep", async (_kind, status) => {
    const dir = tempDir();
    writeFiles(dir, { "deep.yaml": `${job("deep")}status: ${status.startsWith("[") ? status : `\n${status}`}\n` });
    const run = await runCli(["validate", join(dir, "deep.yaml")]);
    expect(run.code).toBe(1);
    expect(printed(run)).toContain("values are nested more than 64 levels deep, which no manifest needs");
    expect(printed(run)).not.toContain("internal error");
  });
});

describe("every input is bounded, and none is dropped", () => {
  const bin = join(ROOT, "bin", "kubernetes-job.js");

  test.each(["/dev/zero", "/dev/urandom"])("validate %s stops at the 16 MiB limit and exits 1", (device) => {
    const run = spawnSync(process.execPath, [bin, "validate", device], { encoding: "utf8", timeout: 60000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${device}: error: is larger than 16 MiB, the limit for an input file (it was not read further)`,
    );
    expect(run.stderr).not.toContain("internal error");
  });

  test("validate - with /dev/zero as standard input stops at the limit and exits 1", () => {
    const zero = openSync("/dev/zero", "r");
    try {
      const run = spawnSync(process.execPath, [bin, "validate", "-"], {
        encoding: "utf8",
        timeout: 60000,
        stdio: [zero, "pipe", "pipe"],
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("<stdin>: error: is larger than 16 MiB, the limit for an input file");
    } finally {
      closeSync(zero);
    }
  });

  test("validate - with Latin-1 bytes on standard input names the byte offset and exits 1", () => {
    const run = spawnSync(process.execPath, [bin, "validate", "-"], {
      encoding: "utf8",
      input: Buffer.from([...Buffer.from("kind: caf"), 0xe9, 0x0a]),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "<stdin>:1:10: error: is not valid UTF-8 at byte offset 9 (line 1, column 10): the byte 0xE9 is not followed by the rest of a character (Latin-1 or another 8-bit encoding?); save the file as UTF-8",
    );
  });

  test("a FIFO named on the command line is read (as a shell's <(...) is)", async () => {
    const dir = tempDir();
    const fifo = join(dir, "job.yaml");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    writeFiles(dir, { "source.yaml": job("from-fifo") });
    const writer = spawn("sh", ["-c", 'cat "$1" > "$2"', "sh", join(dir, "source.yaml"), fifo]);
    const run = await runCli(["validate", fifo]);
    await new Promise((resolve) => writer.on("close", resolve));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("from-fifo");
  });

  test("synth writes the stack of a manifest reached through a symbolic link, and says so", async () => {
    const dir = tempDir();
    writeFiles(dir, { "jobs/a.yaml": job("a-job"), "shared/b.yaml": job("b-job") });
    symlinkSync("../shared/b.yaml", join(dir, "jobs", "b.yaml"));
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "jobs"), "--out", out]);
    expect(run.code).toBe(0);
    expect(printed(run)).toContain(`is a symbolic link to ${join(dir, "shared", "b.yaml")}; read as that file`);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["a-job", "b-job"]);
  });

  test("synth writes nothing when a manifest entry is a broken link (its stack is not retired)", async () => {
    const dir = tempDir();
    writeFiles(dir, { "jobs/a.yaml": job("a-job"), "jobs/b.yaml": job("b-job") });
    const out = join(dir, "out");
    expect((await runCli(["synth", join(dir, "jobs"), "--out", out])).code).toBe(0);
    const before = readTree(out);
    rmSync(join(dir, "jobs", "b.yaml"));
    symlinkSync("gone.yaml", join(dir, "jobs", "b.yaml"));
    const run = await runCli(["synth", join(dir, "jobs"), "--out", out]);
    expect(run.code).toBe(1);
    expect(printed(run)).toContain(
      "b.yaml: error: is a symbolic link to gone.yaml, which does not exist (a broken link)",
    );
    expect(readTree(out)).toEqual(before);
  });
});

describe("exit codes", () => {
  test("an internal error exits 70 with a short message asking for a bug report, and no stack trace", async () => {
    let stderr = "";
    const code = await main(["schema"], {
      stdout: () => {
        throw new Error("stdout is gone");
      },
      stderr: (text) => void (stderr += text),
    });
    expect(code).toBe(70);
    expect(stderr).toBe(
      "kubernetes-job: internal error: stdout is gone\nThis is a bug in kubernetes-job, not in your manifests; please report it with the command you ran.\n",
    );
  });
});

/** Runs the built CLI in a child process. */
function cliProcess(args: string[]) {
  const child = spawn("node", [join(ROOT, "bin/kubernetes-job.js"), ...args], { cwd: ROOT });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, exited, stderr: () => stderr };
}

function manyManifests(count: number): string {
  const dir = tempDir();
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) files[`job-${index}.yaml`] = job(`job-${index}`);
  writeFiles(dir, files);
  return dir;
}

describe("nothing is lost", () => {
  test("Ctrl-C during a synth leaves the previous output exactly as it was, and no staging directory", async () => {
    // GIVEN a previous output, initialised by Terraform
    const base = tempDir();
    const out = join(base, "out");
    expect((await runCli(["synth", manyManifests(3), "--out", out, "--quiet"])).code).toBe(0);
    writeFiles(join(out, "stacks/job-0"), { ".terraform.lock.hcl": "lock" });
    const before = readTree(out);

    // WHEN a long synth into it is interrupted
    const run = cliProcess(["synth", manyManifests(600), "--out", out, "--quiet", "--workers", "2"]);
    // Its run directory appears once it is synthesizing (and handles signals), whatever the machine's speed.
    while (!readdirSync(join(out, ".kubernetes-job")).some((name) => name.startsWith("run-"))) {
      await new Promise((done) => setTimeout(done, 20));
    }
    run.child.kill("SIGINT");

    // THEN it exits 130, saying so, and nothing changed
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toContain(`kubernetes-job: interrupted; ${out} was left as it was`);
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(base)).toEqual(["out"]);
  });

  test("a synth waits while another process holds the output directory, then writes", async () => {
    // GIVEN a live process holding the lock of the output directory
    const base = tempDir();
    const out = join(base, "out");
    const holder = spawn("node", ["-e", "setTimeout(() => {}, 1500)"]);
    writeLock(out, lockOf(holder.pid as number));

    // WHEN a synth runs
    const run = await runCli(["synth", manyManifests(2), "--out", out, "--quiet"]);

    // THEN it waited for it, and wrote once the holder was gone
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `waiting for another kubernetes-job (pid ${holder.pid} on ${hostname()}) to finish writing ${out}`,
    );
    expect(holder.exitCode).toBe(0);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["job-0", "job-1"]);
    expect(readdirSync(join(out, ".kubernetes-job")).sort()).toEqual(["cache-key", "cache.json", "written.json"]);
  });

  test("a lock left by a dead process, and a killed run's staging directory, are cleared", async () => {
    const base = tempDir();
    const out = join(base, "out");
    writeLock(out, lockOf(999999));
    mkdirSync(join(out, ".kubernetes-job/run-killed/out/stacks"), { recursive: true });
    const run = await runCli(["synth", manyManifests(1), "--out", out, "--quiet"]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("waiting");
    expect(readdirSync(join(out, ".kubernetes-job")).sort()).toEqual(["cache-key", "cache.json", "written.json"]);
  });

  test("a lock whose pid now belongs to another process (pid reuse, pid 1 in a container) is taken over at once", async () => {
    for (const pid of [1, process.pid]) {
      const out = join(tempDir(), "out");
      // The pid is alive, but its process started at another time than the one that took the lock.
      writeLock(out, { ...lockOf(pid), start: "1" });
      const run = await runCli(["synth", manyManifests(1), "--out", out, "--quiet", "--lock-timeout", "0s"]);
      expect(run.stderr).not.toContain("waiting");
      expect(run.code).toBe(0);
    }
  });

  test("gives up after --lock-timeout with a message naming the holder and the lock file", async () => {
    const out = join(tempDir(), "out");
    const holder = spawn("node", ["-e", "setTimeout(() => {}, 5000)"]);
    try {
      writeLock(out, lockOf(holder.pid as number));
      const run = await runCli(["synth", manyManifests(1), "--out", out, "--quiet", "--lock-timeout", "300ms"]);
      expect(run.code).toBe(1);
      expect(run.stderr.split("\n").at(-2)).toBe(
        `kubernetes-job: ${out} is being written by process ${holder.pid} on ${hostname()} (lock ${join(out, ".kubernetes-job/lock")}); ` +
          "gave up waiting after 0s (--lock-timeout). If no kubernetes-job is running there, remove the lock file.",
      );
      expect(readdirSync(out)).toEqual([".kubernetes-job"]);
    } finally {
      holder.kill();
    }
  });

  test("--out through a symlink takes the same lock as the real directory", async () => {
    const base = tempDir();
    const out = join(base, "out");
    const holder = spawn("node", ["-e", "setTimeout(() => {}, 5000)"]);
    try {
      writeLock(out, lockOf(holder.pid as number));
      symlinkSync(out, join(base, "link"));
      const run = await runCli(["synth", manyManifests(1), "--out", join(base, "link"), "--lock-timeout", "0s"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`is being written by process ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  test("runs racing to take over one stale lock hold it one at a time", async () => {
    // GIVEN a stale lock, and six processes that each take it, note when they hold it, and release it
    const base = tempDir();
    const out = join(base, "out");
    writeLock(out, lockOf(999999));
    const log = join(base, "log");
    const script = join(base, "take.js");
    writeFileSync(
      script,
      [
        `const { acquireLock } = require(${JSON.stringify(join(ROOT, "dist/lib/output/lock.js"))});`,
        'const fs = require("fs");',
        "(async () => {",
        `  const lock = await acquireLock(${JSON.stringify(join(out, ".kubernetes-job/lock"))}, { timeoutMs: 60000, shownAs: "out" });`,
        `  fs.appendFileSync(${JSON.stringify(log)}, "in\\n");`,
        "  const until = Date.now() + 30;",
        "  while (Date.now() < until);",
        "  lock.verify();",
        `  fs.appendFileSync(${JSON.stringify(log)}, "out\\n");`,
        "  lock.release();",
        "})();",
      ].join("\n"),
    );
    const runs = Array.from({ length: 6 }, () => {
      const child = spawn("node", [script], { stdio: "inherit" });
      return new Promise((done) => child.on("exit", done));
    });
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0, 0, 0]);

    // THEN no two held it at once
    expect(readFileSync(log, "utf8")).toBe("in\nout\n".repeat(6));
  });
});

/** What a kubernetes-job holding the lock writes into it. */
function lockOf(pid: number) {
  return { pid, start: startTimeOf(pid), host: hostname(), token: `token-${pid}` };
}

function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return "";
  }
}

function writeLock(out: string, owner: object): void {
  mkdirSync(join(out, ".kubernetes-job"), { recursive: true });
  writeFileSync(join(out, ".kubernetes-job/lock"), JSON.stringify(owner));
}
