/**
 * Moving a staged output into place so that the earlier output can always be put back. The moves
 * are written to a journal first; each replaced or removed entry is moved into a backup
 * directory, not deleted. Deleting the journal is the commit point. A commit that fails half-way
 * is rolled back at once; one that was killed (SIGKILL, power loss) is rolled back by the next
 * run, which finds the journal before it does anything else.
 */
import * as nodeFs from "node:fs";
import { isAbsolute, join } from "node:path";

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
  existsSync: (path) => {
    try {
      nodeFs.lstatSync(path);
      return true;
    } catch {
      return false;
    }
  },
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
  /** Create a directory that did not exist. */
  | { readonly op: "mkdir"; readonly path: string }
  /** Remove a directory left empty. */
  | { readonly op: "rmdir"; readonly path: string };

export const JOURNAL = "journal.json";

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
    rollBack(outDir, operations, fs);
    fs.rmSync(journal, { recursive: false, force: true });
    throw cause;
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
    case "mkdir":
      fs.mkdirSync(at(operation.path));
      return;
    case "rmdir":
      fs.rmdirSync(at(operation.path));
      return;
  }
}

/** Undoes whatever part of the operations was done; safe to run again after a crash in it. */
function rollBack(outDir: string, operations: readonly Operation[], fs: CommitFs): void {
  const at = (path: string) => join(outDir, path);
  for (const operation of [...operations].reverse()) {
    switch (operation.op) {
      case "place":
        if (fs.existsSync(at(operation.backup))) {
          fs.rmSync(at(operation.to), { recursive: true, force: true });
          fs.renameSync(at(operation.backup), at(operation.to));
        } else if (!operation.existed && !fs.existsSync(at(operation.from))) {
          fs.rmSync(at(operation.to), { recursive: true, force: true });
        }
        break;
      case "remove":
        if (fs.existsSync(at(operation.backup))) fs.renameSync(at(operation.backup), at(operation.path));
        break;
      case "mkdir":
        if (fs.existsSync(at(operation.path))) removeIfEmpty(at(operation.path), fs);
        break;
      case "rmdir":
        if (!fs.existsSync(at(operation.path))) fs.mkdirSync(at(operation.path));
        break;
    }
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

/** Journal paths stay inside the output directory, whatever the file says. */
function isContained(path: string): boolean {
  return path !== "" && !isAbsolute(path) && !path.split(/[\\/]/).includes("..");
}

/**
 * Puts back the earlier output when a commit was killed half-way (a journal is left); true when
 * there was something to recover. Call it holding the lock.
 */
export function recoverOutput(outDir: string, toolDir: string, fs: CommitFs = realFs): boolean {
  const journal = join(outDir, toolDir, JOURNAL);
  if (!fs.existsSync(journal)) return false;
  let operations: Operation[];
  try {
    operations = (JSON.parse(nodeFs.readFileSync(journal, "utf8")) as { operations: Operation[] }).operations;
  } catch {
    // Killed while the journal itself was being written: nothing was moved yet.
    fs.rmSync(journal, { recursive: false, force: true });
    return false;
  }
  const paths = operations.flatMap((operation) => Object.entries(operation).filter(([key]) => key !== "op"));
  if (!paths.every(([key, value]) => key === "existed" || (typeof value === "string" && isContained(value)))) {
    throw new Error(`${journal} names paths outside the output directory; remove it by hand`);
  }
  rollBack(outDir, operations, fs);
  fs.rmSync(journal, { recursive: false, force: true });
  return true;
}
