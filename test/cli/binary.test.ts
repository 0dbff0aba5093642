/**
 * The installed command, as a user runs it: `node bin/kubernetes-job.js` (built by `npm test`
 * before jest runs). Only exit codes and streams; the reports are tested in-process.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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
  expect(result.stderr).toContain("kubernetes-job: Unknown option '--frmat'");
});
