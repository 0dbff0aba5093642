/** `kubernetes-job validate`: reports and exit codes, run in-process with buffers for io. */
import { join } from "node:path";
import { main } from "../../lib/cli/main";
import { BASE_SPEC, bufferIo, job } from "../helpers";

const fixture = (...parts: string[]) => join(__dirname, "..", "fixtures", ...parts);

async function run(argv: string[], stdin?: string) {
  const buffers = bufferIo(stdin);
  const code = await main(argv, buffers.io);
  return { code, stdout: buffers.stdout(), stderr: buffers.stderr() };
}

describe("exit codes", () => {
  test("exits 0 when every manifest is valid", async () => {
    const { code, stdout, stderr } = await run(["validate", fixture("nightly-report.yaml"), fixture("dir")]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("4 manifests checked: 4 valid, 0 invalid\n");
  });

  test("exits 0 when manifests have only warnings", async () => {
    const { code, stdout, stderr } = await run(["validate", fixture("warnings.yaml")]);
    expect(code).toBe(0);
    expect(stderr).toContain(
      ": warning[unpinned-image]: spec.image.tag: no tag means each run may pull a different image",
    );
    expect(stdout).toContain("1 manifest checked: 1 valid, 0 invalid, 1 warning\n");
  });

  test("exits 1 when any manifest is invalid", async () => {
    const { code, stdout, stderr } = await run(["validate", fixture("nightly-report.yaml"), fixture("invalid.yaml")]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${fixture("invalid.yaml")}:4:9: error: metadata.name: "Nightly_Report" must be`);
    expect(stdout).toContain("2 manifests checked: 1 valid, 1 invalid\n");
  });

  test("exits 1 when a path cannot be read", async () => {
    const { code, stdout, stderr } = await run(["validate", fixture("missing.yaml")]);
    expect(code).toBe(1);
    expect(stderr).toBe(`${fixture("missing.yaml")}: error: cannot be read: no such file or directory\n`);
    expect(stdout).toBe("0 manifests checked: 0 valid, 0 invalid; 1 problem reading files\n");
  });

  test.each([["empty.yaml"], ["syntax-error.yaml"]])("exits 1 for %s", async (name) => {
    const { code, stdout, stderr } = await run(["validate", fixture(name)]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${fixture(name)}`);
    expect(stdout).toMatch(/problems? reading files\n$/);
  });

  test.each([
    [
      "an unknown flag",
      ["validate", "--frmat", "json", "job.yaml"],
      "unknown flag --frmat for validate; did you mean --format?",
    ],
    ["a missing path", ["validate"], "validate needs at least one path (a file, a directory, or - for stdin)"],
    ["a bad --format", ["validate", "--format", "yaml", "job.yaml"], '--format must be text or json, got "yaml"'],
  ])("exits 2 on %s: the reason, then where the usage is, on stderr", async (_, argv, reason) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`kubernetes-job: ${reason}\nRun 'kubernetes-job validate --help' for usage.\n`);
  });

  test("exits 0 for help, printing the usage", async () => {
    const { code, stdout } = await run(["help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: kubernetes-job <command> [options]");
    expect(stdout).toMatch(
      /Exit codes: 0 \w+, 1 invalid manifest, setting or output directory, 2 usage error,\n70 internal error, 130 interrupted/,
    );
  });
});

describe("standard input", () => {
  test("validates - from standard input", async () => {
    const { code, stdout } = await run(["validate", "-"], job());
    expect(code).toBe(0);
    expect(stdout).toBe("ok: <stdin>:1: nightly-report (namespace reports)\n1 manifest checked: 1 valid, 0 invalid\n");
  });

  test("rejects a namespace reference that nothing resolves, as synth would", async () => {
    const text = job('namespace:\n  valueFrom: { env: prod, name: reports }\nimage: { repo: busybox, tag: "1.36" }\n');
    const { code, stderr } = await run(["validate", "-"], text);
    expect(code).toBe(1);
    expect(stderr).toContain(
      '<stdin>:7:5: error: spec.namespace.valueFrom: finds no KubernetesNamespace "reports" with env "prod" among the manifests of this run or in a refs file',
    );
  });
});

describe("what the provider's kubernetes_job_v1 cannot say", () => {
  test("refuses a work queue (completions 0), which the provider would run as completions 1", async () => {
    // GIVEN a manifest asking for a work queue of 3 pods
    const { code, stdout, stderr } = await run(["validate", "-"], job(BASE_SPEC + "parallelism: 3\ncompletions: 0\n"));

    // THEN validate refuses it at the field, saying why and what to write instead
    expect(code).toBe(1);
    expect(stderr).toContain(
      "<stdin>:12:16: error: spec.completions: is 0 (unset: a work queue, where the Job is done once any pod succeeds), which the provider's kubernetes_job_v1 resource cannot say: the provider sends completions 1 whenever it is unset, so the Job would be done after one success; give the number of successful pods needed (completions: 1 for a single pod); or deploy it as it is with the manifest engine (kubernetes_manifest, which sends the Job as the manifest says it): the annotation kubernetes-job-cdktf/engine: manifest (or --engine manifest for the run)\n",
    );
    expect(stdout).toContain("1 manifest checked: 0 valid, 1 invalid\n");
  });

  test("refuses an Indexed Job with restartPolicy OnFailure, which Kubernetes rejects with per-index limits", async () => {
    const spec = BASE_SPEC + "completionMode: Indexed\ncompletions: 4\nrestartPolicy: OnFailure\n";
    const { code, stderr } = await run(["validate", "-"], job(spec));
    expect(code).toBe(1);
    expect(stderr).toContain(
      '<stdin>:13:18: error: spec.restartPolicy: is "OnFailure" in an Indexed Job, which the provider\'s kubernetes_job_v1 resource cannot deploy: the provider sends per-index retry limits (backoffLimitPerIndex) with every Indexed Job, and Kubernetes accepts those only with restartPolicy "Never"; use restartPolicy: Never; or deploy it as it is with the manifest engine (kubernetes_manifest, which sends the Job as the manifest says it): the annotation kubernetes-job-cdktf/engine: manifest (or --engine manifest for the run)\n',
    );
  });

  test("warns that an Indexed Job gets per-index limits, naming them, and keeps it valid", async () => {
    const spec = BASE_SPEC + "completionMode: Indexed\ncompletions: 16\nbackoffLimit: 2\n";
    const { code, stdout, stderr } = await run(["validate", "-"], job(spec));
    expect(code).toBe(0);
    expect(stderr).toContain(
      '<stdin>:11:19: warning[indexed-limits]: spec.completionMode: is "Indexed": the provider\'s kubernetes_job_v1 resource sends per-index limits with every Indexed Job, so the Job gets backoffLimitPerIndex: 2 and maxFailedIndexes: 16',
    );
    expect(stdout).toContain("1 manifest checked: 1 valid, 0 invalid, 1 warning\n");
  });

  test("reports them in the JSON report with file, line, column and path", async () => {
    const { code, stdout } = await run(
      ["validate", "--format", "json", "-"],
      job(BASE_SPEC + "parallelism: 3\ncompletions: 0\n"),
    );
    expect(code).toBe(1);
    const diagnostic = JSON.parse(stdout).manifests[0].diagnostics[0];
    expect(diagnostic).toEqual({
      severity: "error",
      file: "<stdin>",
      line: 12,
      column: 16,
      path: "spec.completions",
      message: expect.stringContaining("is 0 (unset: a work queue"),
    });
  });
});

describe("--format json", () => {
  test("reports each manifest and each file problem", async () => {
    const { code, stdout } = await run([
      "validate",
      "--format",
      "json",
      fixture("multi-document.yaml"),
      fixture("invalid.yaml"),
      fixture("missing.yaml"),
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      manifests: [
        {
          file: fixture("multi-document.yaml"),
          document: 0,
          line: 1,
          kind: "KubernetesJob",
          valid: true,
          name: "first",
          namespace: "reports",
          diagnostics: [],
        },
        {
          file: fixture("multi-document.yaml"),
          document: 1,
          line: 12,
          kind: "KubernetesJob",
          valid: true,
          name: "second",
          namespace: "reports",
          diagnostics: [],
        },
        {
          file: fixture("invalid.yaml"),
          document: 0,
          line: 1,
          kind: "KubernetesJob",
          valid: false,
          name: "Nightly_Report", // as written, though invalid
          namespace: null,
          diagnostics: [
            {
              severity: "error",
              file: fixture("invalid.yaml"),
              line: 4,
              column: 9,
              path: "metadata.name",
              message: expect.stringMatching(/^"Nightly_Report" must be a DNS-1123 label/),
            },
          ],
        },
      ],
      errors: [
        {
          severity: "error",
          file: fixture("missing.yaml"),
          path: "",
          message: "cannot be read: no such file or directory",
        },
      ],
      warnings: [],
    });
  });

  test("is ok with a path in bracket form for keys that are not identifiers", async () => {
    const text = job(
      'namespace: { value: reports }\nimage: { repo: busybox, tag: "1.36" }\nenv:\n  secrets:\n    DB-PASS: { value: "hunter2" }\n',
    );
    const { code, stdout } = await run(["validate", "--format=json", "-"], text);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(report.manifests[0].diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", path: 'spec.env.secrets["DB-PASS"].value' }),
    ]);
    expect(stdout).not.toContain("hunter2");
  });
});

describe("schema", () => {
  test("prints the JSON Schema of a manifest", async () => {
    const { code, stdout } = await run(["schema"]);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.title).toBe("KubernetesJob manifest (Project Planton)");
    // apiVersion is required too, in either spelling (apiVersion or api_version): see test/json-schema.test.ts.
    expect(schema.required).toEqual(expect.arrayContaining(["kind", "metadata", "spec"]));
  });
});
