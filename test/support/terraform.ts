/**
 * Evaluating strings with a real `terraform` binary, to prove that what we write into
 * Terraform JSON comes out as the user's text. Needs no provider and no network: the
 * configurations hold only outputs, and state stays in the temporary directory.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./files";

/** Why Terraform cannot be used here, or undefined when `terraform version` runs. */
export function terraformUnavailable(): string | undefined {
  const probe = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (probe.error) return `terraform is not on PATH (${probe.error.message})`;
  if (probe.status !== 0) return `terraform version exited with ${probe.status}: ${probe.stderr}`;
  return undefined;
}

function terraform(dir: string, args: string[]): string {
  const run = spawnSync("terraform", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
  });
  if (run.error || run.status !== 0) {
    throw new Error(`terraform ${args.join(" ")} failed (${run.status}): ${run.error?.message ?? ""}\n${run.stderr}`);
  }
  return run.stdout;
}

/** `terraform init`, `apply` and `output -json` in a directory of configuration; the outputs' values. */
export function applyOutputs(dir: string): Record<string, unknown> {
  terraform(dir, ["init", "-input=false", "-no-color"]);
  terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
  const outputs = JSON.parse(terraform(dir, ["output", "-json", "-no-color"])) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

/**
 * What Terraform makes of strings written into Terraform JSON (each evaluated as an output's
 * value, as it would be as an argument of a resource).
 */
export function evaluateJsonStrings(strings: readonly string[]): string[] {
  const dir = tempDir("kubernetes-job-terraform-");
  const output = Object.fromEntries(strings.map((value, i) => [`s${i}`, { value }]));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ output }, null, 2));
  const values = applyOutputs(dir);
  return strings.map((_, i) => values[`s${i}`] as string);
}
