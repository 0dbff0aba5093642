/**
 * Deployment settings for the tests: manifests written to a file and read through the real
 * loader (a label's path is relative to its manifest's file), run settings with overrides,
 * and problems as `severity: path: message` lines.
 */
import { join } from "node:path";
import { formatPath, type Problem } from "../../lib/diagnostics";
import { resolveDeployment, type RunSettings } from "../../lib/deployment/resolve";
import { loadManifests } from "../../lib/manifest/load";
import { tempDir, writeFiles } from "./files";
import { defaultRun, manifestInput } from "./manifest";

/** A PEM certificate as a clusters file holds it (the content is never parsed). */
export const CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mt\n-----END CERTIFICATE-----\n";

/** A fake registry credential: tests check that it never appears in a message. */
export const FAKE_TOKEN = "ghp_FAKEtoken0123456789SECRET";
export const DOCKER_CONFIG_JSON = `{"auths":{"ghcr.io":{"auth":"${Buffer.from(`acme:${FAKE_TOKEN}`).toString("base64")}","password":"${FAKE_TOKEN}"}}}\n`;

/** A manifest written as `job.json` in a new directory with other files, loaded as from disk. */
export function loadedManifest(value: unknown, files: Record<string, string> = {}) {
  const dir = tempDir();
  writeFiles(dir, { "job.json": JSON.stringify(value, null, 2), ...files });
  const load = loadManifests([join(dir, "job.json")]);
  const result = load.results[0];
  if (!load.ok || !result?.manifest) throw new Error(`expected a valid manifest: ${JSON.stringify(load)}`);
  return { dir, file: join(dir, "job.json"), manifest: result.manifest, document: result.document };
}

/** The run settings of a run without flags, with some settings given. */
export const runWith = (settings: Partial<RunSettings> = {}): RunSettings => ({ ...defaultRun(), ...settings });

/** Problems as `error: metadata.labels["..."]: message` lines. */
export const problemLines = (problems: readonly Problem[]): string[] =>
  problems.map((problem) => `${problem.severity}: ${formatPath(problem.path)}: ${problem.message}`);

export interface Resolved extends ReturnType<typeof resolveDeployment> {
  readonly dir: string;
  readonly lines: string[];
}

/**
 * resolveDeployment for the stack nightly-report: a manifest with the given spec fields and
 * labels, written next to `files`; the run settings come from `run` (which may use the directory).
 */
export function resolveWith(
  options: {
    spec?: Record<string, unknown>;
    labels?: Record<string, string>;
    run?: Partial<RunSettings> | ((dir: string) => Partial<RunSettings>);
    files?: Record<string, string>;
  } = {},
): Resolved {
  const input = manifestInput(options.spec ?? {}, options.labels ? { labels: options.labels } : {});
  const { dir, manifest, document } = loadedManifest(input, options.files);
  const run = typeof options.run === "function" ? options.run(dir) : options.run;
  const result = resolveDeployment("nightly-report", manifest, document, runWith(run));
  return { ...result, dir, lines: problemLines(result.problems) };
}
