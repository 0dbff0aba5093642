/**
 * Warnings as a run treats them: each shows its class id, a class can be hidden
 * (--ignore-warning, the cdktf.json context key ignoreWarnings), and --strict (the context key
 * strict) makes any warning left fail the run with nothing written.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WARNING_IDS } from "../../lib/warnings";
import { runCdktfApp } from "../support/cdktf-app";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { ROOT } from "../support/paths";
import { jobYaml as job } from "../support/manifest";

/** A manifest with two warnings: the TTL (ttl-rerun) and an image tagged latest (unpinned-image). */
const TWO_WARNINGS = job("nightly", "  ttlSecondsAfterFinished: 3600\n").replace('tag: "1.4.2"', "tag: latest");
const TTL_LINE = ":11:28: warning[ttl-rerun]: spec.ttlSecondsAfterFinished: deletes the Job 3600s after it finishes;";
const TAG_LINE = ':10:10: warning[unpinned-image]: spec.image.tag: "latest" means each run may pull a different image;';

function project(files: Record<string, string>): string {
  const dir = tempDir();
  writeFiles(dir, files);
  return dir;
}

describe("warning ids", () => {
  test("each warning shows its class id, as --ignore-warning takes it", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.code).toBe(0);
    expect(run.stderr.split("\n")).toEqual([
      expect.stringContaining(`${join(dir, "job.yaml")}${TAG_LINE}`),
      expect.stringContaining(`${join(dir, "job.yaml")}${TTL_LINE}`),
      "",
    ]);
  });

  test("the JSON report gives each warning its id, and lists every warning of the run", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = await runCli(["validate", "--format", "json", join(dir, "job.yaml")]);
    const report = JSON.parse(run.stdout);
    expect(report.warnings.map((w: { id: string; path: string }) => [w.id, w.path])).toEqual([
      ["unpinned-image", "spec.image.tag"],
      ["ttl-rerun", "spec.ttlSecondsAfterFinished"],
    ]);
    expect(report.manifests[0].diagnostics[1]).toEqual({
      severity: "warning",
      id: "ttl-rerun",
      file: join(dir, "job.yaml"),
      line: 11,
      column: 28,
      path: "spec.ttlSecondsAfterFinished",
      message: expect.stringMatching(/^deletes the Job 3600s after it finishes/),
    });
  });

  test("every id is emitted somewhere in lib/, and the README lists exactly these ids", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(join(dir, entry.name))
          : entry.name.endsWith(".ts") && entry.name !== "warnings.ts"
            ? [readFileSync(join(dir, entry.name), "utf8")]
            : [],
      );
    const code = sources(join(ROOT, "lib")).join("\n");
    for (const id of WARNING_IDS) expect({ id, emitted: code.includes(`"${id}"`) }).toEqual({ id, emitted: true });
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("<!-- warnings:start -->"), readme.indexOf("<!-- warnings:end -->"));
    const listed = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(WARNING_IDS);
  });
});

describe("--ignore-warning", () => {
  test("hides the named class, and only it", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = await runCli(["validate", join(dir, "job.yaml"), "--ignore-warning", "ttl-rerun"]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("ttl-rerun");
    expect(run.stderr).toContain(TAG_LINE);
    expect(run.stdout).toContain("1 manifest checked: 1 valid, 0 invalid, 1 warning\n");
  });

  test("is repeatable and takes ids separated by commas", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    for (const flags of [
      ["--ignore-warning", "ttl-rerun", "--ignore-warning", "unpinned-image"],
      ["--ignore-warning", "ttl-rerun,unpinned-image"],
    ]) {
      const run = await runCli(["validate", join(dir, "job.yaml"), ...flags]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      expect(run.stdout).toContain("1 manifest checked: 1 valid, 0 invalid\n");
    }
  });

  test("an unknown id is a usage error with the closest id", async () => {
    const run = await runCli(["validate", "job.yaml", "--ignore-warning", "ttl-rerum"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(
      'kubernetes-job: --ignore-warning: unknown warning id "ttl-rerum"; did you mean "ttl-rerun"?',
    );
  });

  test("an id far from every known one lists the known ids", async () => {
    const run = await runCli(["synth", "job.yaml", "--ignore-warning", "everything"]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      `kubernetes-job: --ignore-warning: unknown warning id "everything"; known ids: ${WARNING_IDS.join(", ")}`,
    );
  });
});

describe("--strict", () => {
  test("validate: any warning fails the run, shown as an error with its id", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = await runCli(["validate", join(dir, "job.yaml"), "--strict", "--ignore-warning", "unpinned-image"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `${join(dir, "job.yaml")}:11:28: error[ttl-rerun]: spec.ttlSecondsAfterFinished: deletes the Job 3600s after it finishes; ` +
        "the next terraform apply then creates it again and it runs again\n",
    );
    expect(run.stdout).toBe("1 manifest checked: 0 valid, 1 invalid, 1 warning counted as an error (strict)\n");
  });

  test("synth: a warning fails the run and nothing is written", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "job.yaml"), "--out", out, "--strict"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, "job.yaml")}:11:28: error[ttl-rerun]: `);
    expect(run.stderr).toContain(`Nothing was written to ${out}.\n`);
    expect(existsSync(out)).toBe(false);
  });

  test("synth: with every warning hidden, the run passes and writes", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const out = join(dir, "out");
    const flags = ["--strict", "--ignore-warning", "ttl-rerun,unpinned-image"];
    const run = await runCli(["synth", join(dir, "job.yaml"), "--out", out, ...flags]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(existsSync(join(out, "stacks", "nightly", "cdk.tf.json"))).toBe(true);
  });

  test("synth: a retired stack whose state is remote fails the run before anything moves", async () => {
    // GIVEN an output holding a stack with an s3 backend, whose manifest is then renamed
    const remote =
      "  labels:\n    terraform.project-planton.org/backend.type: s3\n    terraform.project-planton.org/backend.object: b/p\n";
    const withLabels = (name: string) => job(name).replace(`  name: ${name}\n`, `  name: ${name}\n${remote}`);
    const dir = project({ "job.yaml": withLabels("old") });
    const out = join(dir, "out");
    expect((await runCli(["synth", join(dir, "job.yaml"), "--out", out])).code).toBe(0);
    writeFiles(dir, { "job.yaml": withLabels("new") });

    // WHEN synth runs under --strict
    const run = await runCli(["synth", join(dir, "job.yaml"), "--out", out, "--strict"]);

    // THEN it refuses, naming the warning, and the old stack is still there
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `${out}/stacks/old: error[retired-remote-state]: stack old is no longer synthesized, so its files go (unless --strict refuses the run); ` +
        "its state in the s3 backend is kept: destroy its resources or remove that state if they are not needed\n" +
        `1 warning counted as an error (strict): nothing was written to ${out}.\n`,
    );
    expect(readdirSync(join(out, "stacks"))).toEqual(["old"]);
    // AND hiding that class lets the run through
    const hidden = await runCli([
      "synth",
      join(dir, "job.yaml"),
      "--out",
      out,
      "--strict",
      "--ignore-warning=retired-remote-state",
    ]);
    expect({ code: hidden.code, stderr: hidden.stderr }).toEqual({ code: 0, stderr: "" });
    expect(readdirSync(join(out, "stacks"))).toEqual(["new"]);
  });

  test("render: a warning fails the run and nothing is printed", async () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = await runCli(["render", join(dir, "job.yaml"), "--strict"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error[unpinned-image]");
  });
});

describe("the cdktf app's context keys strict and ignoreWarnings", () => {
  const runMain = (outdir: string, context: unknown) => runCdktfApp(outdir, context);

  test("ignoreWarnings hides a class; strict fails on the rest with no stack", () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const manifests = [join(dir, "job.yaml")];
    const hidden = runMain(join(dir, "a"), {
      manifests,
      ignoreWarnings: ["ttl-rerun", "unpinned-image"],
      strict: true,
    });
    expect({ status: hidden.status, stderr: hidden.stderr }).toEqual({ status: 0, stderr: "" });

    const strict = runMain(join(dir, "b"), { manifests, ignoreWarnings: ["unpinned-image"], strict: true });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain(`${join(dir, "job.yaml")}:11:28: error[ttl-rerun]: `);
    // (cdktf's App makes the empty stacks directory when it starts)
    expect(readdirSync(join(dir, "b", "stacks"))).toEqual([]);
  });

  test("an unknown id in ignoreWarnings exits 1 naming the key, with the closest id", () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = runMain(join(dir, "out"), { manifests: [join(dir, "job.yaml")], ignoreWarnings: ["ttl_rerun "] });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'kubernetes-job: the cdktf.json context key "ignoreWarnings": unknown warning id "ttl_rerun"; did you mean "ttl-rerun"?\n',
    );
  });

  test("strict must be true or false", () => {
    const dir = project({ "job.yaml": TWO_WARNINGS });
    const run = runMain(join(dir, "out"), { manifests: [join(dir, "job.yaml")], strict: "yes" });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('kubernetes-job: the cdktf.json context key "strict" must be true or false, got "yes"\n');
  });
});

test("a trailing comma in --ignore-warning names nothing more (found by review 3)", async () => {
  const run = await runCli(["validate", "--ignore-warning", "ttl-rerun,", join(ROOT, "examples", "hello-world.yaml")]);
  expect(run.code).toBe(0);
});
