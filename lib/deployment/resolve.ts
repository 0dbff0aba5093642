/**
 * Where and how one manifest is deployed: which cluster (provider settings), which state
 * backend, whether `terraform apply` waits for the Job, and the Docker config for an image
 * pull secret. A manifest's labels win; run-level settings (CLI flags, cdktf.json context) fill
 * in what a manifest does not say; the defaults are the provider's discovery and local state.
 */
import { settingHint } from "./run-settings";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type ConfinedProblem, isInside, readConfinedFile } from "./confined-file";
import { error, warning, type Path, type Problem } from "../diagnostics";
import { deploymentKeysField, isPlantonManifest, type AnyJobManifest } from "../manifest/dialects";
import type { SourceDocument } from "../manifest/source";
import {
  BACKEND_TYPES,
  backendAt,
  backendFor,
  type BackendBlock,
  type BackendProblem,
  type BackendSetting,
  type StateLocation,
} from "./backend";
import type { ClusterConnection } from "./clusters";
import { configPathFor, DEFAULT_KUBECONFIG, type KubeconfigFile } from "./kubeconfig";
import { ANNOTATIONS, deploymentKeys, type DeploymentKeys } from "./labels";
import { credentialProblem } from "./credentials";
import { deploymentKeyProblems } from "./key-placement";
import { MAX_DATA_BYTES } from "../manifest/validate";
import { isWithin, physicalPath } from "../paths";
import { dockerConfigSecrets } from "../redact";
import type { RefEntry } from "../manifest/references";
import type { Engine } from "./engine";

export interface RunSettings {
  /** The run's kubeconfig (a relative one is relative to the working directory). */
  readonly kubeconfig?: KubeconfigFile;
  readonly kubeContext?: string;
  /** Named clusters for spec.targetCluster; undefined when no clusters file was given. */
  readonly clusters?: readonly ClusterConnection[];
  readonly backend?: BackendSetting;
  readonly waitForCompletion?: boolean;
  readonly timeout?: string;
  readonly dockerConfigJsonFile?: string;
  /**
   * Where a manifest's docker-config-json-file label may read from (absolute); without it, the
   * manifest's own directory tree (and nowhere for a manifest read from stdin).
   */
  readonly dockerConfigRoot?: string;
  /** Field values of resources outside the run, for references (--refs). */
  readonly refs?: readonly RefEntry[];
  /** The engine of manifests without the engine annotation. @default "typed" */
  readonly engine?: Engine;
  /** Directory of local state files (absolute and physical: symlinks resolved). */
  readonly stateDir: string;
  /** The output directory the stacks are written to (absolute and physical). */
  readonly outDir: string;
  /** Where the run's settings come from, for messages: "flags" or "cdktf.json context". */
  readonly from?: string;
}

/** The kubernetes provider's connection arguments (plain data; no credentials). */
export interface ProviderSettings {
  readonly configPath?: string;
  /** Only for kubectl's default file, which KUBE_CONFIG_PATH may still replace (see providerFor). */
  readonly configPaths?: string[];
  readonly configContext?: string;
  readonly host?: string;
  readonly clusterCaCertificate?: string;
  readonly exec?: { apiVersion: string; command: string; args?: string[]; env?: Record<string, string> };
}

export interface StackDeployment {
  /** Which resources say the objects (see engine.ts). @default "typed" */
  readonly engine?: Engine;
  readonly provider: ProviderSettings;
  readonly backend: BackendBlock;
  readonly waitForCompletion: boolean;
  /** Create and update timeout of the Job while waiting; see defaultWaitTimeout. */
  readonly timeout?: string;
  /** Content of a Docker config JSON for the image pull secret. */
  readonly dockerConfigJson?: string;
}

// In a module of their own, which the stacks' synthesis loads without the rest of this one's.
export { DEADLINE_MARGIN_SECONDS, DEFAULT_WAIT_TIMEOUT, defaultWaitTimeout } from "./wait-timeout";
/** A Go duration, as Terraform's timeouts take them: 45m, 1h30m, 1.5h, 90s. */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration (GO_DURATION) in milliseconds; undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  return [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
    (total, [, value, unit]) => total + Number(value) * DURATION_UNITS_MS[unit],
    0,
  );
}

/** The longest Go time.Duration (2^63 - 1 ns), which Terraform's timeouts are parsed into. */
const MAX_DURATION_MS = 9_223_372_036_854.775;

/** Why text is not a timeout Terraform reads; undefined when it is one. */
export function durationProblem(text: string): string | undefined {
  const ms = goDurationMs(text);
  if (ms === undefined) return "must be a duration such as 45m, 2h or 1h30m";
  if (ms > MAX_DURATION_MS) return "is longer than Terraform reads a duration: at most 2562047h47m16s";
  return undefined;
}

/**
 * A manifest's deployment keys and where they are: `metadata.labels` (the first dialect) or
 * `metadata.annotations` (the current Planton API); messages name them as labels or annotations.
 */
interface ManifestKeys {
  readonly values: Readonly<Record<string, string>>;
  readonly keys: DeploymentKeys;
  readonly field: "labels" | "annotations";
  /** "label" or "annotation". */
  readonly noun: string;
  readonly path: (key: string) => Path;
}

function manifestKeys(manifest: AnyJobManifest): ManifestKeys {
  const field = deploymentKeysField(manifest);
  return {
    values: manifest.metadata[field] ?? {},
    keys: deploymentKeys(manifest),
    field,
    noun: field === "labels" ? "label" : "annotation",
    path: (key) => ["metadata", field, key],
  };
}

export function resolveDeployment(
  stack: string,
  manifest: AnyJobManifest,
  document: SourceDocument,
  run: RunSettings,
): { deployment?: StackDeployment; problems: Problem[]; secrets: string[] } {
  const keys = manifestKeys(manifest);
  const labels = keys.values;
  // Keys misplaced or misspelt (none of their values is shown, so they come before the credential check).
  const problems: Problem[] = deploymentKeyProblems(manifest);
  /** Secret values read on the way (a Docker config's content), for the redactor. */
  const secrets: string[] = [];

  // A label that reaches the stack file must hold no credential; with one, nothing else is
  // looked at (other messages could show the label's value).
  const credentialLabels = credentialLabelProblems(keys);
  if (credentialLabels.length > 0) return { problems: [...problems, ...credentialLabels], secrets };

  // Terraform resolves `..` from the stack directory's physical path: symlinks are followed first.
  // Both physical already (parseRunSettings); synth refuses a stack directory that is a link.
  const stackDir = join(run.outDir, "stacks", stack);
  const provider = providerFor(manifest, keys, run, stackDir, problems);

  const type = labels[keys.keys.backendType] ?? run.backend?.type;
  const backendSetting: BackendSetting = {
    type,
    object: ("backendObject" in keys.keys ? labels[keys.keys.backendObject] : undefined) ?? run.backend?.object,
    // The run's extra attributes belong to the run's backend type, not to another a label chose.
    config: type === run.backend?.type ? run.backend?.config : undefined,
  };
  const localStatePath = relative(stackDir, join(run.stateDir, `terraform.${stack}.tfstate`))
    .split("\\")
    .join("/");
  const location = isPlantonManifest(manifest) ? stateLocation(labels) : undefined;
  problems.push(...ignoredBackendKeyProblems(keys, type, location));
  const backend = location ? backendAt(backendSetting, location) : backendFor(stack, backendSetting, localStatePath);
  if ("problem" in backend) problems.push(backendProblem(backend.problem, keys));
  else if (backend.block.type === "local" && typeof backend.block.config.path === "string") {
    const statePath = physicalPath(resolve(stackDir, backend.block.config.path));
    if (isWithin(statePath, run.outDir)) {
      problems.push(
        error(
          ["metadata", keys.field],
          `the local state file ${backend.block.config.path} (backend-config path) would be inside the output directory, where a state file could be taken for output; keep state outside it`,
        ),
      );
    }
  }

  const wait = waitFor(manifest, keys, run, problems);
  const dockerConfigJson = dockerConfigFor(keys, document, run, problems, secrets);

  if (problems.some((problem) => problem.severity === "error") || "problem" in backend) return { problems, secrets };
  return { deployment: { provider, backend: backend.block, ...wait, dockerConfigJson }, problems, secrets };
}

/**
 * The state location of the current API's backend annotations (bucket, key, region, endpoint),
 * when the manifest gives a bucket or a key; without them the run's backend object applies.
 */
function stateLocation(annotations: Readonly<Record<string, string>>): StateLocation | undefined {
  const bucket = annotations[ANNOTATIONS.backendBucket];
  const key = annotations[ANNOTATIONS.backendKey];
  if (bucket === undefined && key === undefined) return undefined;
  const region = annotations[ANNOTATIONS.backendRegion];
  const endpoint = annotations[ANNOTATIONS.backendEndpoint];
  return {
    ...(bucket !== undefined ? { bucket } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
  };
}

/**
 * Backend keys that the backend chosen would not read: the first dialect's object without a type
 * (or with local), the current API's region or endpoint without a bucket and key. Ignored, they
 * would leave the state where the user's real state is not (as a bucket without a type would,
 * which backendAt refuses).
 */
function ignoredBackendKeyProblems(
  { values, keys, path }: ManifestKeys,
  type: string | undefined,
  location: StateLocation | undefined,
): Problem[] {
  if ("backendObject" in keys) {
    if (values[keys.backendObject] === undefined || (type !== undefined && type !== "local")) return [];
    const takeObject = BACKEND_TYPES.filter((one) => one !== "local").join(", ");
    return [
      error(
        path(keys.backendObject),
        type === undefined
          ? `needs a backend type (the label ${keys.backendType} or the run's backend type): one of ${takeObject}; without one the state would be kept in a local file and this object ignored`
          : `is not read by the local backend, which keeps the state in a local file; an object is for ${takeObject}`,
      ),
    ];
  }
  if (location !== undefined) return [];
  return [keys.backendRegion, keys.backendEndpoint]
    .filter((key) => values[key] !== undefined)
    .map((key) =>
      error(
        path(key),
        `needs the annotations ${keys.backendBucket} and ${keys.backendKey}, which locate the state it is for; without them it would be ignored`,
      ),
    );
}

/** The deployment labels written into the stack (the context, the backend object) that hold a credential. */
function credentialLabelProblems({ values: labels, keys, path }: ManifestKeys): Problem[] {
  const inStack = "which would be written into the stack file";
  const backendKeys =
    "backendObject" in keys
      ? [keys.backendObject]
      : [keys.backendBucket, keys.backendKey, keys.backendRegion, keys.backendEndpoint];
  return (
    [
      [keys.context, "keep credentials in the kubeconfig file, not in its context name"],
      ...backendKeys.map((key) => [key, "give credentials through the backend's environment variables"] as const),
    ] as const
  ).flatMap(([label, instead]) => {
    const found = labels[label] === undefined ? undefined : credentialProblem(labels[label]);
    return found ? [error(path(label), `${found}, ${inStack}; ${instead}`)] : [];
  });
}

/** A setting that reaches the provider block, with where a message about it goes and its name. */
interface Placed<T> {
  readonly value: T;
  readonly path: Path;
  readonly name: string;
}

/** How messages name one of the run's settings: as its flag, or as its cdktf.json context key. */
function runSettingName(run: RunSettings, key: "kubeconfig" | "kubeContext"): string {
  if (run.from === "flags") return key === "kubeconfig" ? "--kubeconfig" : "--context";
  return `the ${run.from ?? "run's settings"} key "${key}"`;
}

function providerFor(
  manifest: AnyJobManifest,
  { values: labels, keys, path: labelPath, noun }: ManifestKeys,
  run: RunSettings,
  stackDir: string,
  problems: Problem[],
): ProviderSettings {
  const runName = (key: "kubeconfig" | "kubeContext") => runSettingName(run, key);
  let kubeconfig: Placed<KubeconfigFile> | undefined = run.kubeconfig && {
    value: run.kubeconfig,
    path: [],
    name: `the run's kubeconfig ${run.kubeconfig.given} (${runName("kubeconfig")})`,
  };
  let context: Placed<string> | undefined = run.kubeContext
    ? { value: run.kubeContext, path: [], name: runName("kubeContext") }
    : undefined;
  let host: ProviderSettings | undefined;
  // The current API has no targetCluster (plantonhq/openmcf _changelog/2026-07/
  // 2026-07-09-204031-remove-target-cluster-selector-from-kubernetes-kinds.md).
  const target = isPlantonManifest(manifest) ? undefined : manifest.spec.targetCluster;
  if (target) {
    const path = ["spec", "targetCluster", "clusterName"];
    const cluster = run.clusters?.find((item) => item.kind === target.clusterKind && item.name === target.clusterName);
    if (run.clusters === undefined) {
      problems.push(
        error(
          path,
          `names cluster ${target.clusterKind}/${target.clusterName}, but no clusters file was given (--clusters FILE, or the cdktf.json context key "clusters")`,
        ),
      );
    } else if (!cluster) {
      const known = run.clusters.map((item) => `${item.kind}/${item.name}`).join(", ") || "none";
      problems.push(
        error(path, `${target.clusterKind}/${target.clusterName} is not in the clusters file; configured: ${known}`),
      );
    } else if (cluster.kubeconfig) {
      const named = `cluster ${cluster.kind}/${cluster.name}`;
      kubeconfig = {
        value: cluster.kubeconfig,
        path: ["spec", "targetCluster"],
        name: `the kubeconfig ${cluster.kubeconfig.given} of ${named} (clusters file)`,
      };
      context = cluster.context
        ? { value: cluster.context, path: ["spec", "targetCluster"], name: `the clusters file's ${named}` }
        : undefined;
    } else {
      host = { host: cluster.host, clusterCaCertificate: cluster.clusterCaCertificate, exec: cluster.exec };
    }
  }
  const contextLabel = labels[keys.context];
  if (contextLabel !== undefined) {
    if (host) {
      problems.push(
        error(labelPath(keys.context), "cannot apply: the target cluster is reached by host, not through a kubeconfig"),
      );
    } else {
      context = { value: contextLabel, path: labelPath(keys.context), name: `the ${noun} ${keys.context}` };
    }
  }
  if (host) return host;
  if (kubeconfig) {
    const configPath = configPathFor(kubeconfig.value, stackDir);
    // Written anyway: the file may be where Terraform runs, and only there.
    if (!existsSync(kubeconfig.value.here)) {
      problems.push(
        warning(
          "missing-kubeconfig",
          kubeconfig.path,
          `${kubeconfig.name} does not exist here (${kubeconfig.value.here}); the stack names it as ${configPath}: ` +
            "where Terraform runs without that file, the provider has no cluster to connect to (it warns of an invalid configuration and talks to localhost)",
        ),
      );
    }
    return { configPath, ...(context ? { configContext: context.value } : {}) };
  }
  if (!context) return {};
  // Provider 2.38.0 applies config_context only when a config path is known: config_path (or
  // KUBE_CONFIG_PATH), else config_paths, else KUBE_CONFIG_PATHS (provider.go,
  // initializeConfiguration). Without one it ignores the context, and in a pod loads the in-cluster
  // configuration: the Job would go to the runner's own cluster. kubectl's default file makes the
  // context count; as config_paths it still gives way to KUBE_CONFIG_PATH where that is set.
  problems.push(
    warning(
      "context-without-kubeconfig",
      context.path,
      `the kube context "${context.value}" (${context.name}) is used by the provider only with a kubeconfig file, and none was given: ` +
        `without one the provider ignores the context (in a pod it would deploy to the cluster it runs in), so the stack names kubectl's default, ${DEFAULT_KUBECONFIG}; ` +
        "which cluster that reaches depends on the machine that runs Terraform (its home directory, or KUBE_CONFIG_PATH when set there): " +
        'choose the file with --kubeconfig PATH (the cdktf.json context key "kubeconfig") or a clusters file',
    ),
  );
  return { configPaths: [DEFAULT_KUBECONFIG], configContext: context.value };
}

function waitFor(
  manifest: AnyJobManifest,
  { values: labels, keys, path: labelPath }: ManifestKeys,
  run: RunSettings,
  problems: Problem[],
): { waitForCompletion: boolean; timeout?: string } {
  let requested = run.waitForCompletion ?? false;
  const label = labels[keys.waitForCompletion];
  if (label !== undefined) {
    if (label !== "true" && label !== "false") {
      problems.push(error(labelPath(keys.waitForCompletion), `"${label}" must be "true" or "false"`));
    }
    requested = label === "true";
  }
  // The run's timeout was checked with the run's settings.
  const timeoutLabel = labels[keys.timeout];
  const timeoutProblem = timeoutLabel === undefined ? undefined : durationProblem(timeoutLabel);
  if (timeoutProblem) problems.push(error(labelPath(keys.timeout), `"${timeoutLabel}" ${timeoutProblem}`));
  const timeout = timeoutLabel ?? run.timeout;
  if (requested && manifest.spec.suspend) {
    problems.push(
      warning(
        "suspend-no-wait",
        ["spec", "suspend"],
        "is true, so terraform apply does not wait for this Job (its pods never start)",
      ),
    );
  }
  return { waitForCompletion: requested, ...(timeout !== undefined ? { timeout } : {}) };
}

/** A backend problem, at the label that caused it; a run-level setting has no place in the manifest. */
function backendProblem(
  problem: BackendProblem,
  { values: labels, keys, path: labelPath, field }: ManifestKeys,
): Problem {
  if (!("backendObject" in keys)) return plantonBackendProblem(problem, labels, labelPath, field);
  const own = problem.setting === "type" ? keys.backendType : keys.backendObject;
  if (labels[own] !== undefined) return error(labelPath(own), problem.message);
  if (problem.setting === "object" && labels[keys.backendType] !== undefined) {
    return error(labelPath(keys.backendType), `needs the label ${keys.backendObject}, which ${problem.message}`);
  }
  return error(["metadata", field], `the run's backend ${problem.setting} ${problem.message}`);
}

/** The same for the current API's annotations, where a problem may be with bucket, key, region or endpoint. */
function plantonBackendProblem(
  problem: BackendProblem,
  annotations: Readonly<Record<string, string>>,
  path: (key: string) => Path,
  field: string,
): Problem {
  const own = {
    type: ANNOTATIONS.backendType,
    object: undefined,
    bucket: ANNOTATIONS.backendBucket,
    key: ANNOTATIONS.backendKey,
    region: ANNOTATIONS.backendRegion,
    endpoint: ANNOTATIONS.backendEndpoint,
  }[problem.setting];
  if (own !== undefined && annotations[own] !== undefined) return error(path(own), problem.message);
  if (problem.setting === "object" && annotations[ANNOTATIONS.backendType] !== undefined) {
    return error(
      path(ANNOTATIONS.backendType),
      `needs the annotations ${ANNOTATIONS.backendBucket} and ${ANNOTATIONS.backendKey} (or the run's backend object), which ${problem.message}`,
    );
  }
  if (problem.setting !== "type" && problem.setting !== "object") {
    // A location annotation is missing: the problem is said at the ones given.
    const given = [ANNOTATIONS.backendBucket, ANNOTATIONS.backendKey].find((key) => annotations[key] !== undefined);
    if (given !== undefined) return error(path(given), problem.message);
  }
  return error(["metadata", field], `the run's backend ${problem.setting} ${problem.message}`);
}

/**
 * The Docker config of a manifest (its label's file, or the run's flag): its content is never put
 * into a message, and what it holds is added to `secrets` as soon as it is read (valid or not).
 */
function dockerConfigFor(
  { values: labels, keys, path: labelPath, field }: ManifestKeys,
  document: SourceDocument,
  run: RunSettings,
  problems: Problem[],
  secrets: string[],
): string | undefined {
  const fromLabel = labels[keys.dockerConfigJsonFile];
  if (fromLabel === undefined && run.dockerConfigJsonFile === undefined) return undefined;
  const where = fromLabel !== undefined ? labelPath(keys.dockerConfigJsonFile) : ["metadata", field];
  let read: DockerConfigRead;
  if (fromLabel !== undefined) {
    // A manifest's label reads only inside the allowed root.
    const located = labelFile(fromLabel, document, run);
    read =
      "problem" in located
        ? { problem: `Docker config JSON file ${located.problem}`, secrets: [] }
        : readDockerConfig(fromLabel, located.path, located.root, located.rootName);
  } else {
    read = flagDockerConfig(run) as DockerConfigRead;
  }
  secrets.push(...read.secrets);
  if (read.problem !== undefined) {
    // The run's own setting is named, not the manifest's labels, which may not hold one.
    const message =
      fromLabel !== undefined
        ? read.problem
        : `the run's ${settingHint(run.from, "dockerConfigJsonFile")}: ${read.problem}`;
    problems.push(error(where, message));
  }
  return read.text;
}

interface DockerConfigRead {
  readonly text?: string;
  readonly problem?: string;
  /** What it holds that must never be printed, even when it is refused. */
  readonly secrets: string[];
}

/** The run's --docker-config-json file, read once for the whole run (not once per manifest). */
const flagReads = new WeakMap<RunSettings, DockerConfigRead>();

function flagDockerConfig(run: RunSettings): DockerConfigRead | undefined {
  const file = run.dockerConfigJsonFile;
  if (file === undefined) return undefined;
  let read = flagReads.get(run);
  if (!read) {
    // The operator's flag names any file.
    read = readDockerConfig(file, resolve(file), undefined, undefined);
    flagReads.set(run, read);
  }
  return read;
}

/** Secrets of the run's own settings (its Docker config file), whether or not any manifest is valid. */
export function runSecrets(run: RunSettings): string[] {
  return flagDockerConfig(run)?.secrets ?? [];
}

/** Reads and checks a Docker config JSON; its content is never put into a message. */
function readDockerConfig(
  file: string,
  path: string,
  root: string | undefined,
  rootName: string | undefined,
): DockerConfigRead {
  const refuse = (why: string, secrets: string[] = []) => ({
    problem: `Docker config JSON file ${file} ${why}`,
    secrets,
  });
  // One descriptor, checked and then read: nothing can be swapped in between.
  const read = readConfinedFile(path, root, MAX_DATA_BYTES);
  if ("problem" in read) {
    const messages: Record<ConfinedProblem["kind"], string> = {
      outside: `is a symbolic link (or passes through one) that leads outside ${rootName ?? "its root"}`,
      "not-regular": "is not a regular file",
      "too-large": "is over 1 MiB, more than a Secret holds",
      unreadable: read.problem.kind === "unreadable" ? read.problem.reason : "cannot be read",
    };
    return refuse(messages[read.problem.kind]);
  }
  const text = read.text;
  const secrets = dockerConfigSecrets(text);
  if (Buffer.byteLength(text) > MAX_DATA_BYTES) return refuse("is over 1 MiB, more than a Secret holds", secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse("is not valid JSON", secrets);
  }
  const auths = (parsed as { auths?: unknown } | null)?.auths;
  if (!isMapping(auths)) {
    return refuse('has no "auths" object (expected {"auths": {"<registry>": {...}}})', secrets);
  }
  if (!Object.values(auths).every(isMapping)) {
    return refuse(
      'has an "auths" entry that is not an object (expected {"auths": {"<registry>": {"auth": "..."}}})',
      secrets,
    );
  }
  return { text, secrets };
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The file a docker-config-json-file label names, confined to the allowed root: the run's
 * `dockerConfigRoot`, or else the manifest's own directory tree, so that a manifest author cannot
 * pull another file of the machine that runs synth (a CI runner's ~/.docker/config.json) into a
 * stack. The path is relative to the manifest's file (to the root for standard input); absolute
 * paths, `..` escapes and symbolic links that lead out of the root are refused.
 */
function labelFile(
  label: string,
  document: SourceDocument,
  run: RunSettings,
): { path: string; root: string; rootName: string } | { problem: string } {
  const fromStdin = document.file === "<stdin>";
  const root = run.dockerConfigRoot ?? (fromStdin ? undefined : dirname(resolve(document.file)));
  const rootName =
    run.dockerConfigRoot !== undefined ? "the --docker-config-root directory" : "the manifest's directory";
  if (root === undefined) {
    return {
      problem: `${label} cannot be read for a manifest from standard input, which has no directory; give --docker-config-root DIR (the directory it may read from) or --docker-config-json FILE`,
    };
  }
  if (isAbsolute(label)) {
    return {
      problem: `${label} is an absolute path; a label may only name a file inside ${rootName}, relative to the manifest`,
    };
  }
  const path = resolve(fromStdin ? root : dirname(resolve(document.file)), label);
  if (!isInside(root, path)) {
    return {
      problem: `${label} leads outside ${rootName} (${root}); give --docker-config-root DIR to allow another directory`,
    };
  }
  // Symbolic links are resolved, and the result checked, on the descriptor that is read.
  return { path, root, rootName: `${rootName} (${root})` };
}
