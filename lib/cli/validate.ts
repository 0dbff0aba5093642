/** `kubernetes-job validate <paths...>`: a report on each manifest, before anything is synthesized. */
import { loadManifests } from "../load";
import { EXIT, type CliIo } from "./io";
import { jsonReport, textReport, type ReportFormat } from "./report";

export function runValidate(paths: readonly string[], format: ReportFormat, io: CliIo): number {
  const loaded = loadManifests(paths, { readStdin: io.readStdin });
  io.stdout(format === "json" ? `${JSON.stringify(jsonReport(loaded), null, 2)}\n` : textReport(loaded));
  return loaded.ok ? EXIT.ok : EXIT.invalid;
}
