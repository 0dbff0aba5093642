/**
 * Problems found in a manifest, and how they are shown. Every user-facing message about a
 * manifest goes through here, so the wording and the path syntax stay uniform.
 */

import type { WarningId } from "./warnings";

export type Severity = "error" | "warning";
export type Path = readonly (string | number)[];

/** A problem at a path of a manifest, before it is placed in a file. */
export interface Problem {
  readonly severity: Severity;
  readonly path: Path;
  readonly message: string;
  /** The class of a warning (lib/warnings.ts); kept when --strict makes the warning an error. */
  readonly id?: WarningId;
  /** Point at the key of the last path element rather than at its value (unknown fields). */
  readonly at?: "key";
}

/** A problem placed in its source: file and, for YAML or JSON text, line and column (1-based). */
export interface Diagnostic {
  readonly severity: Severity;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: Path;
  readonly message: string;
  /** The class of a warning (lib/warnings.ts); kept when --strict makes the warning an error. */
  readonly id?: WarningId;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `spec.volumeMounts[1].configMap.name`, `spec.env.secrets["DB-PASS"].value`. */
export function formatPath(path: Path): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function formatLocation(diagnostic: Pick<Diagnostic, "file" | "line" | "column">): string {
  const { file, line, column } = diagnostic;
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/**
 * `job.yaml:14:7: error: spec.image.repo: "" must not be empty`, and with a warning's class
 * (what --ignore-warning takes): `job.yaml:9:3: warning[ttl-rerun]: spec.ttlSecondsAfterFinished: ...`.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = formatLocation(diagnostic);
  const path = diagnostic.path.length > 0 ? `${formatPath(diagnostic.path)}: ` : "";
  const id = diagnostic.id ? `[${diagnostic.id}]` : "";
  return `${where}: ${diagnostic.severity}${id}: ${path}${diagnostic.message}`;
}

/** Orders diagnostics of one file as a reader meets them. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

export const error = (path: Path, message: string): Problem => ({ severity: "error", path, message });
export const warning = (id: WarningId, path: Path, message: string): Problem => ({
  severity: "warning",
  id,
  path,
  message,
});

/** A user error that is not tied to one manifest document (unreadable path, bad flag). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}
