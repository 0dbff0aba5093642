import { parseRunSettings } from "../../lib/deployment/run-settings";
import type { RunSettings } from "../../lib/deployment/resolve";
/**
 * Manifests for the synthesis tests, built as values (JSON is YAML) or written as YAML, and read
 * through the real loader as standard input, so every default and rule applies as in production.
 */
import { loadManifests } from "../../lib/manifest/load";
import type { KubernetesJobManifest, KubernetesJobManifestInput } from "../../lib/manifest/schema";
import { isPlantonManifest, type AnyJobManifest } from "../../lib/manifest/dialects";

type Input = KubernetesJobManifestInput;

/** Removes the common indentation of a template literal and its first and last blank lines. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), "");
  const lines = text
    .replace(/^\n/, "")
    .replace(/\n[ \t]*$/, "")
    .split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)![0].length));
  return `${lines.map((line) => line.slice(indent)).join("\n")}\n`;
}

/** A manifest the test knows to be of the first dialect (`kubernetes.project-planton.org/v1`). */
export function firstDialect(manifest: AnyJobManifest): KubernetesJobManifest;
export function firstDialect(manifest: AnyJobManifest | undefined): KubernetesJobManifest | undefined;
export function firstDialect(manifest: AnyJobManifest | undefined): KubernetesJobManifest | undefined {
  if (manifest && isPlantonManifest(manifest)) throw new Error("expected a manifest of the first dialect");
  return manifest;
}

/** The validated manifest of a YAML (or JSON) text; fails the test with the diagnostics when invalid. */
export function manifestFromYaml(text: string): KubernetesJobManifest {
  const load = loadManifests(["-"], { readStdin: () => text });
  const manifest = load.results[0]?.manifest;
  if (!load.ok || load.results.length !== 1 || !manifest) {
    const problems = [...load.fileDiagnostics, ...load.results.flatMap((result) => result.diagnostics)];
    throw new Error(`expected one valid manifest, got: ${JSON.stringify(problems, null, 2)}`);
  }
  return firstDialect(manifest);
}

/** A manifest's input: a minimal valid Job named nightly-report, with the given fields added. */
export function manifestInput(
  spec: Partial<Input["spec"]> = {},
  metadata: Partial<Input["metadata"]> = {},
): Record<string, unknown> {
  return {
    apiVersion: "kubernetes.project-planton.org/v1",
    kind: "KubernetesJob",
    metadata: { name: "nightly-report", ...metadata },
    spec: {
      namespace: { value: "reports" },
      image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.2" },
      ...spec,
    },
  };
}

/** The validated manifest of `manifestInput(spec, metadata)`. */
export function manifest(spec: Partial<Input["spec"]> = {}, metadata: Partial<Input["metadata"]> = {}) {
  return manifestFromYaml(JSON.stringify(manifestInput(spec, metadata)));
}

/** Run settings as a run with no flags and no cdktf.json context gives them. */
export function defaultRun(outDir = "cdktf.out"): RunSettings {
  return parseRunSettings({}, outDir, "test");
}

/** A manifest's YAML named `name`, with spec lines appended (`extra`, indented by 2). */
export const jobYaml = (name: string, extra = "") =>
  `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: ${name}
spec:
  namespace:
    value: reports
  image:
    repo: ghcr.io/acme/report-runner
    tag: "1.4.2"
${extra}`;
