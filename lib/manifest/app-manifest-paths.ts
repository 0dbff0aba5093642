/**
 * Where the manifests of a cdktf app come from: the environment variable
 * KUBERNETES_JOB_MANIFESTS (paths separated by the OS path delimiter) wins over the cdktf.json
 * context key `manifests`; the default is `examples`.
 */
import { delimiter } from "node:path";
import { UserError } from "../diagnostics";

export const MANIFESTS_ENV = "KUBERNETES_JOB_MANIFESTS";
export const MANIFESTS_CONTEXT = "manifests";
export const DEFAULT_MANIFESTS = ["examples"];

export function manifestPaths(env: NodeJS.ProcessEnv, context: unknown): string[] {
  const fromEnv = env[MANIFESTS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    return fromEnv.split(delimiter).filter((path) => path !== "");
  }
  if (context === undefined) return DEFAULT_MANIFESTS;
  const paths = typeof context === "string" ? [context] : context;
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === "string")) {
    throw new UserError(
      `the cdktf.json context key "${MANIFESTS_CONTEXT}" must be a path or a list of paths, got ${JSON.stringify(context)}`,
    );
  }
  return paths;
}
