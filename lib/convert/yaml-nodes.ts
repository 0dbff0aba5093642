/**
 * Small edits on the `yaml` package's document tree. convert moves nodes rather than rebuilding
 * values, so that a field keeps its key as written, its quoting and the comments the parser
 * attached to it.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import { protoName } from "../manifest/protojson";

/** How a document spells its field names: protojson reads both (lib/manifest/protojson.ts). */
export type KeyStyle = "camel" | "snake";

/** A field name (its JSON name, as messages use it) as the document spells field names. */
export const spell = (style: KeyStyle, jsonName: string): string =>
  style === "snake" ? protoName(jsonName) : jsonName;

export const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);

/** The pair of a message field, written with its JSON name or its proto name. */
export function fieldPair(map: unknown, jsonName: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  const names = [jsonName, protoName(jsonName)];
  return (map.items as Pair[]).find((pair) => names.includes(String(keyOf(pair))));
}

export function fieldValue(map: unknown, jsonName: string): unknown {
  return fieldPair(map, jsonName)?.value;
}

/** Removes a field's pair from its map and returns it (with its key and comments). */
export function takeField(map: unknown, jsonName: string): Pair | undefined {
  const pair = fieldPair(map, jsonName);
  if (pair && isMap(map)) map.items.splice(map.items.indexOf(pair), 1);
  return pair;
}

/** A pair with a key spelt in the document's style. */
export function newPair(style: KeyStyle, jsonName: string, value: unknown): Pair {
  return new Pair(new Scalar(spell(style, jsonName)), value);
}

/** A block mapping of the given pairs (undefined ones left out). */
export function mapOf(pairs: readonly (Pair | undefined)[]): YAMLMap {
  const map = new YAMLMap();
  for (const pair of pairs) if (pair) map.items.push(pair);
  return map;
}

export function seqOf(items: readonly unknown[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items.push(...items);
  return seq;
}

/** Two comments as one, either possibly absent. */
export function joinComments(...comments: (string | null | undefined)[]): string | undefined {
  const present = comments.filter((comment): comment is string => typeof comment === "string" && comment !== "");
  return present.length > 0 ? present.join("\n") : undefined;
}

export const isCollection = (node: unknown): node is YAMLMap | YAMLSeq => isMap(node) || isSeq(node);

/** The scalar value of a node, if it is a scalar. */
export const scalarValue = (node: unknown): unknown => (isScalar(node) ? (node as Scalar).value : undefined);

export type { Node };
