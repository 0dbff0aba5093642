/** Paths as the operating system resolves them, which is how Terraform resolves `..`. */
import { existsSync, lstatSync, mkdirSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** The physical path of `path`: symlinks of its longest existing prefix resolved. */
export function physicalPath(path: string): string {
  const absolute = resolve(path);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return join(realpathSync(current), ...rest);
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      rest.unshift(basename(current));
      current = parent;
    }
  }
}

/** True when `inner` is `outer` or below it (both absolute, physical). */
export function isWithin(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/**
 * Creates a directory and its missing parents; returns those it created, outermost first. Node's
 * own recursive mkdir loops forever where the kernel answers oddly (/proc), so each level is made
 * in turn.
 */
export function makeDirectories(path: string): string[] {
  const missing: string[] = [];
  for (let current = resolve(path); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const dir of missing) mkdirSync(dir);
  return missing;
}

/** True when something (a dangling link too) is at the path; links are not followed. */
export function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** True for a directory itself, not a link to one. */
export function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
