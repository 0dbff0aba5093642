/**
 * `kubernetes-job synth <paths...> [--out DIR] [settings]`: the same files as `npx cdktf synth`,
 * without cdktf-cli. Nothing is written unless every manifest is valid and every stack
 * synthesized.
 */
import { parseRunSettings } from "../deployment/run-settings";
import { loadManifests } from "../load";
import { writeAtomically } from "../output";
import { planStacks } from "../synth";
import { EXIT, type CliIo } from "./io";
import { diagnosticsText, plural, textReport } from "./report";

export interface SynthOptions {
  readonly outDir: string;
  /** Write cdk.tf (HCL) instead of cdk.tf.json. */
  readonly hcl: boolean;
  /** Run-level deployment settings, spelled as the cdktf.json context keys. */
  readonly settings: Record<string, unknown>;
}

export async function runSynth(paths: readonly string[], options: SynthOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  const run = parseRunSettings(options.settings, options.outDir, "flags");
  const plan = planStacks(loadManifests(paths, { readStdin: io.readStdin }), run);
  if (!plan.load.ok) {
    io.stderr(textReport(plan.load, { okLines: false }));
    io.stderr(`Nothing was written to ${options.outDir}.\n`);
    return EXIT.invalid;
  }
  io.stderr(diagnosticsText(plan.load));
  const [{ App }, { addStacks, synthesize }] = await Promise.all([import("cdktf"), import("../../stacks/app")]);
  // cdktf's stacks read HCL mode from this variable (the App option alone does not reach them).
  const previousHcl = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(options.hcl);
  let written;
  try {
    written = writeAtomically(options.outDir, (staging) => {
      const app = new App({ outdir: staging, hclOutput: options.hcl });
      addStacks(app, plan);
      synthesize(app);
    });
  } finally {
    if (previousHcl === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previousHcl;
  }
  const shown = options.outDir.replace(/\/+$/, "") || "/";
  const file = options.hcl ? "cdk.tf" : "cdk.tf.json";
  for (const stack of written.stacks) io.stdout(`wrote ${shown}/stacks/${stack}/${file}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout(`${plural(written.stacks.length, "stack")} written to ${shown} in ${seconds}s\n`);
  return EXIT.ok;
}
