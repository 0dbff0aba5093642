// The Kubernetes objects a manifest means, and what each engine makes of them.
export {
  applyOrder,
  directSecretValues,
  jobObjects,
  namespaceOf,
  sortedEntries,
  type JobObjects,
  type KubernetesObject,
  type ModelInput,
} from "./job-objects";
export { objectsOf } from "./objects";
export { plantonJobObjects, type PlantonModelInput } from "./planton-objects";
export {
  typedEngineDifferences,
  typedEngineObjects,
  typedEngineProblems,
  typedEngineUnsayable,
  type TypedEngineInput,
  type Unsayable,
} from "./typed-engine";
