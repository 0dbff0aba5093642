/**
 * The report on a set of manifests, as text for people or JSON for CI annotations. Reports are
 * printed through the CLI's io, which redacts the run's secrets (lib/cli/io.ts `redactingIo`).
 */
import { formatDiagnostic, formatPath, type Diagnostic } from "../diagnostics";
import type { LoadResult } from "../manifest/load";
import { KIND } from "../manifest/defaults";
import { NAMESPACE_KIND } from "../manifest/schema";
import type { AnyJobManifest } from "../manifest/dialects";
import type { SourceDocument } from "../manifest/source";

export type ReportFormat = "text" | "json";

/** A valid manifest's namespace; references were resolved by planStacks before any report. */
export function describeNamespace(manifest: AnyJobManifest): string {
  return manifest.spec.namespace.value ?? "(unresolved)";
}

/**
 * One line of the text report and where it goes: the result (`ok:` lines, the summary) on
 * standard output, problems (errors and warnings) on standard error, as for every command.
 */
export interface ReportLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** One `ok:` line per valid manifest, every diagnostic, and a summary line, in reading order. */
export function textReportLines(load: LoadResult, options: { okLines?: boolean } = {}): ReportLine[] {
  const { results, sources, fileDiagnostics } = load;
  const lines: ReportLine[] = [];
  const ok = (text: string) => lines.push({ stream: "stdout", text });
  const problems = (diagnostics: readonly Diagnostic[]) =>
    lines.push(...diagnostics.map((diagnostic) => ({ stream: "stderr" as const, text: formatDiagnostic(diagnostic) })));
  const okLines = options.okLines !== false;
  for (const result of results) {
    const { document, manifest } = result;
    if (manifest && okLines) {
      ok(`ok: ${document.file}:${document.line}: ${manifest.metadata.name} (namespace ${describeNamespace(manifest)})`);
    }
    problems(result.diagnostics);
  }
  for (const { document, source, diagnostics } of sources) {
    if (source && okLines) {
      ok(
        `ok: ${document.file}:${document.line}: ${source.metadata.name} (KubernetesNamespace, a source of references)`,
      );
    }
    problems(diagnostics);
  }
  problems(fileDiagnostics);
  const all = [...results.map((result) => result.manifest), ...sources.map((result) => result.source)];
  const valid = all.filter((item) => item !== undefined).length;
  const diagnostics = [...results, ...sources].flatMap((result) => result.diagnostics);
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  // Under --strict a warning is an error that keeps its class id.
  const promoted = diagnostics.filter((d) => d.severity === "error" && d.id !== undefined).length;
  let summary = `${plural(all.length, "manifest")} checked: ${valid} valid, ${all.length - valid} invalid`;
  if (warnings > 0) summary += `, ${plural(warnings, "warning")}`;
  if (promoted > 0)
    summary += `, ${plural(promoted, "warning")} counted as ${promoted === 1 ? "an error" : "errors"} (strict)`;
  if (fileDiagnostics.length > 0) summary += `; ${plural(fileDiagnostics.length, "problem")} reading files`;
  ok(summary);
  return lines;
}

/** The whole text report as one text (for commands that print it all on one stream). */
export function textReport(load: LoadResult, options: { okLines?: boolean } = {}): string {
  return textReportLines(load, options)
    .map((line) => `${line.text}\n`)
    .join("");
}

/** Only the warnings and errors (for commands whose real output is something else). */
export function diagnosticsText({ results, sources, fileDiagnostics }: LoadResult): string {
  const diagnostics = [...[...results, ...sources].flatMap((result) => result.diagnostics), ...fileDiagnostics];
  return diagnostics.map((diagnostic) => `${formatDiagnostic(diagnostic)}\n`).join("");
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A diagnostic as JSON: `{severity, id, file, line, column, path, message}`, id only for a warning's class. */
export function jsonDiagnostic(diagnostic: Diagnostic) {
  const { severity, id, file, line, column, path, message } = diagnostic;
  return { severity, ...(id ? { id } : {}), file, line, column, path: formatPath(path), message };
}

/**
 * The report for CI: every manifest with its diagnostics, problems with files that gave no
 * manifest (`errors`), and every warning of the run in one list (`warnings`), to annotate or count.
 */
export function jsonReport({ ok, results, sources, fileDiagnostics }: LoadResult) {
  const entry = (
    kind: string,
    {
      document,
      diagnostics,
      written,
    }: { document: SourceDocument; diagnostics: Diagnostic[]; written?: { kind?: string; name?: string } },
    found?: { name: string; namespace?: string },
  ) => ({
    file: document.file,
    document: document.index,
    line: document.line,
    // An invalid document's own kind and name, as written, when they are strings.
    kind: found ? kind : (written?.kind ?? kind),
    valid: found !== undefined,
    name: found?.name ?? written?.name ?? null,
    namespace: found?.namespace ?? null,
    diagnostics: diagnostics.map(jsonDiagnostic),
  });
  return {
    ok,
    manifests: [
      ...results.map((result) =>
        entry(
          KIND,
          result,
          result.manifest && { name: result.manifest.metadata.name, namespace: describeNamespace(result.manifest) },
        ),
      ),
      ...sources.map((result) =>
        entry(
          NAMESPACE_KIND,
          result,
          result.source && { name: result.source.metadata.name, namespace: result.source.spec.name },
        ),
      ),
    ],
    errors: fileDiagnostics.map(jsonDiagnostic),
    warnings: [...[...results, ...sources].flatMap((result) => result.diagnostics), ...fileDiagnostics]
      .filter((diagnostic) => diagnostic.severity === "warning")
      .map(jsonDiagnostic),
  };
}
