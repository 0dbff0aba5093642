/** `kubernetes-job validate <paths...>`: a report on each manifest, before anything is synthesized. */
import { formatDiagnostic, formatPath, type Diagnostic } from "../diagnostics";
import { loadManifests } from "../load";
import type { KubernetesJobManifest } from "../manifest";
import type { ManifestResult } from "../parse";
import { EXIT, type CliIo } from "./io";

export type ReportFormat = "text" | "json";

export function runValidate(paths: readonly string[], format: ReportFormat, io: CliIo): number {
  const loaded = loadManifests(paths, { readStdin: io.readStdin });
  if (format === "json") {
    io.stdout(`${JSON.stringify(jsonReport(loaded.ok, loaded.results, loaded.fileDiagnostics), null, 2)}\n`);
  } else {
    io.stdout(textReport(loaded.results, loaded.fileDiagnostics));
  }
  return loaded.ok ? EXIT.ok : EXIT.invalid;
}

/** How a manifest's namespace reads in a report: the value, or where it will come from. */
export function describeNamespace(manifest: KubernetesJobManifest): string {
  const { value, valueFrom } = manifest.spec.namespace;
  if (value !== undefined) return value;
  const env = valueFrom.env ? `${valueFrom.env}/` : "";
  return `<${valueFrom.kind} ${env}${valueFrom.name} ${valueFrom.fieldPath}>`;
}

function textReport(results: readonly ManifestResult[], fileDiagnostics: readonly Diagnostic[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const { document, manifest } = result;
    if (manifest) {
      lines.push(
        `ok: ${document.file}:${document.line}: ${manifest.metadata.name} (namespace ${describeNamespace(manifest)})`,
      );
    }
    lines.push(...result.diagnostics.map(formatDiagnostic));
  }
  lines.push(...fileDiagnostics.map(formatDiagnostic));
  const valid = results.filter((result) => result.manifest).length;
  const invalid = results.length - valid;
  const fileProblems = fileDiagnostics.length;
  const warnings = results.flatMap((result) => result.diagnostics).filter((d) => d.severity === "warning").length;
  let summary = `${plural(results.length, "manifest")} checked: ${valid} valid, ${invalid} invalid`;
  if (warnings > 0) summary += `, ${plural(warnings, "warning")}`;
  if (fileProblems > 0) summary += `; ${plural(fileProblems, "problem")} reading files`;
  lines.push(summary);
  return `${lines.join("\n")}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function jsonDiagnostic(diagnostic: Diagnostic) {
  return { ...diagnostic, path: formatPath(diagnostic.path) };
}

function jsonReport(ok: boolean, results: readonly ManifestResult[], fileDiagnostics: readonly Diagnostic[]) {
  return {
    ok,
    manifests: results.map(({ document, manifest, diagnostics }) => ({
      file: document.file,
      document: document.index,
      line: document.line,
      valid: manifest !== undefined,
      name: manifest?.metadata.name ?? null,
      namespace: manifest ? describeNamespace(manifest) : null,
      diagnostics: diagnostics.map(jsonDiagnostic),
    })),
    errors: fileDiagnostics.map(jsonDiagnostic),
  };
}
