/** A commit's file operations that fail: once at the n-th, or from the n-th on (a crash: the process is as good as dead). */
import { realFs, type CommitFs } from "../../lib/output/journal";

export function faultyFs(at: number, crash: boolean): CommitFs {
  let calls = 0;
  const wrap =
    <A extends unknown[]>(operation: (...args: A) => unknown) =>
    (...args: A) => {
      calls++;
      if (calls === at || (crash && calls > at)) {
        throw Object.assign(new Error(crash ? "killed" : "injected I/O error"), { code: "EIO" });
      }
      return operation(...args);
    };
  return {
    renameSync: wrap(realFs.renameSync),
    rmSync: wrap(realFs.rmSync),
    mkdirSync: wrap(realFs.mkdirSync),
    rmdirSync: wrap(realFs.rmdirSync),
    writeFileSync: wrap(realFs.writeFileSync),
    // Reading does not fail in these tests: a crash is about what was written.
    existsSync: realFs.existsSync,
  } as CommitFs;
}
