/** v1alpha1 manifests for the tests, written as YAML, and what parsing them gives. */
import { formatPath, type Diagnostic } from "../../../lib/diagnostics";
import type { PlantonJobManifest } from "../../../lib/manifest/v1alpha1/schema";
import { check, positionOf, yaml } from "../../helpers";

export { yaml };

const indent = (text: string, by: number) =>
  text
    .split("\n")
    .map((line) => (line === "" ? line : " ".repeat(by) + line))
    .join("\n");

/** A minimal valid spec: a namespace and an app container with an image. */
export const MINIMAL_SPEC = yaml`
  namespace:
    value: batch
  container:
    app:
      image:
        repo: ghcr.io/acme/migrator
        tag: v3.0.1
`;

/** A whole v1alpha1 manifest around a spec body (the body starts on line 6, indented by 2). */
export function plantonJob(spec: string = MINIMAL_SPEC, name = "migrator"): string {
  return (
    yaml`
      apiVersion: kubernetes.planton.dev/v1alpha1
      kind: KubernetesJob
      metadata:
        name: ${name}
      spec:
    ` + indent(spec, 2)
  );
}

/** The errors of a text as `line:column path: message`, the form assertions compare against. */
export function errorsOf(text: string): string[] {
  return check(text)
    .diagnostics.filter((diagnostic) => diagnostic.severity === "error")
    .map(located);
}

export const located = (diagnostic: Diagnostic) =>
  `${diagnostic.line}:${diagnostic.column} ${formatPath(diagnostic.path)}: ${diagnostic.message}`;

/** `line:column` of a snippet that occurs once in the text. */
export function at(text: string, snippet: string): string {
  const { line, column } = positionOf(text, snippet);
  return `${line}:${column}`;
}

/** `line:column` of the value of `key: value`, a key that occurs once in the text. */
export function atValue(text: string, key: string): string {
  const { line, column } = positionOf(text, `${key}: `);
  return `${line}:${column + key.length + 2}`;
}

/**
 * The validated v1alpha1 manifest of a text, or undefined when it has errors. (ManifestResult
 * holds either dialect's manifest; this reads it as the v1alpha1 one.)
 */
export function plantonManifestOf(text: string): PlantonJobManifest | undefined {
  const { manifest } = check(text);
  return manifest as unknown as PlantonJobManifest | undefined;
}
