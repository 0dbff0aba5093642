/**
 * One behaviour for every command: problems (errors, warnings) on standard error, the result on
 * standard output; `--format json` puts the whole report on standard output, for CI.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { jobYaml as job } from "../support/manifest";

function project(): { dir: string; good: string; warned: string; bad: string } {
  const dir = tempDir();
  writeFiles(dir, {
    "good.yaml": job("good"),
    "warned.yaml": job("warned", "  ttlSecondsAfterFinished: 60\n"),
    "bad.yaml": job("bad", "  backoffLimit: -1\n"),
  });
  return { dir, good: join(dir, "good.yaml"), warned: join(dir, "warned.yaml"), bad: join(dir, "bad.yaml") };
}

const TTL =
  "warning[ttl-rerun]: spec.ttlSecondsAfterFinished: deletes the Job 60s after it finishes; the next terraform apply then creates it again and it runs again";

describe("validate", () => {
  test("ok lines and the summary on stdout; errors and warnings on stderr", async () => {
    const { good, warned, bad } = project();
    const run = await runCli(["validate", good, warned, bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `ok: ${good}:1: good (namespace reports)\n` +
        `ok: ${warned}:1: warned (namespace reports)\n` +
        "3 manifests checked: 2 valid, 1 invalid, 1 warning\n",
    );
    expect(run.stderr).toBe(
      `${warned}:11:28: ${TTL}\n` + `${bad}:11:17: error: spec.backoffLimit: -1 is too small; the minimum is 0\n`,
    );
  });

  test("--format json: the whole report on stdout, nothing on stderr", async () => {
    const { warned, bad } = project();
    const run = await runCli(["validate", "--format", "json", warned, bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.manifests.map((m: { valid: boolean }) => m.valid)).toEqual([true, false]);
    expect(report.warnings).toEqual([expect.objectContaining({ id: "ttl-rerun", file: warned, line: 11 })]);
  });
});

describe("synth --format json", () => {
  test("the validate report plus the stacks written, alone on stdout", async () => {
    const { dir, good, warned } = project();
    const out = join(dir, "out");
    const run = await runCli(["synth", "--format", "json", good, warned, "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      manifests: [
        expect.objectContaining({ file: good, kind: "KubernetesJob", valid: true, name: "good", diagnostics: [] }),
        expect.objectContaining({ file: warned, valid: true, name: "warned", diagnostics: [expect.anything()] }),
      ],
      errors: [],
      warnings: [
        {
          severity: "warning",
          id: "ttl-rerun",
          file: warned,
          line: 11,
          column: 28,
          path: "spec.ttlSecondsAfterFinished",
          message: expect.stringMatching(/^deletes the Job 60s/),
        },
      ],
      outDir: out,
      stacks: [
        { name: "good", manifest: good, file: `${out}/stacks/good/cdk.tf.json` },
        { name: "warned", manifest: warned, file: `${out}/stacks/warned/cdk.tf.json` },
      ],
      retired: [],
    });
    expect(existsSync(join(out, "stacks", "warned", "cdk.tf.json"))).toBe(true);
  });

  test("names the HCL files with --hcl", async () => {
    const { dir, good } = project();
    const out = join(dir, "out");
    const run = await runCli(["synth", "--format=json", "--hcl", good, "--out", out]);
    expect(JSON.parse(run.stdout).stacks).toEqual([
      { name: "good", manifest: good, file: `${out}/stacks/good/cdk.tf` },
    ]);
  });

  test("an invalid manifest: ok false, its errors in the report, exit 1, nothing written", async () => {
    const { dir, good, bad } = project();
    const out = join(dir, "out");
    const run = await runCli(["synth", "--format", "json", good, bad, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report).toEqual(expect.objectContaining({ ok: false, stacks: [], retired: [], outDir: out }));
    expect(report.manifests[1].diagnostics).toEqual([
      expect.objectContaining({ severity: "error", line: 11, column: 17, path: "spec.backoffLimit" }),
    ]);
    expect(existsSync(out)).toBe(false);
  });

  test("lists the stacks it retired", async () => {
    const { dir, good, warned } = project();
    const out = join(dir, "out");
    expect((await runCli(["synth", good, warned, "--out", out])).code).toBe(0);
    const run = await runCli(["synth", "--format", "json", good, "--out", out]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      expect.objectContaining({ retired: ["warned"], stacks: [expect.objectContaining({ name: "good" })] }),
    );
  });

  test("--format takes text or json", async () => {
    const run = await runCli(["synth", "--format", "yaml", "job.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe('kubernetes-job: --format must be text or json, got "yaml"');
  });
});
