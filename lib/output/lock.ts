/**
 * One writer at a time per output directory. The lock is a file created with O_EXCL inside the
 * output directory (so `--out out` and `--out link-to-out` take the same one), holding who owns
 * it: pid, the process's start time, host and a random token. A lock is stale when its process
 * is gone, when its pid now belongs to another process (the start time differs: pid reuse, pid 1
 * in a container), or, where neither can be checked (another host, no /proc), when its owner
 * stopped refreshing it. Taking over a stale lock moves it aside with one rename and checks that
 * what moved is the stale lock seen, so two runs racing for it cannot both win; an owner checks
 * that the lock is still its own before it commits.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  lstatSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../diagnostics";
import { ownFileText } from "./own-files";

interface Owner {
  readonly pid: number;
  /** Start time of the process (Linux: clock ticks since boot), to tell a reused pid apart. */
  readonly start: string;
  readonly host: string;
  readonly token: string;
}

/** An owner that cannot be checked otherwise is stale once its lock is this old. */
const HEARTBEAT_STALE_MS = 60_000;
const HEARTBEAT_MS = 5_000;

export interface LockOptions {
  /** Give up waiting after this long; 0 gives up at once. */
  readonly timeoutMs: number;
  /** Called once when another run holds the lock. */
  readonly onWait?: (pid: number, host: string) => void;
  /** Aborting stops the waiting. */
  readonly signal?: AbortSignal;
  /** What is locked, for messages. */
  readonly shownAs: string;
}

export interface Lock {
  /** Throws unless the lock still holds this run's token. */
  verify(): void;
  /** Marks the lock as alive (called while a long synthesis runs). */
  refresh(): void;
  release(): void;
}

export class LockWaitAborted extends Error {}

/** Start time of a process, or "" where it cannot be read. */
function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): { owner?: Owner; text: string; ageMs: number } | undefined {
  let ageMs: number;
  try {
    ageMs = Date.now() - lstatSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const text = ownFileText(path);
  if (text === undefined) return undefined;
  try {
    const owner = JSON.parse(text) as Owner;
    if (Number.isInteger(owner.pid) && typeof owner.token === "string") return { owner, text, ageMs };
  } catch {
    // Being written this instant, or left half-written by a killed writer.
  }
  return { text, ageMs };
}

function isStale({ owner, ageMs }: { owner?: Owner; ageMs: number }): boolean {
  // A lock that never became readable: its writer died between create and write.
  if (!owner) return ageMs > 2_000;
  if (owner.host === hostname()) {
    if (!isAlive(owner.pid)) return true;
    const start = startTimeOf(owner.pid);
    if (start !== "" && owner.start !== "") return start !== owner.start;
  }
  return ageMs > HEARTBEAT_STALE_MS;
}

/** Moves a stale lock aside; true when what moved was that stale lock. */
function takeOver(path: string, seen: string, token: string): void {
  const aside = `${path}.stale-${token}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // Someone else took it over or released it first.
  }
  const moved = readOwner(aside)?.text;
  if (moved !== seen) {
    // Between reading and moving it, another run replaced the stale lock with its own: put it back.
    try {
      linkSync(aside, path);
    } catch {
      // A third run holds it now; the owner we displaced sees that when it verifies.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

export async function acquireLock(path: string, options: LockOptions): Promise<Lock> {
  const owner: Owner = {
    pid: process.pid,
    start: startTimeOf(process.pid),
    host: hostname(),
    token: randomBytes(12).toString("hex"),
  };
  const text = JSON.stringify(owner);
  const started = Date.now();
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(path, "wx", 0o644);
      try {
        writeSync(fd, text);
      } catch (cause) {
        // A full disk: the lock was never ours to hold, and no empty lock is left behind.
        closeSync(fd);
        unlinkSync(path);
        throw cause;
      }
      closeSync(fd);
      return held(path, owner, options.shownAs);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
    }
    const current = readOwner(path);
    if (current === undefined) {
      // Released between our attempt and our look: try again, after giving signals a turn.
      await sleep(5);
      continue;
    }
    if (isStale(current)) {
      takeOver(path, current.text, owner.token);
      continue;
    }
    const holder = current.owner;
    if (!waited && holder) options.onWait?.(holder.pid, holder.host);
    waited = true;
    if (options.signal?.aborted) throw new LockWaitAborted();
    if (Date.now() - started >= options.timeoutMs) {
      const who = holder ? `process ${holder.pid} on ${holder.host}` : "another process";
      throw new UserError(
        `${options.shownAs} is being written by ${who} (lock ${path}); gave up waiting after ` +
          `${Math.round(options.timeoutMs / 1000)}s (--lock-timeout). If no kubernetes-job is running there, remove the lock file.`,
      );
    }
    await sleep(100);
  }
}

function held(path: string, owner: Owner, shownAs: string): Lock {
  const ours = () => {
    try {
      return readOwner(path)?.owner?.token === owner.token;
    } catch {
      return false;
    }
  };
  let refreshedAt = Date.now();
  const refresh = () => {
    if (Date.now() - refreshedAt < 1_000) return;
    refreshedAt = Date.now();
    try {
      utimesSync(path, new Date(), new Date());
    } catch {
      // verify() reports a lost lock before anything is committed.
    }
  };
  const timer = setInterval(refresh, HEARTBEAT_MS);
  timer.unref();
  return {
    refresh,
    verify: () => {
      if (!ours()) {
        throw new UserError(
          `another run took over the lock of ${shownAs} (${path}) while this one was synthesizing; nothing was changed`,
        );
      }
    },
    release: () => {
      clearInterval(timer);
      if (!ours()) return;
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    },
  };
}
