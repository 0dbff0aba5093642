/**
 * The object model as text for Kubernetes tools: multi-document YAML (`kubectl apply -f`,
 * kubeconform, policy tools, GitOps repositories) or a JSON `v1 List`. Objects are written in
 * apply order, with their fields in the model's order; the same objects always give the same
 * bytes.
 */
import { Document, Scalar, visit } from "yaml";
import type { KubernetesObject } from "../model";

export type RenderFormat = "yaml" | "json";

/** The objects of one manifest, and where the manifest came from. */
export interface RenderedManifest {
  /** The manifest's file as given (`-` for standard input), shown in a YAML comment. */
  readonly source: string;
  readonly objects: readonly KubernetesObject[];
}

/**
 * Kubernetes tools read YAML 1.1 (kubectl through go-yaml): strings such as `yes`, `on`, `1_000`
 * or `12:30` are quoted as YAML 1.1 requires, or they would arrive as booleans and numbers. No
 * folding of long strings, no anchors (two equal label maps are written out twice, as kubectl
 * would).
 */
const YAML_OPTIONS = {
  version: "1.1",
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
  // Double-quoted strings as JSON writes them, on one line: the yaml package's own folding of a
  // double-quoted string writes a whitespace-only line as an escaped backslash (found by review 4).
  doubleQuotedAsJSON: true,
} as const;

/**
 * Characters a YAML 1.1 reader takes for line breaks (NEL, LS, PS) or that are not printable (DEL
 * and the C1 controls), and a tab at the start of a line, which go-yaml refuses as indentation in
 * a block scalar: a string holding one is written double-quoted, with the character escaped.
 */
const NEEDS_ESCAPES = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]|(?:^|\n)\t/;
const RAW_ESCAPED = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g;
const escapeRaw = (char: string) =>
  ({ "\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P" })[char] ??
  (char.charCodeAt(0) > 0xff
    ? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`
    : `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);

/**
 * Also double-quoted: a string that starts like a number (`0o17`, `0X1F`, `+12`, `.5`: forms a
 * YAML reader may take for one, whatever the version), and a multi-line string with a line of
 * whitespace only, or starting with whitespace, which a block scalar cannot carry to every reader
 * (the whitespace is dropped, or read as indentation).
 */
const QUOTED = /^[-+.]?[0-9.]|^[-+]?\.(inf|nan)$|(?:^|\n)[ \t]+(?:\n|$)|^[ \t][^\n]*\n/i;

function yamlDocument(object: KubernetesObject): string {
  const document = new Document(object, YAML_OPTIONS);
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && (NEEDS_ESCAPES.test(node.value) || QUOTED.test(node.value))) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  // The yaml package writes these characters as they are, even in double quotes; every string
  // holding one is double-quoted above, so each one here is inside double quotes.
  return document.toString(YAML_OPTIONS).replace(RAW_ESCAPED, escapeRaw);
}

/** A file name in a comment: one line, escaped as JSON would, and nothing YAML reads as a break. */
const commentText = (text: string) => JSON.stringify(text).slice(1, -1).replace(RAW_ESCAPED, escapeRaw);

/** One YAML document per object, each manifest's objects under a `# Source:` comment. */
function yamlText(manifests: readonly RenderedManifest[]): string {
  const documents = manifests.flatMap(({ source, objects }) =>
    objects.map((object, index) => {
      const comment = index === 0 ? `# Source: ${commentText(source)}\n` : "";
      return `---\n${comment}${yamlDocument(object)}`;
    }),
  );
  return documents.join("");
}

/** A `v1 List` holding every object, which `kubectl apply -f` takes as it takes its items. */
function jsonText(manifests: readonly RenderedManifest[]): string {
  const items = manifests.flatMap(({ objects }) => objects);
  return `${JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2)}\n`;
}

export function renderText(manifests: readonly RenderedManifest[], format: RenderFormat): string {
  return format === "json" ? jsonText(manifests) : yamlText(manifests);
}
