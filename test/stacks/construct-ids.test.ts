/**
 * A Job's name is its construct id in the stack, beside the stack's own provider, backend and
 * outputs; and a stack's name is its construct id in the App. Every valid name must synthesize,
 * with the Terraform addresses the README documents (`kubernetes_job_v1.<name>`, ...).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { manifest, manifestInput } from "../support/manifest";
import type { Json } from "../support/terraform-json";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";

/** Names the stack, the App or cdktf use as construct ids, and the words of the outputs. */
const NAMES = [
  "backend",
  "namespace",
  "kubernetes",
  "constructor",
  "provider",
  "output",
  "job",
  "revision",
  "deadline",
];

/** Synthesizes one manifest through the CLI with extra flags; the run and the stack's JSON. */
async function synthNamed(name: string, flags: string[] = [], spec: Record<string, unknown> = {}) {
  const dir = tempDir();
  writeFiles(dir, { "job.json": JSON.stringify(manifestInput(spec, { name }), null, 2) });
  const out = join(dir, "out");
  const run = await runCli(["synth", join(dir, "job.json"), "--out", out, "--state-dir", dir, ...flags]);
  const read = (file: string) => readFileSync(join(out, "stacks", name, file), "utf8");
  return { run, out, read };
}

/** The parts of a stack that the README documents, for a Job named `name`. */
function expectDocumentedStack(json: Json, name: string): void {
  expect(Object.keys(json.resource.kubernetes_job_v1)).toEqual([name]);
  expect(Object.keys(json.resource.kubernetes_service_account_v1)).toEqual([name]);
  expect(Object.keys(json.resource.terraform_data)).toEqual([`${name}_deadline`, `${name}_revision`]);
  expect(json.output).toEqual({
    namespace: { value: "reports" },
    job_name: { value: `\${kubernetes_job_v1.${name}.metadata[0].name}` },
    service_account_name: { value: `\${kubernetes_service_account_v1.${name}.metadata[0].name}` },
  });
  expect(json.provider).toEqual({ kubernetes: [{}] });
}

describe("a Job named like one of the stack's own constructs", () => {
  test.each(NAMES)("%s synthesizes through the CLI (exit 0), with the documented addresses", async (name) => {
    const { run, read } = await synthNamed(name);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const json = JSON.parse(read("cdk.tf.json"));
    expectDocumentedStack(json, name);
    expect(json.terraform.backend).toEqual({ local: { path: `../../../terraform.${name}.tfstate` } });
    expect(json["//"].metadata.stackName).toBe(name);
  });

  test.each(NAMES)("%s synthesizes with a cloud backend, a created namespace and --hcl (exit 0)", async (name) => {
    const { run, read } = await synthNamed(name, ["--backend-type", "cloud", "--backend-object", "acme", "--hcl"], {
      createNamespace: true,
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const hcl = read("cdk.tf");
    expect(hcl).toContain(`resource "kubernetes_job_v1" "${name}" {`);
    expect(hcl).toContain(`resource "kubernetes_namespace_v1" "${name}" {`);
    expect(hcl).toContain(`    workspaces {\n      name = "${name}"\n    }`);
    expect(hcl).toContain('output "namespace" {\n  value = kubernetes_namespace_v1.');
  });

  test.each(NAMES)("%s synthesizes as a stack without deployment settings (cdktf's default backend)", (name) => {
    // GIVEN a stack built without settings, as a cdktf app of one's own would
    const outdir = tempDir();
    const app = new App({ outdir });
    new KubernetesJobStack(app, name, { manifest: manifest({}, { name }) });

    // WHEN the App synthesizes it (cdktf adds its local backend then)
    app.synth();

    // THEN the stack is the documented one, with cdktf's default local state
    const json = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    expectDocumentedStack(json, name);
    expect(json.terraform.backend).toEqual({ local: { path: join(process.cwd(), `terraform.${name}.tfstate`) } });
  });

  test("constructor synthesizes in one App beside other stacks, as npx cdktf synth builds them", () => {
    const app = Testing.app();
    for (const name of ["hello", "constructor", "backend"]) {
      new KubernetesJobStack(app, name, { manifest: manifest({}, { name }) });
    }
    const stacks = app.node.children.map((child) => child.node.id);
    expect(stacks).toEqual(["hello", "constructor", "backend"]);
    expectDocumentedStack(
      JSON.parse(Testing.synth(app.node.findChild("constructor") as KubernetesJobStack)),
      "constructor",
    );
  });

  test("keeps the outputs of a Job named namespace in manifest.json's stack metadata", async () => {
    const { run, read } = await synthNamed("namespace");
    expect(run.code).toBe(0);
    const outputs = JSON.parse(read("cdk.tf.json"))["//"].outputs;
    // Nested one level deeper than for other names, under the stack's Outputs scope.
    expect(outputs).toEqual({
      namespace: {
        Outputs: { namespace: "namespace", job_name: "job_name", service_account_name: "service_account_name" },
      },
    });
  });
});

describe("names that cannot be a Job's", () => {
  test.each(["job_name", "service_account_name"])(
    "%s is refused as metadata.name (exit 1), not a crash",
    async (name) => {
      const { run } = await synthNamed(name);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `error: metadata.name: "${name}" must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
      );
    },
  );
});
