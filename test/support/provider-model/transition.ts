/**
 * "After changing the manifest from A to B, what does the cluster hold?": A's stack applied
 * (each object as the provider creates and the API server stores it), then the actions
 * Terraform plans for B's stack, applied to those objects.
 */
import { providerCreate } from "./create";
import { applyAction, providerPlan, type ResourceAction } from "./plan";
import type { JsonObject } from "./stack";
import { kubernetesStored } from "./stored";
import { byName } from "./compare";

export interface Transition {
  readonly actions: Record<string, ResourceAction>;
  /** What the cluster holds afterwards, keyed `Kind/name`. */
  readonly held: JsonObject;
}

export function transition(beforeStack: unknown, afterStack: unknown): Transition {
  const stored = new Map(
    providerCreate(beforeStack).map((created) => [created.address, kubernetesStored(created.object)]),
  );
  const actions = providerPlan(beforeStack, afterStack);
  const held: JsonObject[] = [];
  for (const [address, action] of Object.entries(actions)) {
    if (address.startsWith("terraform_data.")) continue;
    const object = applyAction(stored.get(address), action);
    if (object) held.push(object);
  }
  return { actions, held: byName(held) };
}

/** The actions without their details: address → none | create | update | replace | delete. */
export const actionKinds = (actions: Record<string, ResourceAction>) =>
  Object.fromEntries(Object.entries(actions).map(([address, action]) => [address, action.action]));
