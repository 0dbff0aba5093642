/**
 * Reading a file that must lie inside a root directory (a manifest's docker-config-json-file
 * label), without a window between the check and the read: checking a path and then opening it
 * by name again lets a process swap a directory for a symbolic link in between, and the read
 * would then leave the root. So the file is opened once, the open descriptor itself is checked
 * (where it really is, that it is a regular file, its size), and the bytes are read from it.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { decodeUtf8, readBounded, ReadError } from "../manifest/read-file";

/** Why a file was not read; `reason` reads after the file's name. */
export type ConfinedProblem =
  | { readonly kind: "outside" }
  | { readonly kind: "not-regular" }
  | { readonly kind: "too-large" }
  | { readonly kind: "unreadable"; readonly reason: string };

export type ConfinedRead = { readonly text: string } | { readonly problem: ConfinedProblem };

/** For tests: runs between the check of the path and its opening, where a swap would happen. */
export interface ConfinedReadHooks {
  readonly afterCheck?: () => void;
}

/**
 * The text of `path` (absolute), at most `limit` bytes of strict UTF-8, when it is a regular
 * file inside `root` (absolute; undefined: anywhere, for a file the operator named).
 */
export function readConfinedFile(
  path: string,
  root: string | undefined,
  limit: number,
  hooks: ConfinedReadHooks = {},
): ConfinedRead {
  let checked = path;
  let realRoot: string | undefined;
  if (root !== undefined) {
    try {
      realRoot = realpathSync(root);
      checked = realpathSync(path);
    } catch {
      return { problem: { kind: "unreadable", reason: "cannot be read" } };
    }
    if (!isInside(realRoot, checked)) return { problem: { kind: "outside" } };
  }
  hooks.afterCheck?.();
  // O_NONBLOCK: opening a FIFO does not wait for a writer. O_NOFOLLOW: the checked path has no
  // symbolic link as its last part, so one there now was put there since (Windows has neither).
  const flags =
    constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (realRoot !== undefined ? (constants.O_NOFOLLOW ?? 0) : 0);
  let fd: number;
  try {
    fd = openSync(checked, flags);
  } catch (cause) {
    if (realRoot !== undefined && (cause as NodeJS.ErrnoException).code === "ELOOP") {
      return { problem: { kind: "outside" } };
    }
    return { problem: { kind: "unreadable", reason: "cannot be read" } };
  }
  try {
    return readDescriptorInside(fd, checked, realRoot, limit);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an open descriptor when it is a regular file of at most `limit` bytes that lies inside
 * `realRoot` (when given); `checked` is the real path that was checked to be inside it.
 * `useProc: false` takes the way of systems without /proc/self/fd, for tests.
 */
export function readDescriptorInside(
  fd: number,
  checked: string,
  realRoot: string | undefined,
  limit: number,
  useProc = process.platform === "linux",
): ConfinedRead {
  if (realRoot !== undefined && !descriptorInside(fd, checked, realRoot, useProc)) {
    return { problem: { kind: "outside" } };
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) return { problem: { kind: "not-regular" } };
  if (stat.size > limit) return { problem: { kind: "too-large" } };
  try {
    // Bounded all the same, in case the file grows while it is read.
    const bytes = readBounded(fd, limit);
    return { text: decodeUtf8(bytes) };
  } catch (cause) {
    if (cause instanceof ReadError && cause.message.startsWith("is larger than"))
      return { problem: { kind: "too-large" } };
    return { problem: { kind: "unreadable", reason: cause instanceof ReadError ? cause.message : "cannot be read" } };
  }
}

/**
 * Whether what the descriptor is open on lies inside the root. Linux names it: the link
 * /proc/self/fd/N holds the path the kernel opened (read as is, not resolved again). Elsewhere
 * the descriptor must be the very file at the checked path, which must still have no symbolic
 * link in it; a swap there and back again between those two looks is not caught (no portable
 * call names a descriptor's path).
 */
function descriptorInside(fd: number, checked: string, realRoot: string, useProc: boolean): boolean {
  if (useProc) {
    try {
      return isInside(realRoot, readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // No /proc mounted: the portable way below.
    }
  }
  try {
    const opened = fstatSync(fd);
    const named = lstatSync(checked);
    return (
      realpathSync(checked) === checked &&
      opened.dev === named.dev &&
      opened.ino === named.ino &&
      isInside(realRoot, checked)
    );
  } catch {
    return false;
  }
}

/** True when `path` is `root` itself or below it (both absolute). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel.split(sep)[0] !== "..");
}
