/**
 * `kubernetes-job validate <paths...>`: a report on each manifest, before anything is
 * synthesized. It checks everything synth checks (deployment settings and stack names too), so
 * that a manifest validate accepts is one synth accepts.
 */
import { parseRunSettings } from "../deployment/run-settings";
import { loadManifests } from "../load";
import { planStacks } from "../synth";
import { DEFAULT_OUT_DIR, EXIT, type CliIo } from "./io";
import { jsonReport, textReport, type ReportFormat } from "./report";

export function runValidate(
  paths: readonly string[],
  format: ReportFormat,
  settings: Record<string, unknown>,
  io: CliIo,
): number {
  const run = parseRunSettings(settings, DEFAULT_OUT_DIR, "flags");
  const { load } = planStacks(loadManifests(paths, { readStdin: io.readStdin }), run);
  io.stdout(format === "json" ? `${JSON.stringify(jsonReport(load), null, 2)}\n` : textReport(load));
  return load.ok ? EXIT.ok : EXIT.invalid;
}
