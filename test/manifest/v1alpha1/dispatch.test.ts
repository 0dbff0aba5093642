/**
 * One loader for both dialects, chosen by apiVersion (lib/manifest/parse.ts): a v1alpha1 document
 * is checked by its own schema and rules, from the CLI's `validate` too; a first-dialect run never
 * loads the v1alpha1 modules (start-up, issue 14).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../support/cli";
import { EXAMPLES, PLANTON_EXAMPLES, ROOT } from "../../support/paths";
import { PLANTON_API_VERSION } from "../../../lib/manifest/v1alpha1/api-version";
import { MINIMAL_SPEC, plantonJob } from "./planton-job";

const HACK_MANIFEST = join(PLANTON_EXAMPLES, "v1alpha1", "hack-manifest.yaml");
const FULL_SURFACE = join(ROOT, "test", "fixtures", "v1alpha1", "full-surface.yaml");

describe("validate from the CLI", () => {
  test("Planton's hack manifest (the whole v1alpha1 surface) is valid, when ../shared/planton-examples is present", async () => {
    if (!existsSync(HACK_MANIFEST)) {
      console.log(
        `skipped: ${HACK_MANIFEST} not present (Planton's examples are beside the repository on some machines only)`,
      );
      expect(existsSync(HACK_MANIFEST)).toBe(false);
      return;
    }
    const run = await runCli(["validate", HACK_MANIFEST]);
    expect(run.stderr).not.toContain("error");
    expect(run.stdout).toContain("ok: ");
    expect(run.stdout).toContain("hack-job (namespace hack-job-ns)");
    expect(run.code).toBe(0);
  });

  test("our full-surface fixture is valid", async () => {
    const run = await runCli(["validate", FULL_SURFACE]);
    expect(run.stderr).not.toContain("error");
    expect(run.stdout).toContain("ledger-backfill");
    expect(run.code).toBe(0);
  });

  test("an invalid v1alpha1 manifest: its problem at file:line:column, exit code 1", async () => {
    const run = await runCli(["validate", "-"], plantonJob(MINIMAL_SPEC + "restartPolicy: Always\n"));
    expect(run.stderr).toContain(
      '<stdin>:13:18: error: spec.restartPolicy: "Always" is not allowed; allowed: Never, OnFailure (Always would restart completed containers, so the Job could never finish)',
    );
    expect(run.code).toBe(1);
  });

  test("an unknown apiVersion names both accepted versions", async () => {
    const run = await runCli(["validate", "-"], plantonJob().replace("v1alpha1", "v1beta1"));
    expect(run.stderr).toContain(
      '<stdin>:1:13: error: apiVersion: "kubernetes.planton.dev/v1beta1" is not supported: expected kubernetes.project-planton.org/v1 or kubernetes.planton.dev/v1alpha1',
    );
    expect(run.code).toBe(1);
  });
});

describe("an unknown apiVersion", () => {
  test.each([
    ["kubernetes.planton.dev/v1", "kubernetes.planton.dev/v1alpha1"],
    ["kubernetes.project-planton.org/v1alpha1", "kubernetes.project-planton.org/v1alpha1"],
  ])(
    "on a manifest written for the current API (%s) is reported, and the rest checked as v1alpha1",
    async (version, replaced) => {
      const text = plantonJob(MINIMAL_SPEC + "parallelism: -1\n").replace(PLANTON_API_VERSION, version);
      expect(text).toContain(replaced === PLANTON_API_VERSION ? version : replaced);
      const run = await runCli(["validate", "-"], text);
      expect(run.stderr.trim().split("\n")).toEqual([
        `<stdin>:1:13: error: apiVersion: "${version}" is not supported: expected kubernetes.project-planton.org/v1 or kubernetes.planton.dev/v1alpha1`,
        "<stdin>:13:16: error: spec.parallelism: -1 is too small; the minimum is 0",
      ]);
      expect(run.code).toBe(1);
    },
  );
});

describe("start-up", () => {
  // Spawns the built CLI modules (npm test builds first): only a fresh process shows what loads.
  const loadedAfter = (file: string) => {
    const script = `
      const { loadManifests } = require(${JSON.stringify(join(ROOT, "dist", "lib", "manifest", "load.js"))});
      const load = loadManifests([${JSON.stringify(file)}], {});
      const loaded = Object.keys(require.cache).filter((path) => path.includes("v1alpha1")).map((path) => path.split(/[\\\\/]/).pop());
      process.stdout.write(JSON.stringify({ ok: load.ok, loaded: loaded.sort() }));
    `;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    return JSON.parse(child.stdout) as { ok: boolean; loaded: string[] };
  };

  test("a first-dialect run loads none of the v1alpha1 modules but the apiVersion constant", () => {
    expect(loadedAfter(join(EXAMPLES, "hello-world.yaml"))).toEqual({ ok: true, loaded: ["api-version.js"] });
  });

  test("a v1alpha1 document loads them", () => {
    const after = loadedAfter(FULL_SURFACE);
    expect(after.ok).toBe(true);
    expect(after.loaded).toEqual(expect.arrayContaining(["schema.js", "validate.js", "workload.js"]));
  });
});
