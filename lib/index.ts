// The package's public API: load and validate manifests, the Kubernetes objects they mean, and the
// construct for your own cdktf apps.
export { KubernetesJob, type KubernetesJobProps } from "./terraform/kubernetes-job";
export { ManifestEngineJob } from "./terraform/manifest-engine";
export { ENGINE_ANNOTATION, ENGINES } from "./deployment/engine";
export { KubernetesJobStack, type KubernetesJobStackProps } from "../stacks/kubernetes-job-stack";
export { loadManifests, type LoadResult } from "./manifest/load";
export { parseManifest, type ManifestResult } from "./manifest/parse";
export { readSources, type SourceDocument } from "./manifest/source";
export {
  manifestSchema,
  specSchema,
  metadataSchema,
  type KubernetesJobManifest,
  type KubernetesJobManifestInput,
  type KubernetesJobMetadata,
  type KubernetesJobSpec,
  type VolumeMount,
} from "./manifest/schema";
export { DEFAULTS, API_VERSION, KIND } from "./manifest/defaults";
export {
  isPlantonManifest,
  type AnyJobManifest,
  type JobManifestParts,
  type PlantonJobManifest,
} from "./manifest/dialects";
export { formatDiagnostic, formatPath, type Diagnostic, type Problem, type Severity } from "./diagnostics";
export { planStacks, stackName, type Engine, type PlanOptions, type SynthPlan } from "./terraform/plan";
export { parseRunSettings } from "./deployment/run-settings";
export type { RunSettings, StackDeployment } from "./deployment/resolve";
export { literal } from "./terraform/literal";
export {
  applyOrder,
  jobObjects,
  objectsOf,
  typedEngineObjects,
  typedEngineUnsayable,
  type JobObjects,
  type KubernetesObject,
  type ModelInput,
  type Unsayable,
} from "./model";
export { renderText, type RenderFormat, type RenderedManifest } from "./render/documents";
export { manifestJsonSchema } from "./manifest/json-schema";
