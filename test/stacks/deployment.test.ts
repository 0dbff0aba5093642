/**
 * What the deployment settings make of a stack: provider, backend, waiting, the image pull
 * secret and the Job's revision, in the Terraform JSON that a real App writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { backendFor, type BackendSetting } from "../../lib/deployment/backend";
import type { StackDeployment } from "../../lib/deployment/resolve";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { stackName } from "../../lib/terraform/plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";
import { CA_PEM, DOCKER_CONFIG_JSON } from "../support/deployment";
import { tempDir } from "../support/files";
import { manifest } from "../support/manifest";
import { jobOf, jobSpecOf, podSpecOf, synthStack, type Json } from "../support/terraform-json";

/** The cdk.tf.json of one stack, written by App.synth() as `kubernetes-job synth` does. */
function synthApp(input: KubernetesJobManifest, deployment?: Partial<StackDeployment>): Json {
  const outdir = tempDir();
  const app = new App({ outdir });
  const name = stackName(input.metadata);
  new KubernetesJobStack(app, name, { manifest: input, deployment });
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
}

/** The backend block backendFor gives the stack nightly-report. */
function blockFor(setting: BackendSetting) {
  const result = backendFor("nightly-report", setting, "../../terraform.nightly-report.tfstate");
  if (!("block" in result)) throw new Error(result.problem.message);
  return result.block;
}

const revisionOf = (json: Json): string => json.resource.terraform_data["nightly-report_revision"].input.revision;

describe("the stack's state backend", () => {
  test("is cdktf's local state in the stack directory without deployment settings", () => {
    const json = synthApp(manifest());
    expect(json.terraform.backend).toEqual({
      local: { path: expect.stringMatching(/terraform\.nightly-report\.tfstate$/) },
    });
  });

  test.each<[string, BackendSetting]>([
    ["local", { type: "local" }],
    ["s3", { type: "s3", object: "acme-state/jobs", config: { region: "eu-west-1" } }],
    ["gcs", { type: "gcs", object: "acme-state/jobs" }],
    ["azurerm", { type: "azurerm", object: "tfstate/jobs", config: { storage_account_name: "acme" } }],
    ["pg", { type: "pg", object: "jobs" }],
    ["kubernetes", { type: "kubernetes", object: "terraform-state" }],
  ])("is the one %s backend block, with nothing of cdktf's default local backend left", (type, setting) => {
    // GIVEN the backend block of a setting
    const block = blockFor(setting);

    // WHEN the stack is synthesized with it
    const json = synthApp(manifest(), { backend: block });

    // THEN terraform.backend holds exactly that block, and there is no cloud block
    expect(json.terraform.backend).toEqual({ [type]: block.config });
    expect(Object.keys(json.terraform.backend)).toEqual([type]);
    expect(json.terraform).not.toHaveProperty("cloud");
  });

  test("writes s3's use_lockfile and encrypt as booleans", () => {
    const json = synthApp(manifest(), { backend: blockFor({ type: "s3", object: "acme-state" }) });
    expect(json.terraform.backend.s3).toEqual({
      bucket: "acme-state",
      key: "nightly-report.tfstate",
      use_lockfile: true,
      encrypt: true,
    });
  });

  test("is a terraform.cloud block for HCP Terraform, and no backend block", () => {
    const json = synthApp(manifest(), {
      backend: blockFor({ type: "cloud", object: "acme/jobs", config: { hostname: "tfe.acme.example" } }),
    });
    expect(json.terraform.cloud).toEqual({
      organization: "acme",
      hostname: "tfe.acme.example",
      workspaces: { name: "jobs-nightly-report" },
    });
    expect(json.terraform).not.toHaveProperty("backend");
  });

  test("is a terraform.cloud block without hostname when none is given", () => {
    const json = synthApp(manifest(), { backend: blockFor({ type: "cloud", object: "acme" }) });
    expect(json.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "nightly-report" } });
  });
});

describe("the stack's kubernetes provider", () => {
  test("has no arguments without settings", () => {
    expect(synthApp(manifest(), { provider: {} }).provider).toEqual({ kubernetes: [{}] });
  });

  test("has config_path and config_context for a kubeconfig", () => {
    const json = synthApp(manifest(), { provider: { configPath: "/etc/kube/dev.yaml", configContext: "gke_dev" } });
    expect(json.provider).toEqual({ kubernetes: [{ config_path: "/etc/kube/dev.yaml", config_context: "gke_dev" }] });
  });

  const HOST_PROVIDER = {
    host: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
    clusterCaCertificate: CA_PEM,
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "prod"],
      env: { AWS_PROFILE: "prod", KUBECONFIG: "/dev/null", awsRegion: "eu-west-1" },
    },
  };

  test("has host, cluster_ca_certificate and exec as a block list for a cluster reached by host", () => {
    const json = synthApp(manifest(), { provider: HOST_PROVIDER });
    expect(json.provider).toEqual({
      kubernetes: [
        {
          host: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
          cluster_ca_certificate: CA_PEM,
          exec: [
            {
              api_version: "client.authentication.k8s.io/v1beta1",
              command: "aws",
              args: ["eks", "get-token", "--cluster-name", "prod"],
              env: expect.any(Object),
            },
          ],
        },
      ],
    });
  });

  // cdktf snake-cases every key of a provider's config, map keys included: without care the
  // plugin would run with aws_profile=prod instead of AWS_PROFILE=prod.
  test("passes the exec plugin's environment variable names unchanged (AWS_PROFILE, not aws_profile)", () => {
    const json = synthApp(manifest(), { provider: HOST_PROVIDER });
    expect(json.provider.kubernetes[0].exec[0].env).toEqual({
      AWS_PROFILE: "prod",
      KUBECONFIG: "/dev/null",
      awsRegion: "eu-west-1",
    });
  });
});

describe("waiting for the Job", () => {
  test("does not wait by default, and sets only the delete timeout", () => {
    const job = jobOf(synthApp(manifest()));
    expect(job.wait_for_completion).toBe(false);
    expect(job.timeouts).toEqual({ delete: "2m" });
  });

  test("waits with the given create and update timeout", () => {
    const job = jobOf(synthApp(manifest(), { waitForCompletion: true, timeout: "45m" }));
    expect(job.wait_for_completion).toBe(true);
    expect(job.timeouts).toEqual({ create: "45m", update: "45m", delete: "2m" });
  });

  test("waits activeDeadlineSeconds plus 5 minutes, rounded up, without a timeout", () => {
    const job = jobOf(synthApp(manifest({ activeDeadlineSeconds: 3601 }), { waitForCompletion: true }));
    expect(job.timeouts).toEqual({ create: "66m", update: "66m", delete: "2m" });
  });

  test("waits 30 minutes without a timeout and without a deadline", () => {
    const job = jobOf(synthApp(manifest(), { waitForCompletion: true }));
    expect(job.timeouts).toEqual({ create: "30m", update: "30m", delete: "2m" });
  });

  test("sets no create or update timeout when not waiting, even with a timeout given", () => {
    const job = jobOf(synthApp(manifest(), { waitForCompletion: false, timeout: "45m" }));
    expect(job.wait_for_completion).toBe(false);
    expect(job.timeouts).toEqual({ delete: "2m" });
  });

  test("never waits for a suspended Job, which it renders with parallelism 0", () => {
    const json = synthApp(manifest({ suspend: true, parallelism: 4, completions: 8 }), {
      waitForCompletion: true,
      timeout: "45m",
    });
    expect(jobOf(json).wait_for_completion).toBe(false);
    expect(jobOf(json).timeouts).toEqual({ delete: "2m" });
    expect(jobSpecOf(json)).toEqual(expect.objectContaining({ parallelism: 0, completions: 8 }));
    expect(jobSpecOf(json)).not.toHaveProperty("suspend");
  });
});

describe("the Job's re-run lifecycle", () => {
  test("ignores the immutable template and the TTL, and is replaced when its revision changes", () => {
    const json = synthApp(manifest({ ttlSecondsAfterFinished: 600 }));
    expect(jobOf(json).lifecycle).toEqual({
      // Without a deadline, removing one is never patched (as 0): see the deadline tests.
      ignore_changes: ["spec[0].template", "spec[0].ttl_seconds_after_finished", "spec[0].active_deadline_seconds"],
      replace_triggered_by: ["terraform_data.nightly-report_revision", "terraform_data.nightly-report_deadline"],
    });
    expect(Object.keys(json.resource.terraform_data)).toEqual(["nightly-report_deadline", "nightly-report_revision"]);
    expect(revisionOf(json)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("names the revision after the stack's Job, for a manifest with an env", () => {
    const json = synthApp(manifest({}, { name: "orders", env: "prod" }));
    expect(jobOf(json).lifecycle.replace_triggered_by).toEqual([
      "terraform_data.orders_revision",
      "terraform_data.orders_deadline",
    ]);
    expect(Object.keys(json.resource.terraform_data)).toEqual(["orders_deadline", "orders_revision"]);
  });
});

describe("the Job's revision", () => {
  const BASE = {
    command: ["/bin/report", "--daily"],
    completions: 3,
    parallelism: 1,
    backoffLimit: 6,
    activeDeadlineSeconds: 600,
    ttlSecondsAfterFinished: 3600,
    configMaps: { "report-script": "#!/bin/sh\necho ${DATE}\n" },
    env: { secrets: { API_KEY: { value: "k1" } } },
  };
  const revisionWith = (changes: Record<string, unknown> = {}, dockerConfigJson?: string) =>
    revisionOf(synthStack(manifest({ ...BASE, ...changes }), dockerConfigJson).json);
  const base = revisionWith();

  test("is the same for the same manifest", () => {
    expect(revisionWith()).toBe(base);
  });

  test.each<[string, Record<string, unknown>]>([
    ["the image", { image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.3" } }],
    ["the command", { command: ["/bin/report", "--weekly"] }],
    ["the content of a config map", { configMaps: { "report-script": "#!/bin/sh\necho ${DATE} done\n" } }],
    ["the value of an env secret", { env: { secrets: { API_KEY: { value: "k2" } } } }],
    ["ttlSecondsAfterFinished", { ttlSecondsAfterFinished: 7200 }],
    ["completions", { completions: 4 }],
  ])("changes when %s changes, so the Job runs again", (_, changes) => {
    expect(revisionWith(changes)).not.toBe(base);
  });

  test("changes when the Docker config JSON changes", () => {
    expect(revisionWith({}, DOCKER_CONFIG_JSON)).not.toBe(base);
    expect(revisionWith({}, DOCKER_CONFIG_JSON)).not.toBe(revisionWith({}, '{"auths":{}}'));
  });

  test.each<[string, Record<string, unknown>]>([
    ["parallelism", { parallelism: 3 }],
    ["backoffLimit", { backoffLimit: 0 }],
    ["activeDeadlineSeconds", { activeDeadlineSeconds: 1200 }],
    ["suspend", { suspend: true }],
  ])("does not change when only %s changes (patched in place)", (_, changes) => {
    expect(revisionWith(changes)).toBe(base);
  });
});

describe("the image pull secret", () => {
  test("is a kubernetes.io/dockerconfigjson Secret <name>-image-pull-secret holding the file's bytes", () => {
    const json = synthApp(manifest(), { dockerConfigJson: DOCKER_CONFIG_JSON });
    expect(json.resource.kubernetes_secret_v1["nightly-report_image-pull-secret"]).toEqual(
      expect.objectContaining({
        metadata: expect.objectContaining({ name: "nightly-report-image-pull-secret", namespace: "reports" }),
        type: "kubernetes.io/dockerconfigjson",
        data: { ".dockerconfigjson": DOCKER_CONFIG_JSON },
      }),
    );
  });

  test("is referenced by the pod's image_pull_secrets, after image.pullSecretName", () => {
    const json = synthApp(
      manifest({ image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.2", pullSecretName: "acme-registry" } }),
      { dockerConfigJson: DOCKER_CONFIG_JSON },
    );
    expect(podSpecOf(json).image_pull_secrets).toEqual([
      { name: "acme-registry" },
      { name: "${kubernetes_secret_v1.nightly-report_image-pull-secret.metadata[0].name}" },
    ]);
  });

  test("is not created without a Docker config JSON", () => {
    const json = synthApp(manifest());
    expect(json.resource.kubernetes_secret_v1).toBeUndefined();
    expect(podSpecOf(json)).not.toHaveProperty("image_pull_secrets");
  });

  test("keeps ${...} in the Docker config JSON literal", () => {
    const text = '{"auths":{"r.example":{"auth":"${NOT_A_REFERENCE}"}}}';
    const json = synthApp(manifest(), { dockerConfigJson: text });
    expect(json.resource.kubernetes_secret_v1["nightly-report_image-pull-secret"].data).toEqual({
      ".dockerconfigjson": '{"auths":{"r.example":{"auth":"$${NOT_A_REFERENCE}"}}}',
    });
  });
});
