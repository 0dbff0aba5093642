/**
 * The cdktf app (dist/main.js) with deployment settings from cdktf.json context keys. Spawns
 * node and needs a current build: `npm test` runs `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeFiles } from "./support/files";
import { manifestInput } from "./support/manifest";
import { runCdktfApp } from "./support/cdktf-app";
import { ROOT } from "./support/paths";

const runMain = (outdir: string, context: unknown) => runCdktfApp(outdir, context);

describe("the cdktf app's deployment settings", () => {
  test("takes the backend from the context keys backendType, backendObject and backendConfig", () => {
    // GIVEN a manifest and a context that names an s3 backend
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
    const out = join(dir, "out");

    // WHEN the app synthesizes
    const main = runMain(out, {
      manifests: [join(dir, "job.json")],
      backendType: "s3",
      backendObject: "acme-state/jobs",
      backendConfig: { region: "eu-west-1" },
      waitForCompletion: true,
      timeout: "45m",
    });

    // THEN the stack has that backend, and only that one, and waits as told
    expect({ status: main.status, stderr: main.stderr }).toEqual({ status: 0, stderr: "" });
    const config = JSON.parse(readFileSync(join(out, "stacks", "nightly-report", "cdk.tf.json"), "utf8"));
    expect(config.terraform.backend).toEqual({
      s3: {
        bucket: "acme-state",
        key: "jobs/nightly-report.tfstate",
        use_lockfile: true,
        encrypt: true,
        region: "eu-west-1",
      },
    });
    expect(config.resource.kubernetes_job_v1["nightly-report"]).toEqual(
      expect.objectContaining({ wait_for_completion: true, timeouts: { create: "45m", update: "45m", delete: "2m" } }),
    );
  });

  test("exits 1 naming the context key when a setting has the wrong type", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
    const main = runMain(join(dir, "out"), { manifests: [join(dir, "job.json")], waitForCompletion: "yes" });
    expect(main.status).toBe(1);
    expect(main.stderr).toMatch(
      /^kubernetes-job: invalid deployment settings in cdktf\.json context:\n {2}waitForCompletion: /,
    );
  });
});

describe("the cdktf app's context keys", () => {
  test.each([
    ["Strict", "strict"],
    ["ignorewarnings", "ignoreWarnings"],
    ["kubeconfg", "kubeconfig"],
  ])(
    "a misspelt key %p is refused naming the key meant, and nothing is synthesized (found by review 3)",
    (key, meant) => {
      const dir = tempDir();
      writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
      const out = join(dir, "out");
      const run = runMain(out, { manifests: [join(dir, "job.json")], [key]: true });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `kubernetes-job: the cdktf.json context key "${key}" is not one kubernetes-job reads; did you mean "${meant}"?\n`,
      );
      expect(existsSync(join(out, "stacks", "nightly-report"))).toBe(false);
    },
  );

  test("keys of cdktf's own and unrelated keys are left alone", () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
    const run = runMain(join(dir, "out"), {
      manifests: [join(dir, "job.json")],
      excludeStackIdFromLogicalIds: "true",
      allowSepCharsInLogicalIds: "true",
      myTeamSetting: 3,
      // Plausible settings of other constructs, near ours in spelling but not typos of them (review 4)
      ref: "main",
      cluster: "x",
      manifest: "x",
      stateFile: "x",
      kubeconfigPath: "x",
      dockerConfig: "x",
      time: "x",
      wait: "x",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("the cdktf app's CDKTF_CONTEXT_JSON", () => {
  test.each(["{bad", "null", "[]", '"x"', '{"token": "hunter2-xyz"'])(
    "%s, not a JSON object, is an error naming the variable, never its value (found by review 7)",
    (text) => {
      const dir = tempDir();
      const run = spawnSync(process.execPath, [join(ROOT, "dist", "main.js")], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: join(dir, "out"), CDKTF_CONTEXT_JSON: text },
        timeout: 60_000,
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({
        status: 1,
        stderr:
          "kubernetes-job: the environment variable CDKTF_CONTEXT_JSON (cdktf's App reads it) is not a JSON object: unset it, or make it one\n",
      });
      expect(existsSync(join(dir, "out"))).toBe(false);
    },
  );
});
