/**
 * `kubernetes-job synth <paths...> [--out DIR] [settings]`: the same files as `npx cdktf synth`,
 * without cdktf-cli. Nothing is written unless every manifest is valid and every stack
 * synthesized.
 */
import { parseRunSettings } from "../deployment/run-settings";
import { checkContextEnv } from "./context-env";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { countManifestFiles } from "../manifest/source";
import { formatDiagnostic, type Diagnostic } from "../diagnostics";
import { checkOutputDir, recoverKilledRun, TOOL_DIR, writeAtomically, type WrittenOutput } from "../output";
import { CACHE_FILE } from "../output/ownership";
import { lexists, physicalPath } from "../paths";
import { join } from "node:path";
import type { SynthesisPool } from "../workers/pool";
import type { StackJob } from "../terraform/synthesize";
import type { PlannedStack } from "../terraform/plan";
import { DEFAULT_WARNING_POLICY, type WarningPolicy } from "../warnings";
import { EXIT, redactingIo, type CliIo } from "./io";
import { diagnosticsText, plural, textReport } from "./report";
import { retiredWarning, StrictRefusal, synthJson } from "./synth-report";

export interface SynthOptions {
  readonly outDir: string;
  /** Write cdk.tf (HCL) instead of cdk.tf.json. */
  readonly hcl: boolean;
  /** Run-level deployment settings, spelled as the cdktf.json context keys. */
  readonly settings: Record<string, unknown>;
  /** No progress indicator and no line per stack: only problems and the summary. */
  readonly quiet?: boolean;
  /** Worker threads; 0 or 1 synthesizes on this thread. @default - one per core for large runs */
  readonly workers?: number;
  /** Retire stacks whose local state still holds resources. */
  readonly prune?: boolean;
  /** How long to wait for another run writing the same directory. @default 10 minutes */
  readonly lockTimeoutMs?: number;
  /** Reuse the files of stacks that did not change since the previous run. @default true */
  readonly cache?: boolean;
  /** "json": the validate report plus the stacks written, alone on standard output. @default "text" */
  readonly format?: "text" | "json";
  /** Warning classes to hide, and --strict. @default - every warning shown, none fails the run */
  readonly warnings?: WarningPolicy;
}

/** Stacks written so far, on one rewritten line of a terminal; nothing when not on a terminal. */
function startProgress(total: number, io: CliIo, quiet = false) {
  if (quiet || !io.stderrIsTTY || total < 2) return { tick: () => {}, stop: () => {} };
  let done = 0;
  let drawnAt = 0;
  return {
    tick: () => {
      done++;
      const now = performance.now();
      if (now - drawnAt < 100) return;
      drawnAt = now;
      io.stderr(`\rsynthesizing: ${done}/${total} stacks`);
    },
    stop: () => {
      if (drawnAt > 0) io.stderr("\r\x1b[K");
      drawnAt = 0;
    },
  };
}

/**
 * Each worker thread holds file descriptors of its own; under a low limit (`ulimit -n`) starting
 * them fails in ways Node does not always report, so there they are not started at all.
 */
function workersTheFileLimitAllows(): number {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1];
    if (soft === undefined || soft === "unlimited") return Infinity;
    return Math.max(0, Math.floor((Number(soft) - 128) / 16));
  } catch {
    return Infinity; // No /proc: the limit cannot be read, and is rarely low.
  }
}

/** cdktf and the stacks' code, loaded by a run that synthesizes on this thread only. */
function synthesisModule(): typeof import("../terraform/synthesize") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../terraform/synthesize") as typeof import("../terraform/synthesize");
}

/** Stacks per worker thread below which workers (each loads cdktf) cost more than they save. */
export const STACKS_PER_WORKER = 40;

/** Stacks beyond which this thread, whose heap holds every manifest, leaves synthesis to workers. */
export const MAIN_THREAD_STACKS = 2000;

/**
 * Whether this thread synthesizes beside the workers: by default, for runs of up to
 * MAIN_THREAD_STACKS stacks (one cdktf load fewer). Beyond, its heap, which holds every
 * validated manifest, grows with synthesis's garbage: 10,000 manifests took 585 MB with this
 * thread synthesizing, 361 MB with two workers, and no less CPU.
 */
export function mainThreadSynthesizes(requested: number | undefined, stacks: number): boolean {
  return requested === undefined && stacks <= MAIN_THREAD_STACKS;
}

/**
 * Worker threads worth having for `stacks` stacks: as asked, or by default one per 40 stacks and
 * per core but one, as this thread synthesizes beside them (so none on a single core, where a
 * worker only adds a second cdktf to load and the manifests to copy to it), and beyond
 * MAIN_THREAD_STACKS one per core, at least one, as this thread then does not; never more than the
 * stacks, the cores, or what the file descriptor limit allows. Each worker loads cdktf (a third
 * of a second of CPU, tens of MB): one with no stack to take, or waiting for a core, only costs
 * (64 workers for 5 manifests took 25 times as long as none).
 */
export function workerCount(
  requested: number | undefined,
  stacks: number,
  limits: { cores: number; fileLimit: number } = {
    cores: availableParallelism(),
    fileLimit: workersTheFileLimitAllows(),
  },
): number {
  const beside = mainThreadSynthesizes(requested, stacks);
  const wanted =
    requested ??
    (beside
      ? Math.min(Math.floor(stacks / STACKS_PER_WORKER), limits.cores - 1)
      : Math.max(1, Math.min(Math.floor(stacks / STACKS_PER_WORKER), limits.cores)));
  return Math.max(0, Math.min(wanted, stacks, limits.cores, limits.fileLimit));
}

export async function runSynth(paths: readonly string[], options: SynthOptions, given: CliIo): Promise<number> {
  const io = redactingIo(given);
  const started = performance.now();
  // Ctrl-C (or a CI runner's SIGTERM), from the start: the run stops before anything is moved into place.
  const interrupt = new AbortController();
  let pool: SynthesisPool | undefined;
  const onSignal = () => {
    interrupt.abort();
    void pool?.close();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const interrupted = () => {
    // On a terminal the line may hold the progress or the ^C the terminal echoed: clear it, so
    // that the message has its own line.
    const clear = io.stderrIsTTY ? "\r\x1b[K" : "";
    io.stderr(`${clear}kubernetes-job: interrupted; ${options.outDir} was left as it was\n`);
    return EXIT.interrupted;
  };
  try {
    checkContextEnv();
    checkOutputDir(options.outDir, paths);
    // A killed run's half-made commit is put back first, even if this run then writes nothing.
    await recoverKilledRun(options.outDir, { signal: interrupt.signal, lockTimeoutMs: options.lockTimeoutMs });
    const run = parseRunSettings(options.settings, options.outDir, "flags");
    // Workers start loading cdktf now, while this thread reads and checks the manifests; until
    // then the manifest files stand for the stacks (a file may hold several, or none).
    // Before an incremental run, workers wait until it is known how many stacks changed; the
    // pool's module is loaded only by a run that has workers.
    const incremental = options.cache !== false && lexists(join(options.outDir, TOOL_DIR, CACHE_FILE));
    const early = incremental ? 0 : workerCount(options.workers, countManifestFiles(paths));
    if (early >= 1) pool = new (await import("../workers/pool")).SynthesisPool(early);
    const policy = options.warnings ?? DEFAULT_WARNING_POLICY;
    const json = options.format === "json";
    const shown = options.outDir.replace(/\/+$/, "") || "/";
    const { planRun } = await import("../incremental/plan");
    const { readFileSummaries, runKey } = await import("../incremental/cache");
    const key = runKey(physicalPath(options.outDir));
    // Unchanged manifest files are not read again (JSON reports every manifest's details: read all).
    const previous = incremental && !json ? readFileSummaries(physicalPath(options.outDir), key) : new Map();
    const { plan, jobs, summarize } = planRun(paths, run, {
      readStdin: io.readStdin,
      key,
      previous,
      policy,
      hcl: options.hcl,
    });
    const printJson = (report: unknown) => io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    // Signals are handled between turns of the event loop: give one that came while reading its turn.
    await new Promise((done) => setImmediate(done));
    if (interrupt.signal.aborted) return interrupted();
    io.addSecrets(plan.load.secrets);
    if (!plan.load.ok) {
      if (json) {
        printJson(synthJson(plan.load, shown, [], [], []));
      } else {
        io.stderr(textReport(plan.load, { okLines: false }));
        io.stderr(`Nothing was written to ${options.outDir}.\n`);
      }
      return EXIT.invalid;
    }
    if (!json) io.stderr(diagnosticsText(plan.load));
    let progress = startProgress(0, io, true);
    let retiredWarnings: Diagnostic[] = [];
    let written: WrittenOutput;
    try {
      written = await writeAtomically(
        options.outDir,
        async (outdir, refresh, previous) => {
          const { StackCache } = await import("../incremental/cache");
          const { stagedEntries, writeManifestFile } = await import("../incremental/manifest-file");
          const cache = new StackCache(
            previous,
            join(previous.dir, TOOL_DIR),
            options.hcl,
            options.cache !== false,
            key,
          );
          const { kept, keptEntries, fresh } = cache.partition(jobs);
          // Now that the stacks to synthesize are known: as many workers as they need, no more.
          const useful = workerCount(options.workers, fresh.length);
          if (useful >= 1 && !pool) pool = new (await import("../workers/pool")).SynthesisPool(useful);
          else await pool?.resize(useful);
          progress = startProgress(fresh.length, io, options.quiet || json);
          const onStack = () => {
            progress.tick();
            refresh();
          };
          const synthesisOptions = { outdir, hcl: options.hcl, onStack };
          if (pool) await pool.started();
          // Interrupted while the workers started: writeAtomically sees the signal and commits nothing.
          if (interrupt.signal.aborted) return;
          if (pool && pool.size > 0) {
            // By default this thread synthesizes too, beside a worker per other core (see workerCount).
            const here = mainThreadSynthesizes(options.workers, fresh.length)
              ? (batch: readonly StackJob[]) => synthesisModule().synthesizeEach(batch, outdir, options.hcl, onStack)
              : undefined;
            await pool.synthesize(fresh, synthesisOptions, here);
            // Each worker holds cdktf (tens of MB): let them go before the commit, which needs memory of its own.
            await pool.close();
          } else if (fresh.length > 0 || kept.size === 0) {
            synthesisModule().synthesizeStacks(fresh, synthesisOptions);
          }
          const entries = stagedEntries(outdir);
          for (const job of fresh) cache.addSynthesized(outdir, job.name, entries[job.name] ?? {});
          if (kept.size > 0) writeManifestFile(outdir, options.hcl, { ...entries, ...keptEntries });
          cache.keepSummaries(summarize(cache));
          return { kept, ownFiles: cache.files() };
        },
        {
          signal: interrupt.signal,
          prune: options.prune,
          lockTimeoutMs: options.lockTimeoutMs,
          onWait: (pid, host) =>
            io.stderr(
              `waiting for another kubernetes-job (pid ${pid} on ${host}) to finish writing ${options.outDir}\n`,
            ),
          beforeCommit: (retired) => {
            retiredWarnings = retired
              .map((stack) => retiredWarning(stack, shown))
              .filter((warning) => warning !== undefined)
              .filter((warning) => !policy.ignore.has(warning.id));
            if (policy.strict && retiredWarnings.length > 0) {
              throw new StrictRefusal(retiredWarnings.map((warning) => ({ ...warning, severity: "error" })));
            }
          },
        },
      );
    } catch (cause) {
      if (cause instanceof StrictRefusal) {
        if (json) {
          printJson(synthJson({ ...plan.load, ok: false }, shown, [], [], cause.diagnostics));
        } else {
          for (const diagnostic of cause.diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
          io.stderr(
            `${plural(cause.diagnostics.length, "warning")} counted as ${cause.diagnostics.length === 1 ? "an error" : "errors"} (strict): nothing was written to ${options.outDir}.\n`,
          );
        }
        return EXIT.invalid;
      }
      if (!interrupt.signal.aborted) throw cause;
      progress.stop();
      return interrupted();
    } finally {
      progress.stop();
    }
    const file = options.hcl ? "cdk.tf" : "cdk.tf.json";
    if (json) {
      const sourceOf = new Map<string, PlannedStack>(plan.stacks.map((stack) => [stack.name, stack]));
      const stacks = written.stacks.map((name) => ({
        name,
        manifest: sourceOf.get(name)?.result.document.file,
        file: `${shown}/stacks/${name}/${file}`,
      }));
      const retired = written.retired.map((stack) => stack.name);
      printJson(synthJson(plan.load, shown, stacks, retired, retiredWarnings));
      return EXIT.ok;
    }
    if (!options.quiet) for (const stack of written.stacks) io.stdout(`wrote ${shown}/stacks/${stack}/${file}\n`);
    for (const stack of written.retired) {
      const warning = retiredWarning(stack, shown);
      if (warning === undefined) {
        io.stderr(
          `retired stack ${stack.name}: its files were removed (anything else in ${shown}/stacks/${stack.name}, its state included, was kept)\n`,
        );
      } else if (!policy.ignore.has(warning.id)) {
        io.stderr(`${formatDiagnostic(warning)}\n`);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stdout(`${plural(written.stacks.length, "stack")} written to ${shown} in ${seconds}s\n`);
    return EXIT.ok;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await pool?.close();
  }
}
