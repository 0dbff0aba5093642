/**
 * The installed command, as a user runs it: `node bin/kubernetes-job.js` (built by `npm test`
 * before jest runs). Only exit codes and streams; the reports are tested in-process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "kubernetes-job.js");
const fixture = (name: string) => join(ROOT, "test", "fixtures", name);

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: "utf8" });
}

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "lib", "cli", "main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before these tests");
  }
});

test("exits 0 for a valid manifest", () => {
  const result = run(["validate", fixture("nightly-report.yaml")]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});

test("exits 1 for an invalid manifest read from standard input", () => {
  const result = run(["validate", "-"], "kind: Job\n");
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('<stdin>:1:7: error: kind: "Job" is not supported');
});

test("exits 2 for an unknown flag", () => {
  const result = run(["validate", "--frmat", "json", fixture("nightly-report.yaml")]);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(
    "kubernetes-job: unknown flag --frmat for validate; did you mean --format?\n" +
      "Run 'kubernetes-job validate --help' for usage.\n",
  );
});

test("synth --help prints synth's usage on stdout, exit 0", () => {
  const result = run(["synth", "--help"]);
  expect(result.status).toBe(0);
  expect(result.stdout.split("\n")[0]).toBe("Usage: kubernetes-job synth <paths...> [options]");
  expect(result.stderr).toBe("");
});

test("--version prints the version of package.json", () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const result = run(["--version"]);
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(`kubernetes-job ${version}\n`);
});

describe("standard output that cannot be written (a full device)", () => {
  const toFullDevice = (args: string[]) =>
    spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" ${args.map((arg) => `'${arg}'`).join(" ")} > /dev/full`], {
      cwd: ROOT,
      encoding: "utf8",
    });

  test("validate: exit 1 with one line saying so, no stack trace", () => {
    if (!existsSync("/dev/full")) {
      console.log("no /dev/full here: a full standard output is not exercised");
      return;
    }
    const result = toFullDevice(["validate", fixture("nightly-report.yaml")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "kubernetes-job: cannot write to standard output: no space left on the device; " +
        "what the command wrote elsewhere stays written, only its report is lost\n",
    );
  });

  test("synth: the stacks are written, and the lost report says so with exit 1", () => {
    if (!existsSync("/dev/full")) {
      console.log("no /dev/full here: a full standard output is not exercised");
      return;
    }
    const out = join(mkdtempSync(join(tmpdir(), "kubernetes-job-full-")), "out");
    const result = toFullDevice(["synth", fixture("nightly-report.yaml"), "--out", out]);
    expect(result.stderr).toContain("kubernetes-job: cannot write to standard output: no space left on the device");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(1);
    expect(existsSync(join(out, "stacks", "nightly-report", "cdk.tf.json"))).toBe(true);
  });
});
