/**
 * Running any `terraform` command in a directory of configuration (init, apply, plan, fmt),
 * for tests that need more than the outputs of test/support/terraform.ts. No provider is
 * downloaded: the configurations use only what Terraform has built in (terraform_data).
 */
import { spawnSync } from "node:child_process";

export interface TerraformRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function terraformRun(dir: string, args: readonly string[]): TerraformRun {
  const run = spawnSync("terraform", [...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
  });
  return {
    status: run.error ? null : run.status,
    stdout: run.stdout ?? "",
    stderr: run.stderr ?? run.error?.message ?? "",
  };
}

/** Runs a command that must succeed; its standard output. */
export function terraformOk(dir: string, args: readonly string[]): string {
  const run = terraformRun(dir, args);
  if (run.status !== 0)
    throw new Error(`terraform ${args.join(" ")} failed (${run.status}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}
