/**
 * A parsed YAML document to a plain value, in one linear pass, with keys exactly as written.
 *
 * The yaml package's own `toJS` turns keys into numbers and booleans and back into strings (`1.10`
 * becomes `1.1`, `TRUE` becomes `true`), merges `"10"` and `10` silently, and its duplicate-key
 * check compares each key with every other (80,000 keys took 40 s). Here a key is the scalar's
 * text as the user wrote it (a quoted key decoded), two keys that give the same string are an
 * error, and so are keys that are mappings or lists, keys JavaScript objects reserve, nesting
 * deeper than MAX_DEPTH and alias bombs.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from "yaml";
import type { Path } from "../diagnostics";

/**
 * An alias's name is not quoted: an unquoted value starting with `*` (a password, say) is read as
 * an alias, and the message must not print it.
 */
const NO_ANCHOR =
  "this alias refers to no anchor before it (an unquoted value starting with * is read as an alias: quote the value)";

/** A manifest needs about ten levels; free-form `status` a few more. Deeper is hostile or broken. */
export const MAX_DEPTH = 64;
/** More alias expansions than this in one document is an alias bomb, not a manifest. */
export const MAX_ALIASES = 100;
export const TOO_DEEP = `values are nested more than ${MAX_DEPTH} levels deep, which no manifest needs`;
/** The yaml package's own words, which users and tests already know. */
export const TOO_MANY_ALIASES = "Excessive alias count indicates a resource exhaustion attack";

/**
 * Keys that JavaScript objects treat specially: `__proto__` would vanish into the prototype and
 * `constructor` makes a map look like something else. No manifest needs them as names.
 */
export const RESERVED_KEYS = ["__proto__", "constructor", "prototype"];

/** A problem with the document's structure, at a source offset (of a key, mostly). */
export interface StructureProblem {
  readonly offset: number;
  readonly path: Path;
  readonly message: string;
}

export type DocumentValue = { readonly value: unknown } | { readonly problems: StructureProblem[] };

/** Thrown to stop the walk: nothing sensible can be built from the rest. */
class Abort extends Error {}

/** The key of a pair as a string, exactly as written, or undefined for a key that is not a scalar. */
export function keyText(key: unknown, document?: Document): string | undefined {
  const node = isAlias(key) && document ? key.resolve(document) : key;
  if (node === null || node === undefined) return "";
  if (!isScalar(node)) return undefined;
  // `source` is the scalar's text: a plain scalar as written, a quoted or block one decoded.
  return typeof node.source === "string" ? node.source : String(node.value);
}

/**
 * The document's value, or its structural problems. `text` is the document's source, to quote a
 * key as written; `position` turns an offset into a line and column, for messages that point at
 * a second place (the first of two equal keys).
 */
export function documentValue(
  document: Document,
  text: string,
  position: (offset: number) => { line: number; column: number },
): DocumentValue {
  const problems: StructureProblem[] = [];
  const anchors = new Map<string, Node>();
  /**
   * An anchored value is converted once and shared by its aliases (as the yaml package does), with
   * its height (levels of collections below it, -1 for a scalar) for the depth limit, and its
   * weight (1 plus the aliases expanded inside it) for the alias limit: nine aliases of nine
   * aliases of ... count as what they expand to.
   */
  const anchored = new Map<Node, { value: unknown; height: number; weight: number }>();
  const converting = new Set<Node>();
  let aliases = 0;
  /** The deepest path at which a collection was met so far. */
  let deepest = -1;
  const at = (node: unknown, fallback: number) => (node as Node | null)?.range?.[0] ?? fallback;
  /** Problems with the whole document are shown at its start, with no path. */
  const start = document.range?.[0] ?? 0;
  const abort = (message: string): never => {
    problems.push({ offset: start, path: [], message });
    throw new Abort();
  };

  const convert = (node: unknown, path: Path, offset: number): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const shared = target && anchored.get(target);
      if (!target || converting.has(target)) {
        const message = target ? `this alias refers to a value that contains it` : NO_ANCHOR;
        problems.push({ offset: at(node, offset), path, message });
        throw new Abort();
      }
      // An anchored key is not converted as a value: it is a scalar, read now.
      if (!shared) return isScalar(target) ? scalarValue(target, path, offset) : convert(target, path, offset);
      aliases += shared.weight;
      if (aliases > MAX_ALIASES) abort(TOO_MANY_ALIASES);
      if (shared.height >= 0) {
        if (path.length + shared.height >= MAX_DEPTH) abort(TOO_DEEP);
        deepest = Math.max(deepest, path.length + shared.height);
      }
      return shared.value;
    }
    const anchor = (node as Node).anchor;
    if (!anchor) return convertNode(node, path, offset);
    anchors.set(anchor, node as Node);
    converting.add(node as Node);
    const [outerDeepest, outerAliases] = [deepest, aliases];
    deepest = -1;
    const value = convertNode(node, path, offset);
    const height = deepest < 0 ? -1 : deepest - path.length;
    deepest = Math.max(outerDeepest, deepest);
    converting.delete(node as Node);
    anchored.set(node as Node, { value, height, weight: 1 + aliases - outerAliases });
    return value;
  };

  const convertNode = (node: unknown, path: Path, offset: number): unknown => {
    if (isScalar(node)) return scalarValue(node, path, offset);
    if (path.length >= MAX_DEPTH) abort(TOO_DEEP);
    if (isSeq(node) || isMap(node)) deepest = Math.max(deepest, path.length);
    if (isSeq(node)) {
      return node.items.map((item, index) => convert(item, [...path, index], at(item, offset)));
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const seen = new Map<string, { offset: number; type: unknown }>();
      const merges: Record<string, unknown>[] = [];
      for (const pair of node.items as Pair[]) {
        const keyOffset = at(pair.key, at(pair.value, offset));
        if (pair.key !== null && typeof pair.key === "object" && (pair.key as Node).anchor) {
          anchors.set((pair.key as Node).anchor as string, pair.key as Node);
        }
        const resolvedKey = isAlias(pair.key) ? anchors.get(pair.key.source) : pair.key;
        if (isAlias(pair.key) && !resolvedKey) {
          problems.push({
            offset: keyOffset,
            path,
            message: NO_ANCHOR,
          });
          continue;
        }
        // Under %YAML 1.1 a plain `<<` is a merge key: its mapping (or list of mappings) gives
        // the keys this mapping does not set itself.
        if (isScalar(resolvedKey) && typeof resolvedKey.value === "symbol") {
          const merged = convert(pair.value, path, at(pair.value, keyOffset));
          const sources = Array.isArray(merged) ? merged : [merged];
          if (sources.some((source) => typeof source !== "object" || source === null || Array.isArray(source))) {
            problems.push({
              offset: keyOffset,
              path,
              message: "has a merge key (<<) whose value is not a mapping or a list of mappings",
            });
          } else {
            merges.push(...(sources as Record<string, unknown>[]));
          }
          continue;
        }
        const key = keyText(resolvedKey);
        if (key === undefined) {
          const kind = isSeq(resolvedKey) ? "a list" : isMap(resolvedKey) ? "a mapping" : "not a scalar";
          const range = (resolvedKey as Node | null)?.range;
          const written = (range ? text.slice(range[0], range[1]) : String(resolvedKey)).trim().replace(/\s+/g, " ");
          const shown = written.length > 40 ? `${written.slice(0, 37)}...` : written;
          problems.push({
            offset: keyOffset,
            path,
            message: `has a key that is ${kind} (${shown}): keys must be plain strings`,
          });
          continue;
        }
        if (RESERVED_KEYS.includes(key)) {
          problems.push({
            offset: keyOffset,
            path: [...path, key],
            message: `the key "${key}" cannot be used here: ${RESERVED_KEYS.join(", ")} are names JavaScript objects reserve`,
          });
          continue;
        }
        const type = isScalar(resolvedKey) ? resolvedKey.type : undefined;
        const first = seen.get(key);
        if (first !== undefined) {
          const { line, column } = position(first.offset);
          // `"10"` and `10` are one key: keys are strings, read as written.
          const hint =
            (first.type === "PLAIN") !== (type === "PLAIN")
              ? "; a quoted key and a plain one with the same text are the same key"
              : "";
          problems.push({
            offset: keyOffset,
            path: [...path, key],
            message: `the key ${JSON.stringify(key)} appears twice in this mapping (first at line ${line}, column ${column})${hint}`,
          });
          continue;
        }
        seen.set(key, { offset: keyOffset, type });
        result[key] = convert(pair.value, [...path, key], at(pair.value, keyOffset));
      }
      // Keys set in the mapping win over merged ones, and earlier merged mappings over later ones.
      for (const source of merges) {
        for (const [key, value] of Object.entries(source)) if (!Object.hasOwn(result, key)) result[key] = value;
      }
      return result;
    }
    if (isPair(node)) return convert(node.value, path, offset);
    return null;
  };

  /**
   * A number is kept only when it is what was written: a whole number over 2^53 would be rounded
   * (9223372036854775807 read as 9223372036854775808), so it is kept as its digits, which the
   * integer fields accept as protojson writes 64-bit integers; 1e400 would become infinity.
   */
  const scalarValue = (node: Scalar, path: Path, offset: number): unknown => {
    const { value, source } = node;
    if (typeof value !== "number" || node.type !== "PLAIN" || typeof source !== "string") return value;
    if (!Number.isFinite(value) && !/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(source)) {
      problems.push({
        offset: at(node, offset),
        path,
        message: `${source} is too large for a number (it would be read as infinity); quote it to keep it as text`,
      });
      return value;
    }
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && /^[-+]?[0-9]+$/.test(source)) return source;
    return value;
  };

  try {
    const value = convert(document.contents, [], start);
    return problems.length > 0 ? { problems } : { value };
  } catch (cause) {
    if (cause instanceof Abort) return { problems };
    throw cause;
  }
}
