/**
 * Reading manifests: files, directories (their .yaml, .yml and .json files, sorted), and `-` for
 * standard input; multi-document YAML. Each document keeps its source so that a problem at a
 * manifest path can be shown at its file, line and column.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import type { Diagnostic, Path } from "./diagnostics";

export const STDIN = "-";
const STDIN_NAME = "<stdin>";
export const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];
/** More aliases than this in one document is an alias bomb, not a manifest. */
const MAX_ALIASES = 100;
/** A manifest needs about ten levels; free-form `status` a few more. Deeper is hostile or broken. */
export const MAX_DEPTH = 64;
const TOO_DEEP = `values are nested more than ${MAX_DEPTH} levels deep, which no manifest needs`;

/**
 * Keys that JavaScript objects treat specially: `__proto__` would vanish into the prototype and
 * `constructor` makes a map look like something else. No manifest needs them as names.
 */
const RESERVED_KEYS = ["__proto__", "constructor", "prototype"];

/** Where a parsed value is unusable: nested deeper than `limit`, or a reserved key (checked without recursion). */
function inspect(value: unknown, limit: number): { tooDeep: true } | { reservedKey: Path } | undefined {
  const stack: [unknown, Path][] = [[value, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, Path];
    if (typeof node !== "object" || node === null) continue;
    if (path.length >= limit) return { tooDeep: true };
    for (const [key, child] of Object.entries(node)) {
      if (!Array.isArray(node) && RESERVED_KEYS.includes(key)) return { reservedKey: [...path, key] };
      stack.push([child, [...path, Array.isArray(node) ? Number(key) : key]]);
    }
  }
  return undefined;
}

/** One YAML or JSON document of a file, parsed, with a way back to its source positions. */
export interface SourceDocument {
  /** The file as the user named it (`<stdin>` for standard input). */
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly value: unknown;
  /** Line and column (1-based) of the value at a path, or of the nearest enclosing field. */
  locate(path: Path, at?: "key"): { line: number; column: number };
}

/** What reading produced: the documents, and problems with files that gave no document. */
export interface ReadResult {
  readonly documents: SourceDocument[];
  readonly diagnostics: Diagnostic[];
}

export interface ReadOptions {
  /** Reads standard input; replaceable for tests. */
  readonly readStdin?: () => string;
}

export function readSources(paths: readonly string[], options: ReadOptions = {}): ReadResult {
  const result: ReadResult = { documents: [], diagnostics: [] };
  for (const path of paths) {
    for (const file of expand(path, result.diagnostics)) {
      const text = readText(file, options, result.diagnostics);
      if (text !== undefined) parseText(file === STDIN ? STDIN_NAME : file, text, result);
    }
  }
  return result;
}

function fileProblem(file: string, message: string): Diagnostic {
  return { severity: "error", file, path: [], message };
}

/** How many files the paths name (a directory: its manifest files), before anything is parsed. */
export function countManifestFiles(paths: readonly string[]): number {
  return paths.reduce((count, path) => count + expand(path, []).length, 0);
}

/** A path names a file, `-`, or a directory whose manifest files are read in name order. */
function expand(path: string, diagnostics: Diagnostic[]): string[] {
  if (path === STDIN) return [path];
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (cause) {
    diagnostics.push(fileProblem(path, `cannot be read: ${systemReason(cause)}`));
    return [];
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile() && MANIFEST_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) {
    diagnostics.push(fileProblem(path, `is a directory with no manifest files (${MANIFEST_EXTENSIONS.join(", ")})`));
  }
  return files;
}

function readText(file: string, options: ReadOptions, diagnostics: Diagnostic[]): string | undefined {
  try {
    if (file === STDIN) return (options.readStdin ?? (() => readFileSync(0, "utf8")))();
    return readFileSync(file, "utf8");
  } catch (cause) {
    diagnostics.push(fileProblem(file === STDIN ? STDIN_NAME : file, `cannot be read: ${systemReason(cause)}`));
    return undefined;
  }
}

function systemReason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "it is a directory",
  };
  return (code && reasons[code]) ?? (cause instanceof Error ? cause.message : String(cause));
}

function parseText(file: string, text: string, result: ReadResult): void {
  const lineCounter = new LineCounter();
  let parsed: Document.Parsed[];
  try {
    // logLevel "error": the parser would otherwise print warnings (mappings used as keys) to stderr.
    const documents = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      logLevel: "error",
    });
    parsed = Array.isArray(documents) ? documents : [];
  } catch (cause) {
    // The YAML parser recurses once per level of nesting: thousands of levels exhaust the stack
    // (a RangeError, or a SyntaxError when it happens while a regular expression is compiled).
    if (!(cause instanceof Error) || !/call stack/i.test(cause.message)) throw cause;
    result.diagnostics.push(fileProblem(file, `cannot be read: ${TOO_DEEP}`));
    return;
  }
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let found = 0;
  parsed.forEach((document, index) => {
    const start = position(document.range[0]);
    const syntaxErrors = [...document.errors].sort((a, b) => a.pos[0] - b.pos[0]);
    if (syntaxErrors.length > 0) {
      for (const syntaxError of syntaxErrors) {
        const at = position(syntaxError.pos[0]);
        result.diagnostics.push({ severity: "error", file, ...at, path: [], message: yamlReason(syntaxError.message) });
      }
      found++;
      return;
    }
    // A stray `---` (at the end of a file, say) gives an empty document: skip it, as kubectl does.
    // The yaml package represents it as a null scalar with no source text.
    if (document.contents === null || isEmptyScalar(document.contents)) return;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES });
      const unusable = inspect(value, MAX_DEPTH);
      if (unusable && "tooDeep" in unusable) throw new RangeError(TOO_DEEP);
      if (unusable) {
        const key = unusable.reservedKey.at(-1);
        result.diagnostics.push({
          severity: "error",
          file,
          ...position(offsetOf(document, unusable.reservedKey, "key")),
          path: unusable.reservedKey,
          message: `the key "${String(key)}" cannot be used here: ${RESERVED_KEYS.join(", ")} are names JavaScript objects reserve`,
        });
        found++;
        return;
      }
    } catch (cause) {
      const message = cause instanceof RangeError ? TOO_DEEP : cause instanceof Error ? cause.message : String(cause);
      result.diagnostics.push({ severity: "error", file, ...start, path: [], message: `cannot be read: ${message}` });
      found++;
      return;
    }
    found++;
    result.documents.push({
      file,
      index,
      line: position(document.contents.range[0]).line,
      value,
      locate: reparsingLocator(text, index),
    });
  });
  if (found === 0) {
    result.diagnostics.push(fileProblem(file, "is empty: expected a KubernetesJob manifest"));
  }
}

function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
}

/**
 * Positions are needed only for problems, which are rare, while a parsed YAML document is many
 * times the size of its text: a document's locator keeps the text and parses it again on demand
 * (the last file parsed is cached, as a document's problems are placed together).
 */
let lastParsed: { text: string; documents: Document[]; lineCounter: LineCounter } | undefined;

function reparsingLocator(text: string, index: number): SourceDocument["locate"] {
  return (path, at) => {
    if (lastParsed?.text !== text) {
      const lineCounter = new LineCounter();
      const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
      lastParsed = { text, documents: Array.isArray(documents) ? documents : [], lineCounter };
    }
    const { line, col } = lastParsed.lineCounter.linePos(offsetOf(lastParsed.documents[index], path, at));
    return { line, column: col };
  };
}

/** The YAML library's message without its own position suffix (we print positions ourselves). */
function yamlReason(message: string): string {
  return `YAML syntax error: ${message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim()}`;
}

/**
 * Offset of the value at `path`; of its key when `at` is "key" or the value is empty or a
 * collection; of the
 * closest enclosing field's key when the path goes further than the document does.
 */
export function offsetOf(document: Document, path: Path, at?: "key"): number {
  let node = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [depth, segment] of path.entries()) {
    const last = depth === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      const keyOffset = (pair.key as Node).range?.[0] ?? offset;
      const value = pair.value as Node | null;
      // Mappings, lists and empty values are shown at their key, where a reader looks for them.
      const shownAtKey = at === "key" || isMap(value) || isSeq(value) || (value !== null && isEmptyScalar(value));
      if ((last && shownAtKey) || !value?.range) return keyOffset;
      // A missing field below this one is best shown at this field's key.
      node = value;
      offset = last ? value.range[0] : keyOffset;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment] as Node;
      offset = node.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return node?.range?.[0] ?? offset;
}
