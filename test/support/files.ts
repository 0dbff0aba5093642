/** Temporary directories and byte-exact snapshots of directory trees. */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const created: string[] = [];

/** A new empty directory, removed after the test file. */
export function tempDir(prefix = "kubernetes-job-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files (relative path -> content) under a directory, creating parents. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/**
 * Every file and directory under `dir`, as relative path -> content (hex, so any byte counts)
 * or "<dir>" for directories; sorted by path.
 */
export function readTree(dir: string, options: { skip?: readonly string[] } = {}): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      if (options.skip?.includes(entry)) continue;
      const path = join(current, entry);
      const key = relative(dir, path);
      if (statSync(path).isDirectory()) {
        tree[key] = "<dir>";
        walk(path);
      } else {
        tree[key] = readFileSync(path).toString("hex");
      }
    }
  };
  walk(dir);
  return tree;
}

/** The entries directly in a directory, sorted. */
export const entries = (dir: string): string[] => readdirSync(dir).sort();

/** 1-based line and column of the only occurrence of `snippet` in `text`, as `line:column`. */
export function positionOf(text: string, snippet: string): string {
  const offset = text.indexOf(snippet);
  if (offset < 0 || text.indexOf(snippet, offset + 1) >= 0) throw new Error(`${snippet} must occur once in the text`);
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** An output directory as cdktf would write it: without kubernetes-job's own record and lock. */
export const readOutput = (dir: string) => readTree(dir, { skip: [".kubernetes-job"] });

/**
 * A synth output directory as a synth from scratch must match it: every entry with its mode and
 * bytes, but the incremental cache's own files under `toolDir` (their key is random).
 */
export function outputTree(dir: string, toolDir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      if (current === join(dir, toolDir) && (entry === "cache.json" || entry === "cache-key")) continue;
      const path = join(current, entry);
      const stat = lstatSync(path);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isDirectory()) {
        result[relative(dir, path)] = `<dir ${mode}>`;
        walk(path);
      } else {
        result[relative(dir, path)] = `${mode} ${readFileSync(path, "utf8")}`;
      }
    }
  };
  walk(dir);
  return result;
}
