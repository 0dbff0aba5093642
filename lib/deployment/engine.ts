/**
 * Which Terraform engine deploys a manifest: "typed" (the provider's kubernetes_job_v1 and its
 * sibling resources, the default) or "manifest" (one kubernetes_manifest per object of the model,
 * sent as it is by server-side apply). A manifest chooses with an annotation, a run with
 * `--engine` or the cdktf.json context key `engine`; as for every deployment setting, the
 * manifest wins. The annotation is not copied onto the Kubernetes objects (metadata.annotations
 * never is).
 */
import { error, type Problem } from "../diagnostics";
import type { AnyJobManifest } from "../manifest/dialects";

export const ENGINES = ["typed", "manifest"] as const;
export type Engine = (typeof ENGINES)[number];
export const DEFAULT_ENGINE: Engine = "typed";

/** The manifest annotation that chooses the engine. */
export const ENGINE_ANNOTATION = "kubernetes-job-cdktf/engine";

const isEngine = (value: unknown): value is Engine => (ENGINES as readonly unknown[]).includes(value);

/** What is wrong with a value given for the engine, and what is allowed. */
export const engineValueProblem = (value: unknown): string =>
  `${JSON.stringify(value)} is not an engine; allowed: ${ENGINES.map((engine) => `"${engine}"`).join(" or ")}`;

/** How messages name the run's engine setting: as its flag, or as its cdktf.json context key. */
export function runEngineSetting(from: string | undefined, engine: Engine): string {
  return from === "flags" ? `--engine ${engine}` : `the ${from ?? "run's settings"} key "engine": "${engine}"`;
}

/**
 * The engine of one manifest: its annotation, else the run's setting, else the default. An
 * annotation that names no engine is an error at the annotation, and no engine is chosen (so no
 * engine's rules are applied to the manifest on top of that error).
 */
export function engineFor(
  manifest: AnyJobManifest,
  runEngine: Engine | undefined,
): { engine?: Engine; problems: Problem[] } {
  const annotation = manifest.metadata.annotations?.[ENGINE_ANNOTATION];
  if (annotation === undefined) return { engine: runEngine ?? DEFAULT_ENGINE, problems: [] };
  if (isEngine(annotation)) return { engine: annotation, problems: [] };
  return {
    problems: [error(["metadata", "annotations", ENGINE_ANNOTATION], engineValueProblem(annotation))],
  };
}
