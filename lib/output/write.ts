/**
 * Writing a synthesized app into an output directory, all or nothing, touching only what is ours.
 *
 * Holding the directory's lock, a run first puts back the earlier output if a previous commit was
 * killed half-way; then it synthesizes into a staging directory inside the output's own
 * `.kubernetes-job/` (the same file system, so every move is a rename); then it plans the moves,
 * refusing before anything moves when a file in the way is not ours or a retired stack's state
 * still holds resources; then it commits them through a journal (lib/output/journal.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError } from "../diagnostics";
import { isRealDirectory, lexists, makeDirectories, physicalPath } from "../paths";
import { commit, JOURNAL, realFs, recoverOutput, type CommitFs, type Operation } from "./journal";
import { acquireLock, type Lock } from "./lock";
import type { OwnFile, PreviousOutput } from "../incremental/cache";
import {
  GENERATED,
  readOwnership,
  RECORD,
  retiredState,
  serializeRecord,
  SYNTH_LAYOUT,
  TOOL_DIR,
  type OutputLayout,
  type OutputRecord,
  type RetiredStack,
} from "./ownership";

export interface WrittenOutput {
  /** Names of the stacks now in the output directory, sorted. */
  readonly stacks: string[];
  /** Names of the top-level files now in the output directory (render's files), sorted. */
  readonly files: string[];
  /** Stacks of the previous output that this run no longer has; their files were removed. */
  readonly retired: RetiredStack[];
}

export interface WriteOptions {
  /** Aborting it (on SIGINT, say) stops the run before anything is moved into place. */
  readonly signal?: AbortSignal;
  /** Called once when another run holds the directory and this one waits for it. */
  readonly onWait?: (pid: number, host: string) => void;
  /** How long to wait for another run's lock. @default 10 minutes */
  readonly lockTimeoutMs?: number;
  /** Retire stacks whose local state still holds resources (their state files are kept). */
  readonly prune?: boolean;
  /** File operations of the commit (tests inject failures). */
  readonly fs?: CommitFs;
  /** What the command writes. @default synth's layout */
  readonly layout?: OutputLayout;
  /**
   * Called with the stacks this run would retire, before anything is moved into place; throwing
   * leaves the output directory as it was (--strict refuses a run that would warn here).
   */
  readonly beforeCommit?: (retired: readonly RetiredStack[]) => void;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60_000;

/** Thrown when the signal aborted a run; the output directory is as it was. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

/** What a synthesis staged besides its files, for an incremental run (lib/incremental/). */
export interface StagedOutput {
  /** Stacks of the previous output whose files stay as they are: name -> its generated entries. */
  readonly kept?: ReadonlyMap<string, readonly string[]>;
  /** Files of the output's own directory committed with the output (the cache). */
  readonly ownFiles?: readonly OwnFile[];
}

/**
 * `synthesize` writes the output into the directory it is given (all of it, but for the stacks it
 * says it kept); `refresh` keeps the lock alive during a long synthesis; `previous` is the output
 * there, read holding the lock.
 */
export async function writeAtomically(
  outDir: string,
  synthesize: (
    stagingDir: string,
    refresh: () => void,
    previous: PreviousOutput,
  ) => void | StagedOutput | Promise<void | StagedOutput>,
  options: WriteOptions = {},
): Promise<WrittenOutput> {
  const target = physicalPath(outDir);
  const layout = options.layout ?? SYNTH_LAYOUT;
  // Refuse a directory that is not ours before putting anything of ours into it.
  readOwnership(target, outDir, layout);
  const created = [...makeDirectories(target), ...makeDirectories(join(target, TOOL_DIR))];
  let lock: Lock | undefined;
  let run: string | undefined;
  let failed = true;
  try {
    lock = await acquireLock(join(target, TOOL_DIR, "lock"), {
      timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      onWait: options.onWait,
      signal: options.signal,
      shownAs: outDir,
    }).catch((cause: unknown) => {
      if (options.signal?.aborted) throw new Interrupted();
      throw cause;
    });
    const fs = options.fs ?? realFs;
    recoverOutput(target, TOOL_DIR, fs, layout);
    // Holding the lock, any run directory left is a killed run's.
    for (const stale of readdirSync(join(target, TOOL_DIR)).filter((name) => name.startsWith("run-"))) {
      rmSync(join(target, TOOL_DIR, stale), { recursive: true, force: true });
    }
    const record = readOwnership(target, outDir, layout);
    run = mkdtempSync(join(target, TOOL_DIR, "run-"));
    const staging = join(run, "out");
    mkdirSync(staging);
    const recorded = lexists(join(target, TOOL_DIR, RECORD));
    const staged = (await synthesize(staging, lock.refresh, { dir: target, record, recorded })) ?? {};
    // Signals are handled between turns of the event loop: give a pending one its turn.
    await new Promise((done) => setImmediate(done));
    if (options.signal?.aborted) throw new Interrupted();
    const plan = planCommit(target, relative(target, run), record, options.prune ?? false, layout, staged);
    options.beforeCommit?.(plan.retired);
    writeFileSync(join(run, RECORD), serializeRecord(plan.record, layout));
    for (const own of staged.ownFiles ?? []) writeFileSync(join(run, own.name), own.text, { mode: own.mode });
    lock.verify();
    commit(target, TOOL_DIR, plan.operations, fs);
    failed = false;
    return {
      stacks: [...plan.record.stacks.keys()].sort(),
      files: [...plan.record.files].sort(),
      retired: plan.retired,
    };
  } catch (cause) {
    // Some file system errors (a full disk while writing) do not say where: it was the output.
    const error = cause as NodeJS.ErrnoException;
    if (typeof error?.code === "string" && error.path === undefined) error.path = outDir;
    throw cause;
  } finally {
    // A journal left means the rollback itself failed: its backups are what the next run restores.
    const pending = lexists(join(target, TOOL_DIR, JOURNAL));
    if (run && !pending) rmSync(run, { recursive: true, force: true });
    lock?.release();
    // A run that failed before any run succeeded there leaves no directory of its own behind.
    if (failed && !pending && !lexists(join(target, TOOL_DIR, RECORD))) removeEmpty(target, created);
  }
}

/**
 * Puts back what a killed run left half-committed in `outDir` (its journal), holding the lock, so
 * that a run that goes on to write nothing (its manifests are invalid) leaves the directory as the
 * last complete run left it. A killed first run leaves nothing of its own behind.
 */
export async function recoverKilledRun(outDir: string, options: WriteOptions = {}): Promise<void> {
  const target = physicalPath(outDir);
  if (!lexists(join(target, TOOL_DIR, JOURNAL)) || !isRealDirectory(join(target, TOOL_DIR))) return;
  const lock = await acquireLock(join(target, TOOL_DIR, "lock"), {
    timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    onWait: options.onWait,
    signal: options.signal,
    shownAs: outDir,
  });
  try {
    recoverOutput(target, TOOL_DIR, options.fs ?? realFs, options.layout ?? SYNTH_LAYOUT);
    for (const stale of readdirSync(join(target, TOOL_DIR)).filter((name) => name.startsWith("run-"))) {
      rmSync(join(target, TOOL_DIR, stale), { recursive: true, force: true });
    }
  } finally {
    lock.release();
  }
  if (!lexists(join(target, TOOL_DIR, RECORD))) removeEmpty(target, []);
}

/** Removes synth's own directory and the directories this run created, as far as they are empty. */
function removeEmpty(target: string, created: readonly string[]): void {
  for (const dir of new Set([join(target, TOOL_DIR), ...[...created].reverse()])) {
    try {
      rmdirSync(dir);
    } catch {
      // Something is in it (another run's lock, say): then it and its parents stay.
      return;
    }
  }
}

interface CommitPlan {
  readonly operations: Operation[];
  readonly record: OutputRecord;
  readonly retired: RetiredStack[];
}

/**
 * The moves that turn the previous output into the staged one. Refuses (before anything moves)
 * to replace an entry we did not write, or to retire a stack whose local state holds resources.
 */
function planCommit(
  target: string,
  run: string,
  previous: OutputRecord,
  prune: boolean,
  layout: OutputLayout,
  staged: StagedOutput = {},
): CommitPlan {
  const kept = staged.kept ?? new Map<string, readonly string[]>();
  const staging = join(run, "out");
  const operations: Operation[] = [];
  const problems: string[] = [];
  const backupDirs = new Set<string>();
  const backupPath = (path: string) => join(run, "backup", path);
  /** Where an entry that is moved out of the way goes; its directory is made before the commit. */
  const backup = (path: string) => {
    backupDirs.add(join(target, run, "backup", path, ".."));
    return backupPath(path);
  };
  const place = (path: string, owned: boolean) => {
    const existed = lexists(join(target, path));
    if (existed && !owned)
      problems.push(`${path} is in the way and was not written by kubernetes-job ${layout.command}`);
    // A directory where a file of ours was is not ours, whatever the record says (found by review 4).
    else if (existed && isRealDirectory(join(target, path))) problems.push(`${path} is in the way and is not a file`);
    // Nothing moves out of the way of a new entry: no backup directory is made for it (a
    // directory per new stack was a tenth of a large run's time).
    const to = existed ? backup(path) : backupPath(path);
    operations.push({ op: "place", from: join(staging, path), to: path, existed, backup: to });
  };

  const top = readdirSync(join(target, staging)).filter((name) => name !== "stacks");
  const unknownTop = top.filter((name) => !layout.isTopLevel(name));
  if (unknownTop.length > 0) {
    throw new Error(`${layout.command} wrote ${unknownTop.join(", ")}, which it does not know`);
  }
  const stacks = lexists(join(target, staging, "stacks")) ? readdirSync(join(target, staging, "stacks")).sort() : [];
  for (const name of top) place(name, previous.files.includes(name));
  // Top-level files of an earlier run that this one did not write (render's files of gone stacks).
  for (const name of previous.files.filter((name) => !top.includes(name))) {
    if (lexists(join(target, name))) operations.push({ op: "remove", path: name, backup: backup(name) });
  }
  if (layout.command === "synth" || stacks.length > 0) {
    if (!lexists(join(target, "stacks"))) operations.push({ op: "mkdir", path: "stacks" });
    else if (!isRealDirectory(join(target, "stacks"))) problems.push("stacks is in the way and is not a directory");
  }

  const written = new Map<string, string[]>();
  for (const name of stacks) {
    const dir = join("stacks", name);
    const isNew = !lexists(join(target, dir));
    if (!isNew && !isRealDirectory(join(target, dir))) problems.push(`${dir} is in the way and is not a directory`);
    const produced = readdirSync(join(target, staging, dir)).sort();
    const unknown = produced.filter((entry) => !GENERATED.includes(entry));
    if (unknown.length > 0)
      throw new Error(`synthesis wrote ${unknown.join(", ")} into stack ${name}, which synth does not know`);
    if (isNew) {
      // A new stack's staged directory moves into place whole: one rename, where a directory made
      // here, a move per file and the staged directory's removal cost a large run seconds.
      operations.push({ op: "placeDir", from: join(staging, dir), to: dir });
      written.set(name, produced);
      continue;
    }
    const owned = previous.stacks.get(name) ?? [];
    for (const entry of produced) place(join(dir, entry), owned.includes(entry));
    for (const entry of owned.filter((entry) => !produced.includes(entry))) {
      if (lexists(join(target, dir, entry)))
        operations.push({ op: "remove", path: join(dir, entry), backup: backup(join(dir, entry)) });
    }
    written.set(name, produced);
  }
  // A kept stack's files stay where they are: nothing to move, and still ours.
  for (const [name, entries] of kept) {
    if (written.has(name)) throw new Error(`stack ${name} was both kept and synthesized`);
    written.set(name, [...entries]);
  }

  const retired: RetiredStack[] = [];
  for (const name of [...previous.stacks.keys()].filter((name) => !written.has(name)).sort()) {
    const dir = join("stacks", name);
    if (!isRealDirectory(join(target, "stacks")) || !isRealDirectory(join(target, dir))) {
      // Replaced by a link or a file since synth wrote it: what is there now is not ours.
      retired.push({ name, leftAlone: true });
      continue;
    }
    const { retired: stack, heldBy } = retiredState(target, name);
    if (heldBy.length > 0 && !prune) {
      problems.push(
        `stack ${name} is no longer synthesized (its manifest is gone, or its metadata.name or metadata.env changed), ` +
          `but its state ${heldBy.join(", ")} still holds resources. Destroy them first ` +
          `(terraform -chdir=${join(target, dir)} destroy), or move them to the new stack's state (terraform state mv), ` +
          `or pass --prune to retire the stack anyway (its state is kept; its resources stay in the cluster, unmanaged)`,
      );
    }
    retired.push(stack);
    const ours = (previous.stacks.get(name) ?? []).filter((entry) => lexists(join(target, dir, entry)));
    for (const entry of ours)
      operations.push({ op: "remove", path: join(dir, entry), backup: backup(join(dir, entry)) });
    let left: string[] = [];
    try {
      left = readdirSync(join(target, dir)).filter((entry) => !ours.includes(entry));
    } catch {
      continue;
    }
    if (left.length === 0) operations.push({ op: "rmdir", path: dir });
  }
  if (problems.length > 0) {
    throw new UserError(`nothing was written to ${target}:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
  operations.push({
    op: "place",
    from: join(run, RECORD),
    to: join(TOOL_DIR, RECORD),
    existed: lexists(join(target, TOOL_DIR, RECORD)),
    backup: backup(RECORD),
  });
  for (const own of staged.ownFiles ?? []) {
    operations.push({
      op: "place",
      from: join(run, own.name),
      to: join(TOOL_DIR, own.name),
      existed: lexists(join(target, TOOL_DIR, own.name)),
      backup: backup(own.name),
    });
  }
  // Made last: the record and the cache move out of the way into backup/ too, and were the only
  // ones to when nothing else was replaced (manifest.json deleted by hand: found by review 14).
  for (const dir of backupDirs) mkdirSync(dir, { recursive: true });
  return { operations, record: { files: top, stacks: written }, retired };
}
