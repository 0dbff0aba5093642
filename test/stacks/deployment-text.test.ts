/**
 * Deployment settings are user text too (labels, flags, the clusters file): every string that
 * reaches a stack must come back from Terraform exactly as given. The provider block is
 * evaluated as templates, so its strings are escaped like the spec's; Terraform reads the
 * `backend` and `cloud` blocks of Terraform JSON as plain text, so theirs are written as given
 * (and escaped in HCL), and cdktf's token markers, which cdktf would resolve there, are refused.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { LABELS } from "../../lib/deployment/labels";
import type { ProviderSettings, StackDeployment } from "../../lib/deployment/resolve";
import { toHcl, type JsonObject } from "../../lib/terraform/hcl";
import { hasTokenMarker, literal } from "../../lib/terraform/literal";
import { stackName } from "../../lib/terraform/plan";
import { addBackend } from "../../lib/terraform/backend";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { manifest, manifestInput } from "../support/manifest";
import { applyOutputs, evaluateJsonStrings, terraformUnavailable } from "../support/terraform";
import { terraformOk } from "../support/terraform-cli";
import { TRICKY_TEXTS } from "../support/tricky-text";
import type { Json } from "../support/terraform-json";

const unavailable = terraformUnavailable();

/** The cdk.tf.json of the nightly-report stack with the given deployment. */
function synthStackJson(deployment: Partial<StackDeployment>): Json {
  const outdir = tempDir();
  const app = new App({ outdir });
  const input = manifest();
  new KubernetesJobStack(app, stackName(input.metadata), { manifest: input, deployment });
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", "nightly-report", "cdk.tf.json"), "utf8"));
}

describe("provider settings in the stack", () => {
  test("are written escaped, and Terraform evaluates each to the setting as given", () => {
    // GIVEN, for each tricky text, a provider whose every string (exec env names too) is that text
    const written: { where: string; text: string; value: string }[] = [];
    TRICKY_TEXTS.forEach((text, i) => {
      const provider: ProviderSettings = {
        configPath: text,
        configContext: text,
        host: text,
        clusterCaCertificate: text,
        exec: { apiVersion: text, command: text, args: [text, text], env: { [text]: text } },
      };

      // WHEN the stack is synthesized
      const [kubernetes] = synthStackJson({ provider }).provider.kubernetes;
      const [exec] = kubernetes.exec;
      const [[envName, envValue]] = Object.entries(exec.env) as [string, string][];
      for (const [where, value] of Object.entries({
        config_path: kubernetes.config_path,
        config_context: kubernetes.config_context,
        host: kubernetes.host,
        cluster_ca_certificate: kubernetes.cluster_ca_certificate,
        "exec.api_version": exec.api_version,
        "exec.command": exec.command,
        "exec.args[1]": exec.args[1],
        "exec.env name": envName,
        "exec.env value": envValue,
      })) {
        written.push({ where: `${where} of text ${i}`, text, value: value as string });
      }
    });

    // THEN each string is literal(text)
    for (const { where, text, value } of written) expect({ where, value }).toEqual({ where, value: literal(text) });

    // AND Terraform evaluates each back to the text
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }
    const evaluated = evaluateJsonStrings(written.map(({ value }) => value));
    expect(written.map(({ where }, i) => ({ where, text: evaluated[i] }))).toEqual(
      written.map(({ where, text }) => ({ where, text })),
    );
  });

  test("escape the Job's wait timeout too", () => {
    const json = synthStackJson({ waitForCompletion: true, timeout: "${var.t}" });
    expect(json.resource.kubernetes_job_v1["nightly-report"].timeouts).toEqual({
      create: "$${var.t}",
      update: "$${var.t}",
    });
  });
});

describe("backend settings in the stack", () => {
  // Everything but cdktf's token markers, which are refused before a stack is built.
  const texts = TRICKY_TEXTS.filter((text) => !hasTokenMarker(text));
  /** A local state path of one directory per text, starting with the byte order mark. */
  const statePath = [...texts.filter((text) => text.startsWith("\uFEFF")), ...texts].join("/") + ".tfstate";

  /** A stack of only a local backend at `path` and one output, as Terraform JSON or HCL. */
  function backendOnly(
    path: string,
    hcl: boolean,
    extra: Record<string, string> = {},
  ): { dir: string; file: string; text: string } {
    const app = new App({ outdir: tempDir() });
    const stack = new TerraformStack(app, "state");
    addBackend(stack, { type: "local", config: { path, ...extra } });
    new TerraformOutput(stack, "o", { value: 1 });
    const document = stack.toTerraform() as JsonObject;
    const dir = tempDir("kubernetes-job-terraform-");
    const file = hcl ? "main.tf" : "main.tf.json";
    const text = hcl ? toHcl(document) : JSON.stringify(document, null, 2);
    writeFileSync(join(dir, file), text);
    return { dir, file, text };
  }

  test("are written as given into Terraform JSON, which reads a backend block as plain text", () => {
    const { dir, file } = backendOnly(statePath, false);
    const json = JSON.parse(readFileSync(join(dir, file), "utf8"));
    expect(json.terraform.backend.local.path).toBe(statePath);
    if (unavailable) {
      console.log(`skipped running Terraform: ${unavailable}`);
      return;
    }
    applyOutputs(dir);
    expect(existsSync(join(dir, statePath))).toBe(true);
  });

  test("are escaped in HCL, so that Terraform stores state at exactly the path given", () => {
    const { dir } = backendOnly(statePath, true);
    if (unavailable) {
      console.log(`skipped running Terraform: ${unavailable}`);
      return;
    }
    applyOutputs(dir);
    expect(existsSync(join(dir, statePath))).toBe(true);
  });

  test.each([false, true])(
    "give Terraform --backend-config keys as argument names and values as text (HCL: %s)",
    (hcl) => {
      // GIVEN a local backend with the extra argument workspace_dir, whose value looks like a template
      const workspaceDir = "${w}%{x}$${y}";
      const { dir } = backendOnly("state.tfstate", hcl, { workspace_dir: workspaceDir });
      if (unavailable) {
        console.log(`skipped running Terraform: ${unavailable}`);
        return;
      }

      // WHEN Terraform initializes it and creates a workspace
      applyOutputs(dir);
      terraformOk(dir, ["workspace", "new", "-no-color", "other"]);

      // THEN the workspace lives in the directory named exactly as given
      expect(existsSync(join(dir, workspaceDir, "other"))).toBe(true);
    },
  );

  test("write the cloud block's organization, workspace and hostname as given", () => {
    const json = synthStackJson({
      backend: {
        type: "cloud",
        config: { organization: "${o}", hostname: "%{h}", workspaces: { name: "$${w}" } },
      },
    });
    expect(json.terraform.cloud).toEqual({ organization: "${o}", hostname: "%{h}", workspaces: { name: "$${w}" } });
  });
});

describe("kubernetes-job synth with settings that look like Terraform or cdktf syntax", () => {
  const SYNTAX = ["${var.x}", "%{ if true }x%{ endif }", "${TfToken[TOKEN.0]}", "$${TfToken[TOKEN.0]}", "$${var.x}"];

  /** Synthesizes job.json with labels and flags; the run and the stack's JSON when it was written. */
  async function synth(labels: Record<string, string>, flags: string[] = []) {
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput({}, { labels }), null, 2) });
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "job.json"), "--out", out, ...flags]);
    const file = join(out, "stacks", "nightly-report", "cdk.tf.json");
    return { dir, run, config: existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined };
  }

  /** Kubeconfig files named like each text (a missing kubeconfig would be warned about). */
  const KUBECONFIGS = tempDir();
  writeFiles(KUBECONFIGS, Object.fromEntries(SYNTAX.map((text) => [text, "apiVersion: v1\n"])));

  test.each(SYNTAX)("writes the context label %s escaped into the provider (exit 0)", async (text) => {
    const { run, config } = await synth({ [LABELS.context]: text }, ["--kubeconfig", join(KUBECONFIGS, text)]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(config.provider.kubernetes[0].config_context).toBe(literal(text));
  });

  test.each(SYNTAX)("writes --context and --kubeconfig %s escaped into the provider (exit 0)", async (text) => {
    const { run, config } = await synth({}, ["--context", text, "--kubeconfig", join(KUBECONFIGS, text)]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(config.provider.kubernetes[0]).toEqual({
      config_context: literal(text),
      config_path: literal(join(KUBECONFIGS, text)),
    });
  });

  test("writes a backend object label with ${ and %{ as given: the backend block is plain text", async () => {
    const { run, config } = await synth({
      [LABELS.backendType]: "s3",
      [LABELS.backendObject]: "acme/${var.x}/%{if}/$${y}",
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(config.terraform.backend.s3.key).toBe("${var.x}/%{if}/$${y}/nightly-report.tfstate");
  });

  test.each(["${TfToken[TOKEN.0]}", "$${TfToken[TOKEN.99]}", "#{TfToken[TOKEN.1]}", "&{TfToken[X]}"])(
    "refuses a backend object label holding the cdktf token marker in %s, at the label, and writes nothing",
    async (text) => {
      const { dir, run, config } = await synth({ [LABELS.backendType]: "s3", [LABELS.backendObject]: `acme/${text}` });
      expect(run.code).toBe(1);
      const marker = /[$#&]\{TfToken\[/.exec(text)![0];
      const label = `metadata.labels["${LABELS.backendObject}"]`;
      expect(run.stderr).toContain(
        `${join(dir, "job.json")}:8:55: error: ${label}: "acme/${text}" holds "${marker}", which cdktf would take for one of its own references; a backend setting cannot hold "\${TfToken[", "#{TfToken[" or "&{TfToken["\n`,
      );
      expect(config).toBeUndefined();
    },
  );

  test("writes --backend-config values with ${ and %{ as given", async () => {
    const { run, config } = await synth({}, [
      "--backend-type",
      "s3",
      "--backend-object",
      "acme",
      "--backend-config",
      "region=${r}%{x}",
    ]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(config.terraform.backend.s3.region).toBe("${r}%{x}");
  });

  test("refuses a --backend-config value holding a cdktf token marker, naming the flag (exit 1)", async () => {
    const { run, config } = await synth({}, [
      "--backend-type",
      "s3",
      "--backend-object",
      "acme",
      "--backend-config",
      "region=${TfToken[TOKEN.0]}",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'kubernetes-job: invalid deployment settings in flags:\n  --backend-config: the value of region holds "${TfToken[", which cdktf would take for one of its own references; a backend setting cannot hold "${TfToken[", "#{TfToken[" or "&{TfToken["\n',
    );
    expect(config).toBeUndefined();
  });

  test.each(["a.b", "for x", 'q"', "1st", "région"])(
    "refuses the --backend-config key %s, which is no Terraform argument name (exit 1)",
    async (key) => {
      const { run, config } = await synth({}, [
        "--backend-type",
        "s3",
        "--backend-object",
        "acme",
        "--backend-config",
        `${key}=v`,
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `kubernetes-job: invalid deployment settings in flags:\n  --backend-config: ${JSON.stringify(key)} is not a backend argument name: letters, digits, '_' and '-', starting with a letter or '_'\n`,
      );
      expect(config).toBeUndefined();
    },
  );
});
