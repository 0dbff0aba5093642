/** How a user's value is quoted in messages: short, one line, never the whole of a long string. */
export function showValue(value: unknown, max = 60): string {
  if (value === undefined) return "nothing";
  // JSON would print null for these, and throw for a bigint.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** What a value is, in the user's terms: `null`, `a list`, `a date`, `number 3`, `string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  // YAML's !!timestamp (and, under %YAML 1.1, a plain 2024-01-01) and !!binary.
  if (value instanceof Date) return "a date";
  if (value instanceof Uint8Array) return "binary data";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" && !Number.isFinite(value)) return "a number too large to represent";
  return `${typeof value} ${showValue(value)}`;
}

/** A string field of a value as written (`kind`, `metadata.name`); undefined when it is not one. */
export function writtenString(value: unknown, ...path: string[]): string | undefined {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === "string" ? at : undefined;
}
