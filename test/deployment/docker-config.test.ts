/**
 * The docker-config-json-file label reads a file only inside the allowed root (the manifest's
 * directory tree, or --docker-config-root), so that a manifest's author cannot pull another file
 * of the machine that runs synth into a stack. The operator's --docker-config-json is not limited.
 */
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { LABELS } from "../../lib/deployment/labels";
import { runCli } from "../support/cli";
import { DOCKER_CONFIG_JSON, FAKE_TOKEN } from "../support/deployment";
import { positionOf, tempDir, writeFiles } from "../support/files";

const LABEL = LABELS.dockerConfigJsonFile;

const manifest = (path: string) =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata:",
    "  name: pulls",
    "  labels:",
    `    ${LABEL}: ${JSON.stringify(path)}`,
    "spec:",
    "  namespace: { value: batch }",
    '  image: { repo: busybox, tag: "1.36" }',
    "",
  ].join("\n");

/**
 * GIVEN a machine file outside the manifests' tree (home/.docker/config.json) and a manifest in
 * repo/jobs/ whose label is `path`; WHEN validate runs on it; the run and the label's position.
 */
async function validateLabel(
  label: string | ((dir: string) => string),
  flags: (dir: string) => string[] = () => [],
  stdin = false,
) {
  const dir = tempDir();
  const path = typeof label === "string" ? label : label(dir);
  const text = manifest(path);
  writeFiles(dir, {
    "home/.docker/config.json": DOCKER_CONFIG_JSON,
    "repo/jobs/job.yaml": text,
    "repo/jobs/secrets/docker.json": DOCKER_CONFIG_JSON,
    "repo/shared/docker.json": DOCKER_CONFIG_JSON,
  });
  const file = join(dir, "repo/jobs/job.yaml");
  const run = stdin
    ? await runCli(["validate", "-", ...flags(dir)], text)
    : await runCli(["validate", file, ...flags(dir)]);
  const at = `${stdin ? "<stdin>" : file}:${positionOf(text, JSON.stringify(path))}`;
  return { dir, run, at };
}

const refused = (at: string, message: string) =>
  `${at}: error: metadata.labels["${LABEL}"]: Docker config JSON file ${message}`;

describe("the docker-config-json-file label stays inside its root", () => {
  test("reads a file in the manifest's directory tree", async () => {
    const { run } = await validateLabel("secrets/docker.json");
    expect(run.code).toBe(0);
  });

  test("refuses .. that leads out of the manifest's directory", async () => {
    const { dir, run, at } = await validateLabel("../../home/.docker/config.json");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      refused(
        at,
        `../../home/.docker/config.json leads outside the manifest's directory (${join(dir, "repo/jobs")}); give --docker-config-root DIR to allow another directory`,
      ),
    );
    expect(run.stdout).not.toContain(FAKE_TOKEN);
  });

  test("refuses an absolute path", async () => {
    const { dir, run, at } = await validateLabel((root) => join(root, "home/.docker/config.json"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      refused(
        at,
        `${join(dir, "home/.docker/config.json")} is an absolute path; a label may only name a file inside the manifest's directory, relative to the manifest`,
      ),
    );
    expect(run.stdout).not.toContain(FAKE_TOKEN);
  });

  test("refuses a symbolic link to a file outside, and a link to a directory outside", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "home/.docker/config.json": DOCKER_CONFIG_JSON,
      "jobs/file-link.yaml": manifest("link.json"),
      "jobs/dir-link.yaml": manifest("docker/config.json"),
    });
    symlinkSync(join(dir, "home/.docker/config.json"), join(dir, "jobs/link.json"));
    symlinkSync(join(dir, "home/.docker"), join(dir, "jobs/docker"));
    const run = await runCli(["validate", join(dir, "jobs")]);
    expect(run.code).toBe(1);
    for (const [file, path] of [
      ["dir-link.yaml", "docker/config.json"],
      ["file-link.yaml", "link.json"],
    ]) {
      const at = `${join(dir, "jobs", file)}:${positionOf(manifest(path), JSON.stringify(path))}`;
      expect(run.stdout).toContain(
        refused(
          at,
          `${path} is a symbolic link (or passes through one) that leads outside the manifest's directory (${join(dir, "jobs")})`,
        ),
      );
    }
    expect(run.stdout).not.toContain(FAKE_TOKEN);
  });

  test("accepts a symbolic link that stays inside", async () => {
    const dir = tempDir();
    writeFiles(dir, { "jobs/job.yaml": manifest("link.json"), "jobs/real/docker.json": DOCKER_CONFIG_JSON });
    symlinkSync(join(dir, "jobs/real/docker.json"), join(dir, "jobs/link.json"));
    expect((await runCli(["validate", join(dir, "jobs/job.yaml")])).code).toBe(0);
  });

  test("--docker-config-root allows another directory, and only that one", async () => {
    const allowed = await validateLabel("../shared/docker.json", (dir) => ["--docker-config-root", join(dir, "repo")]);
    expect(allowed.run.code).toBe(0);
    const outside = await validateLabel("../../home/.docker/config.json", (dir) => [
      "--docker-config-root",
      join(dir, "repo"),
    ]);
    expect(outside.run.stdout).toContain(
      refused(
        outside.at,
        `../../home/.docker/config.json leads outside the --docker-config-root directory (${join(outside.dir, "repo")}); give --docker-config-root DIR to allow another directory`,
      ),
    );
  });

  test("a manifest from standard input has no directory: refused without --docker-config-root", async () => {
    const { run, at } = await validateLabel("docker.json", () => [], true);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      refused(
        at,
        "docker.json cannot be read for a manifest from standard input, which has no directory; give --docker-config-root DIR (the directory it may read from) or --docker-config-json FILE",
      ),
    );
    const rooted = await validateLabel(
      "docker.json",
      (dir) => ["--docker-config-root", join(dir, "repo/shared")],
      true,
    );
    expect(rooted.run.code).toBe(0);
  });

  test("the operator's --docker-config-json may name any file", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "jobs/job.yaml": manifest("x").replace(/ {2}labels:\n.*\n/, ""),
      "home/.docker/config.json": DOCKER_CONFIG_JSON,
    });
    const run = await runCli([
      "validate",
      join(dir, "jobs/job.yaml"),
      "--docker-config-json",
      join(dir, "home/.docker/config.json"),
    ]);
    expect(run.code).toBe(0);
  });
});

describe("the file must be a Docker config", () => {
  test.each([
    ["an auths entry that is not an object", `{"auths":{"ghcr.io":"${FAKE_TOKEN}"}}`],
    ["an auths entry that is a list", `{"auths":{"ghcr.io":["${FAKE_TOKEN}"]}}`],
  ])("refuses %s without quoting the file", async (_, content) => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": manifest("docker.json"), "docker.json": content });
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Docker config JSON file docker.json has an "auths" entry that is not an object (expected {"auths": {"<registry>": {"auth": "..."}}})',
    );
    expect(run.stdout).not.toContain(FAKE_TOKEN);
  });

  test("refuses a directory (only a regular file is read)", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": manifest("docker.json") });
    mkdirSync(join(dir, "docker.json"));
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.stdout).toContain("Docker config JSON file docker.json is not a regular file");
  });
});
