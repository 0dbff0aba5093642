/**
 * Terraform JSON (as cdktf synthesizes it) to HCL, laid out as `terraform fmt` lays it out.
 * cdktf 0.21 has an HCL mode, but its files are not formatted and it quotes references where
 * Terraform wants bare ones (replace_triggered_by); converting the JSON that Terraform already
 * accepts keeps one source of truth, and every string keeps its meaning: JSON strings and
 * quoted HCL strings are the same templates, so `$${` and `%%{` escapes carry over unchanged.
 * Two exceptions: Terraform reads the strings of `backend` and `cloud` blocks in JSON as plain
 * text (no template is evaluated there) but evaluates them in HCL, so those are escaped here;
 * and a map key that HCL would read as a keyword (`for`, `null`, ...) is quoted.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Object-valued arguments that are maps (`labels = {...}`), not nested blocks. */
const MAP_ARGUMENTS = new Set([
  "labels",
  "annotations",
  "data",
  "binary_data",
  "limits",
  "requests",
  "input",
  "env",
  "node_selector",
  "match_labels",
  "value",
  // kubernetes_manifest's object: its keys are API field names and user keys, never blocks.
  "manifest",
]);
/** Arguments whose list items are references or attribute paths, written bare in HCL. */
const TRAVERSAL_LISTS = new Set(["depends_on", "replace_triggered_by", "ignore_changes"]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Identifiers with a meaning in HCL expressions: `{for = 1}` starts a for expression, `null` is no key. */
const KEYWORDS = new Set(["for", "in", "if", "else", "endif", "endfor", "true", "false", "null"]);
/** A map key HCL reads as the name it spells when written bare. */
const isBareKey = (key: string) => IDENTIFIER.test(key) && !KEYWORDS.has(key);
/** A string that is one reference and nothing else: `${kubernetes_job_v1.x.metadata[0].name}`. */
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])+)\}$/;

const isObject = (value: Json): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function toHcl(document: JsonObject): string {
  const sections: string[] = [];
  for (const [kind, content] of Object.entries(document)) {
    if (kind === "//" || !isObject(content)) continue;
    if (kind === "terraform") {
      sections.push(block("terraform", [], content, 0));
    } else if (kind === "provider" || kind === "module" || kind === "output" || kind === "variable") {
      for (const [name, value] of Object.entries(content)) {
        for (const body of Array.isArray(value) ? value : [value]) {
          if (isObject(body)) sections.push(block(kind, [name], body, 0));
        }
      }
    } else if (kind === "resource" || kind === "data") {
      for (const [type, instances] of Object.entries(content)) {
        if (!isObject(instances)) continue;
        for (const [name, body] of Object.entries(instances)) {
          if (isObject(body)) sections.push(block(kind, [type, name], body, 0));
        }
      }
    } else if (kind === "locals") {
      sections.push(block("locals", [], content, 0));
    }
  }
  return `${sections.join("\n\n")}\n`;
}

/**
 * How strings are written: as the templates they are in Terraform JSON, or (in `backend` and
 * `cloud` blocks, which Terraform JSON takes as plain text) as text that HCL must not evaluate.
 */
type Strings = "template" | "text";

function block(type: string, labels: string[], body: JsonObject, depth: number, strings: Strings = "template"): string {
  const header = [type, ...labels.map(quote)].join(" ");
  const lines = bodyLines(body, depth + 1, type, strings);
  return lines.length === 0 ? `${header} {\n${indent(depth)}}` : `${header} {\n${lines.join("\n")}\n${indent(depth)}}`;
}

interface Line {
  readonly text: string;
  /** A one-line `name = value`: aligned with its neighbours, as terraform fmt does. */
  readonly key?: string;
}

function bodyLines(body: JsonObject, depth: number, parent: string, strings: Strings): string[] {
  const lines: Line[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//") continue;
    // In `terraform {}`, `backend: {s3: {...}}` is the block `backend "s3" {...}`.
    if (parent === "terraform" && key === "backend" && isObject(value)) {
      for (const [type, config] of Object.entries(value)) {
        if (isObject(config)) lines.push({ text: indent(depth) + block("backend", [type], config, depth, "text") });
      }
      continue;
    }
    const inner = parent === "terraform" && key === "cloud" ? "text" : strings;
    // A block's argument names are bare identifiers in HCL; anything else cannot be written.
    if (!IDENTIFIER.test(key)) throw new Error(`cannot write the argument name ${JSON.stringify(key)} in HCL`);
    const isBlockList = Array.isArray(value) && value.length > 0 && value.every(isObject);
    // A block's arguments are identifiers; an object with any other key can only be a map.
    const isMap =
      (MAP_ARGUMENTS.has(key) && isObject(value)) ||
      parent === "required_providers" ||
      (isObject(value) && Object.keys(value).some((name) => name !== "//" && !IDENTIFIER.test(name)));
    if (isObject(value) && !isMap) {
      lines.push({ text: indent(depth) + block(key, [], value, depth, inner) });
    } else if (isBlockList && !isMap) {
      for (const item of value as JsonObject[]) {
        lines.push({ text: indent(depth) + block(key, [], item, depth, inner) });
      }
    } else {
      const rendered =
        TRAVERSAL_LISTS.has(key) && Array.isArray(value) ? traversalList(value) : expression(value, depth, inner);
      lines.push(rendered.includes("\n") ? { text: `${indent(depth)}${key} = ${rendered}` } : { text: rendered, key });
    }
  }
  return align(lines, depth);
}

/** Pads the names of runs of one-line arguments so that their `=` line up. */
function align(lines: Line[], depth: number): string[] {
  const out: string[] = [];
  let run: Line[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((line) => (line.key as string).length));
    for (const line of run) out.push(`${indent(depth)}${(line.key as string).padEnd(width)} = ${line.text}`);
    run = [];
  };
  for (const line of lines) {
    if (line.key !== undefined) {
      run.push(line);
    } else {
      flush();
      out.push(line.text);
    }
  }
  flush();
  return out;
}

function traversalList(items: Json[]): string {
  return `[${items.map((item) => (typeof item === "string" ? item.replace(WHOLE_REFERENCE, "$1") : expression(item, 0, "template"))).join(", ")}]`;
}

function expression(value: Json, depth: number, strings: Strings): string {
  if (typeof value === "string") {
    if (strings === "text") return textString(value);
    const reference = WHOLE_REFERENCE.exec(value);
    return reference ? reference[1] : templateString(value);
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => expression(item, depth + 1, strings));
    if (!items.some((item) => item.includes("\n"))) return `[${items.join(", ")}]`;
    // A list holding an object over several lines: one item a line, as terraform fmt lays it out.
    return `[\n${items.map((item) => `${indent(depth + 1)}${item},`).join("\n")}\n${indent(depth)}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const lines: Line[] = entries.map(([key, item]) => {
    // A quoted key is a template in HCL, as every key is in Terraform JSON.
    const name = isBareKey(key) ? key : strings === "text" ? textString(key) : templateString(key);
    const rendered = expression(item, depth + 1, strings);
    return rendered.includes("\n")
      ? { text: `${indent(depth + 1)}${name} = ${rendered}` }
      : { text: rendered, key: name };
  });
  return `{\n${align(lines, depth + 1).join("\n")}\n${indent(depth)}}`;
}

function indent(depth: number): string {
  return "  ".repeat(depth);
}

/** A label or key: a plain quoted string. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * A JSON string (a Terraform template) as a quoted HCL string with the same meaning: text is
 * escaped, escape sequences (`$${`, `%%{`) and interpolations (`${...}`) are kept as they are.
 */
function templateString(text: string): string {
  let out = "";
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index, index + 3);
    if (rest === "$${" || rest === "%%{") {
      out += rest;
      index += 3;
    } else if (rest.startsWith("${") || rest.startsWith("%{")) {
      const end = interpolationEnd(text, index + 2);
      out += text.slice(index, end);
      index = end;
    } else {
      out += escapeChar(text[index]);
      index += 1;
    }
  }
  return `"${out}"`;
}

/** Plain text as a quoted HCL string that evaluates to exactly that text. */
function textString(text: string): string {
  return templateString(text.replace(/([$%])\{/g, "$1$1{"));
}

/** Index just past the `}` closing an interpolation that starts before `from`. */
function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let inString = false;
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return index + 1;
  }
  return text.length;
}

function escapeChar(char: string): string {
  switch (char) {
    case "\\":
      return "\\\\";
    case '"':
      return '\\"';
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default: {
      const code = char.charCodeAt(0);
      // A byte order mark is invisible, and Terraform drops one at the start of a template.
      return code < 0x20 || code === 0x7f || code === 0xfeff ? `\\u${code.toString(16).padStart(4, "0")}` : char;
    }
  }
}
