/**
 * `kubernetes-job render <paths...> [--out DIR] [--format yaml|json] [--include-secrets]`: the
 * Kubernetes objects each manifest means (the object model), for kubectl, kubeconform, policy
 * tools and GitOps repositories. The same validation, messages and exit codes as synth; nothing is
 * written unless every manifest is valid.
 *
 * Secrets: the Secret objects holding values from the manifest or a Docker config are left out
 * unless --include-secrets asks for them; they are never printed to a terminal, and files holding
 * them are readable by their owner only.
 */
import { parseRunSettings } from "../deployment/run-settings";
import { loadManifests } from "../manifest/load";
import { applyOrder, objectsOf, type KubernetesObject } from "../model";
import { checkOutputDir, recoverKilledRun } from "../output";
import { RENDER_LAYOUT } from "../output/ownership";
import { renderText, type RenderFormat, type RenderedManifest } from "../render/documents";
import { planStacks } from "../terraform/plan";
import { applyWarningPolicy } from "../warning-policy";
import { DEFAULT_WARNING_POLICY, type WarningPolicy } from "../warnings";
import { DEFAULT_OUT_DIR, EXIT, redactingIo, type CliIo } from "./io";
import { diagnosticsText, plural, textReport } from "./report";
import { writeOutputFiles } from "./write-output";

export interface RenderOptions {
  /** Write one file per stack there instead of printing. */
  readonly outDir?: string;
  readonly format: RenderFormat;
  /** Add the Secret objects that hold secret values. */
  readonly includeSecrets: boolean;
  /** Run-level settings, spelled as the cdktf.json context keys (refs, Docker config). */
  readonly settings: Record<string, unknown>;
  /** Warning classes to hide, and --strict. @default - every warning shown, none fails the run */
  readonly warnings?: WarningPolicy;
}

interface StackObjects extends RenderedManifest {
  readonly name: string;
  /** `namespace/name` of the Secret objects holding secret values. */
  readonly secrets: readonly string[];
}

export async function runRender(paths: readonly string[], options: RenderOptions, given: CliIo): Promise<number> {
  const io = redactingIo(given);
  if (options.outDir !== undefined) {
    checkOutputDir(options.outDir, paths);
    // A killed run's half-made commit is put back first, even if this run then writes nothing.
    await recoverKilledRun(options.outDir, { layout: RENDER_LAYOUT });
  }
  const run = parseRunSettings(options.settings, DEFAULT_OUT_DIR, "flags");
  const plan = applyWarningPolicy(
    planStacks(loadManifests(paths, { readStdin: io.readStdin }), run, { engine: "none" }),
    options.warnings ?? DEFAULT_WARNING_POLICY,
  );
  io.addSecrets(plan.load.secrets);
  const nothing = options.outDir === undefined ? "Nothing was rendered." : `Nothing was written to ${options.outDir}.`;
  if (!plan.load.ok) {
    io.stderr(textReport(plan.load, { okLines: false }));
    io.stderr(`${nothing}\n`);
    return EXIT.invalid;
  }
  io.stderr(diagnosticsText(plan.load));

  const stacks: StackObjects[] = plan.stacks.map(({ name, manifest, deployment, result }) => {
    const objects = objectsOf(manifest, deployment.dockerConfigJson);
    const holding = [objects.envSecret, objects.imagePullSecret].filter((secret) => secret !== undefined);
    const kept = applyOrder(objects).filter(
      (object: KubernetesObject) => options.includeSecrets || !holding.includes(object as (typeof holding)[number]),
    );
    const secrets = holding.map((secret) => `${secret.metadata?.namespace}/${secret.metadata?.name}`);
    return { name, source: result.document.file, objects: kept, secrets };
  });

  const leftOut = options.includeSecrets ? [] : stacks.flatMap((stack) => stack.secrets);
  if (leftOut.length > 0) {
    io.stderr(
      `note: left out ${plural(leftOut.length, "Secret")} holding secret values (${leftOut.join(", ")}); ` +
        "--include-secrets adds them (never to a terminal; files are then readable by their owner only)\n",
    );
  }

  // Objects are printed as they are (the redactor would change them where a secret's text is
  // also other text: a word of an image, a label); what is not a Secret's data is said.
  const visible = stacks.map((stack) => ({
    ...stack,
    objects: stack.objects.filter((object) => object.kind !== "Secret"),
  }));
  const policy = options.warnings ?? DEFAULT_WARNING_POLICY;
  if (!policy.ignore.has("secret-text-printed") && io.holdsSecret(renderText(visible, "json"))) {
    const label = policy.strict ? "error[secret-text-printed]" : "warning[secret-text-printed]";
    io.stderr(
      `${label}: the objects printed hold the text of a secret value (of spec.env.secrets or a Docker config) outside a Secret object, where the manifest writes that text\n`,
    );
    if (policy.strict) {
      io.stderr(`1 warning counted as an error (strict). ${nothing}\n`);
      return EXIT.invalid;
    }
  }
  if (options.outDir === undefined) {
    io.data(renderText(stacks, options.format));
    return EXIT.ok;
  }
  const files = stacks.map((stack) => ({
    name: `${stack.name}.${options.format}`,
    text: renderText([stack], options.format),
    mode: options.includeSecrets && stack.secrets.length > 0 ? 0o600 : 0o644,
  }));
  return writeOutputFiles(
    options.outDir,
    RENDER_LAYOUT,
    files,
    (shown) => `${plural(stacks.length, "manifest")} rendered to ${shown}`,
    io,
  );
}
