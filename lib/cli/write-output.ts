/**
 * The files of `render --out` and `convert --out`: written all or nothing (lib/output), stopped by
 * Ctrl-C or SIGTERM before anything is moved into place, with a `wrote` line per file.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Interrupted, writeAtomically } from "../output";
import type { OutputLayout } from "../output/ownership";
import { EXIT, type CliIo } from "./io";

export interface OutputFile {
  readonly name: string;
  readonly text: string;
  /** 0600 for a file holding secret values, its owner's only. */
  readonly mode: number;
}

/** Returns the exit code; `summary` is the last line, given the directory as shown. */
export async function writeOutputFiles(
  outDir: string,
  layout: OutputLayout,
  files: readonly OutputFile[],
  summary: (shown: string) => string,
  io: Pick<CliIo, "stdout" | "stderr">,
): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const written = await writeAtomically(
      outDir,
      (staging) => {
        for (const file of files) writeFileSync(join(staging, file.name), file.text, { mode: file.mode });
      },
      { layout, signal: interrupt.signal },
    );
    const shown = outDir.replace(/\/+$/, "") || "/";
    for (const name of written.files) io.stdout(`wrote ${shown}/${name}\n`);
    io.stdout(`${summary(shown)}\n`);
    return EXIT.ok;
  } catch (cause) {
    if (cause instanceof Interrupted || interrupt.signal.aborted) {
      io.stderr(`kubernetes-job: interrupted; ${outDir} was left as it was\n`);
      return EXIT.interrupted;
    }
    throw cause;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
