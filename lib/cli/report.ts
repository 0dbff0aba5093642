/** The report on a set of manifests, as text for people or JSON for CI annotations. */
import { formatDiagnostic, formatPath, type Diagnostic } from "../diagnostics";
import type { LoadResult } from "../load";
import type { KubernetesJobManifest } from "../manifest";
import { redactor } from "../redact";

export type ReportFormat = "text" | "json";

/** How a manifest's namespace reads in a report: the value, or where it will come from. */
export function describeNamespace(manifest: KubernetesJobManifest): string {
  const { value, valueFrom } = manifest.spec.namespace;
  if (value !== undefined) return value;
  const env = valueFrom.env ? `${valueFrom.env}/` : "";
  return `<${valueFrom.kind} ${env}${valueFrom.name} ${valueFrom.fieldPath}>`;
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
  return redactor(load.secrets)(`${lines.join("\n")}\n`);
}

/** Only the warnings and errors (for commands whose real output is something else). */
export function diagnosticsText({ results, sources, fileDiagnostics, secrets }: LoadResult): string {
  const diagnostics = [...[...results, ...sources].flatMap((result) => result.diagnostics), ...fileDiagnostics];
  return redactor(secrets)(diagnostics.map((diagnostic) => `${formatDiagnostic(diagnostic)}\n`).join(""));
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function jsonReport({ ok, results, sources, fileDiagnostics, secrets }: LoadResult) {
  const redact = redactor(secrets);
  const jsonDiagnostic = (diagnostic: Diagnostic) => ({
    ...diagnostic,
    path: redact(formatPath(diagnostic.path)),
    message: redact(diagnostic.message),
  });
  return {
    ok,
    manifests: [
      ...results.map(({ document, manifest, diagnostics }) => ({
        file: document.file,
        document: document.index,
        line: document.line,
        kind: "KubernetesJob",
        valid: manifest !== undefined,
        name: manifest?.metadata.name ?? null,
        namespace: manifest ? describeNamespace(manifest) : null,
        diagnostics: diagnostics.map(jsonDiagnostic),
      })),
      ...sources.map(({ document, source, diagnostics }) => ({
        file: document.file,
        document: document.index,
        line: document.line,
        kind: "KubernetesNamespace",
        valid: source !== undefined,
        name: source?.metadata.name ?? null,
        namespace: source?.spec.name ?? null,
        diagnostics: diagnostics.map(jsonDiagnostic),
      })),
    ],
    errors: fileDiagnostics.map(jsonDiagnostic),
  };
}
