/**
 * Secret values of a text that could not be read as manifests (a YAML error, a duplicate key,
 * too deep, not UTF-8). Nothing of such a document is validated, but other messages of the run
 * may still quote the same text: its secrets must reach the redactor too. The YAML syntax tree
 * is walked as far as the parser got, every `spec.env.secrets` mapping (duplicates included)
 * giving its values and, inside each entry, its keys.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from "yaml";

/** The fields of an env secret entry: names of the format, not secrets. */
const FIELDS = new Set(["value", "secretRef", "secret_ref", "name", "key", "namespace"]);

/** Far deeper than a manifest; a bound so that hostile nesting stays cheap. */
const MAX_DEPTH = 200;

export function lenientSecrets(text: string): string[] {
  let documents;
  try {
    documents = parseAllDocuments(text, { uniqueKeys: false, logLevel: "silent" });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const document of Array.isArray(documents) ? documents : []) {
    for (const secrets of childrenAt(document.contents as Node | null, ["spec", "env", "secrets"])) {
      collect(secrets, document, found);
    }
  }
  return found;
}

/** Every node at a path of keys, following each duplicate of a key. */
function childrenAt(node: Node | null, path: readonly string[]): Node[] {
  let current: Node[] = node ? [node] : [];
  for (const key of path) {
    current = current.flatMap((item) =>
      isMap(item)
        ? item.items
            .filter((pair) => isScalar(pair.key) && String(pair.key.value) === key)
            .map((pair) => pair.value as Node)
        : [],
    );
  }
  return current.filter((item) => item !== null && item !== undefined);
}

function collect(secrets: Node, document: Document, found: string[]): void {
  const stack: [unknown, number][] = [[secrets, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_DEPTH) continue;
    if (isAlias(node)) {
      // A secret written once under an anchor elsewhere in the document.
      let target: unknown;
      try {
        target = node.resolve(document);
      } catch {
        target = undefined;
      }
      if (target) stack.push([target, depth + 1]);
    } else if (isScalar(node)) {
      for (const text of [node.value, node.source]) {
        if (text === null || text === undefined) continue;
        found.push(String(text));
        // Text decoded from bytes that were not UTF-8: its readable runs may be printed elsewhere.
        found.push(...String(text).split("\uFFFD"));
      }
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push([item, depth + 1]);
    } else if (isPair(node)) {
      // The variable's name (depth 1) is not a secret; a key inside an entry may be one.
      if (depth >= 2 && !(isScalar(node.key) && FIELDS.has(String(node.key.value)))) stack.push([node.key, depth]);
      stack.push([node.value, depth]);
    }
  }
}
