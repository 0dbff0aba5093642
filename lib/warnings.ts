/**
 * Every class of warning the tool gives, each with a stable id: the id is printed with the
 * warning (`warning[ttl-rerun]: ...`), and names the class to hide (`--ignore-warning ttl-rerun`,
 * the cdktf.json context key `ignoreWarnings`). Ids are part of the CLI's contract: never rename
 * one; add a new id for a new class. The README lists them (a test keeps that list in step).
 */
import { UserError } from "./diagnostics";
import { closest } from "./suggest";
import { showValue } from "./values";

export const WARNINGS = {
  "ttl-rerun": "ttlSecondsAfterFinished: Kubernetes deletes the Job, and the next terraform apply runs it again",
  "unpinned-image": "an image without a tag, or tagged latest",
  "secret-value": "a secret value written in the manifest (it is stored in the Terraform state)",
  "builtin-env": "an env name that replaces the built-in HOSTNAME or K8S_POD_ID",
  "path-without-key": "a configMap or secret volume's path given without key (it is ignored)",
  "indexed-limits": "an Indexed Job gets backoffLimitPerIndex and maxFailedIndexes (kubernetes_job_v1 sends both)",
  "quantity-number": "a quantity written as a YAML number, which Planton's CLI rejects",
  "quoted-enum-number": "an enum number in quotes, which Planton's CLI rejects",
  "missing-kubeconfig": "a kubeconfig that does not exist where synth runs",
  "context-without-kubeconfig": "a kube context without a kubeconfig file (kubectl's default file is named)",
  "suspend-no-wait": "waiting for completion asked of a suspended Job",
  symlink: "a manifest read through a symbolic link",
  "retired-remote-state": "a retired stack whose state is in a remote backend (synth)",
  "retired-left-alone": "a retired stack whose directory is no longer synth's (synth)",
  "automount-token":
    "a v1alpha1 pod without automountServiceAccountToken (kubernetes_job_v1 sends true, overriding the service account's setting)",
  "ignored-field": "a v1alpha1 field Planton accepts and ignores (a container's image.pullSecretName)",
  "secret-text-printed": "render prints the text of a secret value where the manifest writes it outside a Secret",
} as const satisfies Record<string, string>;

export type WarningId = keyof typeof WARNINGS;

export const WARNING_IDS = Object.keys(WARNINGS) as WarningId[];

export function isWarningId(id: string): id is WarningId {
  return Object.hasOwn(WARNINGS, id);
}

/** What a run does with warnings: hide some classes, or fail on any that is left (--strict). */
export interface WarningPolicy {
  /** Any warning left after `ignore` fails the run (exit 1, nothing written). */
  readonly strict: boolean;
  readonly ignore: ReadonlySet<WarningId>;
}

export const DEFAULT_WARNING_POLICY: WarningPolicy = { strict: false, ignore: new Set() };

/** Why an id is unknown, with the closest known one, or the list of them. */
export function unknownWarningId(id: string, where: string): string {
  const near = closest(id, WARNING_IDS);
  const hint = near ? `did you mean "${near}"?` : `known ids: ${WARNING_IDS.join(", ")}`;
  return `${where}: unknown warning id "${id}"; ${hint}`;
}

/**
 * Ids from the flag's values or the context key's list; a value may hold several, separated by
 * commas. Returns the ids, or the message for the first unknown one.
 */
export function parseWarningIds(
  values: readonly string[],
  where: string,
): { ids: WarningId[]; problem?: undefined } | { ids?: undefined; problem: string } {
  const ids: WarningId[] = [];
  // An empty item (a trailing comma: `ttl-rerun,`) names nothing.
  const items = values.flatMap((value) => value.split(",")).map((id) => id.trim());
  for (const id of items.filter((item) => item !== "")) {
    if (!isWarningId(id)) return { problem: unknownWarningId(id, where) };
    ids.push(id);
  }
  return { ids };
}

/** The cdktf.json context keys of the cdktf app, spelled as the flags' settings. */
export const WARNING_CONTEXT = { strict: "strict", ignore: "ignoreWarnings" } as const;

/**
 * The policy from the cdktf.json context keys `strict` (true or false; `cdktf synth -c` gives the
 * string) and `ignoreWarnings` (a list of ids, or one string of ids separated by commas).
 */
export function warningPolicyFromContext(strict: unknown, ignore: unknown): WarningPolicy {
  const where = (key: string) => `the cdktf.json context key "${key}"`;
  if (strict !== undefined && ![true, false, "true", "false"].includes(strict as string)) {
    throw new UserError(`${where(WARNING_CONTEXT.strict)} must be true or false, got ${showValue(strict)}`);
  }
  const list = typeof ignore === "string" ? [ignore] : ignore;
  if (
    list !== undefined &&
    !(Array.isArray(list) && list.every((value): value is string => typeof value === "string"))
  ) {
    throw new UserError(
      `${where(WARNING_CONTEXT.ignore)} must be a list of warning ids such as ["ttl-rerun"], got ${showValue(ignore)}`,
    );
  }
  const { ids, problem } = parseWarningIds(list ?? [], where(WARNING_CONTEXT.ignore));
  if (problem !== undefined) throw new UserError(problem);
  return { strict: strict === true || strict === "true", ignore: new Set(ids) };
}
