/**
 * `kubernetes-job synth <paths...> [--out DIR]`: the same files as `npx cdktf synth`, without
 * cdktf-cli. Nothing is written unless every manifest is valid and every stack synthesized.
 */
import { loadManifests } from "../load";
import { writeAtomically } from "../output";
import { planStacks } from "../synth";
import { EXIT, type CliIo } from "./io";
import { diagnosticsText, plural, textReport } from "./report";

export const DEFAULT_OUT_DIR = "cdktf.out";

export async function runSynth(paths: readonly string[], outDir: string, io: CliIo): Promise<number> {
  const started = performance.now();
  const plan = planStacks(loadManifests(paths, { readStdin: io.readStdin }));
  if (!plan.load.ok) {
    io.stderr(textReport(plan.load, { okLines: false }));
    io.stderr(`Nothing was written to ${outDir}.\n`);
    return EXIT.invalid;
  }
  io.stderr(diagnosticsText(plan.load));
  const [{ App }, { addStacks }] = await Promise.all([import("cdktf"), import("../../stacks/app")]);
  const written = writeAtomically(outDir, (staging) => {
    const app = new App({ outdir: staging });
    addStacks(app, plan);
    app.synth();
  });
  const shown = outDir.replace(/\/+$/, "") || "/";
  for (const stack of written.stacks) io.stdout(`wrote ${shown}/stacks/${stack}/cdk.tf.json\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout(`${plural(written.stacks.length, "stack")} written to ${shown} in ${seconds}s\n`);
  return EXIT.ok;
}
