/**
 * What in an output directory is ours. synth records what it wrote (`.kubernetes-job/written.json`)
 * and later removes or replaces only those files; everything else there (Terraform's
 * `.terraform/`, lock files, state, a user's own files) is never touched. A directory that holds
 * something and no record is refused, unless it is the output of cdktf (a `manifest.json`
 * naming its stacks), whose generated files are adopted.
 */
import { lstatSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, parse, resolve } from "node:path";
import { UserError } from "../diagnostics";
import { isRealDirectory, isWithin, lexists, physicalPath } from "../paths";
import { ownFileText, readOwnFile } from "./own-files";

/** Our own directory inside the output: the record, the lock, runs in progress. */
export const TOOL_DIR = ".kubernetes-job";
export const RECORD = "written.json";
/** The journal of a commit in progress; one left behind is a killed run's, put back by the next run. */
export const JOURNAL = "journal.json";
/** The incremental cache (lib/incremental/cache.ts) and its key, in our own directory. */
export const CACHE_FILE = "cache.json";
export const CACHE_KEY_FILE = "cache-key";
/** Files cdktf writes into a stack directory: the only ones synth ever removes there. */
export const GENERATED = ["cdk.tf.json", "cdk.tf", "metadata.json", "assets"];
/** Files synth writes at the top of the output. */
export const TOP_LEVEL = ["manifest.json"];

/** What a command writes into an output directory; a directory holds one command's output only. */
export interface OutputLayout {
  /** The command, named in messages and in the record. */
  readonly command: "synth" | "render" | "convert";
  /** A file name it writes at the top of the output. */
  readonly isTopLevel: (name: string) => boolean;
}

export const SYNTH_LAYOUT: OutputLayout = { command: "synth", isTopLevel: (name) => TOP_LEVEL.includes(name) };
/** `render --out`: one `<stack>.yaml` or `<stack>.json` per stack. */
export const RENDER_LAYOUT: OutputLayout = {
  command: "render",
  isTopLevel: (name) => /^[^/\\\0]+\.(yaml|json)$/.test(name) && !name.startsWith("."),
};

/** `convert --out`: one manifest file per input file, under the input's name. */
export const CONVERT_LAYOUT: OutputLayout = {
  command: "convert",
  isTopLevel: (name) => /^[^/\\\0]+\.(yaml|yml|json)$/i.test(name) && !name.startsWith("."),
};

export interface OutputRecord {
  /** Top-level files we wrote. */
  readonly files: readonly string[];
  /** Stack name -> the generated entries we wrote in its directory (a Map: any name is a key). */
  readonly stacks: ReadonlyMap<string, readonly string[]>;
}

export const EMPTY_RECORD: OutputRecord = { files: [], stacks: new Map() };

/** A stack directory name that stays one directory below `stacks/`. */
const isSegment = (name: unknown): name is string =>
  typeof name === "string" && name !== "" && name !== "." && name !== ".." && !/[\\/\0]/.test(name);

export function serializeRecord(record: OutputRecord, layout: OutputLayout = SYNTH_LAYOUT): string {
  const names = [...record.stacks.keys()].sort();
  const stacks = Object.fromEntries(names.map((name) => [name, record.stacks.get(name)]));
  // synth's record has no command (it came first); render's says so.
  const command = layout.command === "synth" ? {} : { command: layout.command };
  return `${JSON.stringify({ writtenBy: "kubernetes-job-cdktf", format: 1, ...command, files: record.files, stacks }, null, 2)}\n`;
}

/**
 * Refuses output directories no run should write into: empty, the file system root, the home
 * directory, or one holding the inputs (its manifest.json would be read as a manifest next time).
 */
export function checkOutputDir(outDir: string, inputs: readonly string[]): void {
  if (outDir.trim() === "") {
    throw new UserError('--out "" names no directory: give the directory to write the stacks to (default cdktf.out)');
  }
  const target = physicalPath(outDir);
  if (target === parse(target).root) {
    throw new UserError(
      `--out ${outDir} is the root of the file system: give a directory of its own, such as cdktf.out`,
    );
  }
  if (target === physicalPath(homedir())) {
    throw new UserError(`--out ${outDir} is the home directory: give a directory of its own, such as cdktf.out`);
  }
  for (const input of inputs) {
    if (input === "-") continue;
    if (isWithin(physicalPath(input), target)) {
      throw new UserError(
        `--out ${outDir} holds the input ${input}: the next run would read this output as manifests; write elsewhere`,
      );
    }
  }
}

/**
 * What a previous synth wrote into `target` (an absolute, physical path), or why we must not
 * write there. A missing or empty directory has an empty record.
 */
export function readOwnership(target: string, shownAs: string, layout: OutputLayout = SYNTH_LAYOUT): OutputRecord {
  let entries: string[];
  try {
    if (!lstatSync(target).isDirectory()) throw new UserError(`--out ${shownAs} is not a directory`);
    entries = readdirSync(target).filter((name) => name !== TOOL_DIR);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_RECORD;
    throw cause;
  }
  const own = join(target, TOOL_DIR);
  if (lexists(own) && !isRealDirectory(own)) {
    // A link would send the staging, the backups and the lock somewhere else.
    throw new UserError(`${own} is not a directory: remove it, or choose another --out`);
  }
  const recordFile = join(own, RECORD);
  // A killed commit (a first run's too) is put back before anything else, holding the lock; what
  // is ours is read again after that.
  if (lexists(join(own, JOURNAL))) return EMPTY_RECORD;
  if (lexists(recordFile)) {
    const record = parseRecord(recordFile, shownAs, layout);
    // cdktf-cli may have written here since (npx cdktf synth into the same directory): its
    // generated files, named by the manifest.json it wrote, are replaced or removed like ours.
    return layout.command === "synth" ? withCdktfFiles(target, record) : record;
  }
  if (entries.length === 0) return EMPTY_RECORD;
  const adopted = layout.command === "synth" ? adoptCdktfOutput(target) : undefined;
  if (adopted) return adopted;
  const cdktf = layout.command === "synth" ? " or cdktf manifest.json" : "";
  throw new UserError(
    `--out ${shownAs} is not empty and holds no output of kubernetes-job ${layout.command} (no ${TOOL_DIR}/${RECORD}${cdktf}): ` +
      `${layout.command} writes only into a new or empty directory, or one it wrote before; choose another --out`,
  );
}

function parseRecord(file: string, shownAs: string, layout: OutputLayout): OutputRecord {
  const bad = () =>
    new UserError(
      `${file} is not a record written by kubernetes-job ${layout.command}; remove it only if you know why it is there`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(ownFileText(file) ?? "");
  } catch (cause) {
    if (cause instanceof UserError) throw cause;
    throw bad();
  }
  const { files, stacks, command = "synth" } = (raw ?? {}) as { files?: unknown; stacks?: unknown; command?: unknown };
  if (command !== layout.command) {
    throw new UserError(
      `--out ${shownAs} holds the output of kubernetes-job ${String(command)}, not of ${layout.command}: ` +
        `give ${layout.command} a directory of its own`,
    );
  }
  // Whatever the record says, it can only name files the command writes: never a state file or a user's.
  const names = (value: unknown, allowed: (name: string) => boolean) =>
    Array.isArray(value) && value.every((name) => typeof name === "string" && allowed(name));
  if (!names(files, layout.isTopLevel) || typeof stacks !== "object" || stacks === null || Array.isArray(stacks))
    throw bad();
  for (const [name, generated] of Object.entries(stacks)) {
    if (!isSegment(name) || !names(generated, (entry) => GENERATED.includes(entry))) throw bad();
  }
  return { files: files as string[], stacks: new Map(Object.entries(stacks as Record<string, string[]>)) };
}

/** The output of `cdktf synth` (or of kubernetes-job before it kept a record). */
function adoptCdktfOutput(target: string): OutputRecord | undefined {
  const file = readOwnFile(join(target, "manifest.json"));
  if (!("text" in file)) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(file.text);
  } catch {
    return undefined;
  }
  const { version, stacks } = (manifest ?? {}) as { version?: unknown; stacks?: unknown };
  if (typeof version !== "string" || typeof stacks !== "object" || stacks === null) return undefined;
  if (Object.keys(stacks).some((name) => !isSegment(name))) return undefined;
  // Only the files its manifest.json names are cdktf's: anything else in a stack directory
  // (a cdk.tf or metadata.json of the user's) is not adopted (found by review 4).
  return withCdktfFiles(target, { files: ["manifest.json"], stacks: new Map() });
}

/** A record with the generated files cdktf-cli's manifest.json names in stack directories added. */
function withCdktfFiles(target: string, record: OutputRecord): OutputRecord {
  const file = readOwnFile(join(target, "manifest.json"));
  if (!("text" in file)) return record;
  let stacks: unknown;
  try {
    stacks = (JSON.parse(file.text) as { stacks?: unknown }).stacks;
  } catch {
    return record;
  }
  if (typeof stacks !== "object" || stacks === null) return record;
  const merged = new Map(record.stacks);
  for (const [name, entry] of Object.entries(stacks)) {
    if (!isSegment(name) || typeof entry !== "object" || entry === null) continue;
    const { synthesizedStackPath, stackMetadataPath } = entry as Record<string, unknown>;
    // Only a generated name directly in the stack's own directory: never anything else it may say.
    const named = [synthesizedStackPath, stackMetadataPath]
      .filter((path): path is string => typeof path === "string")
      .map((path) => /^stacks\/([^/]+)\/([^/]+)$/.exec(path))
      .filter((match) => match !== null && match[1] === name && GENERATED.includes(match[2]))
      .map((match) => (match as RegExpExecArray)[2])
      .filter((entryName) => isRegularFile(join(target, "stacks", name, entryName)));
    if (named.length > 0) merged.set(name, [...new Set([...(merged.get(name) ?? []), ...named])]);
  }
  return { files: record.files, stacks: merged };
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** A stack that is no longer synthesized, and where its state is. */
export interface RetiredStack {
  readonly name: string;
  /** The remote backend type holding its state, when not local. */
  readonly remoteBackend?: string;
  /** Its directory is no longer a directory (a link, say): nothing in it was touched. */
  readonly leftAlone?: boolean;
}

/** A retired stack's backend, read from the configuration we wrote for it. */
function backendOf(stackDir: string): { local?: string; remote?: string } {
  const text = (name: string) => {
    const file = readOwnFile(join(stackDir, name));
    if (!("text" in file)) throw new Error(file.problem);
    return file.text;
  };
  try {
    const json = JSON.parse(text("cdk.tf.json")) as {
      terraform?: { backend?: Record<string, { path?: string }>; cloud?: unknown };
    };
    if (json.terraform?.cloud) return { remote: "cloud" };
    const [type, config] = Object.entries(json.terraform?.backend ?? {})[0] ?? [];
    if (type === undefined) return {};
    return type === "local" ? { local: config?.path } : { remote: type };
  } catch {
    // Not JSON (cdk.tf) or missing: read the HCL.
  }
  try {
    const hcl = text("cdk.tf");
    if (/^\s*cloud\s*\{/m.test(hcl)) return { remote: "cloud" };
    const type = /backend\s+"([^"]+)"/.exec(hcl)?.[1];
    if (type === undefined) return {};
    if (type !== "local") return { remote: type };
    return { local: /^\s*path\s*=\s*"([^"]*)"/m.exec(hcl)?.[1] };
  } catch {
    return {};
  }
}

function entriesOf(dir: string): string[] {
  try {
    return isRealDirectory(dir) ? readdirSync(dir) : [];
  } catch {
    return [];
  }
}

/** True unless the file is a Terraform state without resource instances. */
function holdsResources(path: string): boolean {
  // What cannot be read as a state (a pipe, a huge file, not JSON) may be one: it counts as holding.
  const file = readOwnFile(path);
  if (!("text" in file)) return true;
  try {
    const state = JSON.parse(file.text) as { resources?: { instances?: unknown[] }[] };
    return (state.resources ?? []).some((resource) => (resource.instances ?? []).length > 0);
  } catch {
    return true;
  }
}

/**
 * Where a retired stack's state is, and whether retiring it would orphan live resources: its
 * local state file (as Terraform resolves the path, from the stack directory's physical path),
 * cdktf's default state file, and any state file left in its directory.
 */
export function retiredState(target: string, name: string): { retired: RetiredStack; heldBy: string[] } {
  const stackDir = physicalPath(join(target, "stacks", name));
  const backend = backendOf(stackDir);
  if (backend.remote) return { retired: { name, remoteBackend: backend.remote }, heldBy: [] };
  const candidates = new Set<string>();
  candidates.add(resolve(stackDir, backend.local ?? `terraform.${name}.tfstate`));
  // State files left in the directory, and the states of Terraform workspaces (terraform.tfstate.d/<workspace>/).
  for (const entry of entriesOf(stackDir)) {
    if (/\.tfstate$/.test(entry)) candidates.add(join(stackDir, entry));
  }
  for (const workspace of entriesOf(join(stackDir, "terraform.tfstate.d"))) {
    for (const entry of entriesOf(join(stackDir, "terraform.tfstate.d", workspace))) {
      if (/\.tfstate$/.test(entry)) candidates.add(join(stackDir, "terraform.tfstate.d", workspace, entry));
    }
  }
  const heldBy = [...candidates].filter((file) => lexists(file) && holdsResources(file)).sort();
  return { retired: { name }, heldBy };
}
