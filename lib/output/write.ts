/**
 * Writing a synthesized app into an output directory without ever leaving it half-written:
 * the app is synthesized into a sibling staging directory first; only when that succeeded is
 * each file moved into place (a rename, atomic on one file system). What Terraform keeps in a
 * stack directory (.terraform/, .terraform.lock.hcl, local state) is left alone; stacks that
 * were not synthesized this time are removed.
 *
 * Two runs writing the same directory take turns: a lock file beside it (`.<dir>.lock`, holding
 * the writer's pid) makes the second wait. An interrupted run (the signal aborts it) commits
 * nothing; a killed one leaves only its staging directory, which the next writer removes.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Files cdktf writes into a stack directory; other entries there belong to Terraform or the user. */
const GENERATED = ["cdk.tf.json", "cdk.tf", "metadata.json", "assets"];

export interface WrittenOutput {
  /** Names of the stacks now in the output directory, sorted. */
  readonly stacks: string[];
}

export interface WriteOptions {
  /** Aborting it (on SIGINT, say) stops the run before anything is moved into place. */
  readonly signal?: AbortSignal;
  /** Called once when another run holds the directory and this one waits for it. */
  readonly onWait?: (pid: number) => void;
}

/** Thrown when the signal aborted a run; the output directory is as it was. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

export async function writeAtomically(
  outDir: string,
  synthesize: (stagingDir: string) => void | Promise<void>,
  options: WriteOptions = {},
): Promise<WrittenOutput> {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const release = await lock(join(parent, `.${basename(target)}.lock`), options);
  try {
    const prefix = `.${basename(target)}.staging-`;
    // Holding the lock, any staging directory left beside the output is a killed run's.
    for (const stale of readdirSync(parent).filter((name) => name.startsWith(prefix))) {
      rmSync(join(parent, stale), { recursive: true, force: true });
    }
    const staging = mkdtempSync(join(parent, prefix));
    try {
      await synthesize(staging);
      // Signals are handled between turns of the event loop: give a pending one its turn.
      await new Promise((done) => setImmediate(done));
      if (options.signal?.aborted) throw new Interrupted();
      return commit(staging, target);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    release();
  }
}

/** Takes the lock file, waiting while a live process holds it; returns its release. */
async function lock(path: string, options: WriteOptions): Promise<() => void> {
  let waited = false;
  let unreadableSince: number | undefined;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
    }
    const holder = Number(readFileSafe(path));
    if (!Number.isInteger(holder) || holder <= 0) {
      // Being written this instant, or left empty by a writer killed at that instant.
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 2000) unlinkSafe(path);
      await sleep(20);
      continue;
    }
    unreadableSince = undefined;
    if (!isAlive(holder)) {
      unlinkSafe(path);
      continue;
    }
    if (!waited) options.onWait?.(holder);
    waited = true;
    if (options.signal?.aborted) throw new Interrupted();
    await sleep(100);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function unlinkSafe(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Another waiter removed it first.
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
