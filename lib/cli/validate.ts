/**
 * `kubernetes-job validate <paths...>`: a report on each manifest, before anything is
 * synthesized. It checks everything synth checks (deployment settings and stack names too), so
 * that a manifest validate accepts is one synth accepts.
 */
import { parseRunSettings } from "../deployment/run-settings";
import { loadManifests } from "../manifest/load";
import { planStacks } from "../terraform/plan";
import { applyWarningPolicy } from "../warning-policy";
import { DEFAULT_WARNING_POLICY, type WarningPolicy } from "../warnings";
import { DEFAULT_OUT_DIR, EXIT, redactingIo, type CliIo } from "./io";
import { jsonReport, textReportLines, type ReportFormat } from "./report";

export function runValidate(
  paths: readonly string[],
  format: ReportFormat,
  settings: Record<string, unknown>,
  given: CliIo,
  warnings: WarningPolicy = DEFAULT_WARNING_POLICY,
): number {
  const io = redactingIo(given);
  const run = parseRunSettings(settings, DEFAULT_OUT_DIR, "flags");
  const { load } = applyWarningPolicy(planStacks(loadManifests(paths, { readStdin: io.readStdin }), run), warnings);
  io.addSecrets(load.secrets);
  if (format === "json") {
    // The whole report on standard output, problems included: one JSON document for CI.
    io.stdout(`${JSON.stringify(jsonReport(load), null, 2)}\n`);
  } else {
    // Line by line, in reading order, so that a terminal showing both streams reads as one report.
    for (const line of textReportLines(load)) io[line.stream](`${line.text}\n`);
  }
  return load.ok ? EXIT.ok : EXIT.invalid;
}
