/**
 * One document to one validated manifest: kind check, schema (shape, field rules, defaults),
 * then the cross-field rules. Returns the fully defaulted manifest or the problems, placed in
 * the source; nothing downstream checks or defaults again.
 */
import { z } from "zod";
import { API_VERSION, KIND } from "./defaults";
import { byPosition, error, type Diagnostic, type Problem } from "../diagnostics";
import {
  manifestSchema,
  NAMESPACE_KIND,
  namespaceManifestSchema,
  type KubernetesJobManifest,
  type KubernetesNamespaceManifest,
} from "./schema";
import { readProtojson, type ReadingProblem } from "./protojson";
import { apiVersionProblem, PLANTON_API_VERSION, writtenForPlanton } from "./v1alpha1/api-version";
import type * as PlantonDialect from "./v1alpha1/parse";
import type { AnyJobManifest } from "./dialects";
import { issuesToProblems } from "./schema-issues";
import type { SourceDocument } from "./source";
import { validateManifest } from "./validate";
import { independentProblems } from "./independent-problems";
import { notAManifest } from "./other-files";
import { closest } from "../suggest";
import { showValue } from "../values";

export interface ManifestResult {
  readonly document: SourceDocument;
  /** Present when the document has no errors (it may have warnings); of either dialect. */
  readonly manifest?: AnyJobManifest;
  readonly diagnostics: Diagnostic[];
  /** An invalid document's kind and name as written, for reports (its value is not kept). */
  readonly written?: { readonly kind?: string; readonly name?: string };
}

/** A KubernetesNamespace manifest, read as a source of references only. */
export interface ReferenceSourceResult {
  readonly document: SourceDocument;
  /** Present when the document has no errors. */
  readonly source?: KubernetesNamespaceManifest;
  readonly diagnostics: Diagnostic[];
}

/**
 * True for a document that names Planton's KubernetesNamespace kind (in either spelling), of
 * either API: Planton publishes it as kubernetes.planton.dev/v1alpha1 too, with the same
 * spec.name (plantonhq/openmcf kubernetesnamespace/v1alpha1/spec.proto).
 */
export function isNamespaceDocument(value: unknown): boolean {
  const fields = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const apiVersion = fields.apiVersion ?? fields.api_version;
  return (apiVersion === API_VERSION || apiVersion === PLANTON_API_VERSION) && fields.kind === NAMESPACE_KIND;
}

/** The schema of a KubernetesNamespace of the current API: the first one's, with its apiVersion. */
let plantonNamespaceSchema: typeof namespaceManifestSchema | undefined;
function namespaceSchemaOf(value: unknown): typeof namespaceManifestSchema {
  if (!isPlantonDocument(value)) return namespaceManifestSchema;
  plantonNamespaceSchema ??= namespaceManifestSchema.extend({
    apiVersion: z.literal(PLANTON_API_VERSION),
  }) as unknown as typeof namespaceManifestSchema;
  return plantonNamespaceSchema;
}

/**
 * The document as the schema reads it (every field under its JSON name, see lib/protojson.ts),
 * still locating a path at the key as written.
 */
function readAsPlanton(
  document: SourceDocument,
  schema: Parameters<typeof readProtojson>[1],
): { read: SourceDocument; problems: readonly ReadingProblem[] } {
  const reading = readProtojson(document.value, schema);
  // Only these two are kept: a closure over `document` would keep its raw value for the whole run.
  const { locate } = document;
  const { writtenPath } = reading;
  const read: SourceDocument = {
    ...document,
    value: reading.value,
    locate: (path, at) => locate(writtenPath(path), at),
  };
  return { read, problems: reading.problems };
}

const hasError = (problems: readonly Problem[]) => problems.some((problem) => problem.severity === "error");

export function parseReferenceSource(document: SourceDocument): ReferenceSourceResult {
  const schema = namespaceSchemaOf(document.value);
  const { read, problems: reading } = readAsPlanton(document, schema);
  const readingDiagnostics = reading.map((problem) => placeAsWritten(document, problem));
  const parsed = schema.safeParse(read.value, { reportInput: true });
  if (parsed.success && !hasError(reading)) {
    return { document: read, source: parsed.data, diagnostics: readingDiagnostics.sort(byPosition) };
  }
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, schema);
  const diagnostics = [...readingDiagnostics, ...problems.map((problem) => place(read, problem))];
  return { document: read, diagnostics: diagnostics.sort(byPosition) };
}

export function parseManifest(document: SourceDocument): ManifestResult {
  if (isPlantonDocument(document.value)) return parsePlantonManifest(document);
  const header = kindProblems(document.value);
  const wrongVersion = header.find(({ path }) => path[0] === "apiVersion");
  if (wrongVersion && writtenForPlanton(document.value as Record<string, unknown>)) {
    return parsePlantonManifest(document, wrongVersion);
  }
  const { read, problems: reading } = readAsPlanton(document, manifestSchema);
  const other = notAManifest(document.value);
  if (other) return { document: read, diagnostics: [place(read, other)] };
  const kind = checkKind(read.value);
  if (kind.problems.length > 0 && !kind.meantAsJob) {
    return { document: read, diagnostics: kind.problems.map((problem) => place(read, problem)) };
  }
  // A Job with a wrong apiVersion or a misspelt kind is still checked as one: every problem at once.
  const value =
    kind.problems.length > 0 ? { ...(read.value as object), apiVersion: API_VERSION, kind: KIND } : read.value;
  const { manifest, problems } = checkManifest(value);
  const diagnostics = [
    ...kind.problems.map((problem) => place(read, problem)),
    ...reading.map((problem) => placeAsWritten(document, problem)),
    ...problems.map((problem) => place(read, problem)),
  ].sort(byPosition);
  const valid = manifest !== undefined && kind.problems.length === 0 && !hasError(reading) && !hasError(problems);
  return valid ? { document: read, manifest, diagnostics } : { document: read, diagnostics };
}

/** True for a document written for the current Planton API (`apiVersion` in either spelling). */
function isPlantonDocument(value: unknown): boolean {
  const fields = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return (fields.apiVersion ?? fields.api_version) === PLANTON_API_VERSION;
}

/** The second dialect, loaded on its first document: a first-dialect run never loads it (issue 14). */
function plantonDialect(): typeof PlantonDialect {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./v1alpha1/parse") as typeof PlantonDialect;
}

/** A document of the current Planton API: its own schema and rules, placed as the first dialect's are. */
function parsePlantonManifest(document: SourceDocument, wrongVersion?: Problem): ManifestResult {
  const { checkPlantonManifest, plantonManifestSchema } = plantonDialect();
  const { read, problems: reading } = readAsPlanton(document, plantonManifestSchema());
  // A document with another apiVersion is checked as if it had this one, and said to be invalid.
  const value = wrongVersion ? { ...(read.value as object), apiVersion: PLANTON_API_VERSION } : read.value;
  const checked = checkPlantonManifest(value);
  const { manifest } = checked;
  const problems = wrongVersion ? [wrongVersion, ...checked.problems] : checked.problems;
  const diagnostics = [
    ...reading.map((problem) => placeAsWritten(document, problem)),
    ...problems.map((problem) => place(read, problem)),
  ].sort(byPosition);
  const valid = manifest !== undefined && !hasError(reading) && !hasError(problems);
  return valid ? { document: read, manifest, diagnostics } : { document: read, diagnostics };
}

function checkManifest(value: unknown): { manifest?: KubernetesJobManifest; problems: Problem[] } {
  const parsed = manifestSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const { issues } = parsed.error;
    return { problems: [...issuesToProblems(issues, manifestSchema), ...independentProblems(value, issues)] };
  }
  return { manifest: parsed.data, problems: validateManifest(parsed.data) };
}

/**
 * A document of another kind is reported as that, not as a list of unknown fields. One whose kind
 * is KubernetesJob, or close to it, is meant as a KubernetesJob: the rest of it is checked too.
 */
function checkKind(value: unknown): { problems: Problem[]; meantAsJob?: boolean } {
  const problems = kindProblems(value);
  if (problems.length === 0 || typeof value !== "object" || value === null) return { problems };
  return { problems, meantAsJob: meantAsJob(value as Record<string, unknown>) };
}

/** A KubernetesJob by its kind (or one close to it), or a document with a spec and no kind. */
export function meantAsJob({ kind, spec }: Record<string, unknown>): boolean {
  return (
    kind === KIND ||
    (typeof kind === "string" && closest(kind, [KIND, NAMESPACE_KIND]) === KIND) ||
    (kind === undefined && spec !== undefined)
  );
}

/** What is wrong with a document's apiVersion and kind: each of them, at its own place. */
function kindProblems(value: unknown): Problem[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [error([], `is not a manifest: expected a mapping with apiVersion, kind, metadata and spec`)];
  }
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (apiVersion === undefined && kind === undefined) {
    return [
      error(
        [],
        `is not a KubernetesJob manifest: apiVersion and kind are missing (expected apiVersion: ${API_VERSION}, kind: ${KIND})`,
      ),
    ];
  }
  const problems: Problem[] = [];
  if (apiVersion !== API_VERSION) {
    problems.push(error(["apiVersion"], apiVersionProblem(apiVersion, API_VERSION)));
  }
  if (kind === undefined) {
    problems.push(error(["kind"], `is required: ${KIND} (or ${NAMESPACE_KIND}, read as a source of references)`));
  } else if (kind !== KIND) {
    const near = typeof kind === "string" ? closest(kind, [KIND, NAMESPACE_KIND]) : undefined;
    problems.push(
      error(
        ["kind"],
        `${showValue(kind)} is not supported: expected ${KIND} (or ${NAMESPACE_KIND}, read as a source of references; apiVersion ${API_VERSION})` +
          (near ? `; did you mean "${near}"?` : ""),
      ),
    );
  }
  return problems;
}

function place(document: SourceDocument, problem: Problem): Diagnostic {
  return placeAt(document, problem, problem.path);
}

/** A problem found while reading, placed at the key as written (two spellings of one field). */
function placeAsWritten(document: SourceDocument, problem: ReadingProblem): Diagnostic {
  return placeAt(document, problem, problem.writtenPath);
}

function placeAt(document: SourceDocument, problem: Problem, where: Diagnostic["path"]): Diagnostic {
  const { line, column } = document.locate(where, problem.at);
  return {
    severity: problem.severity,
    file: document.file,
    line,
    column,
    path: problem.path,
    message: problem.message,
    ...(problem.id ? { id: problem.id } : {}),
  };
}
