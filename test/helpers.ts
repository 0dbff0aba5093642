/**
 * Builders shared by the tests: manifests as YAML text, read through the real source reader (as
 * standard input, so documents are named `<stdin>`), and lookups of the diagnostics they produce.
 */
import type { Diagnostic } from "../lib/diagnostics";
import { formatPath } from "../lib/diagnostics";
import { parseManifest, type ManifestResult } from "../lib/manifest/parse";
import { readSources, type SourceDocument } from "../lib/manifest/source";
import { firstDialect, yaml } from "./support/manifest";

export { firstDialect, yaml };

const indent = (text: string, by: number) =>
  text
    .split("\n")
    .map((line) => (line === "" ? line : " ".repeat(by) + line))
    .join("\n");

/** The spec fields every valid manifest needs; `job(BASE_SPEC + ...)` adds fields after them. */
export const BASE_SPEC = yaml`
  namespace:
    value: reports
  image:
    repo: ghcr.io/acme/report-runner
    tag: "1.4.2"
`;

/** A whole manifest around a spec body (the body starts on line 6, indented by 2). */
export function job(spec: string = BASE_SPEC, name = "nightly-report"): string {
  return (
    yaml`
      apiVersion: kubernetes.project-planton.org/v1
      kind: KubernetesJob
      metadata:
        name: ${name}
      spec:
    ` + indent(spec, 2)
  );
}

/** The documents of a YAML text, read as standard input. */
export function readText(text: string) {
  return readSources(["-"], { readStdin: () => text });
}

/** The single document of a YAML text. */
export function documentOf(text: string): SourceDocument {
  const { documents, diagnostics } = readText(text);
  if (documents.length !== 1 || diagnostics.length > 0) {
    throw new Error(`expected one readable document, got ${documents.length}: ${JSON.stringify(diagnostics)}`);
  }
  return documents[0];
}

/** Parses and validates the single manifest of a YAML (or JSON) text. */
export function check(text: string): ManifestResult {
  return parseManifest(documentOf(text));
}

/** Parses and validates a manifest given as a value (written as JSON, which is YAML). */
export function checkValue(value: unknown): ManifestResult {
  return check(JSON.stringify(value));
}

/** The manifest of a text that must be valid. */
export function validManifest(text: string) {
  const result = check(text);
  if (!result.manifest) throw new Error(`expected a valid manifest, got ${JSON.stringify(result.diagnostics)}`);
  return firstDialect(result.manifest);
}

export const errors = (result: { diagnostics: readonly Diagnostic[] }) =>
  result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
export const warnings = (result: { diagnostics: readonly Diagnostic[] }) =>
  result.diagnostics.filter((diagnostic) => diagnostic.severity === "warning");

/** Diagnostics as `path: message` lines, the form most assertions compare against. */
export const described = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((diagnostic) => `${formatPath(diagnostic.path)}: ${diagnostic.message}`);

/** 1-based line and column of the first occurrence of `snippet` in `text`. */
export function positionOf(text: string, snippet: string): { line: number; column: number } {
  const offset = text.indexOf(snippet);
  if (offset < 0) throw new Error(`${JSON.stringify(snippet)} is not in the text`);
  if (text.indexOf(snippet, offset + 1) >= 0) throw new Error(`${JSON.stringify(snippet)} occurs more than once`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Expects exactly one error, and returns it. */
export function onlyError(text: string): Diagnostic {
  const found = errors(check(text));
  expect(described(found)).toHaveLength(1);
  return found[0];
}

/** A CLI io that records what is written. */
export function bufferIo(stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (text: string) => void out.push(text),
      stderr: (text: string) => void err.push(text),
      readStdin: stdin === undefined ? undefined : () => stdin,
    },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}
