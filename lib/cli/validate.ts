/**
 * `kubernetes-job validate <paths...>`: a report on each manifest, before anything is
 * synthesized. It checks everything synth checks (deployment settings and stack names too), so
 * that a manifest validate accepts is one synth accepts.
 */
import { parseRunSettings } from "../deployment/run-settings";
import { loadManifests } from "../manifest/load";
import { planStacks } from "../terraform/plan";
import { DEFAULT_OUT_DIR, EXIT, redactingIo, type CliIo } from "./io";
import { jsonReport, textReport, type ReportFormat } from "./report";

export function runValidate(
  paths: readonly string[],
  format: ReportFormat,
  settings: Record<string, unknown>,
  given: CliIo,
): number {
  const io = redactingIo(given);
  const run = parseRunSettings(settings, DEFAULT_OUT_DIR, "flags");
  const { load } = planStacks(loadManifests(paths, { readStdin: io.readStdin }), run);
  io.addSecrets(load.secrets);
  io.stdout(format === "json" ? `${JSON.stringify(jsonReport(load), null, 2)}\n` : textReport(load));
  return load.ok ? EXIT.ok : EXIT.invalid;
}
