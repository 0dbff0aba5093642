/**
 * The report on a set of manifests, as text for people or JSON for CI annotations. Reports are
 * printed through the CLI's io, which redacts the run's secrets (lib/cli/io.ts `redactingIo`).
 */
import { formatDiagnostic, formatPath, type Diagnostic } from "../diagnostics";
import type { LoadResult } from "../manifest/load";
import { KIND } from "../manifest/defaults";
import { NAMESPACE_KIND, type KubernetesJobManifest } from "../manifest/schema";
import type { SourceDocument } from "../manifest/source";

export type ReportFormat = "text" | "json";

/** A valid manifest's namespace; references were resolved by planStacks before any report. */
export function describeNamespace(manifest: KubernetesJobManifest): string {
  return manifest.spec.namespace.value ?? "(unresolved)";
}

/** One `ok:` line per valid manifest, every diagnostic, and a summary line. */
export function textReport(load: LoadResult, options: { okLines?: boolean } = {}): string {
  const { results, sources, fileDiagnostics } = load;
  const lines: string[] = [];
  const okLines = options.okLines !== false;
  for (const result of results) {
    const { document, manifest } = result;
    if (manifest && okLines) {
      lines.push(
        `ok: ${document.file}:${document.line}: ${manifest.metadata.name} (namespace ${describeNamespace(manifest)})`,
      );
    }
    lines.push(...result.diagnostics.map(formatDiagnostic));
  }
  for (const { document, source, diagnostics } of sources) {
    if (source && okLines) {
      lines.push(
        `ok: ${document.file}:${document.line}: ${source.metadata.name} (KubernetesNamespace, a source of references)`,
      );
    }
    lines.push(...diagnostics.map(formatDiagnostic));
  }
  lines.push(...fileDiagnostics.map(formatDiagnostic));
  const all = [...results.map((result) => result.manifest), ...sources.map((result) => result.source)];
  const valid = all.filter((item) => item !== undefined).length;
  const warnings = [...results, ...sources]
    .flatMap((result) => result.diagnostics)
    .filter((d) => d.severity === "warning").length;
  let summary = `${plural(all.length, "manifest")} checked: ${valid} valid, ${all.length - valid} invalid`;
  if (warnings > 0) summary += `, ${plural(warnings, "warning")}`;
  if (fileDiagnostics.length > 0) summary += `; ${plural(fileDiagnostics.length, "problem")} reading files`;
  lines.push(summary);
  return `${lines.join("\n")}\n`;
}

/** Only the warnings and errors (for commands whose real output is something else). */
export function diagnosticsText({ results, sources, fileDiagnostics }: LoadResult): string {
  const diagnostics = [...[...results, ...sources].flatMap((result) => result.diagnostics), ...fileDiagnostics];
  return diagnostics.map((diagnostic) => `${formatDiagnostic(diagnostic)}\n`).join("");
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function jsonReport({ ok, results, sources, fileDiagnostics }: LoadResult) {
  const jsonDiagnostic = (diagnostic: Diagnostic) => ({ ...diagnostic, path: formatPath(diagnostic.path) });
  const entry = (
    kind: string,
    { document, diagnostics }: { document: SourceDocument; diagnostics: Diagnostic[] },
    found?: { name: string; namespace?: string },
  ) => ({
    file: document.file,
    document: document.index,
    line: document.line,
    kind,
    valid: found !== undefined,
    name: found?.name ?? null,
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
  };
}
