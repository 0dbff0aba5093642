/**
 * Warnings both dialects give, each for one field: the first dialect's rules
 * (./validate.ts) and the current API's (./v1alpha1/validate.ts) call these with their own
 * paths, so that one class of warning says the same thing whichever dialect the manifest is in.
 */
import { error, warning, type Path, type Problem } from "../diagnostics";
import { BUILT_IN_ENV } from "../model/object-names";
import { MIN_SECRET_LENGTH } from "../redact";
import { showValue } from "../values";

/** An env name that Planton's modules already give every container (HOSTNAME, K8S_POD_ID). */
export const isBuiltInEnv = (name: string): boolean => (BUILT_IN_ENV as readonly string[]).includes(name);

export function builtInEnvWarning(path: Path, name: string): Problem {
  return warning(
    "builtin-env",
    path,
    `${showValue(name)} replaces the value the component sets (${BUILT_IN_ENV.join(", ")} are set for every pod)`,
  );
}

/**
 * The manifest engine applies the Job server-side, and server-side apply refuses a keyed list
 * (a container's env, keyed by name) holding one key twice (kubernetes/kubernetes#121575); the
 * component's HOSTNAME or K8S_POD_ID and the manifest's would be two entries of one name.
 */
export function builtInEnvDuplicateError(path: Path, name: string): Problem {
  return error(
    path,
    `${showValue(name)} is set by the component too (${BUILT_IN_ENV.join(", ")} are set for every pod, before the container's own variables): the Job's env would hold two entries named ${showValue(name)}, which the manifest engine cannot apply (server-side apply refuses a duplicate key in a keyed list: kubernetes/kubernetes#121575); rename the variable, or deploy with the typed engine, where the manifest's entry replaces the component's`,
  );
}

/** A secret written as its value (`path` is the value's). */
export function secretValueWarning(path: Path, value: string): Problem {
  // The redactor cannot hide values this short without hiding common text (lib/redact.ts).
  const short =
    value.length > 0 && value.length < MIN_SECRET_LENGTH
      ? `; shorter than ${MIN_SECRET_LENGTH} characters, it is not hidden where other text happens to equal it`
      : "";
  return warning(
    "secret-value",
    path,
    `is a secret value written in the manifest (it will be stored in the Terraform state); use secretRef in production${short}`,
  );
}

/** ttlSecondsAfterFinished, when the manifest sets it (0 included, where 0 is a TTL). */
export function ttlRerunWarning(path: Path, seconds: number): Problem {
  return warning(
    "ttl-rerun",
    path,
    `deletes the Job ${seconds}s after it finishes; the next terraform apply then creates it again and it runs again`,
  );
}

/** An image without a tag, or tagged latest (`path` is the tag's); none for a pinned one. */
export function unpinnedImageWarnings(path: Path, tag: string | undefined): Problem[] {
  if (tag && tag !== "latest") return [];
  return [
    warning(
      "unpinned-image",
      path,
      `${tag ? '"latest"' : "no tag"} means each run may pull a different image; pin a version or digest`,
    ),
  ];
}
