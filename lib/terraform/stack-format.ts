/**
 * One Terraform format per stack directory, for the cdktf app. cdktf writes `cdk.tf.json`, or with
 * `--hcl` (SYNTH_HCL_OUTPUT) `cdk.tf` and `metadata.json`, and never removes the other format's
 * files: after `npx cdktf synth` and then `npx cdktf synth --hcl`, Terraform would read both
 * configurations of the stack and fail on duplicate definitions. `kubernetes-job synth` keeps its
 * own record of what it wrote (lib/output); the app goes by what cdktf itself leaves behind.
 */
import { lstatSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readOwnFile } from "../output/own-files";

export type StackFormat = "json" | "hcl";

/** The files cdktf writes into a stack directory in each format. */
const FILES: Record<StackFormat, readonly string[]> = { json: ["cdk.tf.json"], hcl: ["cdk.tf", "metadata.json"] };

function readJson(path: string): unknown {
  const file = readOwnFile(path);
  if (!("text" in file)) return undefined;
  try {
    return JSON.parse(file.text);
  } catch {
    return undefined;
  }
}

/**
 * Before synthesis: the format each stack was last written in, as the previous manifest.json
 * records it (`synthesizedStackPath`). Only the two paths cdktf writes count: the file is never
 * trusted to name a path to remove.
 */
export function formatsWrittenBefore(outdir: string): Map<string, StackFormat> {
  const manifest = readJson(join(outdir, "manifest.json")) as
    | { stacks?: Record<string, { synthesizedStackPath?: unknown }> }
    | undefined;
  const formats = new Map<string, StackFormat>();
  for (const [name, stack] of Object.entries(manifest?.stacks ?? {})) {
    const path = stack?.synthesizedStackPath;
    if (path === `stacks/${name}/cdk.tf.json`) formats.set(name, "json");
    else if (path === `stacks/${name}/cdk.tf`) formats.set(name, "hcl");
  }
  return formats;
}

/**
 * cdktf's metadata for this stack (`"//".metadata.stackName`), which it writes into cdk.tf.json
 * and, with --hcl, into metadata.json beside cdk.tf: the other format's files are cdktf's then,
 * even when no manifest.json records them (a directory left by an earlier version of the app).
 */
function holdsCdktfMetadata(stackDir: string, format: StackFormat, name: string): boolean {
  const json = readJson(join(stackDir, format === "json" ? "cdk.tf.json" : "metadata.json")) as
    | { "//"?: { metadata?: { stackName?: unknown } } }
    | undefined;
  return json?.["//"]?.metadata?.stackName === name;
}

/**
 * After synthesis in `format`: removes each stack's files of the other format that cdktf wrote
 * (by the previous manifest.json or by their metadata). Anything else is left alone: a user's
 * `cdk.tf` with no sign of cdktf, their own `.tf` files, links.
 */
export function removeOtherFormat(
  outdir: string,
  stacks: readonly string[],
  format: StackFormat,
  before: ReadonlyMap<string, StackFormat>,
): void {
  const other: StackFormat = format === "json" ? "hcl" : "json";
  for (const name of stacks) {
    const stackDir = join(outdir, "stacks", name);
    if (before.get(name) !== other && !holdsCdktfMetadata(stackDir, other, name)) continue;
    for (const file of FILES[other]) {
      const path = join(stackDir, file);
      // Only a regular file: a link or a directory of that name is not what cdktf wrote.
      if (lstatSync(path, { throwIfNoEntry: false })?.isFile()) rmSync(path, { force: true });
    }
  }
}
