/**
 * Planning an incremental run: most of a run of a thousand manifests is reading and validating
 * them, so a manifest file whose bytes, path and run settings are those of the previous run is
 * not read again. What the previous run learnt of it (a FileSummary: its documents' warnings, its
 * stacks' names, keys and keyed state digests) stands for it; the files that changed are read,
 * validated and planned as usual.
 *
 * Checks across manifests still see every manifest: a changed manifest's stack name and state are
 * checked against the unchanged ones' summaries, and any problem at all (or a warning said once
 * for the whole run, or --strict counting a warning) sends the run down the full path, reading
 * every file, so that what it reports is exactly what a run from scratch reports.
 *
 * Only files that depend on nothing but their own bytes and the run's settings are summarized:
 * not a file holding a reference source or a manifest using references (they depend on other
 * files), nor one whose stack reads a Docker config file, nor one holding a secret value (the
 * run must know every secret to redact it); and nothing is summarized after a run with a run-wide warning (said at one
 * manifest only, it would go missing when that manifest is not read).
 */
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UserError, type Diagnostic } from "../diagnostics";
import { stateIdentity } from "../deployment/backend";
import { DEFAULT_KUBECONFIG, kubeconfigFile } from "../deployment/kubeconfig";
import type { RunSettings } from "../deployment/resolve";
import { loadManifests, type LoadResult } from "../manifest/load";
import type { ManifestResult } from "../manifest/parse";
import { plainManifestFiles } from "../manifest/source";
import { secretValuesOf } from "../redact";
import { planStacks, type PlannedStack, type SynthPlan } from "../terraform/plan";
import type { StackJob } from "../terraform/synthesize";
import { applyWarningPolicy } from "../warning-policy";
import type { WarningPolicy } from "../warnings";
import type { CacheJob, DocumentSummary, FileSummary, StackCache } from "./cache";
import { fingerprint, NotFingerprintable, runUmask, toolVersion } from "./fingerprint";
import { objectIdentities } from "../terraform/shared-objects";

export interface RunPlan {
  /** The plan to report (its stacks are the ones read this run; see jobs). */
  readonly plan: SynthPlan;
  /** Every stack of the run, in input order. */
  readonly jobs: CacheJob<StackJob>[];
  /** What to remember of the manifest files for the next run, given the run's stack cache. */
  readonly summarize: (cache: StackCache) => Record<string, FileSummary>;
}

export interface RunPlanOptions {
  readonly readStdin?: () => string;
  /** The run's key (cache.ts runKey). */
  readonly key: Buffer;
  /** The previous run's summaries; none for a full run. */
  readonly previous: ReadonlyMap<string, FileSummary>;
  readonly policy: WarningPolicy;
  /** cdk.tf instead of cdk.tf.json. */
  readonly hcl: boolean;
}

/** A warning said once for the run (at the first manifest it concerns), not for a manifest. */
const runWide = (diagnostic: Diagnostic) => diagnostic.severity === "warning" && diagnostic.path.length === 0;

/**
 * The keyed digest of everything besides a file's own bytes that its validation and planning read:
 * the run's settings (with the clusters and refs files' content, the output format), whether the kubeconfig files
 * they name exist, the working directory (relative paths), the tool.
 */
function settingsDigest(key: Buffer, run: RunSettings, hcl: boolean): string | undefined {
  const kubeconfigs = [
    run.kubeconfig,
    ...(run.clusters ?? []).map((cluster) => cluster.kubeconfig),
    kubeconfigFile(DEFAULT_KUBECONFIG, process.cwd()),
  ];
  try {
    return fingerprint(key, {
      tool: toolVersion(),
      // A summary holds its stacks' keys, and they depend on the format too.
      hcl,
      // A summary holds its stacks' keys, and they depend on the umask too (cache.ts keyOf).
      umask: runUmask(),
      cwd: process.cwd(),
      run,
      exist: kubeconfigs.map((file) => (file === undefined ? undefined : existsSync(file.here))),
    });
  } catch (cause) {
    if (cause instanceof NotFingerprintable) return undefined;
    throw cause;
  }
}

function fileDigest(key: Buffer, settings: string, file: string, bytes: Buffer): string {
  const hmac = createHmac("sha256", key);
  hmac.update(`${settings}\0${Buffer.byteLength(file)}:${file}\0`);
  return hmac.update(bytes).digest("hex");
}

/** Reads, validates and plans the run: the files that changed only, when it can. */
export function planRun(paths: readonly string[], run: RunSettings, options: RunPlanOptions): RunPlan {
  const files = plainManifestFiles(paths);
  const settings = files && settingsDigest(options.key, run, options.hcl);
  // Digests of the bytes before they are read for validation: a file changed in between gets a
  // digest that does not match its summary next time, never a summary of other bytes.
  const digests = new Map<string, string>();
  if (files && settings) {
    for (const file of files) {
      try {
        digests.set(file, fileDigest(options.key, settings, file, readFileSync(file)));
      } catch {
        digests.clear();
        break;
      }
    }
  }
  const unchanged = (files ?? []).filter((file) => {
    const summary = options.previous.get(file);
    return summary !== undefined && summary.digest === digests.get(file);
  });
  if (files && unchanged.length > 0) {
    const partial = planChanged(files, new Set(unchanged), run, options, digests);
    if (partial) return partial;
  }
  const load = loadManifests(paths, { readStdin: options.readStdin });
  const raw = planStacks(load, run);
  const plan = applyWarningPolicy(raw, options.policy);
  return {
    plan,
    jobs: plan.stacks.map(({ name, manifest, deployment }) => ({ name, manifest, deployment })),
    summarize: (cache) => summaries(load, raw, run, options.key, digests, new Map(), cache),
  };
}

/** The plan with unchanged files standing by their summaries; undefined when it must be a full run. */
function planChanged(
  files: readonly string[],
  unchanged: ReadonlySet<string>,
  run: RunSettings,
  options: RunPlanOptions,
  digests: ReadonlyMap<string, string>,
): RunPlan | undefined {
  const changed = files.filter((file) => !unchanged.has(file));
  const load = loadManifests(changed);
  const raw = planStacks(load, run);
  if (!raw.load.ok || raw.load.results.some((result) => result.diagnostics.some(runWide))) return undefined;
  // Checks across manifests: the changed stacks against the unchanged ones.
  const names = new Set<string>();
  const states = new Set<string>();
  const objects = new Set<string>();
  for (const file of unchanged) {
    for (const document of options.previous.get(file)?.documents ?? []) {
      // A summary of an earlier format, without its objects: a full run checks them.
      if (!Array.isArray(document.objects)) return undefined;
      names.add(document.stack.toLowerCase());
      states.add(document.state);
      for (const object of document.objects) objects.add(object);
    }
  }
  for (const stack of raw.stacks) {
    if (names.has(stack.name.toLowerCase()) || states.has(stateDigest(options.key, run, stack))) return undefined;
    // A clash is reported by a full run, as a synth from scratch reports it (terraform/shared-objects.ts).
    if (objectDigests(options.key, stack).some((object) => objects.has(object))) return undefined;
  }
  const parsed = new Map<string, ManifestResult[]>();
  const stacksOf = new Map<ManifestResult, PlannedStack>();
  raw.load.results.forEach((result, index) => {
    parsed.set(result.document.file, [...(parsed.get(result.document.file) ?? []), result]);
    stacksOf.set(result, raw.stacks[index]);
  });
  const results: ManifestResult[] = [];
  const jobs: CacheJob<StackJob>[] = [];
  for (const file of files) {
    const summary = options.previous.get(file);
    if (unchanged.has(file) && summary) {
      for (const document of summary.documents) {
        results.push(summarizedResult(file, document));
        jobs.push({
          name: document.stack,
          key: document.key,
          materialize: () => materialize(file, document.stack, run),
        });
      }
      continue;
    }
    for (const result of parsed.get(file) ?? []) {
      results.push(result);
      const { name, manifest, deployment } = stacksOf.get(result) as PlannedStack;
      jobs.push({ name, manifest, deployment });
    }
  }
  const merged: SynthPlan = { load: { ...raw.load, results }, stacks: [] };
  const plan = applyWarningPolicy(merged, options.policy);
  if (!plan.load.ok) return undefined;
  return {
    plan,
    jobs,
    summarize: (cache) => {
      const carried = new Map([...unchanged].map((file) => [file, options.previous.get(file) as FileSummary]));
      return summaries(load, raw, run, options.key, digests, carried, cache);
    },
  };
}

/**
 * A file holding a secret value is read on every run: the run must know its secrets to keep them
 * out of everything it prints, whichever manifest's message they would turn up in.
 */
function holdsSecret(file: string, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  try {
    const text = readFileSync(file, "utf8");
    return secrets.some((secret) => text.includes(secret));
  } catch {
    return true;
  }
}

/** An unchanged document's result for the report: where it is, and its warnings. */
function summarizedResult(file: string, document: DocumentSummary): ManifestResult {
  return {
    document: {
      file,
      index: document.index,
      line: document.line,
      value: undefined,
      locate: () => ({ line: document.line, column: 1 }),
    },
    diagnostics: [...document.diagnostics],
  };
}

/** A summarized stack read and planned after all (its kept files were edited by hand, say). */
function materialize(file: string, name: string, run: RunSettings): StackJob {
  const stack = planStacks(loadManifests([file]), run).stacks.find((planned) => planned.name === name);
  if (!stack) throw new UserError(`${file} changed while synth ran: nothing was written; run synth again`);
  return { name, manifest: stack.manifest, deployment: stack.deployment };
}

function objectDigests(key: Buffer, stack: PlannedStack): string[] {
  return objectIdentities(stack).map((object) => createHmac("sha256", key).update(object.key).digest("hex"));
}

function stateDigest(key: Buffer, run: RunSettings, stack: PlannedStack): string {
  const identity = stateIdentity(stack.deployment.backend, resolve(run.outDir, "stacks", stack.name));
  return createHmac("sha256", key).update(identity).digest("hex");
}

/**
 * The summaries of this run's files: carried over for those not read again, made for those read
 * that depend on nothing but their bytes and the settings (see the module's comment).
 */
function summaries(
  load: LoadResult,
  raw: SynthPlan,
  run: RunSettings,
  key: Buffer,
  digests: ReadonlyMap<string, string>,
  carried: ReadonlyMap<string, FileSummary>,
  cache: StackCache,
): Record<string, FileSummary> {
  const out: Record<string, FileSummary> = Object.fromEntries(carried);
  if (!raw.load.ok || raw.load.results.some((result) => result.diagnostics.some(runWide))) return {};
  const volatile = new Set(raw.load.sources.map((source) => source.document.file));
  const secrets = raw.load.secrets.filter((secret) => secret.length > 0);
  const documents = new Map<string, DocumentSummary[]>();
  raw.load.results.forEach((result, index) => {
    const file = result.document.file;
    const stack = raw.stacks[index];
    const stackKey = stack && cache.stackKey(stack);
    const shows = (diagnostic: Diagnostic) => secrets.some((secret) => JSON.stringify(diagnostic).includes(secret));
    if (
      !stack ||
      stackKey === undefined ||
      // References: the manifest as resolved is not the manifest as read.
      load.results[index].manifest !== result.manifest ||
      stack.deployment.dockerConfigJson !== undefined ||
      secretValuesOf(result.manifest).length > 0 ||
      result.diagnostics.some(shows)
    ) {
      volatile.add(file);
      return;
    }
    documents.set(file, [
      ...(documents.get(file) ?? []),
      {
        index: result.document.index,
        line: result.document.line,
        diagnostics: result.diagnostics,
        stack: stack.name,
        state: stateDigest(key, run, stack),
        objects: objectDigests(key, stack),
        key: stackKey,
      },
    ]);
  });
  for (const [file, summary] of documents) {
    const digest = digests.get(file);
    if (digest === undefined || volatile.has(file) || holdsSecret(file, secrets)) continue;
    out[file] = { digest, documents: summary };
  }
  return out;
}
