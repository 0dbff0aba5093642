/**
 * The two engines through the commands: every example synthesizes on both, chosen by the flag,
 * the annotation or the cdktf.json context key; the manifest's annotation wins; render ignores
 * the engine. The cdktf app test spawns dist/main.js: `npm test` builds first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { ENGINE_ANNOTATION } from "../../lib/deployment/engine";
import { loadManifests } from "../../lib/manifest/load";
import { applyOrder, jobObjects } from "../../lib/model";
import { literalDeep } from "../../lib/terraform/literal";
import { stackName } from "../../lib/terraform/plan";
import { runCdktfApp } from "../support/cdktf-app";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { firstDialect, manifestInput } from "../support/manifest";
import { EXAMPLES } from "../support/paths";
import type { Json } from "../support/terraform-json";

const exampleFiles = readdirSync(EXAMPLES)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();

/** `synth` of the paths into a new directory; each stack's Terraform JSON by stack name. */
async function synth(paths: string[], flags: string[] = []): Promise<Record<string, Json>> {
  const out = join(tempDir(), "out");
  const run = await runCli(["synth", ...paths, "--out", out, "--quiet", ...flags]);
  expect({ code: run.code, stderr: run.stderr.split("\n").filter((line) => /error/.test(line)) }).toEqual({
    code: 0,
    stderr: [],
  });
  const stacks = join(out, "stacks");
  return Object.fromEntries(
    readdirSync(stacks).map((stack) => [stack, JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"))]),
  );
}

/** Resource types of a stack, without the built-in terraform_data. */
const providerTypes = (json: Json) => Object.keys(json.resource).filter((type) => type !== "terraform_data");

/** Copies of the examples with the engine annotation added to each manifest. */
function annotatedExamples(engine: string): string {
  const dir = tempDir();
  writeFiles(
    dir,
    Object.fromEntries(
      exampleFiles.map((file) => {
        const document = parseDocument(readFileSync(join(EXAMPLES, file), "utf8"));
        document.setIn(["metadata", "annotations", ENGINE_ANNOTATION], engine);
        return [file, document.toString()];
      }),
    ),
  );
  return dir;
}

describe("every example on both engines", () => {
  test("synthesizes on the typed engine by default", async () => {
    const stacks = await synth([EXAMPLES]);
    expect(Object.keys(stacks)).toHaveLength(exampleFiles.length);
    for (const [stack, json] of Object.entries(stacks)) {
      expect([stack, providerTypes(json)]).toEqual([stack, expect.arrayContaining(["kubernetes_job_v1"])]);
      expect(json.resource.kubernetes_manifest).toBeUndefined();
    }
  });

  test("synthesizes on the manifest engine with --engine manifest: each stack's manifests are the object model", async () => {
    // GIVEN the examples, and the objects each means (a Docker config too, for its Secret)
    const dockerConfig = join(tempDir(), "config.json");
    writeFiles(join(dockerConfig, ".."), { "config.json": '{"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}}' });
    const load = loadManifests([EXAMPLES]);
    expect(load.ok).toBe(true);

    // WHEN they are synthesized on the manifest engine
    const stacks = await synth([EXAMPLES], ["--engine", "manifest", "--docker-config-json", dockerConfig]);

    // THEN each stack holds only kubernetes_manifest resources, whose manifests are the objects
    // of the model, escaped as every string is
    expect(Object.keys(stacks)).toHaveLength(exampleFiles.length);
    for (const result of load.results) {
      const manifest = result.manifest!;
      const json = stacks[stackName(manifest.metadata)];
      expect([stackName(manifest.metadata), providerTypes(json)]).toEqual([
        stackName(manifest.metadata),
        ["kubernetes_manifest"],
      ]);
      const objects = applyOrder(
        jobObjects({ ...firstDialect(manifest), dockerConfigJson: readFileSync(dockerConfig, "utf8") }),
      ).map((object) => literalDeep(object));
      const written = Object.values(json.resource.kubernetes_manifest).map((resource: Json) => resource.manifest);
      const key = (object: Json) => `${object.kind}/${object.metadata.name}`;
      expect(written.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        objects.sort((a, b) => key(a).localeCompare(key(b))),
      );
      expect(Object.keys(json.output).sort()).toEqual(["job_name", "namespace", "service_account_name"]);
    }
  });

  test("synthesizes on the manifest engine with the annotation and no flag", async () => {
    const stacks = await synth([annotatedExamples("manifest")]);
    expect(Object.keys(stacks)).toHaveLength(exampleFiles.length);
    for (const [stack, json] of Object.entries(stacks)) {
      expect([stack, providerTypes(json)]).toEqual([stack, ["kubernetes_manifest"]]);
    }
  });

  test("the annotation wins over --engine: typed manifests stay typed in a manifest-engine run", async () => {
    const stacks = await synth([annotatedExamples("typed")], ["--engine", "manifest"]);
    for (const [stack, json] of Object.entries(stacks)) {
      expect([stack, json.resource.kubernetes_manifest]).toEqual([stack, undefined]);
    }
  });
});

describe("render and the engine", () => {
  test("render ignores --engine: the same objects either way", async () => {
    const plain = await runCli(["render", EXAMPLES]);
    const manifestEngine = await runCli(["render", EXAMPLES, "--engine", "manifest"]);
    expect(plain.code).toBe(0);
    expect(manifestEngine).toEqual(plain);
  });
});

describe("the cdktf app's engine context key", () => {
  test('synthesizes on the manifest engine with "engine": "manifest" in the context', () => {
    // GIVEN a work queue, which only the manifest engine can say
    const dir = tempDir();
    writeFiles(dir, { "queue.json": JSON.stringify(manifestInput({ parallelism: 3, completions: 0 })) });
    const out = join(dir, "out");
    const run = (context: unknown) => runCdktfApp(out, context);

    // WHEN the app runs without the key THEN the typed engine refuses it, naming the key
    const typed = run({ manifests: [join(dir, "queue.json")] });
    expect(typed.status).toBe(1);
    expect(typed.stderr).toContain(
      `the annotation ${ENGINE_ANNOTATION}: manifest (or the cdktf.json context key "engine": "manifest" for the run)`,
    );

    // AND with it, the stack is written with the work queue's Job as a kubernetes_manifest
    const manifestEngine = run({ manifests: [join(dir, "queue.json")], engine: "manifest" });
    expect({ status: manifestEngine.status, stderr: manifestEngine.stderr }).toEqual({ status: 0, stderr: "" });
    const json = JSON.parse(readFileSync(join(out, "stacks", "nightly-report", "cdk.tf.json"), "utf8"));
    expect(json.resource.kubernetes_manifest["nightly-report"].manifest.spec).toEqual(
      expect.objectContaining({ parallelism: 3 }),
    );
    expect(json.resource.kubernetes_manifest["nightly-report"].manifest.spec.completions).toBeUndefined();

    // AND a bad value is refused naming the key
    const bad = run({ manifests: [join(dir, "queue.json")], engine: "kubectl" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('engine: "kubectl" is not an engine; allowed: "typed" or "manifest"');
  });
});
