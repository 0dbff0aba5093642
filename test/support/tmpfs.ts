/** A file system of its own (tmpfs, optionally small) for a test; skipped, saying why, where mounting is not allowed. */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./files";

export async function withTmpfs(
  options: { size?: string; exercises: string },
  body: (mount: string) => void | Promise<void>,
): Promise<void> {
  const mount = join(tempDir(), "mnt");
  mkdirSync(mount);
  const sizeOptions = options.size ? ["-o", `size=${options.size}`] : [];
  const mounted = spawnSync("mount", ["-t", "tmpfs", ...sizeOptions, "none", mount]);
  if (mounted.status !== 0) {
    console.log(`cannot mount a tmpfs here (${String(mounted.stderr).trim()}): ${options.exercises} is not exercised`);
    return;
  }
  try {
    await body(mount);
  } finally {
    spawnSync("umount", [mount]);
  }
}
