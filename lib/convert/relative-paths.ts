/**
 * Paths a manifest holds are relative to its file: the docker-config-json-file setting (read from
 * the manifest's directory: lib/deployment/resolve.ts labelFile) and the editor's `$schema=`
 * comment. A converted file written elsewhere (--out) gets them rewritten to name the same files
 * from there; standard output has no directory, so they are kept as written and said.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Where the input file's relative paths resolve, and where the converted file goes. */
export interface Relocation {
  /** The input file's directory (absolute); undefined for standard input, whose paths stay as they are. */
  readonly from?: string;
  /** The output file's directory (absolute); undefined for standard output. */
  readonly to?: string;
  /** The two directories as messages name them (as the command line gave them). */
  readonly fromName?: string;
  readonly toName?: string;
}

export type Relocated =
  /** Written as given: not a relative path, or one that names the same file from the output. */
  | { readonly kind: "same" }
  /** Rewritten to name the same file from the output's directory. */
  | { readonly kind: "moved"; readonly path: string; readonly outside: boolean }
  /** Standard output: kept as written, relative to the input's directory. */
  | { readonly kind: "carried"; readonly from: string };

/** A URL (`https://...`) is not a file path. */
const URL = /^[a-z][a-z0-9+.-]*:/i;

export function relocate(path: string, { from, to }: Relocation): Relocated {
  if (from === undefined || path === "" || isAbsolute(path) || URL.test(path)) return { kind: "same" };
  if (to === undefined) return { kind: "carried", from };
  const moved = relative(to, resolve(from, path)).split(sep).join("/");
  if (moved === path) return { kind: "same" };
  return { kind: "moved", path: moved, outside: moved === ".." || moved.startsWith("../") };
}

/** The deepest directory holding both (absolute) paths. */
export function commonDirectory(a: string, b: string): string {
  const [x, y] = [a.split(sep), b.split(sep)];
  let length = 0;
  while (length < x.length && length < y.length && x[length] === y[length]) length++;
  return x.slice(0, length).join(sep) || sep;
}
