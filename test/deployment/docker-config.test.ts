/**
 * The docker-config-json-file label reads a file only inside the allowed root (the manifest's
 * directory tree, or --docker-config-root), so that a manifest's author cannot pull another file
 * of the machine that runs synth into a stack. The operator's --docker-config-json is not limited.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { closeSync, mkdirSync, openSync, realpathSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { readDescriptorInside } from "../../lib/deployment/confined-file";
import { LABELS } from "../../lib/deployment/labels";
import { MAX_DATA_BYTES } from "../../lib/manifest/validate";
import { runCli } from "../support/cli";
import { DOCKER_CONFIG_JSON, FAKE_TOKEN, resolveWith } from "../support/deployment";
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
    expect(run.stderr).toContain(
      refused(
        at,
        `../../home/.docker/config.json leads outside the manifest's directory (${join(dir, "repo/jobs")}); give --docker-config-root DIR to allow another directory`,
      ),
    );
    expect(run.stdout + run.stderr).not.toContain(FAKE_TOKEN);
  });

  test("refuses an absolute path", async () => {
    const { dir, run, at } = await validateLabel((root) => join(root, "home/.docker/config.json"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      refused(
        at,
        `${join(dir, "home/.docker/config.json")} is an absolute path; a label may only name a file inside the manifest's directory, relative to the manifest`,
      ),
    );
    expect(run.stdout + run.stderr).not.toContain(FAKE_TOKEN);
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
      expect(run.stderr).toContain(
        refused(
          at,
          `${path} is a symbolic link (or passes through one) that leads outside the manifest's directory (${join(dir, "jobs")})`,
        ),
      );
    }
    expect(run.stdout + run.stderr).not.toContain(FAKE_TOKEN);
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
    expect(outside.run.stderr).toContain(
      refused(
        outside.at,
        `../../home/.docker/config.json leads outside the --docker-config-root directory (${join(outside.dir, "repo")}); give --docker-config-root DIR to allow another directory`,
      ),
    );
  });

  test("a manifest from standard input has no directory: refused without --docker-config-root", async () => {
    const { run, at } = await validateLabel("docker.json", () => [], true);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
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
    expect(run.stderr).toContain(
      'Docker config JSON file docker.json has an "auths" entry that is not an object (expected {"auths": {"<registry>": {"auth": "..."}}})',
    );
    expect(run.stdout + run.stderr).not.toContain(FAKE_TOKEN);
  });

  test("refuses a directory (only a regular file is read)", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": manifest("docker.json") });
    mkdirSync(join(dir, "docker.json"));
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.stderr).toContain("Docker config JSON file docker.json is not a regular file");
  });
});

describe("the label's file is read through the descriptor that was checked (no swap between check and read)", () => {
  afterEach(() => jest.restoreAllMocks());

  test("a directory swapped for a symbolic link to outside, right after the path was checked, is refused", () => {
    // GIVEN the label's file conf/docker.json inside, and a config outside the manifest's tree
    const outside = tempDir();
    writeFiles(outside, { "docker.json": DOCKER_CONFIG_JSON });
    const realpath = fs.realpathSync;
    let swapped = false;
    // WHEN another process swaps conf/ for a link to outside just after synth resolved the path
    jest.spyOn(fs, "realpathSync").mockImplementation(((path: fs.PathLike, options?: fs.EncodingOption) => {
      const result = realpath(path, options);
      if (!swapped && String(path).endsWith(join("conf", "docker.json"))) {
        swapped = true;
        const conf = join(String(path), "..");
        renameSync(conf, `${conf}-moved`);
        symlinkSync(realpath(outside), conf);
      }
      return result;
    }) as typeof fs.realpathSync);
    const resolved = resolveWith({
      labels: { [LABEL]: "conf/docker.json" },
      files: { "conf/docker.json": '{"auths":{"inside.example":{}}}' },
    });
    // THEN the swap happened, and the file outside was not read
    expect(swapped).toBe(true);
    expect(resolved.deployment).toBeUndefined();
    expect(resolved.lines).toEqual([
      `error: metadata.labels["${LABEL}"]: Docker config JSON file conf/docker.json is a symbolic link (or passes through one) that leads outside the manifest's directory (${resolved.dir})`,
    ]);
    expect(resolved.secrets.join("\n")).not.toContain(FAKE_TOKEN);
  });

  test.each([
    ["/proc/self/fd", true],
    ["the file's identity (systems without /proc)", false],
  ])("a descriptor open on a file outside the root is refused, checked by %s", (_, useProc) => {
    const dir = realpathSync(tempDir());
    writeFiles(dir, { "root/docker.json": '{"auths":{}}', "home/docker.json": DOCKER_CONFIG_JSON });
    const checked = join(dir, "root/docker.json");
    const elsewhere = openSync(join(dir, "home/docker.json"), "r");
    const own = openSync(checked, "r");
    try {
      expect(readDescriptorInside(elsewhere, checked, join(dir, "root"), MAX_DATA_BYTES, useProc)).toEqual({
        problem: { kind: "outside" },
      });
      expect(readDescriptorInside(own, checked, join(dir, "root"), MAX_DATA_BYTES, useProc)).toEqual({
        text: '{"auths":{}}',
      });
    } finally {
      closeSync(elsewhere);
      closeSync(own);
    }
  });

  test("a FIFO named by the label is refused as not a regular file, without waiting for a writer", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": manifest("docker.json") });
    execFileSync("mkfifo", [join(dir, "docker.json")]);
    const run = await runCli(["validate", join(dir, "job.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Docker config JSON file docker.json is not a regular file");
  });
});
