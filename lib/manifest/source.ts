/**
 * Reading manifests: files, directories (their .yaml, .yml and .json files, sorted), and `-` for
 * standard input; multi-document YAML. Each document keeps its source so that a problem at a
 * manifest path can be shown at its file, line and column.
 */
import { lstatSync, readdirSync, readlinkSync, statSync, type Dirent } from "node:fs";
import { extname, join, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from "yaml";
import type { Diagnostic, Path } from "../diagnostics";
import { lenientSecrets } from "./lenient-secrets";
import { MAX_INPUT_BYTES, ReadError, readStdinText, readTextFile } from "./read-file";
import { systemReason } from "../system-errors";
import { documentValue, keyText, TOO_DEEP, TOO_MANY_ALIASES } from "./yaml-value";

export { MAX_DEPTH } from "./yaml-value";
export const STDIN = "-";
const STDIN_NAME = "<stdin>";
export const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

/** One YAML or JSON document of a file, parsed, with a way back to its source positions. */
export interface SourceDocument {
  /** The file as the user named it (`<stdin>` for standard input). */
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly value: unknown;
  /** For a file that is a symbolic link met in a directory: the file it points to, as read. */
  readonly linkTarget?: string;
  /** Line and column (1-based) of the value at a path, or of the nearest enclosing field. */
  locate(path: Path, at?: "key"): { line: number; column: number };
}

/** What reading produced: the documents, and problems with files that gave no document. */
export interface ReadResult {
  readonly documents: SourceDocument[];
  readonly diagnostics: Diagnostic[];
  /** Secret values of texts that could not be read as manifests (see lib/lenient-secrets.ts). */
  readonly secrets: string[];
}

export interface ReadOptions {
  /** Reads standard input; replaceable for tests. */
  readonly readStdin?: () => string;
}

/** A file to read: a path, and for a symbolic link in a directory, the file it points to. */
interface Input {
  readonly file: string;
  readonly linkTarget?: string;
}

export function readSources(paths: readonly string[], options: ReadOptions = {}): ReadResult {
  const documents: SourceDocument[] = [];
  const { diagnostics, secrets } = eachSource(paths, options, (document) => documents.push(document));
  return { documents, diagnostics, secrets };
}

/**
 * readSources, handing each document to `visit` as soon as its file is parsed instead of keeping
 * them all: a run of thousands of manifests then holds one file's raw values at a time.
 */
export function eachSource(
  paths: readonly string[],
  options: ReadOptions,
  visit: (document: SourceDocument) => void,
): Omit<ReadResult, "documents"> {
  const result = { diagnostics: [] as Diagnostic[], secrets: [] as string[] };
  for (const path of paths) {
    for (const input of expand(path, result.diagnostics)) {
      const name = input.file === STDIN ? STDIN_NAME : input.file;
      const problems = result.diagnostics.length;
      const text = readText(input.file, name, options, result.diagnostics);
      if (text !== undefined) parseText(name, text, result.diagnostics, visit, input.linkTarget);
      // A text refused here is never validated: its secrets are found as far as it can be read.
      const readable = text ?? lossyText;
      lossyText = undefined;
      if (result.diagnostics.length > problems && readable !== undefined)
        result.secrets.push(...lenientSecrets(readable));
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

/**
 * The files the paths name, in the order they are read, when each is a regular file named as it
 * is read (no standard input, no symbolic link, nothing unreadable); undefined otherwise.
 */
export function plainManifestFiles(paths: readonly string[]): string[] | undefined {
  const problems: Diagnostic[] = [];
  const inputs = paths.flatMap((path) => expand(path, problems));
  if (problems.length > 0 || inputs.some((input) => input.file === STDIN || input.linkTarget !== undefined)) {
    return undefined;
  }
  return inputs.map((input) => input.file);
}

/**
 * A path names a file, `-`, or a directory whose manifest files are read in name order. No entry
 * that looks like a manifest is dropped silently: a symbolic link to a file is read (and says so),
 * anything else (a broken link, a directory or a FIFO named x.yaml) is an error, since a manifest
 * left out would make synth retire its stack.
 */
function expand(path: string, diagnostics: Diagnostic[]): Input[] {
  if (path === STDIN) return [{ file: path }];
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (cause) {
    diagnostics.push(fileProblem(path, `cannot be read: ${systemReason(cause)}`));
    return [];
  }
  if (!isDirectory) return [{ file: path }];
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (cause) {
    diagnostics.push(fileProblem(path, `cannot be read: ${systemReason(cause)}`));
    return [];
  }
  const inputs: Input[] = [];
  const names = entries
    .filter((entry) => MANIFEST_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const file = join(path, entry.name);
    if (entry.isFile()) {
      inputs.push({ file });
    } else if (entry.isSymbolicLink()) {
      const input = followLink(file, diagnostics);
      if (input) inputs.push(input);
    } else {
      diagnostics.push(
        fileProblem(
          file,
          `is ${kindOf(file)}, not a manifest file: it was not read (rename it, or move it out of ${path})`,
        ),
      );
    }
  }
  if (names.length === 0) {
    diagnostics.push(fileProblem(path, `is a directory with no manifest files (${MANIFEST_EXTENSIONS.join(", ")})`));
  }
  return inputs;
}

/** A symbolic link in a directory: read when it leads to a regular file, an error otherwise. */
function followLink(file: string, diagnostics: Diagnostic[]): Input | undefined {
  let target: string;
  try {
    target = readlinkSync(file);
  } catch (cause) {
    diagnostics.push(fileProblem(file, `is a symbolic link that cannot be read: ${systemReason(cause)}`));
    return undefined;
  }
  const shown = `a symbolic link to ${target}`;
  try {
    const stats = statSync(file);
    if (stats.isFile()) return { file, linkTarget: resolve(file, "..", target) };
    const what = stats.isDirectory() ? "a directory (directories are not read recursively)" : "a special file";
    diagnostics.push(fileProblem(file, `is ${shown}, which is ${what}: it was not read`));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "which does not exist (a broken link)"
        : code === "ELOOP"
          ? "which loops (too many levels of symbolic links)"
          : `which cannot be read: ${systemReason(cause)}`;
    diagnostics.push(fileProblem(file, `is ${shown}, ${why}`));
  }
  return undefined;
}

function kindOf(file: string): string {
  try {
    const stats = lstatSync(file);
    if (stats.isDirectory()) return "a directory (directories are not read recursively)";
    if (stats.isFIFO()) return "a FIFO (named pipe)";
    if (stats.isSocket()) return "a socket";
    if (stats.isBlockDevice() || stats.isCharacterDevice()) return "a device";
  } catch {
    // Gone since the directory was listed: still not a file we read.
  }
  return "not a regular file";
}

/** The last text refused for its encoding, decoded as well as it can be (for its secrets only). */
let lossyText: string | undefined;

function readText(file: string, name: string, options: ReadOptions, diagnostics: Diagnostic[]): string | undefined {
  try {
    if (file === STDIN) return options.readStdin ? options.readStdin() : readStdinText(MAX_INPUT_BYTES);
    return readTextFile(file, MAX_INPUT_BYTES);
  } catch (cause) {
    if (cause instanceof ReadError) {
      lossyText = cause.lossyText;
      diagnostics.push({ ...fileProblem(name, cause.message), ...cause.position });
    } else {
      diagnostics.push(fileProblem(name, `cannot be read: ${systemReason(cause)}`));
    }
    return undefined;
  }
}

/**
 * The documents of a YAML (or JSON) text, with their line counter; undefined when the text is
 * nested so deeply that the parser, which recurses once per level, runs out of stack.
 */
export function parseYaml(text: string): { documents: Document.Parsed[]; lineCounter: LineCounter } | undefined {
  const lineCounter = new LineCounter();
  try {
    // uniqueKeys false: duplicates are found in lib/yaml-value.ts, in linear time and by the key
    // as written. logLevel "error": the parser would otherwise print warnings to stderr.
    const documents = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
      logLevel: "error",
    });
    return { documents: Array.isArray(documents) ? documents : [], lineCounter };
  } catch (cause) {
    // A RangeError, or a SyntaxError when it happens while a regular expression is compiled.
    if (cause instanceof Error && /call stack/i.test(cause.message)) return undefined;
    // The parser throws on some input instead of reporting it (an escape such as \U00110000,
    // beyond Unicode): that is bad input, not a bug of ours.
    throw new UnparsableYaml(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Text the YAML parser gave up on with an exception; its message names no text of the input. */
export class UnparsableYaml extends Error {}

export { TOO_DEEP };

function parseText(
  file: string,
  text: string,
  diagnostics: Diagnostic[],
  visit: (document: SourceDocument) => void,
  linkTarget?: string,
): void {
  let parsedText;
  try {
    parsedText = parseYaml(text);
  } catch (cause) {
    if (!(cause instanceof UnparsableYaml)) throw cause;
    diagnostics.push(fileProblem(file, `cannot be read: YAML syntax error: ${cause.message}`));
    return;
  }
  if (!parsedText) {
    diagnostics.push(fileProblem(file, `cannot be read: ${TOO_DEEP}`));
    return;
  }
  const { documents: parsed, lineCounter } = parsedText;
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let found = 0;
  parsed.forEach((document, index) => {
    const syntaxErrors = [...document.errors].sort((a, b) => a.pos[0] - b.pos[0]);
    if (syntaxErrors.length > 0) {
      for (const syntaxError of syntaxErrors) {
        const at = position(syntaxError.pos[0]);
        diagnostics.push({ severity: "error", file, ...at, path: [], message: yamlReason(syntaxError.message) });
      }
      found++;
      return;
    }
    // A stray `---` (at the end of a file, say) gives an empty document: skip it, as kubectl does.
    // The yaml package represents it as a null scalar with no source text.
    if (document.contents === null || isEmptyScalar(document.contents)) return;
    found++;
    const converted = documentValue(document, text, position);
    if ("problems" in converted) {
      for (const problem of converted.problems) {
        const whole = problem.message === TOO_DEEP || problem.message === TOO_MANY_ALIASES;
        const message = whole ? `cannot be read: ${problem.message}` : problem.message;
        diagnostics.push({ severity: "error", file, ...position(problem.offset), path: problem.path, message });
      }
      return;
    }
    visit({
      file,
      index,
      line: position(document.contents.range[0]).line,
      value: converted.value,
      ...(linkTarget === undefined ? {} : { linkTarget }),
      locate: reparsingLocator(text, index),
    });
  });
  if (found === 0) {
    diagnostics.push(fileProblem(file, "is empty: expected a KubernetesJob manifest"));
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
      let parsed;
      try {
        parsed = parseYaml(text);
      } catch {
        parsed = undefined;
      }
      lastParsed = { text, documents: parsed?.documents ?? [], lineCounter: parsed?.lineCounter ?? new LineCounter() };
    }
    const { line, col } = lastParsed.lineCounter.linePos(offsetOf(lastParsed.documents[index], path, at));
    return { line, column: col };
  };
}

/** The YAML library's message without its own position suffix (we print positions ourselves). */
function yamlReason(message: string): string {
  const reason = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
  // The parser's messages quote the text they stopped at after ": " (a tag, a block scalar's
  // header): that text may be a secret written unquoted, so it is left out; the position shows it.
  if (/resolve tag|Unresolved tag/.test(reason)) {
    return "YAML syntax error: unknown tag (an unquoted value starting with ! is read as a tag: quote the value)";
  }
  return `YAML syntax error: ${reason.replace(/: [\s\S]*$/, "")}`;
}

/**
 * A mapping's pairs by key as written, built once per mapping: placing thousands of problems in a
 * mapping of thousands of keys must not compare every key with every other.
 */
const pairIndexes = new WeakMap<object, Map<string, Pair>>();

function pairOf(document: Document, map: { items: Pair[] }, key: string): Pair | undefined {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const text = keyText(pair.key, document);
      if (text !== undefined && !index.has(text)) index.set(text, pair);
    }
    pairIndexes.set(map, index);
  }
  return index.get(key);
}

/**
 * Offset of the value at `path`; of its key when `at` is "key" or the value is empty or a
 * collection; of the closest enclosing field's key when the path goes further than the document
 * does.
 */
export function offsetOf(document: Document | undefined, path: Path, at?: "key"): number {
  if (!document) return 0;
  let node = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [depth, segment] of path.entries()) {
    const last = depth === path.length - 1;
    if (isMap(node)) {
      const pair = pairOf(document, node as { items: Pair[] }, String(segment));
      if (!pair) return offset;
      const keyOffset = (pair.key as Node | null)?.range?.[0] ?? offset;
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
