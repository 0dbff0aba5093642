/**
 * Run-level deployment settings, the defaults for every manifest of a run: from
 * `kubernetes-job synth` flags or from cdktf.json context keys (for `npx cdktf synth`). Both
 * spell them the same way and are checked by one schema.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { formatPath, UserError } from "../diagnostics";
import { NOT_NFC_MESSAGE, notNfcPaths, tokenMarkerIn, tokenMarkerProblem } from "../terraform/literal";
import { BACKEND_ARGUMENT_NAME, BACKEND_TYPES } from "./backend";
import { backendCredentialProblem, credentialProblem } from "./credentials";
import { loadClustersFile } from "./clusters";
import { kubeconfigFile, kubeconfigPathSchema } from "./kubeconfig";
import { loadRefsFile } from "../manifest/references";
import { durationProblem, type RunSettings } from "./resolve";
import { engineValueProblem, ENGINES } from "./engine";
import { isWithin, physicalPath } from "../paths";

const runSettingsSchema = z
  .strictObject({
    kubeconfig: kubeconfigPathSchema.optional(),
    kubeContext: z.string().min(1).optional(),
    clusters: z.string().min(1).optional(),
    backendType: z
      .enum(BACKEND_TYPES, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a supported backend; allowed: ${BACKEND_TYPES.join(", ")}`,
      })
      .optional(),
    backendObject: z.string().optional(),
    backendConfig: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      // Keys become argument names of the backend block (bare identifiers in HCL); values are
      // written as given, since Terraform reads a backend block as plain text.
      .superRefine((config, ctx) => {
        for (const [key, value] of Object.entries(config)) {
          if (!BACKEND_ARGUMENT_NAME.test(key)) {
            ctx.addIssue({
              code: "custom",
              message: `${JSON.stringify(key)} is not a backend argument name: letters, digits, '_' and '-', starting with a letter or '_'`,
            });
            continue;
          }
          const marker = typeof value === "string" ? tokenMarkerIn(value) : undefined;
          if (marker) ctx.addIssue({ code: "custom", message: `the value of ${key} ${tokenMarkerProblem(marker)}` });
        }
      })
      .optional(),
    waitForCompletion: z.boolean().optional(),
    timeout: z
      .string()
      .superRefine((text, context) => {
        const problem = durationProblem(text);
        if (problem) context.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    dockerConfigJsonFile: z.string().min(1).optional(),
    stateDir: z.string().min(1).optional(),
    refs: z.string().min(1).optional(),
    dockerConfigRoot: z.string().min(1).optional(),
    engine: z.enum(ENGINES, { error: (issue) => engineValueProblem(issue.input) }).optional(),
  })
  .superRefine((settings, ctx) => {
    // Credentials in the backend block would be written into every stack file: refuse them.
    for (const [key, value] of Object.entries(settings.backendConfig ?? {})) {
      const problem = backendCredentialProblem(key, value, settings.backendType);
      if (problem) ctx.addIssue({ code: "custom", path: ["backendConfig", key], message: problem });
    }
    // Every other string that reaches a stack file, by the same rule as the clusters file's.
    for (const [key, instead] of [
      ["backendObject", "give credentials through the backend's environment variables"],
      ["kubeconfig", "keep credentials in the kubeconfig file, not in its path or context name"],
      ["kubeContext", "keep credentials in the kubeconfig file, not in its path or context name"],
      ["stateDir", "choose a state directory whose path holds no credential"],
    ] as const) {
      const value = settings[key];
      const found = value === undefined ? undefined : credentialProblem(value);
      if (found) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${found}, which would be written into every stack file; ${instead}`,
        });
      }
    }
  });

export type RawRunSettings = z.input<typeof runSettingsSchema>;
export const RUN_SETTING_KEYS = Object.keys(runSettingsSchema.shape) as (keyof RawRunSettings)[];

/** The flag that sets each setting, for messages about flags. */
const FLAGS: Record<string, string> = {
  kubeconfig: "--kubeconfig",
  kubeContext: "--context",
  clusters: "--clusters",
  backendType: "--backend-type",
  backendObject: "--backend-object",
  backendConfig: "--backend-config",
  waitForCompletion: "--wait",
  timeout: "--timeout",
  dockerConfigJsonFile: "--docker-config-json",
  stateDir: "--state-dir",
  refs: "--refs",
  dockerConfigRoot: "--docker-config-root",
  engine: "--engine",
};

/** Where the cdktf app's run settings come from (main.ts), as messages name it. */
export const CDKTF_CONTEXT = "cdktf.json context";

/**
 * How a hint names a setting: its cdktf.json context key for the cdktf app (`npx cdktf synth` has
 * no such flags), its flag otherwise.
 */
export function settingHint(from: string | undefined, key: keyof RawRunSettings): string {
  return from === CDKTF_CONTEXT ? `the ${CDKTF_CONTEXT} key "${key}"` : FLAGS[key];
}

/** `where` names the source in messages: "cdktf.json context" or "flags" (then settings are named as flags). */
export function parseRunSettings(raw: Record<string, unknown>, outDir: string, where: string): RunSettings {
  const parsed = runSettingsSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const name = (key: PropertyKey | undefined) =>
      where === "flags" && typeof key === "string" ? (FLAGS[key] ?? key) : String(key ?? "(settings)");
    const lines = parsed.error.issues.map((issue) => `  ${name(issue.path[0])}: ${issue.message}`);
    throw new UserError(`invalid deployment settings in ${where}:\n${lines.join("\n")}`);
  }
  const settings = parsed.data;
  const backend =
    settings.backendType || settings.backendObject || settings.backendConfig
      ? { type: settings.backendType, object: settings.backendObject, config: settings.backendConfig }
      : undefined;
  // Physical paths, resolved once: Terraform resolves `..` from a stack directory's physical path.
  const stateDir = physicalPath(settings.stateDir ?? ".");
  const physicalOutDir = physicalPath(outDir);
  if (isWithin(stateDir, physicalOutDir)) {
    throw new UserError(
      `invalid deployment settings in ${where}:\n  ${where === "flags" ? "--state-dir" : "stateDir"}: ` +
        `${settings.stateDir ?? "(the current directory)"} is ${stateDir === physicalOutDir ? "" : "inside "}the output directory ${outDir}, ` +
        "where a state file could be taken for output; keep state outside it",
    );
  }
  // Terraform would change such text (NFC, U+FFFD) on its way: a path or a name would no longer match.
  const changed = Object.entries(settings).filter(([, value]) => notNfcPaths(value).length > 0);
  if (changed.length > 0) {
    const lines = changed.map(([key]) => `  ${where === "flags" ? (FLAGS[key] ?? key) : key}: ${NOT_NFC_MESSAGE}`);
    throw new UserError(`invalid deployment settings in ${where}:\n${lines.join("\n")}`);
  }
  const clusters = settings.clusters === undefined ? undefined : loadClustersFile(settings.clusters);
  const changedCluster = clusters?.flatMap((cluster, index) =>
    notNfcPaths({ ...cluster, kubeconfig: cluster.kubeconfig?.given }, ["clusters", index]),
  )[0];
  if (changedCluster) {
    throw new UserError(
      `clusters file ${settings.clusters} is invalid:\n  ${formatPath(changedCluster)}: ${NOT_NFC_MESSAGE}`,
    );
  }
  return {
    // Relative to the working directory; each stack writes it relative to its own directory.
    kubeconfig: settings.kubeconfig === undefined ? undefined : kubeconfigFile(settings.kubeconfig, process.cwd()),
    kubeContext: settings.kubeContext,
    clusters,
    backend,
    waitForCompletion: settings.waitForCompletion,
    timeout: settings.timeout,
    dockerConfigJsonFile: settings.dockerConfigJsonFile,
    dockerConfigRoot: settings.dockerConfigRoot === undefined ? undefined : resolve(settings.dockerConfigRoot),
    refs: settings.refs === undefined ? undefined : loadRefsFile(settings.refs),
    engine: settings.engine,
    stateDir,
    outDir: physicalOutDir,
    from: where,
  };
}
