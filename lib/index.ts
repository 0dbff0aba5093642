// The package's public API: load and validate manifests, and the construct for your own cdktf apps.
export { KubernetesJob, type KubernetesJobProps } from "./kubernetes-job";
export { KubernetesJobStack, type KubernetesJobStackProps } from "../stacks/kubernetes-job-stack";
export { loadManifests, type LoadResult } from "./load";
export { parseManifest, type ManifestResult } from "./parse";
export { readSources, type SourceDocument } from "./source";
export {
  manifestSchema,
  specSchema,
  metadataSchema,
  type KubernetesJobManifest,
  type KubernetesJobManifestInput,
  type KubernetesJobMetadata,
  type KubernetesJobSpec,
  type VolumeMount,
} from "./manifest";
export { DEFAULTS, API_VERSION, KIND } from "./defaults";
export { formatDiagnostic, formatPath, type Diagnostic, type Problem, type Severity } from "./diagnostics";
export { planStacks, stackName, type SynthPlan } from "./synth";
export { parseRunSettings } from "./deployment/run-settings";
export type { RunSettings, StackDeployment } from "./deployment/resolve";
export { literal } from "./render/literal";
export { manifestJsonSchema } from "./json-schema";
