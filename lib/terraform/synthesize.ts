/**
 * Synthesis that scales: each stack is synthesized in its own short-lived App, so memory does not
 * grow with the number of manifests (one App holding every stack keeps every construct tree).
 * manifest.json is written once, at the end, exactly as one App holding all the stacks writes it.
 * Large runs share this work among worker threads (lib/workers/pool.ts).
 */
import { App, Manifest, type StackManifest, type TerraformStack } from "cdktf";
import type { StackDeployment } from "../deployment/resolve";
import type { AnyJobManifest } from "../manifest/dialects";
import { APP_OPTIONS, finishStack } from "./app";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";

/** What it takes to synthesize one stack: plain data, copied to a worker. */
export interface StackJob {
  readonly name: string;
  readonly manifest: AnyJobManifest;
  readonly deployment: StackDeployment;
}

export interface SynthesisOptions {
  readonly outdir: string;
  /** cdk.tf (HCL) instead of cdk.tf.json. */
  readonly hcl: boolean;
  /** Called after each stack is written. */
  readonly onStack?: () => void;
}

export type Entries = Record<string, StackManifest>;

/** One App per stack, on this thread; returns each stack's entry of manifest.json. */
export function synthesizeEach(
  stacks: readonly StackJob[],
  outdir: string,
  hcl: boolean,
  onStack?: () => void,
): Entries {
  // cdktf's stacks read HCL mode from this variable; the App option does not reach them.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  const restoreStackTraces = withoutStackTraces();
  const entries: Entries = {};
  try {
    for (const { name, manifest, deployment } of stacks) {
      const app = new App({ outdir, hclOutput: hcl, ...APP_OPTIONS });
      const stack = new KubernetesJobStack(app, name, { manifest, deployment });
      synthesizeAlone(app, stack);
      finishStack(app, stack);
      entries[name] = app.manifest.stacks[name];
      releaseTokens();
      onStack?.();
    }
  } finally {
    restoreStackTraces();
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
  return entries;
}

/**
 * What `app.synth()` does for an App holding one stack, less its "preparing" pass, which resolves
 * every element's configuration once more only to find references to other stacks (cdktf 0.21.0
 * app.js synth, terraform-stack.js prepareStack, tfExpression.js Reference.resolve): a stack alone
 * in its App has none, so the files are the same, and the pass was a third of the time per stack.
 * The App's own manifest.json, naming its one stack, is not written: writeManifest writes the
 * real one.
 */
function synthesizeAlone(app: App, stack: TerraformStack): void {
  stack.ensureBackendExists();
  stack.synthesizer.synthesize({
    outdir: app.outdir,
    skipValidation: APP_OPTIONS.skipValidation,
    manifest: app.manifest,
  });
}

/**
 * cdktf and constructs capture a full-depth stack trace for every token and construct
 * (cdktf tokens/private/stack-trace.js captureStackTrace, with Error.stackTraceLimit raised to
 * the maximum), only for the messages of errors that valid manifests do not cause. While stacks
 * are synthesized a captured trace is empty, as if formatted to "": walking the stack was a tenth
 * of the work, formatting it a fifth. Returns what puts both back.
 */
function withoutStackTraces(): () => void {
  const { prepareStackTrace, captureStackTrace } = Error;
  Error.prepareStackTrace = () => "";
  Error.captureStackTrace = (target: object) => {
    Object.defineProperty(target, "stack", { value: "", writable: true, configurable: true });
  };
  return () => {
    Error.prepareStackTrace = prepareStackTrace;
    Error.captureStackTrace = captureStackTrace;
  };
}

/**
 * cdktf registers every token in one process-wide map that it never empties, which is most of
 * what a synthesized stack leaves behind (about 0.2 MB). Once a stack's files are written its
 * tokens are dead, so the maps are emptied (cdktf 0.21.0 is final: this internal will not move).
 */
function releaseTokens(): void {
  const tokenMap = (
    globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<unknown, unknown>; numberTokenMap: Map<unknown, unknown> } }
  ).__cdktfTokenMap;
  tokenMap?.stringTokenMap.clear();
  tokenMap?.numberTokenMap.clear();
}

/** Writes manifest.json for the stacks, as one App holding them all would. */
export function writeManifest(outdir: string, hcl: boolean, entries: Entries): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("cdktf/package.json") as { version: string };
  const manifest = new Manifest(version, outdir, hcl);
  Object.assign(manifest.stacks, entries);
  manifest.writeToFile();
}

/** Synthesizes every stack into `outdir` on this thread and writes manifest.json. */
export function synthesizeStacks(stacks: readonly StackJob[], options: SynthesisOptions): void {
  writeManifest(options.outdir, options.hcl, synthesizeEach(stacks, options.outdir, options.hcl, options.onStack));
}
