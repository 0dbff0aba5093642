/**
 * Which cluster the provider talks to, from a stack's `provider.kubernetes` block and the
 * environment Terraform runs in: provider.go initializeConfiguration (hashicorp/kubernetes
 * 2.38.0) and client-go's clientcmd, which it calls.
 * - Each attribute left out of the block takes its environment default (the schema's
 *   DefaultFunc: KUBE_CONFIG_PATH, KUBE_CONFIG_PATHS, KUBE_CTX, KUBE_HOST, ...).
 * - Kubeconfig files are read only from config_path, else config_paths; ~/.kube/config is not
 *   read otherwise (the loading rules are built empty, not from clientcmd's defaults).
 * - config_context (and the _auth_info / _cluster overrides) is applied only inside
 *   `if len(configPaths) > 0`: without a kubeconfig path it is silently ignored.
 * - Paths go through homedir.Expand (mitchellh/go-homedir): a leading "~" or "~/" is $HOME;
 *   "~user/..." is an error.
 * - One path is clientcmd's ExplicitPath: when that file does not exist, Load fails,
 *   initializeConfiguration logs a warning and returns no config, and providerConfigure uses
 *   an empty rest.Config (requests go to localhost). Several paths are Precedence: missing
 *   ones are skipped. A context the loaded files do not define fails the same way
 *   (client_config.go DirectClientConfig.getContext: "context %q does not exist"), also when
 *   every file is missing.
 * - With no kubeconfig and no static settings, clientcmd's DeferredLoadingClientConfig uses the
 *   in-cluster config when it is possible (merged_client_builder.go ClientConfig, icc.Possible:
 *   KUBERNETES_SERVICE_HOST and _PORT set and the service account token mounted).
 */
import { isObject, type Json } from "./stack";

export interface Environment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a file exists, for kubeconfig paths after ~ expansion. */
  readonly exists: (path: string) => boolean;
  /** Whether the service account token of a pod is mounted (in-cluster config possible). */
  readonly inPod?: boolean;
  /** The contexts a kubeconfig file defines; unset: every context asked for. */
  readonly contexts?: (path: string) => readonly string[];
}

export type Connection =
  | { readonly source: "kubeconfig"; readonly paths: readonly string[]; readonly context?: string }
  | { readonly source: "static"; readonly host: string }
  | { readonly source: "in-cluster" }
  /** An empty configuration: requests go to localhost and fail, or reach whatever listens there. */
  | { readonly source: "empty"; readonly reason: string };

export class ProviderConfigError extends Error {}

/** homedir.Expand: "~" and "~/..." become $HOME; "~user" cannot be expanded. */
export function expandHome(path: string, home: string | undefined): string {
  if (!path.startsWith("~")) return path;
  if (path.length > 1 && path[1] !== "/" && path[1] !== "\\") {
    throw new ProviderConfigError("cannot expand user-specific home dir");
  }
  if (!home) throw new ProviderConfigError("home directory unknown: HOME is not set");
  return home + path.slice(1);
}

export function providerConnection(block: Json | undefined, environment: Environment): Connection {
  const config = isObject(block) ? block : {};
  const { env } = environment;
  // The SDK's EnvDefaultFunc: the variable when the attribute is not in the configuration.
  const setting = (name: string, variable: string): string | undefined => {
    const value = config[name];
    if (typeof value === "string") return value;
    return env[variable] || undefined;
  };

  let paths: string[] = [];
  const configPath = setting("config_path", "KUBE_CONFIG_PATH");
  const configPaths = config.config_paths;
  if (configPath) paths = [configPath];
  else if (Array.isArray(configPaths) && configPaths.length > 0) paths = configPaths.map(String);
  // configPathsEnv: KUBE_CONFIG_PATHS, split like filepath.SplitList (":" on Linux).
  else if (env.KUBE_CONFIG_PATHS) paths = env.KUBE_CONFIG_PATHS.split(":").filter((p) => p !== "");

  const host = setting("host", "KUBE_HOST");
  if (paths.length > 0) {
    const expanded = paths.map((path) => expandHome(path, env.HOME));
    const present = expanded.filter((path) => environment.exists(path));
    if (expanded.length === 1 && present.length === 0) {
      return { source: "empty", reason: `kubeconfig ${expanded[0]} does not exist` };
    }
    const context = setting("config_context", "KUBE_CTX");
    if (context && !present.some((path) => (environment.contexts?.(path) ?? [context]).includes(context))) {
      return { source: "empty", reason: `context "${context}" does not exist` };
    }
    if (present.length > 0) return { source: "kubeconfig", paths: present, ...(context ? { context } : {}) };
  }
  // Static settings (host, token, exec, ...) override an empty kubeconfig; config_context is ignored.
  if (host) return { source: "static", host };
  if (environment.inPod && env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return { source: "in-cluster" };
  return { source: "empty", reason: "no kubeconfig path, no host, and not in a pod" };
}
