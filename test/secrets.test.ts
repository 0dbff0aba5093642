/**
 * No secret is printed: secrets in every shape a manifest can give them, and every output of a
 * run (validate text and JSON, synth's lines and problems). See test/secrets-fuzz.test.ts for
 * generated secrets in every place.
 */
import { join } from "node:path";
import { runCli, type CliRun } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";

const printed = (run: CliRun) => run.stdout + run.stderr;

const job = (name: string, spec: string, namespace = "batch") =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    `metadata: { name: ${name} }`,
    "spec:",
    `  namespace: { value: ${namespace} }`,
    '  image: { repo: busybox, tag: "1.36" }',
    spec,
    "",
  ].join("\n");

async function everyRun(dir: string, file: string, extra: string[] = []): Promise<CliRun[]> {
  return [
    await runCli(["validate", join(dir, file), ...extra]),
    await runCli(["validate", "--format", "json", join(dir, file), ...extra]),
    await runCli(["synth", join(dir, file), "--out", join(dir, "out"), ...extra]),
  ];
}

describe("secrets given in a shape the schema refuses are not printed", () => {
  test.each([
    ["shorthand", "DB_PASSWORD: hunter2-shorthand", "hunter2-shorthand"],
    ["secretRef as text", 'DB_PASSWORD: { secretRef: "hunter2-as-ref" }', "hunter2-as-ref"],
    ["braces (a key without value)", "DB_PASSWORD: { hunter2-braces }", "hunter2-braces"],
    ["a number", "DB_PASSWORD: { value: 31415926535 }", "31415926535"],
    ["a list", "DB_PASSWORD: [hunter2-listed]", "hunter2-listed"],
  ])("%s", async (_shape, entry, secret) => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job("leaky", `  env:\n    secrets:\n      ${entry}`) });
    for (const run of await everyRun(dir, "job.yaml")) {
      expect(run.code).toBe(1);
      expect(printed(run)).toContain("spec.env.secrets.DB_PASSWORD");
      expect(printed(run)).not.toContain(secret);
    }
  });

  test("a shorthand secret shorter than the redactor can hide is not quoted either", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job("leaky", "  env:\n    secrets:\n      PIN: x7q") });
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.stderr).toContain("error: spec.env.secrets.PIN: must be a mapping, got a secret value (not shown)");
    expect(run.stdout + run.stderr).not.toContain("x7q");
  });
});

describe("secrets in the forms messages give values are not printed", () => {
  // Quotes and backslashes are escaped in messages, and escaped again in the JSON report; a value
  // longer than 60 characters is cut short with "...".
  const secret = `${"Q".repeat(30)}"quote\\backslash${"z".repeat(80)}`;
  const quoted = JSON.stringify(secret);

  test("escaped, escaped twice and truncated", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "job.yaml": job(
        "leaky",
        // The same text as a direct secret value and, invalid there, as the image tag.
        `  env: { secrets: { API_KEY: { value: ${quoted} } } }`,
      ).replace('tag: "1.36"', `tag: ${quoted}`),
    });
    for (const run of await everyRun(dir, "job.yaml")) {
      expect(run.code).toBe(1);
      expect(printed(run)).toContain("spec.image.tag");
      expect(printed(run)).toContain("<redacted>");
      for (const window of [secret.slice(0, 16), quoted.slice(1, 17), secret.slice(40, 56)]) {
        expect(printed(run)).not.toContain(window);
      }
    }
  });
});

describe("every output passes the redactor", () => {
  test("the JSON report's names and namespaces, and synth's wrote lines", async () => {
    // GIVEN a secret value that is also the name and the namespace of a Job
    const dir = tempDir();
    const secret = "same-as-the-name";
    writeFiles(dir, {
      "job.yaml": job(secret, `  env: { secrets: { API_KEY: { value: ${secret} } } }`, secret),
    });
    for (const run of await everyRun(dir, "job.yaml")) {
      // THEN each run succeeds and prints it nowhere
      expect(run.code).toBe(0);
      expect(printed(run)).toContain("<redacted>");
      expect(printed(run)).not.toContain(secret);
    }
  });
});

describe("direct secret values too short to redact", () => {
  test("get a warning that says so, without the value", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job("short", "  env: { secrets: { PIN: { value: x7q } } }") });
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "warning[secret-value]: spec.env.secrets.PIN.value: is a secret value written in the manifest (it will be stored in the Terraform state); use secretRef in production; shorter than 4 characters, it is not hidden where other text happens to equal it",
    );
    expect(run.stdout + run.stderr).not.toContain("x7q");
  });
});

describe("unknown keys in an env secret", () => {
  test("are hidden, typos of a field name too (a secret may be one edit from `value`), which still get the fix", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "job.yaml": job(
        "keys",
        "  env:\n    secrets:\n      A: { hunter2-in-entry }\n      B: { secretRef: { hunter2-in-ref, name: s, key: k } }\n      C: { valeu: x }\n      D: { secretRef: { nmae: s, key: k } }\n      E: { valueOf: x }",
      ),
    });
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.stdout + run.stderr).not.toContain("hunter2");
    expect(run.stderr).toContain(
      'spec.env.secrets.B.secretRef["<redacted>"]: has an unknown field (not shown: it may be a secret); allowed fields: name, key, namespace',
    );
    expect(run.stdout + run.stderr).not.toMatch(/valeu|nmae|valueOf/);
    expect(run.stderr).toContain(
      'spec.env.secrets.C.<redacted>: has an unknown field (not shown: it may be a secret); did you mean "value"?',
    );
    expect(run.stderr).toContain(
      'spec.env.secrets.D.secretRef.<redacted>: has an unknown field (not shown: it may be a secret); did you mean "name"?',
    );
    expect(run.stderr).toContain(
      'spec.env.secrets.E.<redacted>: has an unknown field (not shown: it may be a secret); did you mean "value"?',
    );
  });
});
