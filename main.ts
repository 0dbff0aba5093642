/**
 * The cdktf app (`npx cdktf synth`): one stack per KubernetesJob manifest. Manifests come from
 * KUBERNETES_JOB_MANIFESTS or the cdktf.json context key `manifests` (default: examples/).
 */
import { App } from "cdktf";
import { processIo, redactingIo } from "./lib/cli/io";
import { diagnosticsText } from "./lib/cli/report";
import { UserError } from "./lib/diagnostics";
import { editDistance } from "./lib/suggest";
import { loadManifests } from "./lib/manifest/load";
import { checkContextEnv } from "./lib/cli/context-env";
import { CDKTF_CONTEXT, parseRunSettings, RUN_SETTING_KEYS } from "./lib/deployment/run-settings";
import { manifestPaths, MANIFESTS_CONTEXT } from "./lib/manifest/app-manifest-paths";
import { planStacks } from "./lib/terraform/plan";
import { addStacks, APP_OPTIONS, synthesize } from "./lib/terraform/app";
import { applyWarningPolicy } from "./lib/warning-policy";
import { WARNING_CONTEXT, warningPolicyFromContext } from "./lib/warnings";

// Everything printed passes the run's secret redactor, as the CLI's output does.
const io = redactingIo(processIo);

/**
 * cdktf-cli sets this for every app it runs (@cdktf/cli-core, SynthStack.synth). It logs each
 * chunk of the app's standard error as it comes, labelled `[ERROR]` in red, and prints standard
 * output as written; when the app fails it repeats both in its own summary.
 */
const underCdktfCli = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;

/** Every context key this app reads. */
const OWN_CONTEXT_KEYS: readonly string[] = [
  MANIFESTS_CONTEXT,
  ...RUN_SETTING_KEYS,
  WARNING_CONTEXT.strict,
  WARNING_CONTEXT.ignore,
];

/**
 * A context key that is not ours but close to one of ours is a typo that would be ignored without
 * a word (a misspelt `strict` quietly turns a CI run lenient): refused, with the key meant. cdktf's
 * own keys (cdktf*, feature flags starting with @) are not looked at.
 */
/**
 * The key of ours that `key` is a likely typo of: the same but for case, `-` and `_`, or one
 * letter off in a longer key. A shorter or longer word for a key of ours (`ref`, `cluster`,
 * `stateFile`) may well be another app's setting, and is left alone (found by review 4).
 */
function likelyTypo(key: string): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[-_]/g, "");
  return OWN_CONTEXT_KEYS.find((own) => {
    const [a, b] = [squash(key), squash(own)];
    if (a === b) return true;
    if (a.length < 6 || a.startsWith(b) || b.startsWith(a)) return false;
    return editDistance(a, b) === 1;
  });
}

function checkContextKeys(app: App): void {
  for (const key of Object.keys(app.node.getAllContext())) {
    if (OWN_CONTEXT_KEYS.includes(key) || key.startsWith("cdktf") || key.startsWith("@")) continue;
    const near = likelyTypo(key);
    if (near) {
      throw new UserError(`the ${CDKTF_CONTEXT} key "${key}" is not one kubernetes-job reads; did you mean "${near}"?`);
    }
  }
}

function main(): number {
  // cdktf's App parses CDKTF_CONTEXT_JSON itself, and fails with a stack trace when it is not an object.
  checkContextEnv();
  const app = new App(APP_OPTIONS);
  checkContextKeys(app);
  const paths = manifestPaths(process.env, app.node.tryGetContext(MANIFESTS_CONTEXT));
  const context = Object.fromEntries(
    RUN_SETTING_KEYS.map((key) => [key, app.node.tryGetContext(key)]).filter(([, value]) => value !== undefined),
  );
  const policy = warningPolicyFromContext(
    app.node.tryGetContext(WARNING_CONTEXT.strict),
    app.node.tryGetContext(WARNING_CONTEXT.ignore),
  );
  const plan = applyWarningPolicy(
    planStacks(loadManifests(paths), parseRunSettings(context, app.outdir, CDKTF_CONTEXT)),
    policy,
  );
  io.addSecrets(plan.load.secrets);
  if (!plan.load.ok) {
    // One write: cdktf-cli labels each chunk of standard error once.
    io.stderr(`${diagnosticsText(plan.load)}No stack was synthesized: fix the manifests above.\n`);
    return 1;
  }
  // Warnings on standard error, as every command prints them; under cdktf-cli on standard output,
  // which it shows as written, where on standard error a warning would read as an [ERROR].
  const warnings = diagnosticsText(plan.load);
  if (warnings) (underCdktfCli ? io.stdout : io.stderr)(warnings);
  addStacks(app, plan);
  synthesize(app);
  return 0;
}

try {
  process.exitCode = main();
} catch (cause) {
  if (!(cause instanceof UserError)) throw cause;
  io.stderr(`kubernetes-job: ${cause.message}\n`);
  process.exitCode = 1;
}
