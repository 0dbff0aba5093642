/**
 * Deployment keys where a manifest's dialect does not read them, or spelt as no key this tool
 * knows. Each dialect reads its settings from one place: the first dialect from metadata.labels,
 * the current Planton API from metadata.annotations (plantonhq/openmcf
 * pkg/kubernetes/kubernetesannotationkeys/keys.go, pkg/iac/tofu/tofuannotationkeys/keys.go:
 * "platform-behavior signals live in metadata.annotations, never metadata.labels"); the engine
 * key is an annotation in both. A key elsewhere, of the other dialect, or misspelt would be
 * ignored, and the manifest deployed with the run's settings instead.
 *
 * Every such key is an error, not a warning: ignoring a backend key silently keeps the state in a
 * local file (the user's real state is then not found, and the Job is created again beside it),
 * and ignoring a context key deploys to whichever cluster the run's settings reach. An error says
 * so before anything is written, and a warning could be hidden (--ignore-warning) or missed.
 */
import { error, type Problem } from "../diagnostics";
import { API_VERSION } from "../manifest/defaults";
import { isPlantonManifest, type AnyJobManifest } from "../manifest/dialects";
import { PLANTON_API_VERSION } from "../manifest/v1alpha1/api-version";
import { closest } from "../suggest";
import { ENGINE_ANNOTATION } from "./engine";
import { ANNOTATIONS, LABELS } from "./labels";

type Field = "labels" | "annotations";

interface Dialect {
  readonly apiVersion: string;
  /** Every key the dialect reads, and the field it reads it from. */
  readonly reads: ReadonlyMap<string, Field>;
}

const FIRST: Dialect = {
  apiVersion: API_VERSION,
  reads: new Map<string, Field>([
    ...Object.values(LABELS).map((key) => [key, "labels"] as const),
    [ENGINE_ANNOTATION, "annotations"],
  ]),
};

const CURRENT: Dialect = {
  apiVersion: PLANTON_API_VERSION,
  reads: new Map<string, Field>([
    ...Object.values(ANNOTATIONS).map((key) => [key, "annotations"] as const),
    [ENGINE_ANNOTATION, "annotations"],
  ]),
};

/**
 * Each key of one dialect with the keys that say the same in the other (none: the first dialect
 * has no region or endpoint; its one backend object is the current API's bucket and key).
 */
const SAME_SETTING: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...(Object.keys(LABELS) as (keyof typeof LABELS)[])
    .filter((name) => name !== "backendObject")
    .flatMap((name) => [
      [LABELS[name], [ANNOTATIONS[name]]] as [string, string[]],
      [ANNOTATIONS[name], [LABELS[name]]] as [string, string[]],
    ]),
  [LABELS.backendObject, [ANNOTATIONS.backendBucket, ANNOTATIONS.backendKey]],
  [ANNOTATIONS.backendBucket, [LABELS.backendObject]],
  [ANNOTATIONS.backendKey, [LABELS.backendObject]],
  [ANNOTATIONS.backendRegion, []],
  [ANNOTATIONS.backendEndpoint, []],
]);

/** This tool's own prefix: every key under it is one of its settings. */
const TOOL_PREFIX = "kubernetes-job-cdktf/";

const prefixOf = (key: string) => key.slice(0, key.indexOf("/") + 1);

/** Every key either dialect reads, by prefix (Planton's four and this tool's). */
const KNOWN_BY_PREFIX: ReadonlyMap<string, readonly string[]> = (() => {
  const known = new Map<string, string[]>();
  for (const key of new Set([...FIRST.reads.keys(), ...CURRENT.reads.keys()])) {
    const list = known.get(prefixOf(key)) ?? [];
    known.set(prefixOf(key), [...list, key]);
  }
  return known;
})();

/** `metadata.annotations["a"]`, or `... and ["b"]` for several keys of one field. */
function keysText(field: Field, keys: readonly string[]): string {
  const [first, ...rest] = keys.map((key) => `[${JSON.stringify(key)}]`);
  const tail =
    rest.length === 0
      ? ""
      : rest.length === 1
        ? ` and ${rest[0]}`
        : `, ${rest.slice(0, -1).join(", ")} and ${rest[rest.length - 1]}`;
  return `metadata.${field}${first}${tail}`;
}

/** Problems with the deployment keys of a manifest's labels and annotations, one per key. */
export function deploymentKeyProblems(manifest: AnyJobManifest): Problem[] {
  const own = isPlantonManifest(manifest) ? CURRENT : FIRST;
  const other = own === CURRENT ? FIRST : CURRENT;
  const problems: Problem[] = [];
  for (const field of ["labels", "annotations"] as const) {
    for (const key of Object.keys(manifest.metadata[field] ?? {})) {
      const message = keyProblem(key, field, own, other);
      if (message !== undefined) problems.push(error(["metadata", field, key], message));
    }
  }
  return problems;
}

function keyProblem(key: string, field: Field, own: Dialect, other: Dialect): string | undefined {
  const readFrom = own.reads.get(key);
  if (readFrom === field) return undefined;
  if (readFrom !== undefined) {
    return `is a deployment setting, which ${own.apiVersion} reads from metadata.${readFrom}, not metadata.${field}: move it there`;
  }
  const notRead = `which ${own.apiVersion} does not read`;
  if (other.reads.has(key)) {
    const same = ownKeys(key, own);
    return same.length === 0
      ? `is a ${other.apiVersion} key, ${notRead}, and it has no such setting: give it at synth time (--backend-config KEY=VALUE)`
      : `is a ${other.apiVersion} key, ${notRead}; it reads ${keysText(same.field, same.keys)}`;
  }
  const prefix = prefixOf(key);
  const known = KNOWN_BY_PREFIX.get(prefix);
  if (known === undefined) return misspeltPrefixProblem(key, field, own, other);
  // Compared without the prefix, which every candidate shares: the part that was mistyped. Two
  // letters swapped (backend.kye) is the likeliest slip, which edit distance counts as two.
  const word = key.slice(prefix.length);
  const candidates = known.map((candidate) => candidate.slice(prefix.length));
  const near = candidates.find((candidate) => swapsTwoLetters(word, candidate)) ?? closest(word, candidates);
  const suggestion = near === undefined ? undefined : ownKeys(prefix + near, own);
  if (suggestion !== undefined && suggestion.length > 0) {
    const [one] = suggestion.keys;
    const text = suggestion.field === field ? JSON.stringify(one) : keysText(suggestion.field, [one]);
    return `is not a key this tool reads; did you mean ${text}?`;
  }
  if (suggestion !== undefined) return otherDialectOnly(prefix + near, own, other);
  // The backend. keys of Planton's terraform prefixes are this tool's: an unknown one would be ignored.
  if (prefix.startsWith("terraform.") && word.startsWith(BACKEND_WORD)) {
    const backendKeys = [...own.reads].filter(
      ([candidate]) => prefixOf(candidate).startsWith("terraform.") && candidate.includes(`/${BACKEND_WORD}`),
    );
    return `is not a key this tool reads; its backend keys are ${keysText(
      backendKeys[0][1],
      backendKeys.map(([candidate]) => candidate),
    )}`;
  }
  // Planton's prefixes hold its other platform keys too; this tool's holds only its own.
  if (prefix !== TOOL_PREFIX) return undefined;
  const toolKeys = [...own.reads].filter(([candidate]) => candidate.startsWith(TOOL_PREFIX));
  const byField = (["labels", "annotations"] as const)
    .map((where) => [where, toolKeys.filter(([, read]) => read === where).map(([candidate]) => candidate)] as const)
    .filter(([, keys]) => keys.length > 0)
    .map(([where, keys]) => keysText(where, keys));
  return `is not a key this tool reads; its keys are ${byField.join(" and ")}`;
}

/** The word after the prefix that starts every backend key. */
const BACKEND_WORD = "backend.";

/** A prefix compared as a person would read it: no case, spaces, '-', '_' or '.'. */
const prefixForm = (prefix: string) => prefix.toLowerCase().replace(/[\s\-_.]/g, "");

/** The known prefixes by their compared form. */
const PREFIX_FORMS: ReadonlyMap<string, string> = new Map(
  [...KNOWN_BY_PREFIX.keys()].map((prefix) => [prefixForm(prefix), prefix]),
);

/**
 * A key of a deployment setting under a misspelt or odd-case prefix (Terraform.Planton.Dev/,
 * kubernetes-job-cdk/): its prefix is close to one the tool reads and the rest is a key of that
 * prefix. Only such keys: a user's own key under an unrelated prefix (example.org/timeout) is left alone.
 */
function misspeltPrefixProblem(key: string, field: Field, own: Dialect, other: Dialect): string | undefined {
  const slash = key.indexOf("/");
  if (slash < 0) return undefined;
  const form = prefixForm(key.slice(0, slash + 1));
  const near = PREFIX_FORMS.get(form) ?? PREFIX_FORMS.get(closest(form, [...PREFIX_FORMS.keys()]) ?? "");
  if (near === undefined) return undefined;
  const word = key
    .slice(slash + 1)
    .trim()
    .toLowerCase();
  const meant = KNOWN_BY_PREFIX.get(near)?.find((candidate) => candidate.slice(near.length) === word);
  if (meant === undefined) return undefined;
  const suggestion = ownKeys(meant, own);
  if (suggestion.length === 0) return otherDialectOnly(meant, own, other);
  const [one] = suggestion.keys;
  const text = suggestion.field === field ? JSON.stringify(one) : keysText(suggestion.field, [one]);
  return `is not a key this tool reads; did you mean ${text}?`;
}

/** A misspelling of `meant`, a key of the other dialect only, which has no setting in this one. */
function otherDialectOnly(meant: string, own: Dialect, other: Dialect): string {
  return `is not a key this tool reads; the nearest, ${JSON.stringify(meant)}, is a ${other.apiVersion} key, which ${own.apiVersion} does not read, and it has no such setting: give it at synth time (--backend-config KEY=VALUE)`;
}

/** The keys of `own` that say what `key` says (itself when `own` reads it), and their field. */
function ownKeys(key: string, own: Dialect): { field: Field; keys: readonly string[]; length: number } {
  const keys = own.reads.has(key) ? [key] : (SAME_SETTING.get(key) ?? []);
  const field = keys.length > 0 ? (own.reads.get(keys[0]) ?? "annotations") : "annotations";
  return { field, keys, length: keys.length };
}

/** Whether `a` is `b` with two neighbouring letters swapped. */
function swapsTwoLetters(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((letter, index) => (letter === b[index] ? [] : [index]));
  return (
    differ.length === 2 && differ[1] === differ[0] + 1 && a[differ[0]] === b[differ[1]] && a[differ[1]] === b[differ[0]]
  );
}
