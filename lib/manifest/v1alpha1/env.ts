/**
 * A container's environment (ContainerEnv, imported by workload_container.proto): `variables`
 * (a value, a Planton reference or a Kubernetes value source), `secrets` (a value kept in a managed
 * Secret, a reference to an existing Secret's key, or a Planton reference) and `envFrom` imports.
 * The fields and which are required are those of Planton's generated reference
 * (kubernetesjob/v1alpha1/reference.md); the name rules are the API server's
 * (pkg/apis/core/validation: validateEnv, validateEnvFrom, validateEnvVarValueFrom).
 */
import { z } from "zod";
import { configMapKeyProblem, dns1123LabelProblem, dns1123SubdomainProblem, envVarNameProblem } from "../k8s/dns-names";
import { exactlyOne, message, protoString, quantityString, requiredString } from "./fields";
import { plainValueFromRef } from "./value-or-ref";

/** The sources of a plain variable: exactly one per entry. */
export const ENV_VARIABLE_SOURCES = ["value", "valueFrom", "configMapKeyRef", "fieldRef", "resourceFieldRef"] as const;
/** The sources of a secret variable: exactly one per entry. */
export const ENV_SECRET_SOURCES = ["value", "secretRef", "valueFrom"] as const;
export const ENV_FROM_SOURCES = ["configMapRef", "secretRef"] as const;

/** The fields resourceFieldRef.resource may name (validateContainerResourceFieldSelector). */
export const RESOURCE_FIELD_NAMES = [
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
] as const;

/** The pod fields an env fieldRef may name (validEnvDownwardAPIFieldPathExpressions). */
export const ENV_FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
] as const;

const fieldPathProblem = (value: string) => {
  if ((ENV_FIELD_PATHS as readonly string[]).includes(value)) return undefined;
  // metadata.labels['key'] and metadata.annotations['key'] name one label or annotation.
  if (/^metadata\.(labels|annotations)\['[^']+'\]$/.test(value)) return undefined;
  return `is not a pod field an env variable can read; allowed: ${ENV_FIELD_PATHS.join(", ")}, metadata.labels['<key>'], metadata.annotations['<key>']`;
};

const resourceProblem = (value: string) =>
  (RESOURCE_FIELD_NAMES as readonly string[]).includes(value)
    ? undefined
    : `is not a container resource an env variable can read; allowed: ${RESOURCE_FIELD_NAMES.join(", ")}`;

/**
 * A secret's direct value: any string. A value of another type is refused without being shown,
 * as it may be the secret itself.
 */
const secretValue = () =>
  z.unknown().transform((input, ctx): string | undefined => {
    if (input === undefined || typeof input === "string") return input;
    ctx.addIssue({
      code: "custom",
      message: "must be a string (the value is not shown: it may be a secret); quote it in YAML",
      input: undefined,
    });
    return z.NEVER;
  });

export function envSchema() {
  const variable = message({
    name: requiredString(envVarNameProblem),
    value: z.string().optional(),
    valueFrom: plainValueFromRef().optional(),
    configMapKeyRef: message({
      name: requiredString(dns1123SubdomainProblem),
      key: requiredString(configMapKeyProblem),
      optional: z.boolean().optional(),
    }).optional(),
    fieldRef: message({
      apiVersion: protoString(),
      fieldPath: requiredString(fieldPathProblem),
    }).optional(),
    resourceFieldRef: message({
      containerName: protoString(dns1123LabelProblem),
      resource: requiredString(resourceProblem),
      divisor: quantityString(),
    }).optional(),
  }).superRefine(exactlyOne(ENV_VARIABLE_SOURCES, "value source"));

  const secret = message({
    name: requiredString(envVarNameProblem, configMapKeyProblem),
    value: secretValue(),
    secretRef: message({
      namespace: protoString(dns1123LabelProblem),
      name: requiredString(dns1123SubdomainProblem),
      key: requiredString(configMapKeyProblem),
      optional: z.boolean().optional(),
    }).optional(),
    valueFrom: plainValueFromRef().optional(),
  }).superRefine(exactlyOne(ENV_SECRET_SOURCES, "secret source"));

  const envFrom = message({
    prefix: protoString(envVarNameProblem),
    configMapRef: message({
      name: requiredString(dns1123SubdomainProblem),
      optional: z.boolean().optional(),
    }).optional(),
    secretRef: message({
      name: requiredString(dns1123SubdomainProblem),
      optional: z.boolean().optional(),
    }).optional(),
  }).superRefine(exactlyOne(ENV_FROM_SOURCES, "source"));

  return message({
    variables: z.array(variable).optional(),
    secrets: z.array(secret).optional(),
    envFrom: z.array(envFrom).optional(),
  });
}
