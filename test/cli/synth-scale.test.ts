import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { parseRunSettings } from "../../lib/deployment/run-settings";
import { loadManifests } from "../../lib/manifest/load";
import { planStacks } from "../../lib/terraform/plan";
import { addStacks, APP_OPTIONS, synthesize } from "../../lib/terraform/app";
import { runCli } from "../support/cli";
import { readOutput, readTree, tempDir, writeFiles } from "../support/files";
import { EXAMPLES, ROOT } from "../support/paths";

/** GIVEN the bundled examples and 60 generated manifests (enough for several worker batches). */
function manifests(): string[] {
  const dir = tempDir();
  const files: Record<string, string> = {};
  for (let index = 0; index < 60; index++) {
    const name = `batch-job-${String(index).padStart(2, "0")}`;
    files[`${name}.yaml`] = [
      "apiVersion: kubernetes.project-planton.org/v1",
      "kind: KubernetesJob",
      `metadata: { name: ${name} }`,
      "spec:",
      `  namespace: { value: team-${index % 3} }`,
      `  image: { repo: ghcr.io/acme/worker, tag: v${index} }`,
      `  configMaps: { ${name}-script: "echo \${HOME} %{x} ${index}" }`,
      "",
    ].join("\n");
  }
  writeFiles(dir, files);
  return [EXAMPLES, dir];
}

/** The single-App path: every stack in one App, as `npx cdktf synth` runs main.ts. */
function synthesizeInOneApp(paths: string[], out: string): void {
  const plan = planStacks(loadManifests(paths), parseRunSettings({}, out, "test"));
  const app = new App({ outdir: out, ...APP_OPTIONS });
  addStacks(app, plan);
  synthesize(app);
}

const cli = (args: string[]) =>
  execFileSync("node", [join(ROOT, "bin/kubernetes-job.js"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("kubernetes-job synth at scale", () => {
  test("writes the same bytes as one App holding every stack, on this thread, in worker threads, and in both (the default)", () => {
    const paths = manifests();
    const base = tempDir();
    const [single, onThread, inWorkers, byDefault] = ["single", "thread", "workers", "default"].map((name) =>
      join(base, name),
    );
    synthesizeInOneApp(paths, single);
    cli(["synth", ...paths, "--out", onThread, "--workers", "0", "--quiet"]);
    cli(["synth", ...paths, "--out", inWorkers, "--workers", "2", "--quiet"]);
    // With two cores or more: a worker beside this thread, each taking batches of the 65 stacks.
    cli(["synth", ...paths, "--out", byDefault, "--quiet"]);

    const expected = readTree(single);
    expect(readdirSync(join(single, "stacks"))).toHaveLength(65);
    expect(readOutput(onThread)).toEqual(expected);
    expect(readOutput(inWorkers)).toEqual(expected);
    expect(readOutput(byDefault)).toEqual(expected);
  });

  test("--quiet prints only the summary; without it, a line per stack", async () => {
    const out = join(tempDir(), "out");
    const quiet = await runCli(["synth", EXAMPLES, "--out", out, "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^5 stacks written to .* in \d+\.\ds\n$/);
    const loud = await runCli(["synth", EXAMPLES, "--out", out]);
    expect(loud.stdout.split("\n").filter((line) => line.startsWith("wrote "))).toHaveLength(5);
  });

  test("shows progress on a terminal only, and clears it at the end", async () => {
    let stderr = "";
    const { main } = await import("../../lib/cli/main");
    const out = join(tempDir(), "out");
    const code = await main(["synth", EXAMPLES, "--out", out, "--workers", "0"], {
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
      stderrIsTTY: true,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\rsynthesizing: \d+\/5 stacks/);
    expect(stderr.endsWith("\r\x1b[K")).toBe(true);

    const piped = await runCli(["synth", EXAMPLES, "--out", out, "--workers", "0"]);
    expect(piped.stderr).not.toContain("synthesizing:");
  });

  test("--workers takes a whole number", async () => {
    const run = await runCli(["synth", EXAMPLES, "--workers", "two"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--workers takes a whole number from 0 to 64, got "two"');
  });

  // Found by review 14: Number() read all of these as whole numbers.
  test.each(["", " ", "0x2", "1e1", "0b11", "0o7", "+2", "-0", "64.0", "65", "-1"])(
    '--workers "%s" is refused: it takes decimal digits only',
    async (value) => {
      const run = await runCli(["synth", EXAMPLES, `--workers=${value}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--workers takes a whole number from 0 to 64, got "${value}"`);
    },
  );

  test("manifest.json lists every stack, as cdktf writes it", () => {
    const out = join(tempDir(), "out");
    cli(["synth", ...manifests(), "--out", out, "--workers", "2", "--quiet"]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toHaveLength(65);
    expect(manifest.stacks["batch-job-42"]).toEqual({
      annotations: [],
      constructPath: "batch-job-42",
      dependencies: [],
      name: "batch-job-42",
      stackMetadataPath: "stacks/batch-job-42/metadata.json",
      synthesizedStackPath: "stacks/batch-job-42/cdk.tf.json",
      workingDirectory: "stacks/batch-job-42",
    });
  });
});
