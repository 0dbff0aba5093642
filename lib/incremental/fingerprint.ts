/**
 * Keyed digests of what defines a stack's files. Manifests and Docker configs hold secrets, often
 * short ones: a plain hash of them kept on disk could be guessed offline, so every digest is an
 * HMAC under a random key that only the output's owner can read (see cache-key.ts).
 */
import { createHash, createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** A value that cannot be fingerprinted faithfully (a function, a class instance): no reuse then. */
export class NotFingerprintable extends Error {}

/**
 * Feeds a value into the digest, each part tagged with its type and length, so that no two
 * different values (a string "1" and a number 1, ["a", "b"] and ["ab"]) feed the same bytes. Key
 * order counts: a map written in another order may well give other output, so it is other input.
 */
function feed(parts: string[], value: unknown): void {
  // Lengths in UTF-16 code units: as unambiguous as bytes, and cheaper.
  const tagged = (tag: string, text: string) => parts.push(`${tag}${text.length}:${text}`);
  if (value === undefined) return void parts.push("u");
  if (value === null) return void parts.push("n");
  switch (typeof value) {
    case "string":
      return void tagged("s", value);
    case "number":
      return void tagged("d", Object.is(value, -0) ? "-0" : String(value));
    case "boolean":
      return void parts.push(value ? "t" : "f");
    case "bigint":
      return void tagged("b", value.toString());
    case "object":
      break;
    default:
      throw new NotFingerprintable(`a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    tagged("a", String(value.length));
    for (const item of value) feed(parts, item);
    return;
  }
  if (value instanceof Map) {
    tagged("m", String(value.size));
    for (const [key, item] of value) {
      feed(parts, key);
      feed(parts, item);
    }
    return;
  }
  if (value instanceof Set) {
    tagged("e", String(value.size));
    for (const item of value) feed(parts, item);
    return;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  // A plain object, of any realm (a structured clone's prototype is another realm's Object.prototype).
  const plain = prototype === null || (typeof prototype === "object" && Object.getPrototypeOf(prototype) === null);
  if (!plain || Object.prototype.toString.call(value) !== "[object Object]") {
    throw new NotFingerprintable("an object of a class");
  }
  const entries = Object.entries(value);
  tagged("o", String(entries.length));
  for (const [key, item] of entries) {
    tagged("k", key);
    feed(parts, item);
  }
}

/** The keyed digest (hex) of a plain-data value. Throws NotFingerprintable for anything else. */
export function fingerprint(key: Buffer, value: unknown): string {
  const parts: string[] = [];
  feed(parts, value);
  // One update: many small ones cost more than the digest itself. UTF-16 code units, not UTF-8:
  // UTF-8 would write every lone surrogate as the same U+FFFD, making different texts one.
  return createHmac("sha256", key).update(parts.join(""), "utf16le").digest("hex");
}

/** The keyed digest (hex) of a file's bytes. */
export function contentDigest(key: Buffer, bytes: Buffer): string {
  return createHmac("sha256", key).update(bytes).digest("hex");
}

/**
 * The package root: this file is lib/incremental/ (or dist/lib/incremental/) under it. In the
 * CLI's bundle (dist/cli.js, made from dist/lib by scripts/bundle.js) `__filename` is the bundle's,
 * in dist/: the code's digest is then the build's (dist/code.digest, over the bundles), else
 * dist/lib's and dist/stacks' files, which the bundle is made of.
 */
const BUNDLED = !basename(__filename).startsWith("fingerprint.");
const PACKAGE_ROOT = BUNDLED ? __dirname : join(__dirname, "..", "..");

function versionOf(packageName: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${packageName}/package.json`) as { version: string }).version;
  } catch {
    return "missing";
  }
}

/** Code files under `dir`, sorted, so that the digest does not depend on the directory's order. */
function codeFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return codeFiles(path);
      return /\.(js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
    });
}

let toolDigest: string | undefined;

/** The build's digest of the bundles' code (dist/code.digest), if there is one. */
function bundleDigest(): string | undefined {
  try {
    const text = readFileSync(join(PACKAGE_ROOT, "code.digest"), "utf8").trim();
    return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the tool is: its version and those of cdktf, constructs and the provider bindings, and a
 * digest of its own code (the version alone would not change between two builds of a working
 * copy, and a changed rule may change the output). Public (not keyed): it holds nothing secret.
 */
export function toolVersion(): string {
  if (toolDigest !== undefined) return toolDigest;
  const hash = createHash("sha256");
  for (const name of ["cdktf", "constructs", "@cdktf/provider-kubernetes"]) hash.update(`${name}@${versionOf(name)}\n`);
  // The package's own package.json: beside lib/ in a checkout, one level up from dist/.
  for (const file of [join(PACKAGE_ROOT, "package.json"), join(PACKAGE_ROOT, "..", "package.json")]) {
    try {
      hash.update(readFileSync(file));
      break;
    } catch {
      // Not there: the other place.
    }
  }
  // The bundle's code has its digest from the build (scripts/bundle.js): hashing dist/lib's files
  // took about 12 ms of a one-manifest run. Without that file, the files themselves.
  const built = BUNDLED ? bundleDigest() : undefined;
  if (built !== undefined) hash.update(`bundle ${built}`);
  for (const file of built !== undefined
    ? []
    : [...codeFiles(join(PACKAGE_ROOT, "lib")), ...codeFiles(join(PACKAGE_ROOT, "stacks"))]) {
    hash.update(`${file.slice(PACKAGE_ROOT.length)}\n`);
    hash.update(readFileSync(file));
  }
  toolDigest = hash.digest("hex");
  return toolDigest;
}

/**
 * The process's umask: it decides the modes of the files a synthesis writes, so a stack written
 * under another one is not the same. Read on the main thread only (workers cannot read it).
 */
export function runUmask(): number {
  return process.umask();
}
