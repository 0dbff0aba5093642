/**
 * Problems of the machine, not of kubernetes-job: a read-only or full disk, a permission, a path
 * that is a file. They are reported as such (exit 1), naming the path and the reason, never as
 * an internal error. One table of reasons serves reading inputs and writing the output.
 */
const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  EEXIST: "it already exists",
  ENOENT: "no such file or directory",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files (raise the limit with ulimit -n)",
  ENFILE: "too many open files in the system",
  EXDEV: "it is on another file system",
  EIO: "input/output error",
  ENOTEMPTY: "the directory is not empty",
  EBUSY: "the resource is busy",
  EFBIG: "the file is too large (a file size limit: ulimit -f)",
};

const reasonOf = (code: unknown) =>
  typeof code === "string" && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;

/** Why a file system call failed, in words; the error's own message for an unknown code. */
export function systemReason(cause: unknown): string {
  return reasonOf((cause as NodeJS.ErrnoException)?.code) ?? (cause instanceof Error ? cause.message : String(cause));
}

/** The message for a machine problem (with the path when the error has one); undefined for anything else. */
export function environmentProblem(cause: unknown): string | undefined {
  const { code, path, syscall } = (cause ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  const reason = reasonOf(code);
  if (reason === undefined) return undefined;
  const what =
    typeof syscall === "string" && /open|write|mkdir|rename|copy|link|unlink|rm|utime|chmod/.test(syscall)
      ? "cannot write"
      : "cannot use";
  return `${what} ${typeof path === "string" ? path : "a file"}: ${reason} (${String(code)})`;
}
