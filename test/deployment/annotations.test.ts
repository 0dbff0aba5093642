/**
 * Deployment keys of the current Planton API: read from metadata.annotations under Planton's
 * current keys (plantonhq/openmcf _changelog/2026-07/2026-07-09-120000-platform-keys-move-from-
 * labels-to-annotations.md; pkg/iac/tofu/tofuannotationkeys/keys.go), never from labels. The
 * backend is located by bucket and key (run_command.go, buildBackendConfigArgs).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ANNOTATIONS } from "../../lib/deployment/labels";
import { resolveDeployment } from "../../lib/deployment/resolve";
import { runCli } from "../support/cli";
import { DOCKER_CONFIG_JSON, loadedManifest, problemLines, runWith } from "../support/deployment";
import { tempDir, writeFiles } from "../support/files";

/** A v1alpha1 Job `backfill` with the given annotations and labels. */
const plantonJob = (
  annotations: Record<string, string> = {},
  labels: Record<string, string> = {},
  name = "backfill",
) => ({
  apiVersion: "kubernetes.planton.dev/v1alpha1",
  kind: "KubernetesJob",
  metadata: { name, annotations, labels },
  spec: {
    namespace: { value: "batch" },
    container: { app: { image: { repo: "ghcr.io/acme/backfill", tag: "1.0" } } },
    pod: { automountServiceAccountToken: false },
  },
});

function resolvePlanton(annotations: Record<string, string>, labels: Record<string, string> = {}, files = {}) {
  const { manifest, document } = loadedManifest(plantonJob(annotations, labels), files);
  const result = resolveDeployment("backfill", manifest, document, runWith());
  return { ...result, lines: problemLines(result.problems) };
}

const at = (key: string) => `metadata.annotations[${JSON.stringify(key)}]`;

describe("backend annotations of a v1alpha1 manifest", () => {
  test("s3: bucket, key and region as written, with S3 locking and encryption", () => {
    const { deployment, lines } = resolvePlanton({
      [ANNOTATIONS.backendType]: "s3",
      [ANNOTATIONS.backendBucket]: "acme-state",
      [ANNOTATIONS.backendKey]: "jobs/backfill.tfstate",
      [ANNOTATIONS.backendRegion]: "eu-west-1",
    });
    expect(lines).toEqual([]);
    expect(deployment?.backend).toEqual({
      type: "s3",
      config: {
        bucket: "acme-state",
        key: "jobs/backfill.tfstate",
        region: "eu-west-1",
        use_lockfile: true,
        encrypt: true,
      },
    });
  });

  test("s3 with an endpoint (an S3-compatible store): Planton's endpoint and skip settings", () => {
    const { deployment, lines } = resolvePlanton({
      [ANNOTATIONS.backendType]: "s3",
      [ANNOTATIONS.backendBucket]: "state",
      [ANNOTATIONS.backendKey]: "backfill.tfstate",
      [ANNOTATIONS.backendRegion]: "auto",
      [ANNOTATIONS.backendEndpoint]: "https://r2.example.com",
    });
    expect(lines).toEqual([]);
    expect(deployment?.backend.config).toMatchObject({
      endpoints: { s3: "https://r2.example.com" },
      skip_credentials_validation: true,
      use_path_style: true,
    });
  });

  test("gcs takes the key as its prefix; azurerm the bucket as its container", () => {
    const gcs = resolvePlanton({
      [ANNOTATIONS.backendType]: "gcs",
      [ANNOTATIONS.backendBucket]: "acme-state",
      [ANNOTATIONS.backendKey]: "jobs/backfill",
    });
    expect(gcs.deployment?.backend).toEqual({ type: "gcs", config: { bucket: "acme-state", prefix: "jobs/backfill" } });
    const azurerm = resolvePlanton({
      [ANNOTATIONS.backendType]: "azurerm",
      [ANNOTATIONS.backendBucket]: "tfstate",
      [ANNOTATIONS.backendKey]: "backfill.tfstate",
    });
    expect(azurerm.deployment?.backend).toEqual({
      type: "azurerm",
      config: { container_name: "tfstate", key: "backfill.tfstate" },
    });
  });

  test("a bucket without a key is an error at the bucket annotation", () => {
    const { deployment, lines } = resolvePlanton({
      [ANNOTATIONS.backendType]: "s3",
      [ANNOTATIONS.backendBucket]: "acme-state",
    });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${at(ANNOTATIONS.backendBucket)}: the s3 backend needs both a bucket and a key; the key is missing`,
    ]);
  });

  test.each([
    ["region", ANNOTATIONS.backendRegion, "eu-west-1"],
    ["endpoint", ANNOTATIONS.backendEndpoint, "https://r2.example.com"],
  ])("a %s without a bucket and key, which would be ignored, is an error at it", (_, key, value) => {
    const { deployment, lines } = resolvePlanton({ [ANNOTATIONS.backendType]: "s3", [key]: value });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${at(key)}: needs the annotations ${ANNOTATIONS.backendBucket} and ${ANNOTATIONS.backendKey}, which locate the state it is for; without them it would be ignored`,
      `error: ${at(ANNOTATIONS.backendType)}: needs the annotations ${ANNOTATIONS.backendBucket} and ${ANNOTATIONS.backendKey} (or the run's backend object), which is required for the s3 backend: bucket/path/to/prefix`,
    ]);
  });

  test("a region alone, without a backend type, is an error too", () => {
    const { lines } = resolvePlanton({ [ANNOTATIONS.backendRegion]: "eu-west-1" });
    expect(lines).toEqual([
      `error: ${at(ANNOTATIONS.backendRegion)}: needs the annotations ${ANNOTATIONS.backendBucket} and ${ANNOTATIONS.backendKey}, which locate the state it is for; without them it would be ignored`,
    ]);
  });

  test("a bucket and key for a backend type that takes none is an error at the type annotation", () => {
    const { lines } = resolvePlanton({
      [ANNOTATIONS.backendType]: "pg",
      [ANNOTATIONS.backendBucket]: "b",
      [ANNOTATIONS.backendKey]: "k",
    });
    expect(lines).toEqual([
      `error: ${at(ANNOTATIONS.backendType)}: "pg" takes no bucket and key; a bucket and key are for s3, gcs, azurerm`,
    ]);
  });

  test("deployment keys in labels, which this API does not read, are errors at each label naming the annotation it reads", () => {
    const { deployment, lines } = resolvePlanton(
      {},
      {
        "terraform.project-planton.org/backend.type": "s3",
        "terraform.planton.dev/backend.type": "s3",
      },
    );
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: metadata.labels["terraform.project-planton.org/backend.type"]: is a kubernetes.project-planton.org/v1 key, which kubernetes.planton.dev/v1alpha1 does not read; it reads ${at(ANNOTATIONS.backendType)}`,
      `error: metadata.labels["terraform.planton.dev/backend.type"]: is a deployment setting, which kubernetes.planton.dev/v1alpha1 reads from metadata.annotations, not metadata.labels: move it there`,
    ]);
  });

  test("a misspelt backend annotation is an error with the key meant, not local state", () => {
    const { deployment, lines } = resolvePlanton({
      [ANNOTATIONS.backendType]: "s3",
      [ANNOTATIONS.backendBucket]: "acme-state",
      "terraform.planton.dev/backend.kye": "jobs/backfill.tfstate",
    });
    expect(deployment).toBeUndefined();
    expect(lines[0]).toBe(
      `error: ${at("terraform.planton.dev/backend.kye")}: is not a key this tool reads; did you mean "${ANNOTATIONS.backendKey}"?`,
    );
  });

  test("Planton's other keys under its prefixes, not near one of the tool's, are left alone", () => {
    const { deployment, lines } = resolvePlanton({ "kubernetes.planton.dev/owner": "data-team" });
    expect(lines).toEqual([]);
    expect(deployment?.backend.type).toBe("local");
  });

  test("a credential in a backend annotation is refused at it, without its value", () => {
    const { lines } = resolvePlanton({
      [ANNOTATIONS.backendType]: "s3",
      [ANNOTATIONS.backendBucket]: "acme-state",
      [ANNOTATIONS.backendKey]: "https://admin:hunter22@example.com/state",
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: ${at(ANNOTATIONS.backendKey).replace(/[.[\]"/]/g, "\\$&")}: `));
    expect(lines[0]).not.toContain("hunter22");
  });
});

describe("cluster and Docker config annotations of a v1alpha1 manifest", () => {
  test("the context annotation is the provider's context (with kubectl's default file, and its warning)", () => {
    const { deployment, lines } = resolvePlanton({ [ANNOTATIONS.context]: "prod-admin" });
    expect(deployment?.provider).toEqual({ configPaths: ["~/.kube/config"], configContext: "prod-admin" });
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: metadata\.annotations\["kubernetes\.planton\.dev\/context"\]: the kube context "prod-admin" \(the annotation kubernetes\.planton\.dev\/context\)/,
      ),
    ]);
  });

  test("the docker-config-json-file annotation reads the file next to the manifest", () => {
    const { deployment, lines } = resolvePlanton(
      { [ANNOTATIONS.dockerConfigJsonFile]: "docker.json" },
      {},
      { "docker.json": DOCKER_CONFIG_JSON },
    );
    expect(lines).toEqual([]);
    expect(deployment?.dockerConfigJson).toBe(DOCKER_CONFIG_JSON);
  });
});

describe("the synthesized stack of a v1alpha1 manifest with backend annotations", () => {
  test("has that backend", async () => {
    const dir = tempDir();
    const annotations = {
      [ANNOTATIONS.backendType]: "s3",
      [ANNOTATIONS.backendBucket]: "acme-state",
      [ANNOTATIONS.backendKey]: "jobs/backfill.tfstate",
      [ANNOTATIONS.backendRegion]: "eu-west-1",
    };
    writeFiles(dir, { "job.json": JSON.stringify(plantonJob(annotations)) });
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "job.json"), "--out", out, "--quiet"]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(readdirSync(join(out, "stacks"))).toEqual(["backfill"]);
    const json = JSON.parse(readFileSync(join(out, "stacks", "backfill", "cdk.tf.json"), "utf8"));
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: "acme-state",
        key: "jobs/backfill.tfstate",
        region: "eu-west-1",
        use_lockfile: true,
        encrypt: true,
      },
    });
  });

  test("two manifests naming one state are each an error naming the other", async () => {
    const dir = tempDir();
    const annotations = {
      [ANNOTATIONS.backendType]: "gcs",
      [ANNOTATIONS.backendBucket]: "acme-state",
      [ANNOTATIONS.backendKey]: "jobs",
    };
    writeFiles(dir, {
      "a.json": JSON.stringify(plantonJob(annotations, {}, "first")),
      "b.json": JSON.stringify(plantonJob(annotations, {}, "second")),
    });
    const run = await runCli(["validate", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('keeps its state in gcs bucket "acme-state" prefix "jobs", as the stack "second"');
    expect(run.stderr).toContain('keeps its state in gcs bucket "acme-state" prefix "jobs", as the stack "first"');
  });
});
