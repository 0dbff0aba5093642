/**
 * Kubernetes objects checked against the Kubernetes OpenAPI schema, through kubernetes-models'
 * validators (the API version of kubernetes-models 4.5.1).
 */
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { KubernetesObject } from "../../lib/model";

const MODELS = { Job, ConfigMap, Namespace, Secret, ServiceAccount } as const;

/** Throws with the OpenAPI schema's message when an object is not valid for its kind. */
export function validateObject(object: KubernetesObject): void {
  const Model = MODELS[object.kind as keyof typeof MODELS];
  if (!Model) throw new Error(`no model for kind ${object.kind}`);
  new (Model as new (data: unknown) => { validate(): void })(object).validate();
}
