/**
 * Incremental synthesis: a stack whose files are defined by exactly what defined them last time
 * (its name, validated and resolved manifest, deployment settings, the output format and
 * directory, the tool's code and the versions of cdktf and the provider bindings) keeps the files
 * the previous run wrote, instead of being synthesized again.
 *
 * What it keeps in the output's own directory, committed with the output through its journal:
 * `cache.json`, each stack's key and its files' digests and modes, and `cache-key`, the random
 * HMAC key of those digests (mode 0600). No value is stored, only keyed digests, so the cache
 * makes no secret of a manifest guessable to whoever can read the output.
 *
 * Reused files are verified first, holding the output's lock: each must still be the regular
 * file, with the mode and the bytes, that synth wrote; a file edited by hand is synthesized again.
 * Only the output of a run of synth (its record) is trusted, never a directory synth did not write.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRealDirectory, lexists } from "../paths";
import { CACHE_FILE, CACHE_KEY_FILE, RECORD, TOOL_DIR, type OutputRecord } from "../output/ownership";
import { readOwnFile } from "../output/own-files";
import { contentDigest, fingerprint, NotFingerprintable, runUmask, toolVersion } from "./fingerprint";
import type { StackDeployment } from "../deployment/resolve";
import type { Diagnostic } from "../diagnostics";

const FORMAT = 1;
const KEY_BYTES = 32;

/** What defines one stack's files (the job a synthesis is given). */
export interface StackInput {
  readonly name: string;
  readonly manifest: unknown;
  readonly deployment: StackDeployment;
}

/**
 * A stack of a manifest file that was not read again (its bytes and the run's settings are those
 * of a previous run, see plan.ts): its key is the one that run computed; `materialize` reads and
 * plans its file, for when its files must be synthesized after all.
 */
export interface SummarizedStack<Job extends StackInput> {
  readonly name: string;
  readonly key: string;
  readonly materialize: () => Job;
}

export type CacheJob<Job extends StackInput> = Job | SummarizedStack<Job>;

const isSummarized = <Job extends StackInput>(job: CacheJob<Job>): job is SummarizedStack<Job> => "materialize" in job;

/** What a previous run learnt from one manifest file (see plan.ts); no value of it, only digests. */
export interface FileSummary {
  /** Keyed digest of the file's path and bytes and of the run's settings. */
  readonly digest: string;
  readonly documents: readonly DocumentSummary[];
}

export interface DocumentSummary {
  readonly index: number;
  readonly line: number;
  /** Its warnings, as planning placed them (before --ignore-warning and --strict). */
  readonly diagnostics: readonly Diagnostic[];
  readonly stack: string;
  /** Keyed digest of the state the stack keeps (two stacks on one state are refused). */
  readonly state: string;
  /** The stack's key (see StackCache). */
  readonly key: string;
  /** Keyed digests of the Kubernetes objects the stack creates (two stacks on one object are refused). */
  readonly objects: readonly string[];
}

/** A stack's entry of manifest.json, as cdktf writes it. */
export type ManifestEntry = Record<string, unknown>;

interface CachedFile {
  readonly digest: string;
  readonly mode: number;
}

interface CachedStack {
  readonly key: string;
  readonly entry: ManifestEntry;
  readonly files: Record<string, CachedFile>;
}

/** The previous output, as the commit read it holding the lock. */
export interface PreviousOutput {
  /** The output directory's physical path. */
  readonly dir: string;
  /** What synth wrote there last (empty when nothing). */
  readonly record: OutputRecord;
  /** True only when that comes from synth's own record, not from adopting cdktf's output. */
  readonly recorded: boolean;
}

/** A file of the output's own directory to commit with the output. */
export interface OwnFile {
  readonly name: string;
  readonly text: string;
  readonly mode: number;
}

export interface Partition<Job extends StackInput> {
  /** Stacks whose files stay as they are: name -> the generated entries in its directory. */
  readonly kept: Map<string, readonly string[]>;
  /** Their entries of manifest.json. */
  readonly keptEntries: Record<string, ManifestEntry>;
  /** The stacks to synthesize. */
  readonly fresh: Job[];
}

const isDigest = (value: unknown): value is string => typeof value === "string" && /^[0-9a-f]{64}$/.test(value);

/**
 * The key of this run's digests: the output's (`dir` is the output directory), if it has one that
 * is ours, else a new one (written with the output).
 */
export function runKey(dir: string): Buffer {
  return readKey(join(dir, TOOL_DIR, CACHE_KEY_FILE)) ?? randomBytes(KEY_BYTES);
}

/** The previous run's file summaries, when its digests are under `key`. */
export function readFileSummaries(dir: string, key: Buffer): Map<string, FileSummary> {
  const summaries = new Map<string, FileSummary>();
  const onDisk = readKey(join(dir, TOOL_DIR, CACHE_KEY_FILE));
  if (!onDisk?.equals(key) || !lexists(join(dir, TOOL_DIR, RECORD))) return summaries;
  const cache = readCacheFile(join(dir, TOOL_DIR, CACHE_FILE), toolVersion());
  for (const [file, value] of Object.entries(cache?.files ?? {})) {
    const summary = (value ?? {}) as Partial<FileSummary>;
    if (isDigest(summary.digest) && Array.isArray(summary.documents)) summaries.set(file, summary as FileSummary);
  }
  return summaries;
}

/** The cache key, if the one there is ours: a regular file of this user's, readable by it only. */
function readKey(file: string): Buffer | undefined {
  try {
    const stat = lstatSync(file);
    const uid = process.getuid?.();
    if (!stat.isFile() || (stat.mode & 0o077) !== 0 || (uid !== undefined && stat.uid !== uid)) return undefined;
    if (stat.size !== KEY_BYTES * 2) return undefined;
    const text = readFileSync(file, "utf8");
    return /^[0-9a-f]+$/.test(text) ? Buffer.from(text, "hex") : undefined;
  } catch {
    return undefined;
  }
}

/** The cache file's content, if it is a cache of this tool's. */
function readCacheFile(file: string, tool: string): { stacks: object; files?: object } | undefined {
  const own = readOwnFile(file);
  if (!("text" in own)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(own.text);
  } catch {
    return undefined;
  }
  const cache = (raw ?? {}) as { format?: unknown; tool?: unknown; stacks?: unknown; files?: unknown };
  if (cache.format !== FORMAT || cache.tool !== tool || typeof cache.stacks !== "object" || cache.stacks === null) {
    return undefined;
  }
  const files = typeof cache.files === "object" && cache.files !== null ? cache.files : undefined;
  return { stacks: cache.stacks, files };
}

function readCachedStacks(file: string, tool: string): Map<string, CachedStack> {
  const stacks = new Map<string, CachedStack>();
  const cache = readCacheFile(file, tool);
  if (!cache) return stacks;
  for (const [name, value] of Object.entries(cache.stacks)) {
    const stack = (value ?? {}) as Partial<CachedStack>;
    const files = Object.entries(stack.files ?? {}) as [string, Partial<CachedFile>][];
    const valid =
      isDigest(stack.key) &&
      typeof stack.entry === "object" &&
      stack.entry !== null &&
      files.length > 0 &&
      files.every(([, cached]) => isDigest(cached?.digest) && typeof cached?.mode === "number");
    if (valid) stacks.set(name, stack as CachedStack);
  }
  return stacks;
}

export class StackCache {
  private readonly key: Buffer;
  private readonly newKey: boolean;
  private readonly tool = toolVersion();
  private readonly previous: Map<string, CachedStack>;
  private readonly next = new Map<string, CachedStack>();
  private readonly keys = new Map<string, string>();
  private summaries: Record<string, FileSummary> = {};

  /**
   * `read: false` (--no-cache) trusts nothing of the previous run; the cache is written anew
   * either way, for the next run.
   */
  constructor(
    private readonly output: PreviousOutput,
    ownDir: string,
    private readonly hcl: boolean,
    read: boolean,
    /** The run's key (runKey); the cache there is read only when it is under that key. */
    key: Buffer,
  ) {
    const onDisk = output.recorded ? readKey(join(ownDir, CACHE_KEY_FILE)) : undefined;
    this.key = key;
    this.newKey = !onDisk?.equals(key);
    this.previous = read && !this.newKey ? readCachedStacks(join(ownDir, CACHE_FILE), this.tool) : new Map();
  }

  /** What this run learnt of its manifest files, for the next run. */
  keepSummaries(summaries: Record<string, FileSummary>): void {
    this.summaries = summaries;
  }

  /** The stack's key (see keyOf), for a file summary. */
  stackKey(job: StackInput): string | undefined {
    return this.keyOf(job);
  }

  /** The stack's key: a keyed digest of everything that defines its files; undefined if there is none. */
  private keyOf(job: StackInput): string | undefined {
    const known = this.keys.get(job.name);
    if (known !== undefined) return known;
    try {
      return fingerprint(this.key, {
        format: FORMAT,
        hcl: this.hcl,
        // The modes of the files synthesis writes (0644 or 0600, say): found by review 14.
        umask: runUmask(),
        // cdktf writes paths relative to the stack's directory, but a backend's path may depend on it.
        dir: this.output.dir,
        name: job.name,
        manifest: job.manifest,
        deployment: job.deployment,
      });
    } catch (cause) {
      if (cause instanceof NotFingerprintable) return undefined;
      throw cause;
    }
  }

  /** Splits the jobs into stacks whose previous files stay and stacks to synthesize. */
  partition<Job extends StackInput>(jobs: readonly CacheJob<Job>[]): Partition<Job> {
    const kept = new Map<string, readonly string[]>();
    const keptEntries: Record<string, ManifestEntry> = {};
    const fresh: Job[] = [];
    for (const job of jobs) {
      const key = isSummarized(job) ? job.key : this.keyOf(job);
      if (key !== undefined) this.keys.set(job.name, key);
      const cached = this.previous.get(job.name);
      if (key !== undefined && cached?.key === key && this.unchanged(job.name, cached)) {
        kept.set(job.name, Object.keys(cached.files).sort());
        keptEntries[job.name] = cached.entry;
        this.next.set(job.name, cached);
      } else {
        fresh.push(isSummarized(job) ? job.materialize() : job);
      }
    }
    return { kept, keptEntries, fresh };
  }

  /** True when the stack's files are those synth wrote, as the record and the digests say. */
  private unchanged(name: string, cached: CachedStack): boolean {
    const recorded = this.output.record.stacks.get(name);
    const names = Object.keys(cached.files).sort();
    if (recorded === undefined || [...recorded].sort().join("\0") !== names.join("\0")) return false;
    const dir = join(this.output.dir, "stacks", name);
    if (!isRealDirectory(join(this.output.dir, "stacks")) || !isRealDirectory(dir)) return false;
    return names.every((file) => {
      const { digest, mode } = cached.files[file];
      try {
        const stat = lstatSync(join(dir, file));
        if (!stat.isFile() || (stat.mode & 0o7777) !== mode) return false;
        return contentDigest(this.key, readFileSync(join(dir, file))) === digest;
      } catch {
        return false;
      }
    });
  }

  /** Records a stack synthesized into `staging`, with its entry of manifest.json. */
  addSynthesized(staging: string, name: string, entry: ManifestEntry): void {
    const key = this.keys.get(name);
    if (key === undefined) return;
    const dir = join(staging, "stacks", name);
    const files: Record<string, CachedFile> = {};
    try {
      for (const file of readdirSync(dir)) {
        const path = join(dir, file);
        const stat = lstatSync(path);
        // Only plain files are cached (cdktf's assets directory, say, is synthesized each time).
        if (!stat.isFile()) return;
        files[file] = { digest: contentDigest(this.key, readFileSync(path)), mode: stat.mode & 0o7777 };
      }
    } catch {
      return;
    }
    if (Object.keys(files).length > 0) this.next.set(name, { key, entry, files });
  }

  /** The cache's own files for this run's output: the cache and, when new, its key. */
  files(): OwnFile[] {
    const names = [...this.next.keys()].sort();
    const stacks = Object.fromEntries(names.map((name) => [name, this.next.get(name)]));
    const cache: OwnFile = {
      name: CACHE_FILE,
      text: `${JSON.stringify({ writtenBy: "kubernetes-job-cdktf", format: FORMAT, tool: this.tool, stacks, files: this.summaries })}\n`,
      mode: 0o644,
    };
    if (!this.newKey) return [cache];
    return [{ name: CACHE_KEY_FILE, text: this.key.toString("hex"), mode: 0o600 }, cache];
  }
}
