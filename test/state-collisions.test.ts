/**
 * Two stacks must never share one Terraform state: planStacks compares where each stack's
 * backend keeps its state across the run, and refuses both manifests of a collision.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { formatPath } from "../lib/diagnostics";
import { LABELS } from "../lib/deployment/labels";
import { parseRunSettings } from "../lib/deployment/run-settings";
import { loadManifests, type LoadResult } from "../lib/manifest/load";
import { planStacks } from "../lib/terraform/plan";
import { runCli } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";
import { manifestInput } from "./support/manifest";

/** Writes each manifest (as JSON, one per file) and plans them with run settings. */
function plan(files: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  const dir = tempDir();
  writeFiles(dir, Object.fromEntries(Object.entries(files).map(([name, value]) => [name, JSON.stringify(value)])));
  const load = loadManifests(Object.keys(files).map((name) => join(dir, name)));
  return { dir, plan: planStacks(load, parseRunSettings(settings, join(dir, "out"), "test")) };
}

const errorsOf = (load: LoadResult) =>
  load.results.flatMap((result) =>
    result.diagnostics
      .filter((diagnostic) => diagnostic.severity === "error")
      .map((diagnostic) => `${diagnostic.file}: ${formatPath(diagnostic.path)}: ${diagnostic.message}`),
  );

const backendLabels = (type: string, object: string) => ({
  labels: { [LABELS.backendType]: type, [LABELS.backendObject]: object },
});

describe("planStacks: one state per stack", () => {
  test("refuses two pg stacks whose schema prefixes and names give one schema, on both manifests", () => {
    // GIVEN prefix "a" with stack "b-c", and prefix "a-b" with stack "c": both schema a_b_c
    const { dir, plan: result } = plan({
      "first.json": manifestInput({}, { name: "b-c", ...backendLabels("pg", "a") }),
      "second.json": manifestInput({}, { name: "c", ...backendLabels("pg", "a-b") }),
    });

    // THEN each manifest is refused at metadata.name, naming the other's file and the schema
    const first = join(dir, "first.json");
    const second = join(dir, "second.json");
    const tail = "; each stack needs its own state (see the backend labels and the run's backend settings)";
    expect(result.stacks).toEqual([]);
    expect(errorsOf(result.load)).toEqual([
      `${first}: metadata.name: keeps its state in pg schema "a_b_c", as the stack "c" of the manifest at ${second}:1 does${tail}`,
      `${second}: metadata.name: keeps its state in pg schema "a_b_c", as the stack "b-c" of the manifest at ${first}:1 does${tail}`,
    ]);
  });

  test("refuses stacks that a run-wide --backend-config key puts into one S3 object", () => {
    const { plan: result } = plan(
      { "a.json": manifestInput({}, { name: "alpha" }), "b.json": manifestInput({}, { name: "beta" }) },
      { backendType: "s3", backendObject: "acme-state", backendConfig: { key: "shared.tfstate" } },
    );
    expect(result.stacks).toEqual([]);
    expect(errorsOf(result.load)).toEqual([
      expect.stringContaining('keeps its state in s3 bucket "acme-state" key "shared.tfstate", as the stack "beta"'),
      expect.stringContaining('keeps its state in s3 bucket "acme-state" key "shared.tfstate", as the stack "alpha"'),
    ]);
  });

  test("refuses stacks that one local state path serves", () => {
    const { dir, plan: result } = plan(
      { "a.json": manifestInput({}, { name: "alpha" }), "b.json": manifestInput({}, { name: "beta" }) },
      { backendConfig: { path: "../../../shared.tfstate" } },
    );
    expect(errorsOf(result.load)).toEqual([
      expect.stringContaining(`keeps its state in local file ${join(dir, "shared.tfstate")}, as the stack "beta"`),
      expect.stringContaining(`keeps its state in local file ${join(dir, "shared.tfstate")}, as the stack "alpha"`),
    ]);
  });

  test("refuses two HCP Terraform stacks given one workspace by their prefixes", () => {
    const { plan: result } = plan({
      "a.json": manifestInput({}, { name: "b-c", ...backendLabels("cloud", "acme/a") }),
      "b.json": manifestInput({}, { name: "c", ...backendLabels("cloud", "acme/a-b") }),
    });
    expect(errorsOf(result.load)).toEqual([
      expect.stringContaining('keeps its state in HCP Terraform workspace "a-b-c" of organization "acme"'),
      expect.stringContaining('keeps its state in HCP Terraform workspace "a-b-c" of organization "acme"'),
    ]);
  });

  test.each(["local", "s3", "gcs", "azurerm"])(
    "plans etl-prod-eu and etl-prod.eu on %s, each with its own state",
    (type) => {
      const { plan: result } = plan(
        {
          "a.json": manifestInput({}, { name: "etl-prod-eu" }),
          "b.json": manifestInput({}, { name: "etl-prod", env: "eu" }),
          "c.json": manifestInput({}, { name: "etl-prod", env: "Eu.x" }),
        },
        { backendType: type, ...(type === "local" ? {} : { backendObject: "acme/jobs" }) },
      );
      // etl-prod-eu and etl-prod + eu are one stack name: the stack-name clash, not a state one.
      expect(errorsOf(result.load)).toEqual([
        expect.stringContaining('gives the stack name "etl-prod-eu"'),
        expect.stringContaining('gives the stack name "etl-prod-eu"'),
      ]);
    },
  );

  test.each(["pg", "kubernetes", "cloud"])("refuses etl-prod.eu on %s, where it cannot have its own state", (type) => {
    const { plan: result } = plan(
      {
        "a.json": manifestInput({}, { name: "etl-prod-eu" }),
        "b.json": manifestInput({}, { name: "etl-prod", env: "e.u" }),
      },
      { backendType: type, backendObject: type === "cloud" ? "acme" : "jobs" },
    );
    expect(errorsOf(result.load)).toEqual([expect.stringContaining(`cannot be ${type} for stack "etl-prod-e.u"`)]);
  });

  test("plans many distinct stacks on every backend with no state collision", () => {
    for (const type of ["local", "s3", "gcs", "azurerm", "pg", "kubernetes", "cloud"]) {
      const names = ["etl-prod-eu", "etl-prodeu", "etl-prod-e-u", "e-tl-prod-eu", "etl-prod-eu-2", "etl"];
      const object = type === "cloud" ? "acme/jobs" : type === "pg" || type === "kubernetes" ? "jobs" : "acme/jobs";
      const { plan: result } = plan(
        Object.fromEntries(names.map((name) => [`${name}.json`, manifestInput({}, { name })])),
        { backendType: type, ...(type === "local" ? {} : { backendObject: object }) },
      );
      expect({ type, errors: errorsOf(result.load) }).toEqual({ type, errors: [] });
      expect(result.stacks).toHaveLength(names.length);
    }
  });
});

describe("kubernetes-job synth with two stacks on one state", () => {
  test("exits 1 with an error on both manifests, and writes nothing", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "a.json": JSON.stringify(manifestInput({}, { name: "b-c", ...backendLabels("pg", "a") })),
      "b.json": JSON.stringify(manifestInput({}, { name: "c", ...backendLabels("pg", "a-b") })),
    });
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "a.json"), join(dir, "b.json"), "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr.match(/keeps its state in pg schema "a_b_c"/g)).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  });

  test("exits 1 for a pg stack named with '.', saying which names pg allows", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.json": JSON.stringify(manifestInput({}, { name: "etl-prod", env: "eu.west" })) });
    const run = await runCli(["synth", join(dir, "a.json"), "--out", join(dir, "out"), "--backend-type", "pg"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: metadata.labels: the run\'s backend type cannot be pg for stack "etl-prod-eu.west": its schema name "terraform_remote_state_etl_prod_eu_west" would also be the stack "etl-prod-eu-west"\'s',
    );
  });
});
