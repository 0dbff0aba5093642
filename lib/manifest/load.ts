/** Paths in, validated manifests (or their problems) out: the front of the pipeline. */
import { writtenString } from "../values";
import type { Diagnostic } from "../diagnostics";
import {
  isNamespaceDocument,
  parseManifest,
  parseReferenceSource,
  type ManifestResult,
  type ReferenceSourceResult,
} from "./parse";
import { secretValuesOf } from "../redact";
import { eachSource, type ReadOptions, type SourceDocument } from "./source";

export interface LoadResult {
  /** One result per KubernetesJob document, in the order of the paths and of documents in each file. */
  readonly results: ManifestResult[];
  /** KubernetesNamespace documents: sources of references, not stacks. */
  readonly sources: ReferenceSourceResult[];
  /** Problems with files that gave no document (unreadable, empty, YAML syntax). */
  readonly fileDiagnostics: Diagnostic[];
  /** True when no file or document has an error. */
  readonly ok: boolean;
  /** Secret values met on the way (see lib/redact.ts); never printed. */
  readonly secrets: string[];
}

/** A manifest read through a symbolic link says so, since the file it is in is elsewhere. */
function linkNotes(document: SourceDocument): Diagnostic[] {
  if (document.linkTarget === undefined || document.index > 0) return [];
  return [
    {
      severity: "warning",
      id: "symlink",
      file: document.file,
      line: 1,
      column: 1,
      path: [],
      message: `is a symbolic link to ${document.linkTarget}; read as that file`,
    },
  ];
}

export function loadManifests(paths: readonly string[], options: ReadOptions = {}): LoadResult {
  const results: ManifestResult[] = [];
  const sources: ReferenceSourceResult[] = [];
  const documentSecrets: string[] = [];
  // Each document is checked as soon as its file is parsed, and only its result is kept: the raw
  // values of thousands of files never live at once (runs of 10,000 manifests keep the memory).
  const read = eachSource(paths, options, (document) => {
    documentSecrets.push(...secretValuesOf(document.value));
    const notes = linkNotes(document);
    if (isNamespaceDocument(document.value)) {
      const source = parseReferenceSource(document);
      sources.push({ ...source, diagnostics: [...notes, ...source.diagnostics] });
    } else {
      // Once validated, a Job's raw value is not needed (its manifest is); runs of thousands of
      // manifests keep the memory.
      const result = parseManifest(document);
      results.push({
        ...result,
        diagnostics: [...notes, ...result.diagnostics],
        document: { ...result.document, value: undefined },
        ...(result.manifest
          ? {}
          : {
              written: {
                kind: writtenString(document.value, "kind"),
                name: writtenString(document.value, "metadata", "name"),
              },
            }),
      });
    }
  });
  const diagnostics = read.diagnostics;
  const secrets = [...read.secrets, ...documentSecrets];
  const ok =
    diagnostics.length === 0 &&
    results.every((result) => result.manifest !== undefined) &&
    sources.every((source) => source.source !== undefined);
  return { results, sources, fileDiagnostics: diagnostics, ok, secrets };
}
