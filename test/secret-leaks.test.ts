/**
 * A secret written unquoted can be read by YAML as something else (an alias, a tag, a block
 * scalar's header); the document then has a syntax error and no secrets are known yet, so the
 * error itself must not quote the text.
 */
import { runCli } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";
import { join } from "node:path";

const manifest = (secrets: string) =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata: { name: j1 }",
    "spec:",
    "  namespace: { value: default }",
    '  image: { repo: busybox, tag: "1.36" }',
    `  env: ${secrets}`,
    "",
  ].join("\n");

test.each([
  [
    "an alias",
    "{secrets: {DB_PASSWORD: *Hunter2Secret!}}",
    "Hunter2Secret!",
    "7:32: error: spec.env.secrets.DB_PASSWORD: this alias refers to no anchor before it (an unquoted value starting with * is read as an alias: quote the value)",
  ],
  [
    "a tag",
    "{secrets: {DB_PASSWORD: {value: !hunter2!x y}}}",
    "hunter2",
    "7:40: error: YAML syntax error: unknown tag (an unquoted value starting with ! is read as a tag: quote the value)",
  ],
  ["a block scalar header", "{secrets: {DB_PASSWORD: {value: |sekr3tPassw0rd}}}", "sekr3tPassw0rd", ""],
])("a secret read as %s is not printed", async (_, secrets, secret, expected) => {
  const dir = tempDir();
  writeFiles(dir, { "job.yaml": manifest(secrets) });
  for (const format of ["text", "json"]) {
    const run = await runCli(["validate", join(dir, "job.yaml"), "--format", format]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(secret);
    if (format === "text" && expected) expect(run.stdout + run.stderr).toContain(`job.yaml:${expected}`);
  }
});

test("a reference cannot read another Job's secret value into a plain env variable", async () => {
  const dir = tempDir();
  const job = (name: string, env: string) =>
    [
      "apiVersion: kubernetes.project-planton.org/v1",
      "kind: KubernetesJob",
      `metadata: { name: ${name} }`,
      "spec:",
      "  namespace: { value: default }",
      '  image: { repo: busybox, tag: "1.36" }',
      `  env: ${env}`,
      "",
    ].join("\n");
  writeFiles(dir, {
    "a.yaml": job("a", '{secrets: {DB_PASSWORD: {value: "Sup3rS3cretDbPassw0rd"}}}'),
    "b.yaml": job(
      "b",
      "{variables: {LEAK: {valueFrom: {kind: KubernetesJob, name: a, fieldPath: spec.env.secrets.DB_PASSWORD.value}}}}",
    ),
  });
  const run = await runCli(["synth", dir, "--out", join(dir, "out")]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    "error: spec.env.variables.LEAK.valueFrom: cannot read spec.env.secrets.DB_PASSWORD.value: it is a secret value of another Job; use secrets.<NAME>.secretRef to an existing Secret instead",
  );
  expect(run.stderr).not.toContain("Sup3rS3cretDbPassw0rd");
});
