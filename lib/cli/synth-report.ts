/**
 * What synth reports beyond validate's report: warnings about the stacks it retires, and the
 * `--format json` report (validate's, plus the output directory, the stacks written and retired).
 */
import type { Diagnostic } from "../diagnostics";
import type { LoadResult } from "../manifest/load";
import type { RetiredStack } from "../output";
import type { WarningId } from "../warnings";
import { jsonDiagnostic, jsonReport } from "./report";

/** A retired stack that synth warns about (its state is elsewhere, or its directory is not synth's). */
export function retiredWarning(
  { name, remoteBackend, leftAlone }: RetiredStack,
  shown: string,
): (Diagnostic & { id: WarningId }) | undefined {
  const file = `${shown}/stacks/${name}`;
  if (leftAlone) {
    return {
      severity: "warning",
      id: "retired-left-alone",
      file,
      path: [],
      message: `stack ${name} is no longer synthesized, but ${file} is no longer a directory synth wrote (a link?): left alone`,
    };
  }
  if (!remoteBackend) return undefined;
  return {
    severity: "warning",
    id: "retired-remote-state",
    file,
    path: [],
    message: `stack ${name} is no longer synthesized, so its files go (unless --strict refuses the run); its state in the ${remoteBackend} backend is kept: destroy its resources or remove that state if they are not needed`,
  };
}

/** --strict found warnings about retiring stacks: nothing was moved into place. */
export class StrictRefusal extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super("strict");
  }
}

/** `synth --format json`: validate's report, plus where each stack was written and what was retired. */
export function synthJson(
  load: LoadResult,
  outDir: string,
  stacks: readonly { name: string; manifest?: string; file: string }[],
  retired: readonly string[],
  runDiagnostics: readonly Diagnostic[],
) {
  const report = jsonReport(load);
  const runErrors = runDiagnostics.filter((d) => d.severity === "error").map(jsonDiagnostic);
  const runWarnings = runDiagnostics.filter((d) => d.severity === "warning").map(jsonDiagnostic);
  return {
    ok: report.ok && runErrors.length === 0,
    manifests: report.manifests,
    errors: [...report.errors, ...runErrors],
    warnings: [...report.warnings, ...runWarnings],
    outDir,
    stacks,
    retired,
  };
}
