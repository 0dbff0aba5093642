/**
 * What Terraform makes of the strings of a synthesized stack, without running Terraform: every
 * string (and map key) in Terraform JSON is a template. This evaluates the subset our stacks
 * use — the escapes `$${` and `%%{`, a byte order mark dropped at the start, and `${...}`
 * holding either a quoted string (`${"$"}`, `${"\uFEFF"}`, how lib/terraform/literal.ts splits
 * cdktf's token markers) or a reference to another resource's attribute
 * (`${kubernetes_namespace_v1.x.metadata[0].name}`). Anything else is refused, so a stack that
 * needs more of Terraform's language cannot be judged wrongly. test/provider-model checks it
 * against real Terraform on every text of test/support/tricky-text.ts.
 */

/** Looks up a reference such as `kubernetes_namespace_v1.x.metadata[0].name`. */
export type ReferenceResolver = (type: string, name: string, path: readonly (string | number)[]) => unknown;

export class TemplateError extends Error {}

/** The value of a Terraform JSON string: a string, or the referenced value when the string is one `${ref}`. */
export function evaluateTemplate(text: string, resolve: ReferenceResolver): unknown {
  const parts: unknown[] = [];
  let literal = "";
  // HCL drops a byte order mark at the very start of a template (see lib/terraform/literal.ts).
  let i = text.startsWith("\uFEFF") ? 1 : 0;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += text[i + 1] + "{";
      i += 3;
    } else if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 2);
      if (literal) parts.push(literal);
      literal = "";
      parts.push(evaluateExpression(text.slice(i + 2, end).trim(), resolve));
      i = end + 1;
    } else if (text.startsWith("%{", i)) {
      throw new TemplateError(`template directives are not modelled: ${JSON.stringify(text)}`);
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal || parts.length === 0) parts.push(literal);
  // A template that is exactly one interpolation yields the value itself (HCL keeps its type).
  if (parts.length === 1) return parts[0];
  return parts.map((part) => (typeof part === "string" ? part : String(part))).join("");
}

/** The index of the `}` that closes an interpolation starting at `from`, skipping quoted strings. */
function closingBrace(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "}") return i;
  }
  throw new TemplateError(`unterminated interpolation in ${JSON.stringify(text)}`);
}

const REFERENCE = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)$/;

function evaluateExpression(expression: string, resolve: ReferenceResolver): unknown {
  if (expression.startsWith('"') && expression.endsWith('"')) return quotedString(expression.slice(1, -1));
  const reference = REFERENCE.exec(expression);
  if (!reference) throw new TemplateError(`expression not modelled: \${${expression}}`);
  const [, type, name, rest] = reference;
  const path = [...rest.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) =>
    m[1] !== undefined ? m[1] : Number(m[2]),
  );
  return resolve(type, name, path);
}

/** A quoted HCL string: backslash escapes, and the template escapes `$${` and `%%{` again inside. */
function quotedString(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      const next = body[i + 1];
      if (next === "u") {
        out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        out += { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" }[next] ?? `\\${next}`;
        i += 1;
      }
    } else if (body.startsWith("$${", i) || body.startsWith("%%{", i)) {
      out += body[i + 1] + "{";
      i += 2;
    } else if (body.startsWith("${", i) || body.startsWith("%{", i)) {
      throw new TemplateError(`nested template not modelled: "${body}"`);
    } else {
      out += c;
    }
  }
  return out;
}
