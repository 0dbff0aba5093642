/** Paths in, validated manifests (or their problems) out: the front of the pipeline. */
import type { Diagnostic } from "./diagnostics";
import { parseManifest, type ManifestResult } from "./parse";
import { readSources, type ReadOptions } from "./source";

export interface LoadResult {
  /** One result per document, in the order of the paths given and of documents in each file. */
  readonly results: ManifestResult[];
  /** Problems with files that gave no document (unreadable, empty, YAML syntax). */
  readonly fileDiagnostics: Diagnostic[];
  /** True when no file or document has an error. */
  readonly ok: boolean;
}

export function loadManifests(paths: readonly string[], options: ReadOptions = {}): LoadResult {
  const { documents, diagnostics } = readSources(paths, options);
  const results = documents.map(parseManifest);
  const ok = diagnostics.length === 0 && results.every((result) => result.manifest !== undefined);
  return { results, fileDiagnostics: diagnostics, ok };
}
