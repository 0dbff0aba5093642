/** The cdktf app (dist/main.js) as cdktf-cli runs it, with a cdktf.json context, writing into `outdir`. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./paths";

export function runCdktfApp(outdir: string, context: unknown, cwd: string = ROOT) {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  delete env.KUBERNETES_JOB_MANIFESTS;
  delete env.SYNTH_HCL_OUTPUT;
  return spawnSync(process.execPath, [join(ROOT, "dist", "main.js")], {
    cwd,
    encoding: "utf8",
    env: { ...env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(context) },
    timeout: 60_000,
  });
}
