import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./support/cli";
import { entries, tempDir } from "./support/files";
import { EXAMPLES, PLANTON_EXAMPLES } from "./support/paths";

const manifestFiles = (dir: string) =>
  readdirSync(dir)
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort();

/** Synthesizes manifests with `kubernetes-job synth` into a new directory; the stacks' directory. */
async function synthesize(paths: string[]): Promise<string> {
  const out = join(tempDir(), "out");
  const run = await runCli(["synth", ...paths, "--out", out]);
  expect({ code: run.code, errors: run.stderr.split("\n").filter((line) => /error/.test(line)) }).toEqual({
    code: 0,
    errors: [],
  });
  return join(out, "stacks");
}

describe("examples/", () => {
  const files = manifestFiles(EXAMPLES);

  test("holds the five documented examples", () => {
    expect(files).toEqual([
      "hello-world.yaml",
      "report-with-volumes.yaml",
      "schema-migration.yaml",
      "shard-reindex.yaml",
      "thumbnail-fanout.yaml",
    ]);
  });

  test.each(files)("%s synthesizes to the Terraform JSON in the snapshot", async (file) => {
    // GIVEN one example, synthesized alone
    const stacks = await synthesize([join(EXAMPLES, file)]);
    const [stack] = entries(stacks);
    expect(entries(stacks)).toEqual([stack]);
    const config = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));

    // THEN the local state file is named after the stack, in a directory that depends on the machine...
    expect(config.terraform.backend.local.path).toMatch(new RegExp(`(^|/)terraform\\.${stack}\\.tfstate$`));
    config.terraform.backend.local.path = `<state directory>/terraform.${stack}.tfstate`;

    // ...and the rest is what the snapshot holds
    expect(config).toMatchSnapshot();
  });
});

describe("examples/v1alpha1/ (the current Planton API)", () => {
  const dir = join(EXAMPLES, "v1alpha1");
  const files = manifestFiles(dir);

  test("holds the three examples of the current API", () => {
    expect(files).toEqual([
      "hardened-migration.yaml",
      "indexed-per-index-limits.yaml",
      "nightly-export-with-sidecar.yaml",
    ]);
  });

  test.each(files)("%s is a valid kubernetes.planton.dev/v1alpha1 manifest", async (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    expect(text).toContain("\napiVersion: kubernetes.planton.dev/v1alpha1\n");
    const run = await runCli(["validate", join(dir, file)]);
    expect({ code: run.code, errors: run.stderr.split("\n").filter((line) => /error/.test(line)) }).toEqual({
      code: 0,
      errors: [],
    });
    expect(run.stdout).toContain("1 manifest checked: 1 valid, 0 invalid");
  });
});

/** The parts of a synthesized kubernetes_job_v1 spec these tests read. */
interface SynthesizedJobSpec {
  template: {
    spec: {
      container: { name: string }[];
      init_container?: { name: string }[];
      service_account_name?: string;
      automount_service_account_token?: boolean;
    };
  };
  pod_failure_policy?: { rule: { action: string }[] };
}

describe("examples/v1alpha1/ synthesize (typed engine)", () => {
  const dir = join(EXAMPLES, "v1alpha1");
  /** The one kubernetes_job_v1 of an example's stack, and the resource types beside it. */
  async function synthesized(file: string) {
    const stacks = await synthesize([join(dir, file)]);
    const [stack] = entries(stacks);
    const config = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));
    const jobs = Object.values(config.resource.kubernetes_job_v1) as { spec: SynthesizedJobSpec }[];
    expect(jobs).toHaveLength(1);
    return { types: Object.keys(config.resource).sort(), spec: jobs[0].spec };
  }

  test("nightly-export-with-sidecar.yaml: the app, the sidecar and the init container; no ServiceAccount", async () => {
    const { types, spec } = await synthesized("nightly-export-with-sidecar.yaml");
    expect(types).not.toContain("kubernetes_service_account_v1");
    expect(spec.template.spec.container.map((container) => container.name)).toEqual(["app", "uploader"]);
    expect(spec.template.spec.init_container?.map((container) => container.name)).toEqual(["wait-for-db"]);
  });

  test("hardened-migration.yaml: runs as the ServiceAccount it names, with its pod failure policy", async () => {
    const { types, spec } = await synthesized("hardened-migration.yaml");
    expect(types).not.toContain("kubernetes_service_account_v1");
    expect(spec.template.spec.service_account_name).toBe("orders-migrator");
    expect(spec.template.spec.automount_service_account_token).toBe(false);
    expect(spec.pod_failure_policy?.rule).toHaveLength(2);
  });

  test("indexed-per-index-limits.yaml: per-index limits and a FailIndex rule", async () => {
    const { spec } = await synthesized("indexed-per-index-limits.yaml");
    expect(spec).toMatchObject({ completion_mode: "Indexed", backoff_limit_per_index: 2, max_failed_indexes: 3 });
    expect(spec.pod_failure_policy?.rule).toEqual([expect.objectContaining({ action: "FailIndex" })]);
  });
});

describe("Planton's own examples", () => {
  test("each synthesizes when ../shared/planton-examples is present", async () => {
    if (!existsSync(PLANTON_EXAMPLES)) {
      console.log("skipped: ../shared/planton-examples not present");
      expect(existsSync(PLANTON_EXAMPLES)).toBe(false);
      return;
    }
    // One run per file: Planton's examples reuse names (hello-world) across files.
    const files = manifestFiles(PLANTON_EXAMPLES);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const stacks = await synthesize([join(PLANTON_EXAMPLES, file)]);
      const [stack] = entries(stacks);
      expect({ file, stacks: entries(stacks) }).toEqual({ file, stacks: [stack] });
      const config = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));
      expect({ file, jobs: Object.keys(config.resource.kubernetes_job_v1).length }).toEqual({ file, jobs: 1 });
    }
  });
});
