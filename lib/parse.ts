/**
 * One document to one validated manifest: kind check, schema (shape, field rules, defaults),
 * then the cross-field rules. Returns the fully defaulted manifest or the problems, placed in
 * the source; nothing downstream checks or defaults again.
 */
import { API_VERSION, KIND } from "./defaults";
import { byPosition, type Diagnostic, type Problem } from "./diagnostics";
import {
  manifestSchema,
  NAMESPACE_KIND,
  namespaceManifestSchema,
  type KubernetesJobManifest,
  type KubernetesNamespaceManifest,
} from "./manifest";
import { issuesToProblems } from "./schema-issues";
import type { SourceDocument } from "./source";
import { validateManifest } from "./validate";
import { showValue } from "./values";

export interface ManifestResult {
  readonly document: SourceDocument;
  /** Present when the document has no errors (it may have warnings). */
  readonly manifest?: KubernetesJobManifest;
  readonly diagnostics: Diagnostic[];
}

/** A KubernetesNamespace manifest, read as a source of references only. */
export interface ReferenceSourceResult {
  readonly document: SourceDocument;
  /** Present when the document has no errors. */
  readonly source?: KubernetesNamespaceManifest;
  readonly diagnostics: Diagnostic[];
}

/** True for a document that names Planton's KubernetesNamespace kind. */
export function isNamespaceDocument(value: unknown): boolean {
  const { apiVersion, kind } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return apiVersion === API_VERSION && kind === NAMESPACE_KIND;
}

export function parseReferenceSource(document: SourceDocument): ReferenceSourceResult {
  const parsed = namespaceManifestSchema.safeParse(document.value, { reportInput: true });
  if (parsed.success) return { document, source: parsed.data, diagnostics: [] };
  const problems = issuesToProblems(parsed.error.issues, namespaceManifestSchema);
  return { document, diagnostics: problems.map((problem) => place(document, problem)).sort(byPosition) };
}

export function parseManifest(document: SourceDocument): ManifestResult {
  const { manifest, problems } = checkManifest(document.value);
  const diagnostics = problems.map((problem) => place(document, problem)).sort(byPosition);
  const valid = manifest !== undefined && !problems.some((problem) => problem.severity === "error");
  return valid ? { document, manifest, diagnostics } : { document, diagnostics };
}

function checkManifest(value: unknown): { manifest?: KubernetesJobManifest; problems: Problem[] } {
  const kindProblem = checkKind(value);
  if (kindProblem) return { problems: [kindProblem] };
  const parsed = manifestSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, manifestSchema) };
  return { manifest: parsed.data, problems: validateManifest(parsed.data) };
}

/** A document of another kind is reported as that, not as a list of unknown fields. */
function checkKind(value: unknown): Problem | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      severity: "error",
      path: [],
      message: `is not a manifest: expected a mapping with apiVersion, kind, metadata and spec`,
    };
  }
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (apiVersion === API_VERSION && kind === KIND) return undefined;
  if (apiVersion === undefined && kind === undefined) {
    return {
      severity: "error",
      path: [],
      message: `is not a KubernetesJob manifest: apiVersion and kind are missing (expected apiVersion: ${API_VERSION}, kind: ${KIND})`,
    };
  }
  if (kind !== KIND) {
    return {
      severity: "error",
      path: ["kind"],
      message: `${showValue(kind)} is not supported: expected ${KIND} (or ${NAMESPACE_KIND}, read as a source of references; apiVersion ${API_VERSION})`,
    };
  }
  return {
    severity: "error",
    path: ["apiVersion"],
    message:
      apiVersion === undefined
        ? `is required: ${API_VERSION}`
        : `${showValue(apiVersion)} is not supported: expected ${API_VERSION}`,
  };
}

function place(document: SourceDocument, problem: Problem): Diagnostic {
  const { line, column } = document.locate(problem.path, problem.at);
  return {
    severity: problem.severity,
    file: document.file,
    line,
    column,
    path: problem.path,
    message: problem.message,
  };
}
