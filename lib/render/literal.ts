/**
 * User text must reach Kubernetes byte for byte. Two layers would otherwise rewrite it:
 * Terraform evaluates `${...}` and `%{...}` in every string, and cdktf replaces anything that
 * looks like its own token markers (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). This escapes
 * both: `$${` and `%%{` are Terraform's escapes, and a marker is split by a Terraform
 * expression that yields one character (`${"$"}{TfToken[...`), which cdktf does not recognise.
 */
const SPECIAL = /\$\{(TfToken\[)?|%\{|([#&])\{(?=TfToken\[)/g;

export function literal(text: string): string {
  return text.replace(SPECIAL, (match: string, marker: string | undefined, sigil: string | undefined) => {
    if (sigil) return `${sigil}\${"{"}`;
    if (match === "%{") return "%%{";
    return marker ? '${"$"}{TfToken[' : "$${";
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
