/**
 * `--format json` gives a JSON report on standard output even when the run fails as a whole (a bad
 * setting, a refused output directory, an unreadable settings file), so a CI step that parses it
 * never reads nothing (found by review 3).
 */
import { join } from "node:path";
import { runCli } from "../support/cli";
import { EXAMPLES } from "../support/paths";

const HELLO = join(EXAMPLES, "hello-world.yaml");

describe("a run that fails as a whole, with --format json", () => {
  test.each([
    [
      "a bad engine",
      ["validate", HELLO, "--format", "json", "--engine", "bogus"],
      /--engine: "bogus" is not an engine/,
    ],
    [
      "a missing clusters file",
      ["validate", HELLO, "--format=json", "--clusters", "/nonexistent/clusters.yaml"],
      /clusters file \/nonexistent\/clusters.yaml cannot be read/,
    ],
    [
      "the root as --out",
      ["synth", HELLO, "--format", "json", "--out", "/"],
      /--out \/ is the root of the file system/,
    ],
  ])("%s: exit 1, the message on stderr, and a JSON report with ok false on stdout", async (_, argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      manifests: unknown[];
      errors: { severity: string; message: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.manifests).toEqual([]);
    expect(report.errors).toEqual([{ severity: "error", message: expect.stringMatching(message) }]);
  });

  test("without --format json, nothing goes to stdout", async () => {
    const run = await runCli(["synth", HELLO, "--out", "/", "--quiet"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
  });

  test("an output directory holding another's files: the same JSON failure for synth", async () => {
    const run = await runCli(["synth", HELLO, "--format", "json", "--out", EXAMPLES]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, manifests: [], stacks: [], retired: [] });
  });
});

describe("the JSON report of an invalid document", () => {
  test("names its kind and name as written, not placeholders", async () => {
    const text = JSON.stringify({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings" },
      data: { a: "b" },
    });
    const invalidJob = JSON.stringify({
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name: "nightly-report" },
      spec: { namespace: { value: "reports" }, image: { repo: "busybox", tag: "1" }, parallelism: -1 },
    });
    const configMap = await runCli(["validate", "-", "--format", "json"], text);
    expect(JSON.parse(configMap.stdout).manifests[0]).toMatchObject({
      kind: "ConfigMap",
      name: "settings",
      valid: false,
    });
    const job = await runCli(["validate", "-", "--format", "json"], invalidJob);
    expect(JSON.parse(job.stdout).manifests[0]).toMatchObject({
      kind: "KubernetesJob",
      name: "nightly-report",
      valid: false,
    });
  });
});
