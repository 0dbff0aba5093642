/**
 * Kubeconfig paths as a stack writes them. Terraform runs the kubernetes provider in the stack
 * directory, maybe on another machine than synth, so a path must mean the same file there:
 *
 * - given relative (to the working directory, or to a clusters file): written relative to the
 *   stack directory, as the local state path is (a synth machine's absolute path would name
 *   nothing elsewhere, and the provider would fall back to an empty configuration);
 * - given with `~`: written as given; provider 2.38.0 expands it where it runs (provider.go,
 *   initializeConfiguration: homedir.Expand on every config path). go-homedir expands only `~`
 *   and `~/...`, and fails on `~user/...`, which is therefore refused here;
 * - given absolute: written as given.
 */
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import { physicalPath } from "../paths";

export interface KubeconfigFile {
  /** The path as the user wrote it. */
  readonly given: string;
  /** Where it is on this machine (absolute; `~` expanded with this machine's home directory). */
  readonly here: string;
}

/**
 * kubectl's default kubeconfig, written for a context given without one: the provider applies
 * config_context only when it knows a config path (provider.go, initializeConfiguration).
 */
export const DEFAULT_KUBECONFIG = "~/.kube/config";

const HOME_PATH = /^~(?:[/\\]|$)/;

/** Why the provider could not use this path as written, if it could not. */
export function kubeconfigPathProblem(path: string): string | undefined {
  if (path.startsWith("~") && !HOME_PATH.test(path)) {
    return `${JSON.stringify(path)} names another user's home directory, which the kubernetes provider does not expand (only ~ and ~/...); write the full path`;
  }
  return undefined;
}

/** A kubeconfig path setting (a flag, a cdktf.json key, a clusters file's field). */
export const kubeconfigPathSchema = z
  .string()
  .min(1)
  .superRefine((path, ctx) => {
    const problem = kubeconfigPathProblem(path);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A kubeconfig path as given; a relative one is relative to `base`. */
export function kubeconfigFile(given: string, base: string): KubeconfigFile {
  const here = HOME_PATH.test(given) ? join(homedir(), given.slice(1)) : resolve(base, given);
  return { given, here };
}

/** The config_path of a stack whose directory is `stackDir` (absolute and physical). */
export function configPathFor(file: KubeconfigFile, stackDir: string): string {
  if (HOME_PATH.test(file.given) || isAbsolute(file.given)) return file.given;
  // The kernel resolves `..` from the stack directory's physical path, so the climb is counted
  // between physical directories (a symlinked --out, a working directory reached through a link).
  // The file itself may be a link (to ~/.kube/config): it is followed where Terraform runs.
  const target = join(physicalPath(dirname(file.here)), basename(file.here));
  return relative(stackDir, target).split("\\").join("/");
}
