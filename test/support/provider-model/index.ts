/** The provider model: what hashicorp/kubernetes 2.38.0 and the API server do with our stacks. */
export {
  ApplyError,
  goInt32,
  INT32_MAX,
  JOB_SPEC_DEFAULTS,
  POD_SPEC_DEFAULTS,
  providerCreate,
  type ProviderObject,
} from "./create";
export { applyAction, applyJsonPatch, providerPlan, type PatchOperation, type ResourceAction } from "./plan";
export { checkStackAttributes, providerSchema, type SchemaProblem } from "./schema-check";
export { stackResources, type Json, type JsonObject, type StackResource } from "./stack";
export { ApiRejection, canonicalQuantity, defaultPullPolicy, kubernetesStored } from "./stored";
export { evaluateTemplate, TemplateError } from "./templates";
export { expandHome, providerConnection, ProviderConfigError, type Connection, type Environment } from "./connection";
export { durationSeconds, jobCreateOutcome, jobDeleteFinishes, jobTimeouts, waitsForCompletion } from "./waiting";
export {
  assertConsistent,
  deleteOrphansPods,
  importId,
  inconsistentResults,
  MANIFEST_DEFAULTS,
  manifestSettings,
  manifestWaitOutcome,
  parseFieldPath,
  parseImportId,
  serverSideApply,
} from "./manifest";
