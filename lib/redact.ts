/**
 * The last line of defence for secrets: every byte the CLI prints passes through a redactor of
 * the run's secret values (see `redactingIo` in lib/cli/io.ts), whatever produced it. Messages
 * are written not to quote secrets in the first place; this catches what slips through.
 *
 * A value can reach the output in more than one form: as written, JSON-escaped inside a quoted
 * message (`"a\"b"`), escaped twice inside the JSON report, or cut short by the truncation of
 * long values (`"abc...`). All forms of all secrets are found in one pass over the text (an
 * Aho-Corasick automaton), so that thousands of secrets cost no more than a few.
 */

/**
 * Shorter values are too common as text ("true", line numbers) to be replaced safely: a secret
 * of 3 characters cannot be hidden without hiding every "yes" and "123" of a report. Messages
 * never quote a value at a secret's place (see lib/schema-issues.ts), and validate warns about
 * direct secret values this short.
 */
export const MIN_SECRET_LENGTH = 4;
export const REDACTED = "<redacted>";
/**
 * The beginning of a secret this long is redacted wherever it appears, whatever follows: a value
 * cut short by any truncation (another marker than an ellipsis, a cut at a line's end) shows one.
 */
export const MIN_PREFIX_LENGTH = 16;

/** The length of the ellipsis at `at` ("..." as lib/values.ts truncates, or "\u2026"), or 0. */
function ellipsisAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === 0x2026) return 1;
  return code === 0x2e && text.startsWith("...", at) ? 3 : 0;
}

/** Fields of a `secretRef` that name a Secret rather than hold one. */
const SECRET_REF_FIELDS = new Set(["name", "key", "namespace"]);
/** Field names of an env secret entry: keys that are schema vocabulary, not values. */
const SECRET_FIELDS = new Set(["value", "secretRef"]);

/**
 * Everything under `spec.env.secrets` of a document as written, valid or not: direct values,
 * shorthand (`DB_PASSWORD: hunter2`), malformed shapes (`secretRef: "text"`, `{hunter2}`, lists,
 * numbers), unknown keys (`NAME: {hunter2}`). Entry names (the env names) are not secret;
 * neither are the Secret names and keys of a `secretRef` mapping, which messages and other
 * Kubernetes objects name anyway. An unknown field name is a secret too, even one close to a known
 * field (`valeu`): a secret may be one edit from a field name (messages name the fix, not the key).
 */
export function secretValuesOf(document: unknown): string[] {
  if (isPlantonDocument(document)) return plantonSecretValuesOf(document);
  const secrets = (document as { spec?: { env?: { secrets?: unknown } } } | null)?.spec?.env?.secrets;
  const found: string[] = [];
  if (typeof secrets !== "object" || secrets === null) {
    collect(secrets, found);
    return found;
  }
  for (const entry of Object.values(secrets)) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      collect(entry, found);
      continue;
    }
    for (const [field, value] of Object.entries(entry)) {
      if (!SECRET_FIELDS.has(field)) found.push(field);
      if (field === "secretRef" && typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [refField, refValue] of Object.entries(value)) {
          if (SECRET_REF_FIELDS.has(refField)) continue;
          found.push(refField);
          collect(refValue, found);
        }
      } else {
        collect(value, found);
      }
    }
  }
  return found;
}

/** The current Planton API's apiVersion (lib/manifest/v1alpha1/schema.ts), not loaded here. */
const PLANTON_API_VERSION = "kubernetes.planton.dev/v1alpha1";

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
/** A field as written in either spelling (protojson reads both): `secret_ref` or `secretRef`. */
const field = (fields: Fields, camel: string): unknown =>
  fields[camel] ?? fields[camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];

function isPlantonDocument(document: unknown): document is Fields {
  return isFields(document) && field(document, "apiVersion") === PLANTON_API_VERSION;
}

/** Field names of an entry of the current API's `env.secrets` list that are not values. */
const PLANTON_SECRET_FIELDS = new Set(["name", "value", "secretRef", "secret_ref", "valueFrom", "value_from"]);
const PLANTON_SECRET_REF_FIELDS = new Set(["namespace", "name", "key", "optional"]);
/** Field names of a reference (`valueFrom`: foreign_key.proto's ValueFromRef), in either spelling. */
const PLANTON_VALUE_FROM_FIELDS = new Set(["kind", "env", "name", "fieldPath", "field_path"]);

/**
 * Every value of an env secret of a current-API document as written, valid or not: the
 * `env.secrets` lists of the app container, each sidecar and each init container (in either
 * spelling). An entry's `name` is an env name, not a secret; nor are a `secretRef`'s namespace, Secret name
 * and key, nor a reference's fields (`valueFrom` names another resource). Anything else under
 * the list (a value, a malformed entry, an unknown field) is a secret.
 */
function plantonSecretValuesOf(document: Fields): string[] {
  const found: string[] = [];
  const spec = field(document, "spec");
  if (!isFields(spec)) return found;
  const container = field(spec, "container");
  const pod = field(spec, "pod");
  const containers: unknown[] = [];
  if (isFields(container)) {
    containers.push(field(container, "app"));
    const sidecars = field(container, "sidecars");
    if (Array.isArray(sidecars)) containers.push(...(sidecars as unknown[]));
  }
  if (isFields(pod)) {
    const initContainers = field(pod, "initContainers");
    if (Array.isArray(initContainers)) containers.push(...(initContainers as unknown[]));
  }
  for (const item of containers) {
    const env = isFields(item) ? field(item, "env") : undefined;
    const secrets = isFields(env) ? field(env, "secrets") : undefined;
    if (secrets === undefined) continue;
    if (!Array.isArray(secrets)) {
      collect(secrets, found);
      continue;
    }
    for (const entry of secrets as unknown[]) {
      if (!isFields(entry)) {
        collect(entry, found);
        continue;
      }
      for (const [name, value] of Object.entries(entry)) {
        if (!PLANTON_SECRET_FIELDS.has(name)) found.push(name);
        if (name === "name") continue;
        const known =
          name === "secretRef" || name === "secret_ref"
            ? PLANTON_SECRET_REF_FIELDS
            : name === "valueFrom" || name === "value_from"
              ? PLANTON_VALUE_FROM_FIELDS
              : undefined;
        if (known && isFields(value)) {
          // A reference's and a secretRef's own fields name other objects; an unknown one may be the secret.
          for (const [refField, refValue] of Object.entries(value)) {
            if (known.has(refField)) continue;
            found.push(refField);
            collect(refValue, found);
          }
        } else {
          collect(value, found);
        }
      }
    }
  }
  return found;
}

/** Every scalar (as text) and every key below a value; iterative, so depth cannot overflow. */
function collect(value: unknown, found: string[]): void {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") found.push(item);
    else if (typeof item === "number" || typeof item === "bigint") found.push(String(item));
    // `!!binary`: its bytes as text, not one entry per byte.
    else if (ArrayBuffer.isView(item))
      found.push(Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString());
    else if (typeof item === "object" && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (!Array.isArray(item)) found.push(key);
        stack.push(child);
      }
    }
  }
}

/**
 * What to hide of a Docker config JSON: the whole text, every string in it (auths entries,
 * credential helpers' tokens) and the password inside each base64 `auth`. Registry names (the
 * keys) are not secret. Text that is not JSON is hidden whole.
 */
export function dockerConfigSecrets(text: string): string[] {
  const found = [text, text.trim()];
  // Every token of the text as written, not JSON.parse's result: a key given twice keeps only its
  // last value there, a file that is not valid JSON has none, and keys and numbers may be secret
  // too. Only the Docker config format's own field names are left out.
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d[\d.eE+-]*)/g)) {
    const raw = match[1] ?? match[2] ?? match[3];
    if (DOCKER_CONFIG_FIELDS.has(raw)) continue;
    found.push(raw);
    let item = raw;
    try {
      if (match[1] !== undefined) item = JSON.parse(`"${raw}"`) as string;
    } catch {
      // An invalid escape: the text as written, and the runs between its escapes, are what a message could quote.
      found.push(...raw.split(/\\./));
    }
    found.push(item);
    const decoded = Buffer.from(item, "base64").toString("utf8");
    const at = decoded.indexOf(":");
    // `auth` is base64 of user:password.
    if (at > 0 && Buffer.from(decoded).toString("base64") === item) found.push(decoded, decoded.slice(at + 1));
  }
  return found;
}

/** Field names of the Docker config format: words of its own, not secrets. */
const DOCKER_CONFIG_FIELDS = new Set([
  "auths",
  "auth",
  "username",
  "password",
  "email",
  "identitytoken",
  "registrytoken",
  "credsStore",
  "credHelpers",
  "HttpHeaders",
]);

/** The texts a secret may be printed as: raw, JSON-escaped once and twice, YAML single-quoted. */
export function formsOf(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return [secret, escaped, JSON.stringify(escaped).slice(1, -1), secret.replaceAll("'", "''")];
}

/** A function that replaces every form of every secret (of MIN_SECRET_LENGTH or more) with REDACTED. */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) for (const form of formsOf(secret)) forms.add(form);
  }
  if (forms.size === 0) return (text) => text;
  const automaton = new Automaton(forms);
  return (text) => replaceRanges(text, automaton.find(text));
}

/**
 * Aho-Corasick over UTF-16 code units. Most nodes of a trie of secrets have one child, found by
 * its code unit; only branching nodes get a Map (a Map per node, or one keyed by node and unit,
 * costs several times the time and memory for 20,000 secrets). `longest[node]` is the length of
 * the longest form that ends at the node's text, following suffix links, so that a scan sees
 * the earliest-starting match at each position.
 */
class Automaton {
  private readonly fail: number[] = [0];
  private readonly depth: number[] = [0];
  private readonly longest: number[] = [0];
  /** The code unit on the edge into each node. */
  private readonly unit: number[] = [0];
  /** Children as linked lists (first child, next sibling), and a Map for nodes with several. */
  private readonly firstChild: number[] = [-1];
  private readonly sibling: number[] = [-1];
  private readonly branches = new Map<number, Map<number, number>>();

  constructor(forms: Iterable<string>) {
    for (const form of forms) this.insert(form);
    this.link();
  }

  private child(node: number, code: number): number | undefined {
    const first = this.firstChild[node];
    if (first === -1) return undefined;
    if (this.sibling[first] === -1) return this.unit[first] === code ? first : undefined;
    return this.branches.get(node)?.get(code);
  }

  private insert(form: string): void {
    let node = 0;
    for (let i = 0; i < form.length; i++) {
      const code = form.charCodeAt(i);
      let child = this.child(node, code);
      if (child === undefined) {
        child = this.depth.length;
        this.fail.push(0);
        this.depth.push(this.depth[node] + 1);
        this.longest.push(0);
        this.unit.push(code);
        this.firstChild.push(-1);
        const first = this.firstChild[node];
        this.sibling.push(first);
        this.firstChild[node] = child;
        if (first !== -1) {
          let branch = this.branches.get(node);
          if (!branch) {
            branch = new Map([[this.unit[first], first]]);
            this.branches.set(node, branch);
          }
          branch.set(code, child);
        }
      }
      node = child;
    }
    this.longest[node] = form.length;
  }

  /** Suffix links, breadth first: a node's link (always shallower) is final before its children need it. */
  private link(): void {
    const queue: number[] = [];
    for (let child = this.firstChild[0]; child !== -1; child = this.sibling[child]) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      this.longest[node] = Math.max(this.longest[node], this.longest[this.fail[node]]);
      for (let child = this.firstChild[node]; child !== -1; child = this.sibling[child]) {
        this.fail[child] = this.step(this.fail[node], this.unit[child]);
        queue.push(child);
      }
    }
  }

  /** The state after reading the code unit `code` in `node`. */
  private step(node: number, code: number): number {
    for (;;) {
      const child = this.child(node, code);
      if (child !== undefined) return child;
      if (node === 0) return 0;
      node = this.fail[node];
    }
  }

  /**
   * [start, end) of every form found, of every prefix of a form followed by an ellipsis (4 or
   * more units), and of every prefix of MIN_PREFIX_LENGTH or more whatever follows it.
   */
  find(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      node = this.step(node, text.charCodeAt(i));
      if (node === 0) continue;
      const end = i + 1;
      if (this.longest[node] > 0) ranges.push([end - this.longest[node], end]);
      const depth = this.depth[node];
      if (depth >= MIN_SECRET_LENGTH) {
        const ellipsis = ellipsisAt(text, end);
        if (ellipsis > 0) ranges.push([end - depth, end + ellipsis]);
        else if (depth >= MIN_PREFIX_LENGTH) ranges.push([end - depth, end]);
      }
    }
    return ranges;
  }
}

/** Replaces the union of the ranges (overlapping ones merge, so no part of a secret survives). */
function replaceRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    let [from, to] = [start, end];
    while (merged.length > 0 && merged[merged.length - 1][1] >= from) {
      const [lastFrom, lastTo] = merged.pop() as [number, number];
      from = Math.min(from, lastFrom);
      to = Math.max(to, lastTo);
    }
    merged.push([from, to]);
  }
  let out = "";
  let at = 0;
  for (const [from, to] of merged) {
    out += text.slice(at, from) + REDACTED;
    at = to;
  }
  return out + text.slice(at);
}
