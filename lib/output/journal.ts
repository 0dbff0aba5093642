/**
 * Moving a staged output into place so that the earlier output can always be put back. The moves
 * are written to a journal first; each replaced or removed entry is moved into a backup
 * directory, not deleted. Deleting the journal is the commit point. A commit that fails half-way
 * is rolled back at once; one that was killed (SIGKILL, power loss) is rolled back by the next
 * run, which finds the journal before it does anything else.
 */
import * as nodeFs from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics";
import { lexists } from "../paths";
import { ownFileText } from "./own-files";
import {
  CACHE_FILE,
  CACHE_KEY_FILE,
  GENERATED,
  JOURNAL,
  RECORD,
  SYNTH_LAYOUT,
  TOOL_DIR,
  type OutputLayout,
} from "./ownership";

/** The file operations of a commit; tests replace them to inject failures and crashes. */
export interface CommitFs {
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
  mkdirSync(path: string): void;
  rmdirSync(path: string): void;
  writeFileSync(path: string, data: string): void;
  existsSync(path: string): boolean;
}

export const realFs: CommitFs = {
  renameSync: nodeFs.renameSync,
  rmSync: nodeFs.rmSync,
  mkdirSync: (path) => nodeFs.mkdirSync(path),
  rmdirSync: nodeFs.rmdirSync,
  writeFileSync: (path, data) => {
    const fd = nodeFs.openSync(path, "w", 0o644);
    try {
      nodeFs.writeSync(fd, data);
      nodeFs.fsyncSync(fd);
    } finally {
      nodeFs.closeSync(fd);
    }
  },
  // lstat: a dangling symlink exists too.
  existsSync: lexists,
};

/** One step of a commit; paths are relative to the output directory. */
export type Operation =
  /** Put a staged entry at `to`; what was there (if `existed`) goes to `backup`. */
  | {
      readonly op: "place";
      readonly from: string;
      readonly to: string;
      readonly existed: boolean;
      readonly backup: string;
    }
  /** Move an entry we wrote earlier out of the way, into `backup`. */
  | { readonly op: "remove"; readonly path: string; readonly backup: string }
  /** Put a staged stack directory holding only generated files where there was none. */
  | { readonly op: "placeDir"; readonly from: string; readonly to: string }
  /** Create a directory that did not exist. */
  | { readonly op: "mkdir"; readonly path: string }
  /** Remove a directory left empty. */
  | { readonly op: "rmdir"; readonly path: string };

export { JOURNAL };

/** Carries out a commit; on failure it is rolled back and the error rethrown. */
export function commit(outDir: string, toolDir: string, operations: readonly Operation[], fs: CommitFs = realFs): void {
  const journal = join(outDir, toolDir, JOURNAL);
  const temporary = `${journal}.new`;
  fs.writeFileSync(temporary, JSON.stringify({ operations }));
  fs.renameSync(temporary, journal);
  try {
    for (const operation of operations) apply(outDir, operation, fs);
    // The commit point: once the journal is gone, the new output is the output.
    fs.rmSync(journal, { recursive: false, force: true });
  } catch (cause) {
    // Failed before the commit point (the journal is still there): put the earlier output back.
    const failure = rollBack(outDir, operations, fs);
    if (failure === undefined) {
      fs.rmSync(journal, { recursive: false, force: true });
      throw cause;
    }
    const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
    throw new UserError(
      `${reason(cause)}; putting the earlier output back failed too (${reason(failure)}): ` +
        `fix that, and the next synth into ${outDir} puts it back before anything else`,
    );
  }
}

function apply(outDir: string, operation: Operation, fs: CommitFs): void {
  const at = (path: string) => join(outDir, path);
  switch (operation.op) {
    case "place":
      if (operation.existed) fs.renameSync(at(operation.to), at(operation.backup));
      fs.renameSync(at(operation.from), at(operation.to));
      return;
    case "remove":
      fs.renameSync(at(operation.path), at(operation.backup));
      return;
    case "placeDir":
      fs.renameSync(at(operation.from), at(operation.to));
      return;
    case "mkdir":
      fs.mkdirSync(at(operation.path));
      return;
    case "rmdir":
      fs.rmdirSync(at(operation.path));
      return;
  }
}

/**
 * Undoes whatever part of the operations was done; safe to run again after a crash in it. Each
 * step is tried even when an earlier one failed; returns the first failure, if any.
 */
function rollBack(outDir: string, operations: readonly Operation[], fs: CommitFs): unknown {
  const at = (path: string) => join(outDir, path);
  let failure: unknown;
  for (const operation of [...operations].reverse()) {
    try {
      undo(operation, at, fs);
    } catch (cause) {
      failure ??= cause;
    }
  }
  return failure;
}

function undo(operation: Operation, at: (path: string) => string, fs: CommitFs): void {
  switch (operation.op) {
    case "place":
      if (fs.existsSync(at(operation.backup))) {
        fs.rmSync(at(operation.to), { recursive: true, force: true });
        fs.renameSync(at(operation.backup), at(operation.to));
      } else if (!operation.existed && !fs.existsSync(at(operation.from))) {
        fs.rmSync(at(operation.to), { recursive: true, force: true });
      }
      return;
    case "remove":
      if (fs.existsSync(at(operation.backup))) fs.renameSync(at(operation.backup), at(operation.path));
      return;
    case "placeDir":
      // Moved (it is no longer staged): its generated files go, and it goes if nothing else came
      // into it since (a state file, say), as a directory made by "mkdir" would.
      if (!fs.existsSync(at(operation.from)) && fs.existsSync(at(operation.to))) {
        for (const entry of GENERATED) fs.rmSync(join(at(operation.to), entry), { recursive: true, force: true });
        removeIfEmpty(at(operation.to), fs);
      }
      return;
    case "mkdir":
      if (fs.existsSync(at(operation.path))) removeIfEmpty(at(operation.path), fs);
      return;
    case "rmdir":
      if (!fs.existsSync(at(operation.path))) fs.mkdirSync(at(operation.path));
      return;
  }
}

function removeIfEmpty(path: string, fs: CommitFs): void {
  try {
    fs.rmdirSync(path);
  } catch (cause) {
    // Something not ours appeared in it since: then it stays.
    if ((cause as NodeJS.ErrnoException).code !== "ENOTEMPTY") throw cause;
  }
}

const isSegment = (part: string | undefined) => part !== undefined && part !== "" && part !== "." && part !== "..";
/** Inside this run's directory of synth's own directory: staged files and backups. */
const isRunPath = (path: string) => {
  const parts = path.split("/");
  return parts[0] === TOOL_DIR && parts[1]?.startsWith("run-") === true && parts.length >= 3 && parts.every(isSegment);
};
/** A file the command writes: manifest.json (or render's files), its record, a stack's configuration. */
const isOurFile = (path: string, layout: OutputLayout) => {
  const parts = path.split("/");
  if ((parts.length === 1 && layout.isTopLevel(path)) || path === `${TOOL_DIR}/${RECORD}`) return true;
  if (path === `${TOOL_DIR}/${CACHE_FILE}` || path === `${TOOL_DIR}/${CACHE_KEY_FILE}`) return true;
  return parts.length === 3 && parts[0] === "stacks" && isSegment(parts[1]) && GENERATED.includes(parts[2]);
};
const isStackDir = (path: string) => {
  const parts = path.split("/");
  return path === "stacks" || (parts.length === 2 && parts[0] === "stacks" && isSegment(parts[1]));
};

/** A journal can only name synth's own files and directories, whatever the file says. */
function isJournalOperation(value: unknown, layout: OutputLayout): value is Operation {
  const operation = (value ?? {}) as Record<string, unknown>;
  const path = (key: string, allowed: (path: string) => boolean) => {
    const text = operation[key];
    return typeof text === "string" && allowed(text);
  };
  switch (operation.op) {
    case "place":
      return (
        path("from", isRunPath) &&
        path("to", (to) => isOurFile(to, layout)) &&
        path("backup", isRunPath) &&
        typeof operation.existed === "boolean"
      );
    case "remove":
      return path("path", (file) => isOurFile(file, layout)) && path("backup", isRunPath);
    case "placeDir":
      return path("from", isRunPath) && path("to", (to) => isStackDir(to) && to !== "stacks");
    case "mkdir":
    case "rmdir":
      return path("path", isStackDir);
    default:
      return false;
  }
}

/**
 * Puts back the earlier output when a commit was killed half-way (a journal is left); true when
 * there was something to recover. Call it holding the lock.
 */
export function recoverOutput(
  outDir: string,
  toolDir: string,
  fs: CommitFs = realFs,
  layout: OutputLayout = SYNTH_LAYOUT,
): boolean {
  const journal = join(outDir, toolDir, JOURNAL);
  // A journal being written when its run was killed: nothing was moved yet.
  fs.rmSync(`${journal}.new`, { recursive: false, force: true });
  if (!fs.existsSync(journal)) return false;
  let operations: unknown;
  try {
    operations = (JSON.parse(ownFileText(journal) ?? "") as { operations?: unknown }).operations;
  } catch (cause) {
    if (cause instanceof UserError) throw cause;
  }
  if (!Array.isArray(operations) || !operations.every((operation) => isJournalOperation(operation, layout))) {
    throw new UserError(
      `${journal} is not a journal kubernetes-job wrote (it names something other than synth's own files): ` +
        "check the output directory, then remove it",
    );
  }
  const failure = rollBack(outDir, operations, fs);
  if (failure) throw failure;
  fs.rmSync(journal, { recursive: false, force: true });
  return true;
}
