/**
 * The KubernetesJob manifest: the single source of truth for its shape, field rules and
 * defaults. Types are inferred from it; the JSON Schema and the README's field table are
 * generated from it. Rules that relate several fields live in lib/validate.ts.
 */
import { z } from "zod";
import { API_VERSION, DEFAULTS, KIND } from "./defaults";
import {
  absolutePathProblem,
  configMapKeyProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  envVarNameProblem,
  labelValueProblem,
  relativePathProblem,
} from "./k8s/dns-names";
import { imageRepoProblem, imageTagProblem } from "./k8s/image";
import { parseQuantity, QUANTITY_SYNTAX } from "./k8s/quantity";
import { CLOUD_RESOURCE_KINDS, UNSPECIFIED_KIND } from "./cloud-resource-kinds";
import { describeValue, showValue } from "../values";
import { integerStringDigits } from "./protojson-integer";

type Problem = (value: string) => string | undefined;

/** An object that rejects unknown fields, as protojson does. */
const strictObject = z.strictObject;

/** A string checked against one or more Kubernetes rules; the message shows the value. */
export function checkedString(...problems: Problem[]) {
  return z.string().superRefine((value, ctx) => {
    for (const problem of problems) {
      const reason = problem(value);
      if (reason) {
        ctx.addIssue({ code: "custom", message: `${showValue(value)} ${reason}`, input: value });
        return;
      }
    }
  });
}

const nonEmpty: Problem = (value) => (value === "" ? "must not be empty" : undefined);

/**
 * The JSON Schema of fields checked by a transform, which JSON Schema cannot show
 * (lib/manifest/json-schema.ts puts these in its place).
 */
export const JSON_SCHEMAS = new Map<unknown, Record<string, unknown>>();
/** Quantity fields: Planton's loader reads them only as strings (lib/protojson.ts warns of numbers). */
export const QUANTITY_SCHEMAS = new Set<unknown>();
/**
 * Enum fields, with the name of each enum number: protojson reads an enum number only unquoted
 * (lib/protojson.ts warns of quoted ones).
 */
export const ENUM_NUMBERS = new Map<unknown, (number: number) => string | undefined>();

/**
 * An unsigned integer, up to `max` (`why` says where that limit comes from). protojson writes
 * 64-bit integers as strings, so a string of digits is accepted too. One message per value,
 * quoting it as written.
 */
function unsignedInteger(max: number, why: string) {
  const schema = z.unknown().transform((input, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message, input });
      return z.NEVER;
    };
    const text = typeof input === "string" ? input : String(input);
    // A reader that keeps big integers exact may give a bigint: its digits are exact too.
    const numeric = typeof input === "number" || typeof input === "bigint";
    // A quoted integer may be any JSON number whose value is whole ("2.0", "1e3"), as protojson reads it.
    const digits = typeof input === "string" ? integerStringDigits(input, false) : text;
    if (digits === undefined || !(typeof input === "string" || numeric)) {
      const got = typeof input === "string" ? `string ${showValue(input)}` : describeType(input);
      return fail(`must be a whole number from 0 to ${max}, got ${got}`);
    }
    const value = Number(digits);
    if (!Number.isInteger(value)) return fail(`must be a whole number, got ${text}`);
    if (value < 0) return fail(`${text} is too small; the minimum is 0`);
    // Digits are compared as written, never rounded to a double first; a YAML number beyond 2^53
    // was already rounded when it was read, so its digits are not quoted.
    if (typeof input === "number" && !Number.isSafeInteger(value)) {
      return fail(`is too large; the maximum is ${max} (${why}; a number this large cannot be read exactly)`);
    }
    if (BigInt(digits) > BigInt(max)) return fail(`${text} is too large; the maximum is ${max} (${why})`);
    return value;
  });
  JSON_SCHEMAS.set(schema, { type: "integer", minimum: 0, maximum: max });
  return schema;
}

function describeType(input: unknown): string {
  return describeValue(input);
}

/**
 * Planton's proto declares the Job's counts uint32, but Kubernetes stores parallelism, completions,
 * backoffLimit and ttlSecondsAfterFinished as int32 (k8s.io/api batch/v1 JobSpec): a larger value
 * would wrap negative in the provider's int32 conversion (expandJobV1Spec, structure_job.go) or,
 * for the TTL, which the provider takes as a string, fail its strconv.ParseInt(v, 10, 32).
 */
export const INT32_MAX = 2147483647;
/**
 * activeDeadlineSeconds is an int64 in Kubernetes, but the Job controller multiplies it into a Go
 * time.Duration, nanoseconds in an int64 (pkg/controller/job/job_controller.go,
 * pastActiveDeadline: time.Duration(seconds) * time.Second): floor((2^63 - 1) / 10^9) seconds.
 */
export const MAX_DEADLINE_SECONDS = 9223372036;
const int32Count = unsignedInteger(INT32_MAX, "Kubernetes stores it as a 32-bit signed integer");
const deadlineSeconds = unsignedInteger(
  MAX_DEADLINE_SECONDS,
  "the Job controller turns it into a Go time.Duration (nanoseconds in a signed 64-bit integer), which would overflow",
);
/** Planton's convention for optional counts: 0 means "not set". */
const zeroMeansUnset = (value: number) => (value === 0 ? undefined : value);

/**
 * Kubernetes quantities; a bare YAML number (`cpu: 1`) is read as its decimal text (Planton's CLI
 * rejects it: lib/protojson.ts warns).
 */
const quantity = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .superRefine((value, ctx) => {
    const parsed = parseQuantity(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: `${showValue(value)} is not ${QUANTITY_SYNTAX}`, input: value });
    } else if (parsed.numerator < 0n) {
      ctx.addIssue({ code: "custom", message: `${showValue(value)} must not be negative`, input: value });
    }
  });
QUANTITY_SCHEMAS.add(quantity);

/** An enum number as protojson reads it (an integer), or as a string of digits. */
function enumNumber(input: unknown): number | undefined {
  if (typeof input === "number") return Number.isInteger(input) ? input : undefined;
  return typeof input === "string" && /^-?\d+$/.test(input) ? Number(input) : undefined;
}

/**
 * A proto enum field: one of the names, or its number (protojson accepts both); read as the name.
 * Only the listed values are allowed, as Planton's own validation allows no other.
 */
function protoEnum<const T extends string>(values: readonly (readonly [T, number])[]) {
  const allowed = values.map(([name, number]) => `${name} (${number})`).join(", ");
  const nameOf = (number: number) => values.find(([, known]) => known === number)?.[0];
  const schema = z.unknown().transform((input, ctx): T => {
    const number = enumNumber(input);
    const name = number === undefined ? values.find(([known]) => known === input)?.[0] : nameOf(number);
    if (name !== undefined) return name;
    const message =
      input === undefined
        ? `is required; allowed: ${allowed}`
        : `${showValue(input)} is not allowed; allowed: ${allowed}`;
    ctx.addIssue({ code: "custom", message, input });
    return z.NEVER;
  });
  ENUM_NUMBERS.set(schema, nameOf);
  JSON_SCHEMAS.set(schema, {
    anyOf: [
      { type: "string", enum: values.map(([name]) => name) },
      { type: "integer", enum: values.map(([, number]) => number) },
    ],
  });
  return schema;
}

const KIND_EXAMPLE = "a CloudResourceKind name such as KubernetesNamespace";

/**
 * A CloudResourceKind field: a kind's name, or its number (read as the name). The zero value
 * (`unspecified`, 0) means "not set", which a required kind refuses.
 */
function cloudResourceKind(required: boolean) {
  const schema = z.unknown().transform((input, ctx): string | undefined => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message, input });
      return z.NEVER;
    };
    const number = enumNumber(input);
    if (input === undefined || input === "" || input === UNSPECIFIED_KIND || number === 0) {
      if (!required) return undefined;
      return fail(
        input === undefined
          ? `is required: the kind of the related resource (${KIND_EXAMPLE})`
          : `${showValue(input)} is not allowed: the kind of the related resource is required (${KIND_EXAMPLE})`,
      );
    }
    if (number !== undefined) {
      return (
        CLOUD_RESOURCE_KINDS[number] ??
        fail(
          `${showValue(input)} is not a CloudResourceKind number this tool knows; write the kind's name (such as KubernetesNamespace)`,
        )
      );
    }
    if (typeof input === "string") return input;
    return fail(`must be ${KIND_EXAMPLE} or its number, got ${describeType(input)}`);
  });
  ENUM_NUMBERS.set(schema, (number) => CLOUD_RESOURCE_KINDS[number]);
  JSON_SCHEMAS.set(schema, { anyOf: [{ type: "string" }, { type: "integer", minimum: 0 }] });
  return schema;
}

/** File modes of projected keys: 0 to 0777 (511). YAML 1.2 reads `0755` as decimal 755. */
const fileMode = z
  .int()
  .min(0)
  .max(0o777, {
    error: (issue) =>
      `${showValue(issue.input)} is not a file mode from 0 to 511 (0777 octal); ` +
      "write octal modes as 0o755 or as decimal (493), since YAML reads 0755 as the decimal 755",
  });

/** Requires exactly one of the given optional fields, like a protobuf oneof (the current API's schema uses it too). */
export function exactlyOne<T extends object>(fields: readonly (keyof T & string)[], what: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const present = fields.filter((field) => value[field] !== undefined);
    if (present.length === 1) return;
    const allowed = fields.join(", ");
    ctx.addIssue({
      code: "custom",
      message:
        present.length === 0
          ? `needs ${what}: one of ${allowed}`
          : `has ${present.join(" and ")}; give exactly one ${what} (one of ${allowed})`,
      input: value,
    });
  };
}

/** A reference to a field of another Planton resource, resolved at synth time. */
export const valueFromRefSchema = strictObject({
  kind: cloudResourceKind(false).optional(),
  env: z.string().optional(),
  name: checkedString(nonEmpty),
  fieldPath: z.string().optional(),
});

const namespaceRefSchema = valueFromRefSchema.extend({
  kind: cloudResourceKind(false)
    .optional()
    .transform((kind) => kind ?? DEFAULTS.namespaceReference.kind),
  fieldPath: z.string().default(DEFAULTS.namespaceReference.fieldPath),
});

type OneOf<T, K extends keyof T> = {
  [P in K]-?: Required<Pick<T, P>> & { [Q in Exclude<K, P>]?: undefined } & Omit<T, K>;
}[K];

const namespaceSchema = strictObject({
  value: checkedString(dns1123LabelProblem).optional(),
  valueFrom: namespaceRefSchema.optional(),
})
  .superRefine(exactlyOne(["value", "valueFrom"], "namespace"))
  .transform((value) => value as OneOf<typeof value, "value" | "valueFrom">);

const cpuMemory = (defaults: { cpu: string; memory: string }) =>
  strictObject({
    cpu: quantity.default(defaults.cpu),
    memory: quantity.default(defaults.memory),
  }).prefault({});

const resourcesSchema = strictObject({
  limits: cpuMemory(DEFAULTS.resources.limits),
  requests: cpuMemory(DEFAULTS.resources.requests),
});

const imageSchema = strictObject({
  repo: z.string(),
  tag: z.string().optional(),
  pullSecretName: checkedString(dns1123SubdomainProblem).optional(),
}).superRefine((image, ctx) => {
  const hasTag = image.tag !== undefined && image.tag !== "";
  const repoProblem = image.repo === "" ? "must not be empty" : imageRepoProblem(image.repo, hasTag);
  if (repoProblem) {
    ctx.addIssue({
      code: "custom",
      path: ["repo"],
      message: `${showValue(image.repo)} ${repoProblem}`,
      input: image.repo,
    });
  }
  const tagProblem = hasTag ? imageTagProblem(image.tag as string) : undefined;
  if (tagProblem) {
    ctx.addIssue({ code: "custom", path: ["tag"], message: `${showValue(image.tag)} ${tagProblem}`, input: image.tag });
  }
});

const envVariableSchema = strictObject({
  value: z.string().optional(),
  valueFrom: valueFromRefSchema.optional(),
})
  .superRefine(exactlyOne(["value", "valueFrom"], "value"))
  .transform((value) => value as OneOf<typeof value, "value" | "valueFrom">);

const secretRefSchema = strictObject({
  name: checkedString(dns1123SubdomainProblem),
  key: checkedString(configMapKeyProblem),
  namespace: checkedString(dns1123LabelProblem).optional(),
});

const envSecretSchema = strictObject({
  value: z.string().optional(),
  secretRef: secretRefSchema.optional(),
})
  .superRefine(exactlyOne(["value", "secretRef"], "value"))
  .transform((value) => value as OneOf<typeof value, "value" | "secretRef">);

const envSchema = strictObject({
  variables: z.record(checkedString(envVarNameProblem), envVariableSchema).optional(),
  // Each secret name is also a key of the `<name>-env-secrets` Secret.
  secrets: z.record(checkedString(envVarNameProblem, configMapKeyProblem), envSecretSchema).optional(),
});

const keyToPathSource = strictObject({
  name: checkedString(dns1123SubdomainProblem),
  key: checkedString(configMapKeyProblem).optional(),
  path: checkedString(nonEmpty, relativePathProblem).optional(),
  defaultMode: fileMode.optional(),
});

export const HOST_PATH_TYPES = [
  "",
  "DirectoryOrCreate",
  "Directory",
  "FileOrCreate",
  "File",
  "Socket",
  "CharDevice",
  "BlockDevice",
] as const;

export const VOLUME_SOURCES = ["configMap", "secret", "hostPath", "emptyDir", "pvc"] as const;

const volumeMountSchema = strictObject({
  name: checkedString(dns1123LabelProblem),
  mountPath: checkedString(absolutePathProblem),
  readOnly: z.boolean().optional(),
  subPath: checkedString(relativePathProblem).optional(),
  configMap: keyToPathSource.optional(),
  secret: keyToPathSource.optional(),
  hostPath: strictObject({
    path: checkedString(absolutePathProblem),
    type: z.enum(HOST_PATH_TYPES).optional(),
  }).optional(),
  emptyDir: strictObject({
    medium: z.enum(["", "Memory"]).optional(),
    sizeLimit: quantity.optional(),
  }).optional(),
  pvc: strictObject({
    claimName: checkedString(dns1123SubdomainProblem),
    readOnly: z.boolean().optional(),
  }).optional(),
})
  .superRefine(exactlyOne(VOLUME_SOURCES, "volume source"))
  .transform((value) => value as OneOf<typeof value, (typeof VOLUME_SOURCES)[number]>);

export const CLUSTER_KINDS = [
  "AwsEksCluster",
  "GcpGkeCluster",
  "AzureAksCluster",
  "DigitalOceanKubernetesCluster",
  "CivoKubernetesCluster",
] as const;

/** Their CloudResourceKind numbers, the only ones Planton's KubernetesClusterSelector allows. */
export const CLUSTER_KIND_NUMBERS = {
  AwsEksCluster: 207,
  GcpGkeCluster: 607,
  AzureAksCluster: 400,
  DigitalOceanKubernetesCluster: 1208,
  CivoKubernetesCluster: 1507,
} as const satisfies Record<(typeof CLUSTER_KINDS)[number], number>;

export const specSchema = strictObject({
  targetCluster: strictObject({
    clusterKind: protoEnum(CLUSTER_KINDS.map((kind) => [kind, CLUSTER_KIND_NUMBERS[kind]] as const)),
    clusterName: checkedString(nonEmpty),
  })
    .optional()
    .describe("The cluster to deploy to: {clusterKind, clusterName}."),
  namespace: namespaceSchema.describe(
    "Required. The Job's namespace: {value} (a DNS-1123 label) or {valueFrom} (a reference to another resource).",
  ),
  createNamespace: z
    .boolean()
    .default(DEFAULTS.createNamespace)
    .describe("Create the namespace too (not for default, kube-system, kube-public, kube-node-lease)."),
  image: imageSchema.describe(
    "Required. {repo, tag, pullSecretName}: repo is required; a sha256 digest as tag gives repo@digest.",
  ),
  resources: resourcesSchema
    .prefault({})
    .describe(
      "Container limits and requests; each unset field takes its default, and requests must be at most limits.",
    ),
  env: envSchema
    .optional()
    .describe(
      "{variables, secrets}: maps of env name to {value} or {valueFrom} / {value} or {secretRef: {name, key}}.",
    ),
  parallelism: int32Count
    .default(DEFAULTS.parallelism)
    .transform(zeroMeansUnset)
    .describe("Pods running at once; 0 means unset (Kubernetes then runs 1)."),
  completions: int32Count
    .default(DEFAULTS.completions)
    .transform(zeroMeansUnset)
    .describe(
      "Successful pods needed (the number of indexes when Indexed, at most 100000); 0 means unset, a work queue, which the typed engine (kubernetes_job_v1) refuses and the manifest engine deploys.",
    ),
  backoffLimit: int32Count.default(DEFAULTS.backoffLimit).describe("Retries before the Job fails; 0 means no retry."),
  activeDeadlineSeconds: deadlineSeconds
    .optional()
    .transform((value) => (value ? value : undefined))
    .describe("Seconds the Job may run before it is stopped; 0 or unset means no deadline."),
  ttlSecondsAfterFinished: int32Count
    .optional()
    .transform((value) => (value ? value : undefined))
    .describe(
      "Seconds after finishing when Kubernetes deletes the Job (the next apply recreates it); 0 or unset: never.",
    ),
  completionMode: z
    .enum(["NonIndexed", "Indexed"])
    .default(DEFAULTS.completionMode)
    .describe(
      "Indexed gives each pod JOB_COMPLETION_INDEX; it requires completions and, on the typed engine (kubernetes_job_v1), restartPolicy Never and per-index limits (a warning says which).",
    ),
  restartPolicy: z
    .enum(["Never", "OnFailure"], {
      error: (issue) =>
        issue.input === "Always"
          ? `"Always" is not allowed for a Job (its pods must end); use Never or OnFailure`
          : undefined,
    })
    .default(DEFAULTS.restartPolicy)
    .describe("What happens to a failed container: Never (a new pod) or OnFailure (restart in place)."),
  command: z.array(z.string()).optional().describe("The container's entrypoint; the image's when unset."),
  args: z.array(z.string()).optional().describe("Arguments to the entrypoint; the image's when unset."),
  // Each entry becomes a ConfigMap named after its key, holding the content under that key.
  configMaps: z
    .record(checkedString(dns1123SubdomainProblem), z.string())
    .optional()
    .describe("Name to content: one ConfigMap per entry, holding the content under the key of the same name."),
  volumeMounts: z
    .array(volumeMountSchema)
    .optional()
    .describe("{name, mountPath, readOnly, subPath} and one source: configMap, secret, hostPath, emptyDir or pvc."),
  suspend: z
    .boolean()
    .default(DEFAULTS.suspend)
    .describe(
      "Create the Job without starting pods (spec.suspend on the manifest engine; parallelism 0 on the typed engine: see What reaches the cluster in the README).",
    ),
});

const labelValue =
  (field: string): Problem =>
  (value) => {
    const reason = labelValueProblem(value);
    return reason && `${reason}, since it becomes the label ${field}`;
  };

/** Planton's RelationshipType, without its zero value `unspecified`, which Planton refuses. */
export const RELATIONSHIP_TYPES = [
  ["depends_on", 1],
  ["runs_on", 2],
  ["managed_by", 3],
  ["uses", 4],
] as const;

/** A CloudResourceRelationship (Planton's relationship.proto): kind, name and type are required. */
const relationshipSchema = strictObject({
  kind: cloudResourceKind(true).transform((kind) => kind as string),
  env: z.string().optional(),
  name: checkedString(nonEmpty),
  type: protoEnum(RELATIONSHIP_TYPES),
  group: z.string().optional(),
});

export const metadataSchema = strictObject({
  name: checkedString(dns1123LabelProblem),
  id: checkedString(labelValue("planton.ai/id")).optional(),
  org: checkedString(labelValue("planton.ai/organization")).optional(),
  env: checkedString(labelValue("planton.ai/environment")).optional(),
  slug: z.string().optional(),
  group: z.string().optional(),
  version: strictObject({ id: z.string().optional(), message: z.string().optional() }).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()).optional(),
  // Checked as Planton checks them; this component does not use them.
  relationships: z.array(relationshipSchema).optional(),
});

export const manifestSchema = strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(KIND),
  metadata: metadataSchema,
  spec: specSchema,
  // Written by Planton after a deployment; accepted and ignored.
  status: z.unknown().optional(),
});

/** A manifest as written by a user. */
export type KubernetesJobManifestInput = z.input<typeof manifestSchema>;
/** A manifest after validation, with every default applied. */
export type KubernetesJobManifest = z.output<typeof manifestSchema>;
export type KubernetesJobMetadata = KubernetesJobManifest["metadata"];
export type KubernetesJobSpec = KubernetesJobManifest["spec"];
export type ValueFromRef = z.output<typeof valueFromRefSchema>;
export type VolumeMount = NonNullable<KubernetesJobSpec["volumeMounts"]>[number];
export type VolumeSource = (typeof VOLUME_SOURCES)[number];

export const NAMESPACE_KIND = "KubernetesNamespace";

/**
 * A Planton KubernetesNamespace manifest, read only as a source of references
 * (`spec.namespace.valueFrom` defaults to its `spec.name`); it produces no stack. Its spec has
 * more fields than this component uses, so unknown spec fields are accepted.
 */
export const namespaceManifestSchema = strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(NAMESPACE_KIND),
  metadata: metadataSchema,
  spec: z.looseObject({ name: checkedString(dns1123LabelProblem).optional() }).prefault({}),
  status: z.unknown().optional(),
});

export type KubernetesNamespaceManifest = z.output<typeof namespaceManifestSchema>;
