/**
 * A secret written unquoted can be read by YAML as something else (an alias, a tag, a block
 * scalar's header); the document then has a syntax error and no secrets are known yet, so the
 * error itself must not quote the text.
 */
import { runCli } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";
import { writeFileSync } from "node:fs";
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

describe("secrets of a file that cannot be read are still redacted in the rest of the run", () => {
  const other = [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata: { name: m }",
    "spec:",
    "  namespace: { value: default }",
    '  image: { repo: "Sup3rS3cretValue", tag: v1 }',
    "",
  ].join("\n");
  const broken = (metadata: string, tail = "") =>
    Buffer.concat([
      Buffer.from(
        [
          "apiVersion: kubernetes.project-planton.org/v1",
          "kind: KubernetesJob",
          `metadata: ${metadata}`,
          "spec:",
          "  namespace: { value: default }",
          '  image: { repo: busybox, tag: "1.36" }',
          '  env: {secrets: {DB_PASSWORD: {value: "Sup3rS3cretValue"}, Y: {Kk3yS3cretKey: 1, Kk3yS3cretKey: 2}}}',
          "",
        ].join("\n"),
      ),
      Buffer.from(tail, "latin1"),
    ]);
  test.each([
    ["a duplicate key", broken("{ name: c, name: c }")],
    ["a YAML syntax error", broken("{ name: c, [")],
    ["bytes that are not UTF-8", broken("{ name: c }", "# caf\xe9\n")],
  ])("%s", async (_, content) => {
    const dir = tempDir();
    writeFiles(dir, { "m1.yaml": other });
    writeFileSync(join(dir, "d1.yaml"), content);
    for (const format of ["text", "json"]) {
      const run = await runCli(["validate", join(dir, "d1.yaml"), join(dir, "m1.yaml"), "--format", format]);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toContain("Sup3rS3cretValue");
      expect(run.stdout + run.stderr).not.toContain("Kk3yS3cretKey");
    }
  });
});

test("a Docker config with auths given twice has the values of both redacted", async () => {
  const dir = tempDir();
  const job = (name: string, metadata: string, spec: string) =>
    [
      "apiVersion: kubernetes.project-planton.org/v1",
      "kind: KubernetesJob",
      `metadata: { name: ${name}${metadata} }`,
      "spec:",
      spec,
      "",
    ].join("\n");
  writeFiles(dir, {
    "dc.json": '{"auths": {"r.io": {"auth": "dXNlcjpEb2NrZXJQYXNzdzByZA=="}}, "auths": {"r.io": {"auth": "eDp5eXl5"}}}',
    "jobs/m.yaml": job(
      "m",
      ", labels: { kubernetes.project-planton.org/docker-config-json-file: ../dc.json }",
      '  namespace: { value: default }\n  image: { repo: busybox, tag: "1.36" }',
    ),
    "jobs/n.yaml": job(
      "n",
      "",
      '  namespace: { value: DockerPassw0rd }\n  image: { repo: "dXNlcjpEb2NrZXJQYXNzdzByZA==", tag: v1 }',
    ),
  });
  const run = await runCli(["validate", join(dir, "jobs"), "--docker-config-root", dir]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("n.yaml:5:23: error: spec.namespace.value:");
  expect(run.stdout + run.stderr).not.toContain("DockerPassw0rd");
  expect(run.stdout + run.stderr).not.toContain("dXNlcjpEb2NrZXJQYXNzdzByZA==");
});

test("an escape beyond Unicode (\\U00110000) is a YAML error (exit 1), not an internal error", async () => {
  const dir = tempDir();
  writeFiles(dir, { "min.yaml": 'kind: KubernetesJob\nmetadata: {name: "\\U00110000"}\n' });
  const run = await runCli(["validate", join(dir, "min.yaml")]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("min.yaml: error: cannot be read: YAML syntax error: Invalid code point 1114112");
  const refs = await runCli(["validate", join(dir, "min.yaml"), "--refs", join(dir, "min.yaml")]);
  expect(refs.code).toBe(1);
  expect(refs.stderr).toBe(
    `kubernetes-job: refs file ${join(dir, "min.yaml")} cannot be read: YAML syntax error: Invalid code point 1114112\n`,
  );
});

describe("found by the review's adversarial pass", () => {
  const quoting = (name: string) =>
    [
      "apiVersion: kubernetes.project-planton.org/v1",
      "kind: KubernetesJob",
      `metadata: { name: "Zq${name}" }`,
      "spec:",
      "  namespace: { value: default }",
      '  image: { repo: busybox, tag: "1.36" }',
      "",
    ].join("\n");

  test("a secret written through an alias in a file refused for a duplicate key is redacted", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "b.yaml": [
        "apiVersion: kubernetes.project-planton.org/v1",
        "kind: KubernetesJob",
        "metadata: {name: x}",
        "spec:",
        "  image: {repo: busybox}",
        "  l: &a SecDupAlias1",
        "  env: {secrets: {A: *a}}",
        "  image: {}",
        "",
      ].join("\n"),
      "g.yaml": quoting("SecDupAlias1"),
    });
    const run = await runCli(["validate", join(dir, "b.yaml"), join(dir, "g.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('g.yaml:3:19: error: metadata.name: "Zq<redacted>"');
  });

  test.each([
    ["a number", '{"auths":{"r":{"auth":"x"}},"n":98765432}', "98765432"],
    ["a registry key", '{"auths":{"SecRegKeyAA":{"auth":"x"}}}', "SecRegKeyAA"],
    ["a string with an invalid escape", '{"auths":{"r":{"auth":"SecEscBadAA\\q"}}}', "SecEscBadAA"],
    ["a single-quoted string", "{'auths':{'r':{'auth':'BadAuthDDDD'}}}", "BadAuthDDDD"],
  ])("the run's Docker config holding %s is redacted, even when no manifest is valid", async (_, config, secret) => {
    const dir = tempDir();
    writeFiles(dir, { "dc.json": config, "g.yaml": quoting(secret) });
    const run = await runCli(["validate", join(dir, "g.yaml"), "--docker-config-json", join(dir, "dc.json")]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stderr).toContain("Zq<redacted>");
  });
});
