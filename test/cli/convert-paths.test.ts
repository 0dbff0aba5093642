/**
 * `convert --out`: relative paths of a manifest (the docker-config-json-file label, the editor's
 * `$schema=` comment) are relative to the manifest's file, so they are rewritten to name the same
 * files from the converted file's directory. Standard output has no directory: they are kept as
 * written, and said.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { yaml } from "../support/manifest";

const DOCKER_CONFIG = JSON.stringify({ auths: { "ghcr.io": { auth: "dXNlcjpwYXNz" } } });

const MANIFEST = yaml`
  # yaml-language-server: $schema=../schema/kubernetes-job.schema.json
  apiVersion: kubernetes.project-planton.org/v1
  kind: KubernetesJob
  metadata:
    name: nightly-report
    labels:
      kubernetes.project-planton.org/docker-config-json-file: creds/config.json
  spec:
    namespace:
      value: reports
    image:
      repo: ghcr.io/acme/report-runner
      tag: "1.4.2"
`;

function project() {
  const dir = tempDir();
  writeFiles(dir, {
    "dk/j.yaml": MANIFEST,
    "dk/creds/config.json": DOCKER_CONFIG,
  });
  return dir;
}

describe("relative paths of a converted manifest", () => {
  test("--out rewrites them to name the same files from the output file's directory, and says so", async () => {
    const dir = project();
    const input = join(dir, "dk", "j.yaml");
    const out = join(dir, "out", "nested");
    const run = await runCli(["convert", input, "--out", out]);
    expect(run.code).toBe(0);
    const text = readFileSync(join(out, "j.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../schema/kubernetes-job.v1alpha1.schema.json",
    );
    expect(text).toContain("    kubernetes.planton.dev/docker-config-json-file: ../../dk/creds/config.json\n");
    expect(run.stderr).toContain(
      `${input}:${positionOf(MANIFEST, "creds/config.json")}: warning: metadata.labels["kubernetes.project-planton.org/docker-config-json-file"]: ` +
        `"creds/config.json" is relative to the manifest's directory: written as "../../dk/creds/config.json", the same file from ${out}; ` +
        `it leads outside that directory, so validate and synth read it only with --docker-config-root ${dir}\n`,
    );
    expect(run.stderr).toContain(
      `${input}: note: the editor's $schema path "../schema/kubernetes-job.v1alpha1.schema.json" was written as "../../schema/kubernetes-job.v1alpha1.schema.json", the same file from ${out}\n`,
    );

    // The same credentials as before the conversion: validate reads the file the manifest named.
    const validated = await runCli(["validate", join(out, "j.yaml"), "--docker-config-root", dir]);
    expect(validated.stderr).not.toContain("error");
    expect(validated.code).toBe(0);
  });

  test("a path that names the same file from the output directory is not touched, and nothing is said", async () => {
    const dir = project();
    const input = join(dir, "dk", "j.yaml");
    const run = await runCli(["convert", input, "--out", join(dir, "out")]);
    expect(run.code).toBe(0);
    const text = readFileSync(join(dir, "out", "j.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/kubernetes-job.v1alpha1.schema.json");
    expect(run.stderr).not.toContain("$schema");
  });

  test("to standard output, which has no directory, they are kept as written, with a warning for the Docker config", async () => {
    const dir = project();
    const input = join(dir, "dk", "j.yaml");
    const run = await runCli(["convert", input]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("    kubernetes.planton.dev/docker-config-json-file: creds/config.json\n");
    expect(run.stdout.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../schema/kubernetes-job.v1alpha1.schema.json",
    );
    expect(run.stderr).toContain(
      `${input}:${positionOf(MANIFEST, "creds/config.json")}: warning: metadata.labels["kubernetes.project-planton.org/docker-config-json-file"]: ` +
        `"creds/config.json" is relative to the manifest's directory (${join(dir, "dk")}) and is written as it is (standard output has no directory): ` +
        `save the output in that directory, or change the path\n`,
    );
    // The editor's schema path is only a note.
    expect(run.stderr).toContain(
      `${input}: note: the editor's $schema path "../schema/kubernetes-job.v1alpha1.schema.json" is relative to ${join(dir, "dk")} and is written as it is (standard output has no directory)\n`,
    );
  });

  test("standard input has no directory either: its paths are kept and nothing is said of them", async () => {
    const run = await runCli(["convert", "-"], MANIFEST);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("    kubernetes.planton.dev/docker-config-json-file: creds/config.json\n");
    expect(run.stderr).not.toContain("is relative to");
  });
});
