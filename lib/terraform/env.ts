import type { JobV1SpecTemplateSpecContainerEnv } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { KubernetesJobSpec } from "../manifest/schema";

/** Names in code-point order, whatever order the manifest listed them in. */
export const sortedEntries = <T>(map: Readonly<Record<string, T>> | undefined): [string, T][] =>
  Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Env secrets given as values, which go into the `<name>-env-secrets` Secret. */
export function directSecretValues(spec: KubernetesJobSpec): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, secret] of sortedEntries(spec.env?.secrets)) {
    if (secret.value !== undefined) values[name] = secret.value;
  }
  return values;
}

/**
 * The container's env, in Planton's order: HOSTNAME (the pod IP), K8S_POD_ID (the pod name),
 * then variables and secrets, each sorted by name. `envSecretsName` is the name of the Secret
 * holding direct secret values (a reference to it, so Terraform creates it first).
 */
export function renderEnv(
  spec: KubernetesJobSpec,
  envSecretsName: string | undefined,
): JobV1SpecTemplateSpecContainerEnv[] {
  const env: JobV1SpecTemplateSpecContainerEnv[] = [
    { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    { name: "K8S_POD_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
  ];
  for (const [name, variable] of sortedEntries(spec.env?.variables)) {
    if (variable.value === undefined) {
      throw new Error(`spec.env.variables.${name} is a reference; references must be resolved before rendering`);
    }
    env.push({ name, value: variable.value });
  }
  for (const [name, secret] of sortedEntries(spec.env?.secrets)) {
    const ref = secret.secretRef
      ? { name: secret.secretRef.name, key: secret.secretRef.key }
      : { name: envSecretsName as string, key: name };
    env.push({ name, valueFrom: { secretKeyRef: ref } });
  }
  return env;
}
