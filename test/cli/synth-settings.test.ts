/** `kubernetes-job synth` with deployment settings: flags reach the output; bad ones are refused. */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LABELS } from "../../lib/deployment/labels";
import { runCli } from "../support/cli";
import { CA_PEM, DOCKER_CONFIG_JSON, FAKE_TOKEN } from "../support/deployment";
import { entries, positionOf, tempDir, writeFiles } from "../support/files";
import { manifestInput, yaml } from "../support/manifest";
import type { Json } from "../support/terraform-json";

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** Synthesizes one manifest (job.json, written with other files) with flags; the stack's JSON. */
async function synthWith(
  flags: (dir: string) => string[],
  options: { spec?: Record<string, unknown>; labels?: Record<string, string>; files?: Record<string, string> } = {},
): Promise<{ dir: string; out: string; config: Json }> {
  const dir = tempDir();
  const input = manifestInput(options.spec ?? {}, options.labels ? { labels: options.labels } : {});
  writeFiles(dir, { "job.json": json(input), ...options.files });
  const out = join(dir, "out");
  const run = await runCli(["synth", join(dir, "job.json"), "--out", out, ...flags(dir)]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  const config = JSON.parse(readFileSync(join(out, "stacks", "nightly-report", "cdk.tf.json"), "utf8"));
  return { dir, out, config };
}

const jobOf = (config: Json) => config.resource.kubernetes_job_v1["nightly-report"];

describe("kubernetes-job synth deployment flags", () => {
  test("--kubeconfig and --context configure the provider", async () => {
    const { dir, config } = await synthWith((dir) => ["--kubeconfig", join(dir, "kc.yaml"), "--context", "prod"], {
      files: { "kc.yaml": "apiVersion: v1\n" },
    });
    expect(config.provider).toEqual({ kubernetes: [{ config_path: join(dir, "kc.yaml"), config_context: "prod" }] });
  });

  // More on relative, ~ and missing kubeconfigs in test/cli/synth-kubeconfig.test.ts.
  test("--kubeconfig given as a relative path still names the same file from the stack directory", async () => {
    const { out, config } = await synthWith(() => ["--kubeconfig", "package.json"]);
    const configPath = config.provider.kubernetes[0].config_path;
    expect(resolve(join(out, "stacks", "nightly-report"), configPath)).toBe(resolve("package.json"));
  });

  test("--clusters gives spec.targetCluster its host, CA certificate and exec plugin", async () => {
    const { config } = await synthWith((dir) => ["--clusters", join(dir, "clusters.json")], {
      spec: { targetCluster: { clusterKind: "AwsEksCluster", clusterName: "prod" } },
      files: {
        "clusters.json": json({
          clusters: [
            {
              kind: "AwsEksCluster",
              name: "prod",
              host: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
              clusterCaCertificate: CA_PEM,
              exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] },
            },
          ],
        }),
      },
    });
    expect(config.provider).toEqual({
      kubernetes: [
        {
          host: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
          cluster_ca_certificate: CA_PEM,
          exec: [{ api_version: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] }],
        },
      ],
    });
  });

  test("--backend-type, --backend-object and repeated --backend-config give the stack's backend", async () => {
    const { config } = await synthWith(() => [
      "--backend-type",
      "s3",
      "--backend-object",
      "acme-state/jobs",
      "--backend-config",
      "region=eu-west-1",
      "--backend-config",
      "dynamodb_endpoint=http://x?a=b",
    ]);
    expect(config.terraform.backend).toEqual({
      s3: {
        bucket: "acme-state",
        key: "jobs/nightly-report.tfstate",
        use_lockfile: true,
        encrypt: true,
        region: "eu-west-1",
        dynamodb_endpoint: "http://x?a=b",
      },
    });
  });

  test("--state-dir puts local state there, addressed relative to the stack directory", async () => {
    const { config } = await synthWith((dir) => ["--state-dir", join(dir, "state")]);
    expect(config.terraform.backend).toEqual({ local: { path: "../../../state/terraform.nightly-report.tfstate" } });
  });

  test("without settings, local state goes to the current directory, and the provider has no arguments", async () => {
    const { out, config } = await synthWith(() => []);
    expect(config.provider).toEqual({ kubernetes: [{}] });
    const stackDir = join(out, "stacks", "nightly-report");
    const path = config.terraform.backend.local.path;
    expect(join(stackDir, path)).toBe(join(process.cwd(), "terraform.nightly-report.tfstate"));
  });

  test("--wait and --timeout make terraform apply wait for the Job", async () => {
    const { config } = await synthWith(() => ["--wait", "--timeout", "2h"]);
    expect(jobOf(config)).toEqual(
      expect.objectContaining({ wait_for_completion: true, timeouts: { create: "2h", update: "2h", delete: "2m" } }),
    );
  });

  test("--docker-config-json creates the image pull secret and the pod uses it", async () => {
    const { config } = await synthWith((dir) => ["--docker-config-json", join(dir, "docker.json")], {
      files: { "docker.json": DOCKER_CONFIG_JSON },
    });
    expect(config.resource.kubernetes_secret_v1["nightly-report_image-pull-secret"]).toEqual(
      expect.objectContaining({
        type: "kubernetes.io/dockerconfigjson",
        data: { ".dockerconfigjson": DOCKER_CONFIG_JSON },
      }),
    );
    expect(jobOf(config).spec.template.spec.image_pull_secrets).toEqual([
      { name: "${kubernetes_secret_v1.nightly-report_image-pull-secret.metadata[0].name}" },
    ]);
  });

  test("a manifest's labels win over the flags", async () => {
    const { dir, config } = await synthWith(
      (dir) => [
        "--backend-type",
        "gcs",
        "--backend-object",
        "other",
        "--context",
        "prod",
        "--wait",
        "--kubeconfig",
        join(dir, "kc.yaml"),
      ],
      {
        files: { "kc.yaml": "apiVersion: v1\n" },
        labels: {
          [LABELS.backendType]: "azurerm",
          [LABELS.backendObject]: "tfstate",
          [LABELS.context]: "staging",
          [LABELS.waitForCompletion]: "false",
        },
      },
    );
    expect(config.terraform.backend).toEqual({ azurerm: { container_name: "tfstate", key: "nightly-report.tfstate" } });
    expect(config.provider).toEqual({ kubernetes: [{ config_path: join(dir, "kc.yaml"), config_context: "staging" }] });
    expect(jobOf(config).wait_for_completion).toBe(false);
  });
});

describe("kubernetes-job synth --hcl", () => {
  test("writes cdk.tf, removes the stack's older cdk.tf.json, and names cdk.tf in manifest.json", async () => {
    // GIVEN an output directory with a JSON synthesis of the stack
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    const out = join(dir, "out");
    expect((await runCli(["synth", join(dir, "job.json"), "--out", out])).code).toBe(0);
    expect(entries(join(out, "stacks", "nightly-report"))).toEqual(["cdk.tf.json"]);

    // WHEN it is synthesized again as HCL, with a backend
    const run = await runCli([
      "synth",
      join(dir, "job.json"),
      "--out",
      out,
      "--hcl",
      "--backend-type",
      "gcs",
      "--backend-object",
      "acme",
    ]);

    // THEN only cdk.tf is there, with the backend, and the manifest names it
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^wrote ${out}/stacks/nightly-report/cdk\\.tf\n`));
    expect(entries(join(out, "stacks", "nightly-report"))).toEqual(["cdk.tf", "metadata.json"]);
    const hcl = readFileSync(join(out, "stacks", "nightly-report", "cdk.tf"), "utf8");
    expect(hcl).toContain('  backend "gcs" {\n    bucket = "acme"\n    prefix = "nightly-report"\n  }\n');
    expect(hcl).toContain(
      "    replace_triggered_by = [terraform_data.nightly-report_revision, terraform_data.nightly-report_deadline]\n",
    );
    expect(hcl).not.toContain('backend "local"');
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.stacks["nightly-report"].synthesizedStackPath).toBe("stacks/nightly-report/cdk.tf");
  });

  test("leaves SYNTH_HCL_OUTPUT as it was", async () => {
    const before = process.env.SYNTH_HCL_OUTPUT;
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()) });
    expect((await runCli(["synth", join(dir, "job.json"), "--out", join(dir, "out"), "--hcl"])).code).toBe(0);
    expect(process.env.SYNTH_HCL_OUTPUT).toBe(before);
  });
});

describe("kubernetes-job synth refuses bad deployment settings", () => {
  test("--backend-config without = is a usage error (exit 2)", async () => {
    const run = await runCli(
      ["synth", "-", "--out", join(tempDir(), "out"), "--backend-config", "novalue"],
      json(manifestInput()),
    );
    expect(run.code).toBe(2);
    // The value is not echoed: a malformed pair may be a credential pasted without its key.
    expect(run.stderr).toMatch(
      /^kubernetes-job: --backend-config takes key=value; the value given has no "=" \(it is not shown: it may be a credential\)\nRun 'kubernetes-job synth --help' for usage\.\n$/,
    );
    expect(run.stderr).not.toContain("novalue");
  });

  test("--backend-config with an empty key is a usage error (exit 2)", async () => {
    const run = await runCli(
      ["synth", "-", "--out", join(tempDir(), "out"), "--backend-config", "=x"],
      json(manifestInput()),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--backend-config takes key=value; the value given has no key before its = (it is not shown: it may be a credential)",
    );
  });

  test("--backend-type bogus exits 1, naming the allowed types, and writes nothing", async () => {
    const out = join(tempDir(), "out");
    const run = await runCli(["synth", "-", "--out", out, "--backend-type", "bogus"], json(manifestInput()));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'kubernetes-job: invalid deployment settings in flags:\n  --backend-type: "bogus" is not a supported backend; allowed: local, s3, gcs, azurerm, pg, kubernetes, cloud\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  test("--backend-type s3 without --backend-object exits 1 with the run's problem, and writes nothing", async () => {
    const out = join(tempDir(), "out");
    const run = await runCli(["synth", "-", "--out", out, "--backend-type", "s3"], json(manifestInput()));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: metadata.labels: the run's backend object is required for the s3 backend: bucket/path/to/prefix",
    );
    expect(existsSync(out)).toBe(false);
  });

  test("a --clusters file that cannot be read exits 1 with its name", async () => {
    const missing = join(tempDir(), "clusters.yaml");
    const run = await runCli(
      ["synth", "-", "--out", join(tempDir(), "out"), "--clusters", missing],
      json(manifestInput()),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kubernetes-job: clusters file ${missing} cannot be read\n`);
  });

  test("a bad backend label exits 1 at the label's file:line:column, and writes nothing", async () => {
    // GIVEN a manifest whose backend type label is not a backend
    const dir = tempDir();
    const text = yaml`
      apiVersion: kubernetes.project-planton.org/v1
      kind: KubernetesJob
      metadata:
        name: nightly-report
        labels:
          terraform.project-planton.org/backend.type: consul
      spec:
        namespace:
          value: reports
        image:
          repo: busybox
          tag: "1.36"
    `;
    writeFiles(dir, { "job.yaml": text });
    const out = join(dir, "out");

    // WHEN it is synthesized
    const run = await runCli(["synth", join(dir, "job.yaml"), "--out", out]);

    // THEN the error points at the label's value, and nothing is written
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      `${join(dir, "job.yaml")}:${positionOf(text, "consul")}: error: metadata.labels["terraform.project-planton.org/backend.type"]: "consul" is not a supported backend; allowed: local, s3, gcs, azurerm, pg, kubernetes, cloud`,
      "1 manifest checked: 0 valid, 1 invalid",
      `Nothing was written to ${out}.`,
      "",
    ]);
    expect(run.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  test("a Docker config JSON that is not JSON exits 1 without printing any of its content", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": json(manifestInput()), "docker.json": DOCKER_CONFIG_JSON.slice(0, -3) });
    const run = await runCli([
      "synth",
      join(dir, "job.json"),
      "--out",
      join(dir, "out"),
      "--docker-config-json",
      join(dir, "docker.json"),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Docker config JSON file ${join(dir, "docker.json")} is not valid JSON`);
    expect(run.stderr + run.stdout).not.toContain(FAKE_TOKEN);
    expect(run.stderr + run.stdout).not.toContain(Buffer.from(`acme:${FAKE_TOKEN}`).toString("base64"));
  });
});
