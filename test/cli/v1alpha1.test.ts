/**
 * A manifest of the current Planton API (kubernetes.planton.dev/v1alpha1) through the commands:
 * validate, synth on both engines and render agree on the Job it means (the app container, the
 * sidecar, the init container, the pod settings, the pod failure policy, the per-index limits,
 * the service account it runs as), and no ServiceAccount is created. Planton's own hack manifest
 * is checked the same way when ../shared is present.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { ENGINE_ANNOTATION } from "../../lib/deployment/engine";
import { loadManifests } from "../../lib/manifest/load";
import { applyOrder, objectsOf } from "../../lib/model";
import { literalDeep } from "../../lib/terraform/literal";
import { runCdktfApp } from "../support/cdktf-app";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { PLANTON_EXAMPLES, ROOT } from "../support/paths";
import type { Json } from "../support/terraform-json";

const FIXTURE = join(ROOT, "test", "fixtures", "v1alpha1", "backfill-job.yaml");
const HACK_MANIFEST = join(PLANTON_EXAMPLES, "v1alpha1", "hack-manifest.yaml");

/**
 * Both manifests write a secret as a value and set ttlSecondsAfterFinished on purpose; the
 * warnings those give are test/cli/v1alpha1-warnings.test.ts's, hidden here.
 */
const EXPECTED_WARNINGS = ["--ignore-warning", "secret-value,ttl-rerun"];

/** `synth` of the paths into a new directory; each stack's Terraform JSON by stack name. */
async function synth(paths: string[], flags: string[] = []): Promise<Record<string, Json>> {
  const out = join(tempDir(), "out");
  const run = await runCli(["synth", ...paths, "--out", out, "--quiet", ...EXPECTED_WARNINGS, ...flags]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  const stacks = join(out, "stacks");
  return Object.fromEntries(
    readdirSync(stacks).map((stack) => [stack, JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"))]),
  );
}

/** The one stack of a run. */
async function onlyStack(paths: string[], flags: string[] = []): Promise<Json> {
  const stacks = Object.values(await synth(paths, flags));
  expect(stacks).toHaveLength(1);
  return stacks[0];
}

/** A block the provider schema lists (cdktf writes a single block as an object, several as a list). */
const one = (block: Json): Json => (Array.isArray(block) ? block[0] : block);
const many = (block: Json): Json[] => (block === undefined ? [] : Array.isArray(block) ? block : [block]);

/** What the hack manifest and the fixture both promise of the typed engine's kubernetes_job_v1. */
function expectTypedJob(json: Json, expected: { app: string; sidecar: string; init: string; account: string }) {
  expect(json.resource.kubernetes_service_account_v1).toBeUndefined();
  const jobs = Object.values(json.resource.kubernetes_job_v1) as Json[];
  expect(jobs).toHaveLength(1);
  const spec = one(jobs[0].spec);
  expect(spec).toMatchObject({ completion_mode: "Indexed", backoff_limit_per_index: 2, max_failed_indexes: 1 });
  expect(many(one(spec.pod_failure_policy).rule)).toHaveLength(4);
  const pod = one(one(spec.template).spec);
  expect(many(pod.container).map((container) => container.name)).toEqual([expected.app, expected.sidecar]);
  expect(many(pod.init_container).map((container) => container.name)).toEqual([expected.init]);
  expect(pod.service_account_name).toBe(expected.account);
  expect(json.output.service_account_name.value).toBe(expected.account);
}

/** The manifest engine's objects are the model's, as render prints them. */
function expectManifestObjects(json: Json, file: string) {
  const [manifest] = loadManifests([file]).results.map((result) => result.manifest);
  if (!manifest) throw new Error(`${file} is not valid`);
  // Resources are written by address; the objects compared by kind and name.
  const byName = (objects: Json[]) =>
    [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
  const objects = applyOrder(objectsOf(manifest)).map((object) => literalDeep(object));
  const written = Object.values(json.resource.kubernetes_manifest as Record<string, Json>).map(
    (resource) => resource.manifest,
  );
  expect(byName(written)).toEqual(byName(objects));
  expect(written.map((object) => object.kind)).not.toContain("ServiceAccount");
}

describe("a v1alpha1 manifest through the commands (own full-surface fixture)", () => {
  test("validate accepts it", async () => {
    const run = await runCli(["validate", FIXTURE, ...EXPECTED_WARNINGS]);
    expect(run).toEqual({
      code: 0,
      stdout: `ok: ${FIXTURE}:4: orders-backfill (namespace data-jobs)\n1 manifest checked: 1 valid, 0 invalid\n`,
      stderr: "",
    });
  });

  test("synth on the typed engine: app, sidecar, init container, 4 rules, per-index limits, no ServiceAccount", async () => {
    const json = await onlyStack([FIXTURE]);
    expect(Object.keys(json.resource).sort()).toEqual([
      "kubernetes_job_v1",
      "kubernetes_namespace_v1",
      "kubernetes_secret_v1",
      "terraform_data",
    ]);
    expectTypedJob(json, {
      app: "backfill",
      sidecar: "metrics-pusher",
      init: "fetch-manifest",
      account: "backfill-runner",
    });
    const pod = one(one(one(Object.values(json.resource.kubernetes_job_v1)[0] as Json).spec).template).spec;
    expect(one(pod)).toMatchObject({
      automount_service_account_token: false,
      dns_policy: "ClusterFirst",
      priority_class_name: "batch-low",
      termination_grace_period_seconds: 45,
      node_selector: { "kubernetes.io/os": "linux" },
    });
  });

  test("synth on the manifest engine (--engine manifest): each kubernetes_manifest is an object of the model", async () => {
    const json = await onlyStack([FIXTURE], ["--engine", "manifest"]);
    expect(json.resource.kubernetes_job_v1).toBeUndefined();
    expectManifestObjects(json, FIXTURE);
  });

  test("render prints the model's objects, the env Secret left out", async () => {
    const run = await runCli(["render", FIXTURE, "--format", "json"]);
    expect(run.code).toBe(0);
    const [manifest] = loadManifests([FIXTURE]).results.map((result) => result.manifest);
    const objects = applyOrder(objectsOf(manifest!)).filter((object) => object.kind !== "Secret");
    expect(JSON.parse(run.stdout).items).toEqual(objects);
    expect(run.stdout).not.toContain("wh-secret-token-1234");
  });
});

describe("a v1alpha1 manifest through the cdktf app (as npx cdktf synth runs it)", () => {
  test("gives the same stack as kubernetes-job synth, byte for byte", async () => {
    const out = join(tempDir(), "cdktf.out");
    const app = runCdktfApp(out, { manifests: [FIXTURE], ignoreWarnings: ["secret-value", "ttl-rerun"] });
    expect({ status: app.status, stderr: app.stderr }).toEqual({ status: 0, stderr: "" });
    const stack = join("stacks", "orders-backfill-staging", "cdk.tf.json");
    const synthOut = join(tempDir(), "out");
    expect((await runCli(["synth", FIXTURE, "--out", synthOut, "--quiet"])).code).toBe(0);
    expect(readFileSync(join(out, stack), "utf8")).toBe(readFileSync(join(synthOut, stack), "utf8"));
  });
});

describe("Planton's hack manifest (../shared/planton-examples/v1alpha1/hack-manifest.yaml)", () => {
  const present = existsSync(HACK_MANIFEST);
  const skipped = () => {
    console.log(`skipped: ${HACK_MANIFEST} not present (../shared is not part of a clone)`);
    expect(present).toBe(false);
  };

  test("validates", async () => {
    if (!present) return skipped();
    const run = await runCli(["validate", HACK_MANIFEST, ...EXPECTED_WARNINGS]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  });

  test("synthesizes on the typed engine", async () => {
    if (!present) return skipped();
    const json = await onlyStack([HACK_MANIFEST]);
    expectTypedJob(json, { app: "app", sidecar: "log-flusher", init: "init-marker", account: "hack-service-account" });
  });

  test("synthesizes on the manifest engine, by its annotation", async () => {
    if (!present) return skipped();
    const dir = tempDir();
    const document = parseDocument(readFileSync(HACK_MANIFEST, "utf8"));
    document.setIn(["metadata", "annotations", ENGINE_ANNOTATION], "manifest");
    writeFiles(dir, { "hack.yaml": document.toString() });
    const json = await onlyStack([join(dir, "hack.yaml")]);
    expectManifestObjects(json, join(dir, "hack.yaml"));
    const job = Object.values(json.resource.kubernetes_manifest as Record<string, Json>)
      .map((resource) => resource.manifest)
      .find((object) => object.kind === "Job");
    expect(job.spec).toMatchObject({ backoffLimitPerIndex: 2, maxFailedIndexes: 1 });
    expect(job.spec.podFailurePolicy.rules).toHaveLength(4);
    expect(job.spec.template.spec.serviceAccountName).toBe("hack-service-account");
  });
});
