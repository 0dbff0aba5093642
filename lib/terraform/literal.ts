/**
 * User text must reach Kubernetes byte for byte. Two layers would otherwise rewrite it:
 * Terraform evaluates `${...}` and `%{...}` in every string (map keys too), and cdktf replaces
 * anything that looks like its own token markers (`${TfToken[`, `#{TfToken[`, `&{TfToken[`).
 * This escapes both: `$${` and `%%{` are Terraform's escapes (in a run `$$${`, only the last
 * `$${` is one), and a marker is split by a Terraform expression that yields its first
 * characters (`${"$"}{TfToken[...`), which cdktf does not recognise. A `$` run before a marker
 * goes into that expression (`${"$$"}{TfToken[`): left outside, its last `$` and the
 * expression's `${` would read as the escape `$${`. Terraform also drops a byte order mark at
 * the start of a string, so one there is written as an expression (`${"\uFEFF"}`).
 *
 * Terraform normalizes every string to Unicode NFC; no escape preserves text that is not NFC,
 * so such text is refused (see notNfcPaths).
 */
import type { Path } from "../diagnostics";
// A `$` run is taken whole from its first `$` only (the lookbehind): trying it from every `$`
// of a long run would take quadratic time.
const SPECIAL = /(?<!\$)(\$*)\$\{TfToken\[|\$\{|%\{|([#&])\{(?=TfToken\[)|^\uFEFF/g;

export function literal(text: string): string {
  return text.replace(SPECIAL, (match: string, dollars: string | undefined, sigil: string | undefined) => {
    if (dollars !== undefined) return `\${"${dollars}$"}{TfToken[`;
    if (sigil) return `${sigil}\${"{"}`;
    if (match === "%{") return "%%{";
    if (match === "${") return "$${";
    return '${"\\uFEFF"}';
  });
}

/** Every string in a value (plain data: objects, arrays, strings, numbers, booleans), escaped. */
export function literalDeep<T>(value: T): T {
  if (typeof value === "string") return literal(value) as T;
  if (Array.isArray(value)) return value.map(literalDeep) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [literal(key), literalDeep(item)])) as T;
  }
  return value;
}

/** The first of cdktf's token markers in text, which cdktf would resolve wherever it is; or undefined. */
export function tokenMarkerIn(text: string): string | undefined {
  return /[$#&]\{TfToken\[/.exec(text)?.[0];
}

export const hasTokenMarker = (text: string): boolean => tokenMarkerIn(text) !== undefined;

/**
 * Why a string that must reach Terraform as plain text (a backend setting) cannot hold a
 * marker: no escape exists there, since Terraform does not evaluate it.
 */
export function tokenMarkerProblem(marker: string): string {
  return `holds "${marker}", which cdktf would take for one of its own references; a backend setting cannot hold "\${TfToken[", "#{TfToken[" or "&{TfToken["`;
}

/**
 * Where a value (plain data) holds a string or key that is not in Unicode NFC: Terraform
 * normalizes every string to NFC (in Terraform JSON, in HCL and in its functions' results),
 * so no escape would bring such text to Kubernetes as written.
 */
/** A UTF-16 surrogate without its pair (a JSON or YAML `\ud800` escape): Terraform makes it U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when Terraform passes the text on unchanged: well-formed, and in Unicode NFC. */
export const arrivesAsWritten = (text: string) => !LONE_SURROGATE.test(text) && text.normalize("NFC") === text;

export function notNfcPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === "string") return arrivesAsWritten(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => notNfcPaths(item, [...path, index]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      arrivesAsWritten(key) ? notNfcPaths(item, [...path, key]) : [[...path, key]],
    );
  }
  return [];
}

export const NOT_NFC_MESSAGE =
  "holds text that is not in Unicode NFC, or a lone surrogate (a \\ud800 escape without its pair), which Terraform would change (it normalizes every string to NFC) before it reaches Kubernetes; write it in NFC (such as é as one character, not e and a combining accent)";
