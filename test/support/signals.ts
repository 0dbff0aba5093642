/**
 * Waiting until a child process is reading its standard input, instead of waiting a fixed time
 * that a busy machine may not honour: Linux shows the system call a blocked thread is in at
 * /proc/<pid>/syscall (`0 0x0 ...`: read, file descriptor 0). Node catches SIGTERM from its start
 * (SigCgt), so the signal mask says nothing of the program's own handlers.
 */
import { readFileSync } from "node:fs";

function readingStdin(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/syscall`, "utf8").startsWith("0 0x0 ");
  } catch {
    return false;
  }
}

/** Resolves once `pid`'s main thread is blocked reading standard input; rejects after `limitMs` (a hang, not a race). */
export async function untilReadingStdin(pid: number, limitMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!readingStdin(pid)) {
    if (Date.now() - started > limitMs)
      throw new Error(`process ${pid} did not read its standard input within ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 5));
  }
}
