/**
 * Which cluster a stack reaches does not depend on the machine that synthesized it (issue #11,
 * facts 5 and 6). Terraform runs the kubernetes provider in the stack directory, maybe on another
 * machine: a kubeconfig path the user gave relative is written relative to the stack directory
 * (reaching the same file, as the local state path does), a `~` path and an absolute one as
 * written. A context without a kubeconfig, which provider 2.38.0 ignores (provider.go,
 * initializeConfiguration: config_context is applied only when a config path is known), gets
 * kubectl's default file, `~/.kube/config`, and a warning.
 *
 * Terraform cannot evaluate a stack's provider block without installing the provider (`terraform
 * console` needs `init`), so each path is checked the way the provider opens it: by a process
 * whose working directory is the stack directory, where the kernel resolves `..` physically.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { LABELS } from "../../lib/deployment/labels";
import { runCdktfApp } from "../support/cdktf-app";
import { runCli } from "../support/cli";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { manifestInput } from "../support/manifest";
import { EXAMPLES, ROOT } from "../support/paths";

const BIN = join(ROOT, "bin", "kubernetes-job.js");
const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
const STACK = join("stacks", "nightly-report");
const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The warning for a context given without a kubeconfig. */
const CONTEXT_WARNING = (context: string, source: string) =>
  `the kube context "${context}" (${source}) is used by the provider only with a kubeconfig file, and none was given: ` +
  "without one the provider ignores the context (in a pod it would deploy to the cluster it runs in), so the stack names kubectl's default, ~/.kube/config; " +
  "which cluster that reaches depends on the machine that runs Terraform (its home directory, or KUBE_CONFIG_PATH when set there): " +
  'choose the file with --kubeconfig PATH (the cdktf.json context key "kubeconfig") or a clusters file';

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "lib", "cli", "main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before these tests");
  }
});

/** `kubernetes-job <args>` as a user runs it, in the directory `cwd`. */
function kubernetesJob(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
}

/** The provider block of the stack nightly-report under `out`. */
const providerOf = (out: string) =>
  JSON.parse(readFileSync(join(out, STACK, "cdk.tf.json"), "utf8")).provider.kubernetes[0] as Record<string, unknown>;

/** The file at `path` as a process working in `dir` opens it (the kernel resolves `..` from dir's physical path). */
function readFrom(dir: string, path: string): string {
  const read = spawnSync(
    process.execPath,
    ["-e", "process.stdout.write(require('fs').readFileSync(process.argv[1]))", path],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  if (read.status !== 0) throw new Error(`${path} cannot be read from ${dir}: ${read.stderr}`);
  return read.stdout;
}

describe("kubeconfig paths are written machine-independent", () => {
  test("--kubeconfig ./kc.yaml is written relative to the stack directory and reaches the file from there", () => {
    // GIVEN a manifest and a kubeconfig in the working directory
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()), "kc.yaml": KUBECONFIG });

    // WHEN synth runs there with a relative --kubeconfig
    const run = kubernetesJob(dir, ["synth", "job.json", "--out", "out", "--kubeconfig", "./kc.yaml"]);

    // THEN the stack names the file by a path from its own directory, with nothing of this machine in it
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const provider = providerOf(join(dir, "out"));
    expect(provider).toEqual({ config_path: "../../../kc.yaml" });
    expect(readFrom(join(dir, "out", STACK), provider.config_path as string)).toBe(KUBECONFIG);
  });

  test("through a symlinked --out, the path climbs from the stack directory's physical location", () => {
    // GIVEN an output directory reached through a link, at another depth than the link
    const dir = tempDir();
    writeFiles(dir, { "work/job.json": json(manifestInput()), "work/kc.yaml": KUBECONFIG });
    mkdirSync(join(dir, "builds", "terraform"), { recursive: true });
    symlinkSync(join(dir, "builds", "terraform"), join(dir, "work", "out"));

    // WHEN synth writes through the link
    const run = kubernetesJob(join(dir, "work"), ["synth", "job.json", "--out", "out", "--kubeconfig", "kc.yaml"]);

    // THEN a process in the stack directory (entered through the link, as a user would) opens the file
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const provider = providerOf(join(dir, "work", "out"));
    expect(provider).toEqual({ config_path: "../../../../work/kc.yaml" });
    expect(readFrom(join(dir, "work", "out", STACK), provider.config_path as string)).toBe(KUBECONFIG);
  });

  test("a clusters file's relative kubeconfig (relative to the clusters file) reaches its file from the stack", async () => {
    // GIVEN a clusters file in another directory, naming a kubeconfig next to it
    const dir = tempDir();
    writeFiles(dir, {
      "jobs/job.json": json(
        manifestInput({ targetCluster: { clusterKind: "AzureAksCluster", clusterName: "staging" } }),
      ),
      "config/clusters.yaml":
        "clusters:\n  - kind: AzureAksCluster\n    name: staging\n    kubeconfig: kubeconfigs/staging.yaml\n    context: staging-admin\n",
      "config/kubeconfigs/staging.yaml": KUBECONFIG,
    });
    const out = join(dir, "jobs", "out");

    // WHEN synth runs with it
    const run = await runCli([
      "synth",
      join(dir, "jobs", "job.json"),
      "--out",
      out,
      "--clusters",
      join(dir, "config", "clusters.yaml"),
    ]);

    // THEN the stack names that file from its own directory
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const provider = providerOf(out);
    expect(provider).toEqual({
      config_path: "../../../../config/kubeconfigs/staging.yaml",
      config_context: "staging-admin",
    });
    expect(readFrom(join(out, STACK), provider.config_path as string)).toBe(KUBECONFIG);
  });

  test.each([
    ["a ~ path", "~/.kube/ci-config"],
    ["an absolute path", "/etc/kubernetes/admin.conf"],
  ])("%s is written as given", async (_, path) => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "job.json"), "--out", out, "--kubeconfig", path]);
    expect(run.code).toBe(0);
    expect(providerOf(out)).toEqual({ config_path: path });
  });

  test("a kubeconfig that does not exist is a warning, not an error, and the stack still names it", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    const run = kubernetesJob(dir, ["synth", "job.json", "--out", "out", "--kubeconfig", "./missing.yaml"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      `job.json:1:1: warning[missing-kubeconfig]: the run's kubeconfig ./missing.yaml (--kubeconfig) does not exist here (${join(dir, "missing.yaml")}); ` +
        "the stack names it as ../../../missing.yaml: where Terraform runs without that file, the provider has no cluster to connect to (it warns of an invalid configuration and talks to localhost)\n",
    );
    expect(providerOf(join(dir, "out"))).toEqual({ config_path: "../../../missing.yaml" });
  });

  test("a clusters file's kubeconfig that does not exist is a warning at spec.targetCluster", async () => {
    const dir = tempDir();
    const text = json(manifestInput({ targetCluster: { clusterKind: "AzureAksCluster", clusterName: "staging" } }));
    writeFiles(dir, {
      "job.json": text,
      "clusters.yaml": "clusters:\n  - {kind: AzureAksCluster, name: staging, kubeconfig: kubeconfigs/staging.yaml}\n",
    });
    // (validate: the stack directory is the default output's, cdktf.out in the working directory)
    const run = await runCli(["validate", join(dir, "job.json"), "--clusters", join(dir, "clusters.yaml")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `${join(dir, "job.json")}:${positionOf(text, '"targetCluster"')}: warning[missing-kubeconfig]: spec.targetCluster: the kubeconfig kubeconfigs/staging.yaml of cluster AzureAksCluster/staging (clusters file) does not exist here (${join(dir, "kubeconfigs", "staging.yaml")}); ` +
        `the stack names it as ${relative(join(realpathSync("."), "cdktf.out", STACK), join(dir, "kubeconfigs", "staging.yaml"))}: ` +
        "where Terraform runs without that file, the provider has no cluster to connect to (it warns of an invalid configuration and talks to localhost)\n",
    );
  });

  test("~user/... is refused: the provider expands only ~ and ~/...", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    const run = await runCli(["validate", join(dir, "job.json"), "--kubeconfig", "~ci/.kube/config"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "kubernetes-job: invalid deployment settings in flags:\n" +
        '  --kubeconfig: "~ci/.kube/config" names another user\'s home directory, which the kubernetes provider does not expand (only ~ and ~/...); write the full path\n',
    );
  });
});

describe("a context without a kubeconfig", () => {
  test("--context alone writes kubectl's default kubeconfig with it, and warns at synth", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "job.json"), "--out", out, "--context", "prod"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `${join(dir, "job.json")}:1:1: warning[context-without-kubeconfig]: ${CONTEXT_WARNING("prod", "--context")}\n`,
    );
    expect(providerOf(out)).toEqual({ config_paths: ["~/.kube/config"], config_context: "prod" });
  });

  test("the context label alone does the same, warning at the label in validate", async () => {
    const dir = tempDir();
    const text = json(manifestInput({}, { labels: { [LABELS.context]: "staging" } }));
    writeFiles(dir, { "job.json": text });
    const run = await runCli(["validate", join(dir, "job.json")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `${join(dir, "job.json")}:${positionOf(text, '"staging"')}: warning[context-without-kubeconfig]: metadata.labels["${LABELS.context}"]: ${CONTEXT_WARNING("staging", `the label ${LABELS.context}`)}\n`,
    );
  });

  test("with a kubeconfig, the context is written with it and nothing is said", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()), "kc.yaml": KUBECONFIG });
    const out = join(dir, "out");
    const run = await runCli([
      "synth",
      join(dir, "job.json"),
      "--out",
      out,
      "--context",
      "prod",
      "--kubeconfig",
      join(dir, "kc.yaml"),
    ]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(providerOf(out)).toEqual({ config_path: join(dir, "kc.yaml"), config_context: "prod" });
  });
});

describe("the cdktf app", () => {
  const runMain = (cwd: string, out: string, context: unknown) => runCdktfApp(out, context, cwd);

  test("a relative kubeconfig in cdktf.json is written relative to the stack directory", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()), "kube/ci.yaml": KUBECONFIG });
    const main = runMain(dir, "cdktf.out", { manifests: ["job.json"], kubeconfig: "kube/ci.yaml", kubeContext: "ci" });
    expect({ status: main.status, stderr: main.stderr }).toEqual({ status: 0, stderr: "" });
    const provider = providerOf(join(dir, "cdktf.out"));
    expect(provider).toEqual({ config_path: "../../../kube/ci.yaml", config_context: "ci" });
    expect(readFrom(join(dir, "cdktf.out", STACK), provider.config_path as string)).toBe(KUBECONFIG);
  });

  test("kubeContext without kubeconfig in cdktf.json gets ~/.kube/config and a warning naming the key", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    const main = runMain(dir, "cdktf.out", { manifests: ["job.json"], kubeContext: "ci" });
    expect(main.status).toBe(0);
    expect(main.stderr).toBe(
      `job.json:1:1: warning[context-without-kubeconfig]: ${CONTEXT_WARNING("ci", 'the cdktf.json context key "kubeContext"')}\n`,
    );
    expect(providerOf(join(dir, "cdktf.out"))).toEqual({ config_paths: ["~/.kube/config"], config_context: "ci" });
  });
});

describe("a run-level setting's warning", () => {
  test("is said once for the run, not once per manifest (found by review 3)", async () => {
    const run = await runCli(["validate", EXAMPLES, "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/warning\[missing-kubeconfig\]/g)).toHaveLength(1);
  });
});
