/**
 * `kubernetes-job convert <paths...> [--out DIR]`: first-dialect manifests
 * (`kubernetes.project-planton.org/v1`) rewritten in the current Planton API
 * (`kubernetes.planton.dev/v1alpha1`), to standard output or, with --out, one file per input file
 * (all or nothing, through lib/output). Only valid manifests are converted: an invalid one gets the
 * errors validate gives it, and nothing is written. What depends on the run rather than on the
 * manifest (references resolved, files and clusters the labels name, an engine's rules) is not
 * checked here: it is carried over as written, and validate and synth check it in the current API. A document already in the current API is refused,
 * so that a converted file is never converted twice.
 */
import { basename, dirname, resolve } from "node:path";
import { ChangedInput, convertText, type ConvertedText, type PlacedNote } from "../convert";
import { formatLocation, formatPath, UserError, type Diagnostic } from "../diagnostics";
import { isPlantonManifest } from "../manifest/dialects";
import { loadManifests, type LoadResult } from "../manifest/load";
import { readStdinText, readTextFile } from "../manifest/read-file";
import type { KubernetesJobManifest } from "../manifest/schema";
import { readSources, STDIN } from "../manifest/source";
import { API_VERSION } from "../manifest/defaults";
import { PLANTON_API_VERSION } from "../manifest/v1alpha1/schema";
import { checkOutputDir, recoverKilledRun } from "../output";
import { CONVERT_LAYOUT } from "../output/ownership";
import { EXIT, redactingIo, type CliIo } from "./io";
import { plural, textReport } from "./report";
import { writeOutputFiles } from "./write-output";

export interface ConvertOptions {
  /** Write one file per input file there instead of printing. */
  readonly outDir?: string;
}

/** The name readSources gives standard input. */
const STDIN_NAME = "<stdin>";

interface FileToConvert {
  readonly file: string;
  readonly text: string;
  /** Validated Jobs by document index. */
  readonly jobs: Map<number, KubernetesJobManifest>;
}

export async function runConvert(paths: readonly string[], options: ConvertOptions, given: CliIo): Promise<number> {
  const io = redactingIo(given);
  const { outDir } = options;
  if (outDir !== undefined) {
    if (paths.includes(STDIN)) {
      throw new UserError(
        "--out writes each input file under its name, and standard input has none: convert - without --out",
      );
    }
    checkOutputDir(outDir, paths);
    await recoverKilledRun(outDir, { layout: CONVERT_LAYOUT });
  }
  // Standard input can be read once; the files are read again to be converted (as text, with
  // their comments), so it is kept.
  let stdin: string | undefined;
  const readStdin = () => (stdin ??= (io.readStdin ?? readStdinText)());
  const load = loadManifests(paths, { readStdin });
  io.addSecrets(load.secrets);
  const nothing = outDir === undefined ? "Nothing was converted." : `Nothing was written to ${outDir}.`;

  const refused = alreadyCurrent(paths, readStdin);
  if (!load.ok || refused.size > 0) {
    io.stderr(textReport(withRefusals(load, refused), { okLines: false }));
    io.stderr(`${nothing}\n`);
    return EXIT.invalid;
  }

  const converted = filesInOrder(paths, readStdin, load).map((file) => {
    try {
      // Relative paths resolve against the input file's directory; --out writes elsewhere.
      const from = file.file === STDIN_NAME ? {} : { from: dirname(resolve(file.file)), fromName: dirname(file.file) };
      const to = outDir === undefined ? {} : { to: resolve(outDir), toName: outDir };
      return { ...file, output: convertText(file.text, (index) => file.jobs.get(index), { ...from, ...to }) };
    } catch (cause) {
      // Read again to be converted, a file that changed since it was validated is not converted unvalidated.
      if (cause instanceof ChangedInput)
        throw new UserError(`${file.file} changed while it was converted: run convert again`);
      throw cause;
    }
  });
  for (const { file, output } of converted) {
    for (const note of output.notes) io.stderr(`${formatNote(file, note)}\n`);
  }
  const warnings = converted.flatMap(({ output }) => output.notes).filter((note) => note.level === "warning").length;
  const documents = converted.reduce((count, { output }) => count + output.documents, 0);
  const summary = `${plural(documents, "document")} of ${plural(converted.length, "file")} converted to ${PLANTON_API_VERSION}${warnings > 0 ? `, ${plural(warnings, "warning")}: read them before you deploy` : ""}`;

  if (outDir === undefined) {
    io.data(converted.map(({ output }) => output.text).join("---\n"));
    io.stderr(`${summary}\n`);
    return EXIT.ok;
  }
  return writeFiles(outDir, converted, summary, io);
}

/** Documents that are already in the current API, by `file:index`, with the refusal to report. */
function alreadyCurrent(paths: readonly string[], readStdin: () => string): Map<string, Diagnostic> {
  const refused = new Map<string, Diagnostic>();
  for (const document of readSources(paths, { readStdin }).documents) {
    const value = document.value as Record<string, unknown> | null;
    const written = value?.apiVersion ?? value?.api_version;
    if (written !== PLANTON_API_VERSION) continue;
    const at = document.locate(["apiVersion" in (value ?? {}) ? "apiVersion" : "api_version"]);
    refused.set(`${document.file}:${document.index}`, {
      severity: "error",
      file: document.file,
      ...at,
      path: ["apiVersion"],
      message: `is already ${PLANTON_API_VERSION}, the current API: convert rewrites ${API_VERSION} manifests only, and does not convert a document twice`,
    });
  }
  return refused;
}

/** The load report with each refused document's problems replaced by its refusal. */
function withRefusals(load: LoadResult, refused: Map<string, Diagnostic>): LoadResult {
  const results = load.results.map((result) => {
    const refusal = refused.get(`${result.document.file}:${result.document.index}`);
    return refusal ? { ...result, manifest: undefined, diagnostics: [refusal] } : result;
  });
  return { ...load, results, ok: false };
}

/** Every input file with its text and its validated Jobs, in the order of the paths. */
function filesInOrder(paths: readonly string[], readStdin: () => string, load: LoadResult): FileToConvert[] {
  const files = new Map<string, FileToConvert>();
  for (const document of readSources(paths, { readStdin }).documents) {
    if (files.has(document.file)) continue;
    const text = document.file === STDIN_NAME ? readStdin() : readTextFile(document.file);
    files.set(document.file, { file: document.file, text, jobs: new Map() });
  }
  for (const result of load.results) {
    // Documents of the current API were refused before; the type says so too.
    const manifest = result.manifest;
    if (manifest && !isPlantonManifest(manifest))
      files.get(result.document.file)?.jobs.set(result.document.index, manifest);
  }
  return [...files.values()];
}

/** `job.yaml:12:3: warning: spec.configMaps.script: ...`, as validate words its diagnostics. */
function formatNote(file: string, note: PlacedNote): string {
  const path = note.path.length > 0 ? `${formatPath(note.path)}: ` : "";
  return `${formatLocation({ file, line: note.line, column: note.column })}: ${note.level}: ${path}${note.message}`;
}

/** The name of an input file's converted file: its own, with a manifest extension. */
function outputName(file: string): string {
  const name = basename(file);
  return /\.(ya?ml|json)$/i.test(name) ? name : `${name}.yaml`;
}

async function writeFiles(
  outDir: string,
  converted: readonly { file: string; output: ConvertedText }[],
  summary: string,
  io: ReturnType<typeof redactingIo>,
): Promise<number> {
  const byName = new Map<string, string>();
  for (const { file } of converted) {
    const name = outputName(file);
    const other = byName.get(name);
    if (other !== undefined) {
      throw new UserError(
        `${other} and ${file} would both be written as ${name} in ${outDir}: convert them in separate runs, or rename one`,
      );
    }
    byName.set(name, file);
  }
  const files = converted.map(({ file, output }) => ({
    name: outputName(file),
    text: output.text,
    // A file holding secret values (env secrets written as values) is its owner's only.
    mode: io.holdsSecret(output.text) ? 0o600 : 0o644,
  }));
  return writeOutputFiles(outDir, CONVERT_LAYOUT, files, () => summary, io);
}
