/**
 * Writing a synthesized app into an output directory without ever leaving it half-written:
 * the app is synthesized into a sibling staging directory first; only when that succeeded is
 * each file moved into place (a rename, atomic on one file system). What Terraform keeps in a
 * stack directory (.terraform/, .terraform.lock.hcl, local state) is left alone; stacks that
 * were not synthesized this time are removed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Files cdktf writes into a stack directory; other entries there belong to Terraform or the user. */
const GENERATED = ["cdk.tf.json", "cdk.tf", "metadata.json", "assets"];

export interface WrittenOutput {
  /** Names of the stacks now in the output directory, sorted. */
  readonly stacks: string[];
}

export async function writeAtomically(
  outDir: string,
  synthesize: (stagingDir: string) => void | Promise<void>,
): Promise<WrittenOutput> {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.staging-`));
  try {
    await synthesize(staging);
    return commit(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function commit(staging: string, target: string): WrittenOutput {
  const stagedStacks = join(staging, "stacks");
  const stacks = existsSync(stagedStacks) ? readdirSync(stagedStacks).sort() : [];
  const targetStacks = join(target, "stacks");
  mkdirSync(targetStacks, { recursive: true });
  for (const stack of stacks) {
    const from = join(stagedStacks, stack);
    const to = join(targetStacks, stack);
    mkdirSync(to, { recursive: true });
    const produced = readdirSync(from);
    for (const entry of GENERATED.filter((name) => !produced.includes(name))) {
      rmSync(join(to, entry), { recursive: true, force: true });
    }
    for (const entry of produced) {
      const destination = join(to, entry);
      // A directory cannot be renamed over a non-empty one; files are replaced atomically.
      if (!isFile(join(from, entry))) rmSync(destination, { recursive: true, force: true });
      renameSync(join(from, entry), destination);
    }
  }
  for (const stale of readdirSync(targetStacks).filter((name) => !stacks.includes(name))) {
    rmSync(join(targetStacks, stale), { recursive: true, force: true });
  }
  for (const entry of readdirSync(staging).filter((name) => name !== "stacks")) {
    renameSync(join(staging, entry), join(target, entry));
  }
  return { stacks };
}

function isFile(path: string): boolean {
  return statSync(path).isFile();
}
