/**
 * From loaded manifests to a cdktf App: one stack per manifest, named `metadata.name` or
 * `<name>-<env>`. References are resolved first; problems that only show across manifests or
 * with deployment settings (references, two manifests giving one stack name, bad settings) are
 * added to the load result, so they are reported like validation problems and nothing is
 * synthesized.
 */
import { resolve } from "node:path";
import { byPosition, error, type Diagnostic, type Path, type Problem } from "../diagnostics";
import { stateAddress, stateIdentity } from "../deployment/backend";
import type { LoadResult } from "../manifest/load";
import type { KubernetesJobMetadata } from "../manifest/schema";
import { deploymentKeysField, isPlantonManifest, type AnyJobManifest } from "../manifest/dialects";
import type { ManifestResult } from "../manifest/parse";
import { resolveDeployment, runSecrets, type RunSettings, type StackDeployment } from "../deployment/resolve";
import { settingHint } from "../deployment/run-settings";
import { deploymentKeys } from "../deployment/labels";
import { NOT_NFC_MESSAGE, notNfcPaths } from "./literal";
import { sharedObjectProblems } from "./shared-objects";
import { resolveReferences } from "../manifest/references";
import { builtInEnvNames, noSystemNamespaceCreation, validateResolvedNamespace } from "../manifest/validate";
import { builtInEnvDuplicateError } from "../manifest/common-warnings";
import type * as PlantonValidation from "../manifest/v1alpha1/validate";
import { objectsOf, typedEngineDifferences, typedEngineProblems } from "../model";
import { plantonTypedEngineDifferences, plantonTypedEngineProblems } from "../model/planton-typed-engine";
import { plantonDirectSecretValues } from "../model/planton-objects";
import { DEFAULT_ENGINE, ENGINE_ANNOTATION, engineFor, runEngineSetting, type Engine } from "../deployment/engine";

export type { Engine } from "../deployment/engine";

export interface PlannedStack {
  readonly name: string;
  /** Of either dialect, references resolved. */
  readonly manifest: AnyJobManifest;
  readonly deployment: StackDeployment;
  readonly result: ManifestResult;
}

export interface SynthPlan {
  /** The load result with synthesis problems added. */
  readonly load: LoadResult;
  /** The stacks to synthesize, in input order; empty unless `load.ok`. */
  readonly stacks: readonly PlannedStack[];
}

export interface PlanOptions {
  /**
   * Which engine's rules apply. By default, each manifest's own engine's (its annotation, else the
   * run's setting, else typed): the typed engine refuses what kubernetes_job_v1 cannot say and
   * warns where the cluster gets something other than the manifest's meaning; the manifest
   * engine says everything. "none" checks the manifest and its settings only (for outputs that do
   * not go through the provider, such as rendered Kubernetes objects).
   * @default - each manifest's engine
   */
  readonly engine?: "none";
}

/** The current API's rules, loaded for its manifests only: a first-dialect run never loads them (issue 14). */
function plantonValidation(): typeof PlantonValidation {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../manifest/v1alpha1/validate") as typeof PlantonValidation;
}

export function stackName(metadata: KubernetesJobMetadata): string {
  return metadata.env ? `${metadata.name}-${metadata.env}` : metadata.name;
}

export function planStacks(load: LoadResult, run: RunSettings, options: PlanOptions = {}): SynthPlan {
  const resolved = resolveReferences(load.results, load.sources, run.refs ?? [], settingHint(run.from, "refs"));
  // Problems are keyed by the loaded result; resolved.results[i] is load.results[i] after resolution.
  const extra = new Map<ManifestResult, Problem[]>(resolved.problems);
  // A class of warning an error added here replaces, by manifest.
  const replaced = new Map<ManifestResult, string>();
  const add = (result: ManifestResult, problem: Problem) => extra.set(result, [...(extra.get(result) ?? []), problem]);

  const byName = new Map<string, { result: ManifestResult; name: string }>();
  // Two stacks on one state would each plan to destroy what the other created.
  const byState = new Map<string, { result: ManifestResult; name: string }>();
  const stateClash = (address: string, name: string, other: ManifestResult) =>
    `keeps its state in ${address}, as the stack "${name}" of the manifest at ${other.document.file}:${other.document.line} does;` +
    " each stack needs its own state (see the backend labels and the run's backend settings)";
  const deployments = new Map<ManifestResult, StackDeployment>();
  const saidForRun = new Set<string>();
  const readSecrets: string[] = [];
  load.results.forEach((loaded, index) => {
    const manifest = resolved.results[index].manifest;
    if (!manifest) return;
    if (loaded.manifest?.spec.namespace.valueFrom) {
      const resolvedProblems = isPlantonManifest(manifest)
        ? noSystemNamespaceCreation(manifest)
        : validateResolvedNamespace(manifest);
      for (const problem of resolvedProblems) add(loaded, problem);
    }
    if (loaded.manifest && isPlantonManifest(loaded.manifest) && isPlantonManifest(manifest)) {
      for (const problem of plantonValidation().validateResolvedPlantonManifest(loaded.manifest, manifest))
        add(loaded, problem);
    }
    const { engine, problems: engineProblems } = engineFor(manifest, run.engine);
    for (const problem of engineProblems) add(loaded, problem);
    if (engine === "manifest" && options.engine !== "none") {
      const builtIn = isPlantonManifest(manifest)
        ? plantonValidation().builtInEnvNames(manifest.spec)
        : builtInEnvNames(manifest.spec);
      // The error says what the warning would, and why it cannot be deployed.
      if (builtIn.length > 0) replaced.set(loaded, "builtin-env");
      for (const { path, name } of builtIn) add(loaded, builtInEnvDuplicateError(path, name));
    }
    if (engine === "typed" && options.engine !== "none") {
      const hint = manifestEngineHint(manifest, run);
      for (const problem of typedEngineRules(manifest)) {
        add(loaded, { ...problem, message: `${problem.message}; ${hint}` });
      }
    }
    const name = stackName(manifest.metadata);
    const { deployment, problems, secrets } = resolveDeployment(name, manifest, loaded.document, run);
    readSecrets.push(...secrets);
    // A v1alpha1 env secret may be given by reference: its value is a secret of the run once resolved.
    if (isPlantonManifest(manifest)) readSecrets.push(...Object.values(plantonDirectSecretValues(manifest.spec)));
    for (const problem of problems) {
      // A warning about a run-level setting (at the manifest as a whole) is said once per run,
      // at the first manifest it concerns, not once per manifest.
      if (problem.severity === "warning" && problem.path.length === 0) {
        const key = `${problem.id ?? ""}\0${problem.message}`;
        if (saidForRun.has(key)) continue;
        saidForRun.add(key);
      }
      add(loaded, problem);
    }
    for (const path of notReachingAsWritten(manifest, deployment)) add(loaded, error(path, NOT_NFC_MESSAGE));
    if (deployment) deployments.set(loaded, withEngine(deployment, engine));
    // Stack directories that differ only in case are one directory on macOS and Windows.
    const first = byName.get(name.toLowerCase());
    if (!first) {
      byName.set(name.toLowerCase(), { result: loaded, name });
      if (!deployment) return;
      const stackDir = resolve(run.outDir, "stacks", name);
      const identity = stateIdentity(deployment.backend, stackDir);
      const sharer = byState.get(identity);
      if (!sharer) {
        byState.set(identity, { result: loaded, name });
        return;
      }
      const address = stateAddress(deployment.backend, stackDir);
      add(sharer.result, error(["metadata", "name"], stateClash(address, name, loaded)));
      add(loaded, error(["metadata", "name"], stateClash(address, sharer.name, sharer.result)));
      return;
    }
    const clash = (own: string, other: ManifestResult, otherName: string) => {
      const where = `the manifest at ${other.document.file}:${other.document.line}`;
      const conflict =
        own === otherName
          ? `as ${where} does`
          : `which differs only in case from "${otherName}" of ${where} (one directory on macOS and Windows)`;
      return (
        `gives the stack name "${own}", ${conflict}; each manifest needs its own stack` +
        " (named metadata.name, or <name>-<env> when metadata.env is set)"
      );
    };
    add(first.result, error(["metadata", "name"], clash(first.name, loaded, name)));
    add(loaded, error(["metadata", "name"], clash(name, first.result, first.name)));
  });
  // Two stacks managing one object: checked among the stacks nothing else is wrong with. Not for
  // outputs that do not go through Terraform (render's objects: applying one twice updates it).
  const hasError = (result: ManifestResult) =>
    (extra.get(result) ?? []).some((problem) => problem.severity === "error");
  const candidates = load.results.flatMap((loaded, index) => {
    const manifest = resolved.results[index].manifest;
    const deployment = deployments.get(loaded);
    if (!manifest || !deployment || hasError(loaded) || loaded.diagnostics.some((d) => d.severity === "error"))
      return [];
    return [{ result: loaded, name: stackName(manifest.metadata), manifest, deployment }];
  });
  if (options.engine !== "none") {
    for (const [result, problem] of sharedObjectProblems(candidates)) add(result, problem);
  }
  // Docker config contents, valid or not, as soon as they were read.
  // The run's own Docker config counts even when no manifest is valid enough to use it.
  const secrets = [...load.secrets, ...readSecrets, ...runSecrets(run)];
  const failed = [...extra.values()].some((problems) => problems.some((problem) => problem.severity === "error"));
  const results = load.results.map((loaded, index) =>
    withProblems(resolved.results[index], extra.get(loaded), replaced.get(loaded)),
  );
  if (!load.ok || failed) return { load: { ...load, results, ok: false, secrets }, stacks: [] };
  const stacks = results.map((result, index) => {
    const manifest = result.manifest as AnyJobManifest;
    const deployment = deployments.get(load.results[index]) as StackDeployment;
    return { name: stackName(manifest.metadata), manifest, deployment, result };
  });
  return { load: { ...load, results, secrets }, stacks };
}

/** The typed engine's refusals and differences for a manifest of either dialect. */
function typedEngineRules(manifest: AnyJobManifest): Problem[] {
  return isPlantonManifest(manifest)
    ? [
        ...plantonTypedEngineProblems(manifest.spec, objectsOf(manifest)),
        ...plantonTypedEngineDifferences(manifest.spec),
      ]
    : [...typedEngineProblems(manifest.spec), ...typedEngineDifferences(manifest.spec)];
}

/** The deployment with the manifest's engine (a deployment exists only when the engine is valid). */
const withEngine = (deployment: StackDeployment, engine: Engine | undefined): StackDeployment => ({
  ...deployment,
  engine: engine ?? DEFAULT_ENGINE,
});

/**
 * What would deploy a manifest the typed engine refuses or changes, as it is: the manifest engine,
 * chosen by the annotation or, unless the manifest chose typed itself, by the run's setting.
 */
function manifestEngineHint(manifest: AnyJobManifest, run: RunSettings): string {
  const annotation = `the annotation ${ENGINE_ANNOTATION}: manifest`;
  const chosen = manifest.metadata.annotations?.[ENGINE_ANNOTATION] !== undefined;
  const settings = chosen ? annotation : `${annotation} (or ${runEngineSetting(run.from, "manifest")} for the run)`;
  return `or deploy it as it is with the manifest engine (kubernetes_manifest, which sends the Job as the manifest says it): ${settings}`;
}

/** Where a manifest holds text for its stack that Terraform would not pass on as written (not NFC). */
function notReachingAsWritten(manifest: AnyJobManifest, deployment: StackDeployment | undefined): Path[] {
  const field = deploymentKeysField(manifest);
  const keys = deploymentKeys(manifest);
  const values = manifest.metadata[field] ?? {};
  const settings = Object.values(keys).filter((key) => values[key] !== undefined);
  const dockerConfig = deployment?.dockerConfigJson;
  return [
    ...settings.flatMap((key) => notNfcPaths(values[key], ["metadata", field, key])),
    ...notNfcPaths(manifest.spec, ["spec"]),
    ...(dockerConfig !== undefined && notNfcPaths(dockerConfig).length > 0
      ? [
          values[keys.dockerConfigJsonFile] !== undefined
            ? ["metadata", field, keys.dockerConfigJsonFile]
            : ["metadata", field],
        ]
      : []),
  ];
}

/** A result with synthesis problems added; one with an error no longer counts as valid. */
function withProblems(result: ManifestResult, problems: Problem[] | undefined, replacedId?: string): ManifestResult {
  if (!problems) return result;
  const placed: Diagnostic[] = problems.map((problem) => ({
    ...problem,
    file: result.document.file,
    ...result.document.locate(problem.path),
  }));
  const kept = result.diagnostics.filter((diagnostic) => replacedId === undefined || diagnostic.id !== replacedId);
  const diagnostics = [...kept, ...placed].sort(byPosition);
  return problems.some((problem) => problem.severity === "error")
    ? { document: result.document, diagnostics }
    : { ...result, diagnostics };
}
