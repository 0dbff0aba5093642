/**
 * The KubernetesJob manifest of the current Planton API (`kubernetes.planton.dev/v1alpha1`):
 * its shape, single-field rules and `options.default` defaults, read from plantonhq/openmcf
 * apis/dev/planton/provider/kubernetes/kubernetesjob/v1alpha1/{api.proto, spec.proto}. Rules that
 * relate several fields live in ./validate.ts.
 *
 * The schema is built on first use (plantonManifestSchema()): a run of first-dialect manifests
 * never pays for it.
 */
import { z } from "zod";
import { KIND } from "../defaults";
import { dns1123LabelProblem } from "../k8s/dns-names";
import { checkedString, JSON_SCHEMAS, metadataSchema } from "../schema";
import { showValue } from "../../values";
import { protoInteger } from "./integers";
import { stringValueOrRef } from "./value-or-ref";
import { containerSchema, podSchema } from "./workload";

import { PLANTON_API_VERSION } from "./api-version";

export { PLANTON_API_VERSION };

/** The `options.default` values of spec.proto, applied by the schema. */
export const PLANTON_DEFAULTS = {
  parallelism: 1,
  completions: 1,
  completionMode: "NonIndexed",
  backoffLimit: 6,
  restartPolicy: "Never",
  podConditionStatus: "True",
  namespaceReference: { kind: "KubernetesNamespace", fieldPath: "spec.name" },
} as const;

export const COMPLETION_MODES = ["NonIndexed", "Indexed"] as const;
export const RESTART_POLICIES = ["Never", "OnFailure"] as const;
export const POD_FAILURE_ACTIONS = ["FailJob", "Ignore", "Count", "FailIndex"] as const;
export const EXIT_CODE_OPERATORS = ["In", "NotIn"] as const;
export const CONDITION_STATUSES = ["True", "False", "Unknown"] as const;

/** Kubernetes holds these counts as int32 (k8s.io/api batch/v1 JobSpec). */
const INT32_MAX = 2147483647;
const KUBERNETES_INT32 = "Kubernetes stores it as a 32-bit signed integer";
/**
 * The Job controller turns activeDeadlineSeconds into a Go time.Duration (nanoseconds in an
 * int64; pkg/controller/job/job_controller.go, pastActiveDeadline): floor((2^63 - 1) / 10^9).
 */
const MAX_DEADLINE_SECONDS = 9223372036;

/**
 * A string field whose CEL rule allows a fixed list (spec.proto keeps these as strings, not
 * enums). `emptyMeansDefault`: the CEL rule also allows "" (`this == '' || this in [...]`), which
 * Planton reads as unset; it is read here as the default.
 */
function stringChoice<const T extends string>(
  values: readonly T[],
  options: { emptyMeansDefault?: T; why?: (input: string) => string | undefined } = {},
) {
  const allowed = values.join(", ");
  const schema = z.unknown().transform((input, ctx): T => {
    if (input === "" && options.emptyMeansDefault !== undefined) return options.emptyMeansDefault;
    const found = values.find((value) => value === input);
    if (found !== undefined) return found;
    const why = typeof input === "string" ? options.why?.(input) : undefined;
    const message =
      input === undefined || input === ""
        ? `is required; allowed: ${allowed}`
        : `${showValue(input)} is not allowed; allowed: ${allowed}${why ? ` (${why})` : ""}`;
    ctx.addIssue({ code: "custom", message, input });
    return z.NEVER;
  });
  const written = options.emptyMeansDefault === undefined ? [...values] : [...values, ""];
  JSON_SCHEMAS.set(schema, { type: "string", enum: written });
  return schema;
}

/** A repeated field with `repeated.min_items = 1`: unset and empty are the same to protobuf. */
function atLeastOne<K extends string>(field: K, what: string) {
  return (value: Partial<Record<K, readonly unknown[]>>, ctx: z.RefinementCtx) => {
    const list = value[field];
    if (list !== undefined && list.length > 0) return;
    ctx.addIssue({
      code: "custom",
      path: [field],
      message: list === undefined ? `is required: at least one ${what}` : `is empty; give at least one ${what}`,
      input: list,
    });
  };
}

const nonEmpty =
  (what: string) =>
  (value: string): string | undefined =>
    value === "" ? `must not be empty: ${what}` : undefined;

/**
 * CEL spec.success_policy.rule.succeeded_indexes: comma-separated indexes or ranges. Whether they
 * are in increasing order and within completions is the API server's rule (./validate.ts).
 */
const INDEX_LIST = /^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/;
function indexListProblem(value: string): string | undefined {
  if (value === "" || INDEX_LIST.test(value)) return undefined;
  return 'is not a list of indexes: comma-separated indexes or ranges such as "0", "0-2,4"';
}

/** The name Planton gives the app container when it has none (iac/pulumi/module/job.go, job: "app"). */
export const APP_CONTAINER_DEFAULT_NAME = "app";

/** Every schema of the manifest, built once on first use. */
function buildSchemas() {
  // spec.proto: namespace required, default_kind KubernetesNamespace, default_kind_field_path spec.name;
  // a literal namespace is a DNS-1123 label (the API server's rule for namespace names).
  const namespaceSchema = stringValueOrRef(PLANTON_DEFAULTS.namespaceReference, dns1123LabelProblem);
  const workloadContainerSchema = containerSchema();
  const workloadPodSchema = podSchema();

  const jobContainerSchema = z.strictObject({
    app: workloadContainerSchema.describe(
      "Required. The main container: the one whose exit decides the pod's outcome.",
    ),
    sidecars: z
      .array(workloadContainerSchema)
      .optional()
      .describe("Named containers beside the app; a Job pod completes only when every one of them exits."),
  });

  // spec.proto KubernetesJobPodFailurePolicyOnExitCodes: operator required and In/NotIn; values
  // at least one (repeated.min_items = 1). container_name "" matches any container: read as unset.
  const onExitCodesSchema = z
    .strictObject({
      containerName: z
        .string()
        .optional()
        .transform((name) => (name === "" ? undefined : name)),
      operator: stringChoice(EXIT_CODE_OPERATORS),
      values: z.array(protoInteger("int32")).optional(),
    })
    .superRefine(atLeastOne("values", "exit code"))
    .transform(({ values, ...rest }) => ({ ...rest, values: values ?? [] }));

  // KubernetesJobPodFailurePolicyOnPodCondition: type required; status defaults to "True".
  const onPodConditionSchema = z.strictObject({
    type: checkedString(nonEmpty("a pod condition type such as DisruptionTarget")),
    status: stringChoice(CONDITION_STATUSES, { emptyMeansDefault: PLANTON_DEFAULTS.podConditionStatus }).default(
      PLANTON_DEFAULTS.podConditionStatus,
    ),
  });

  // KubernetesJobPodFailurePolicyRule: action required and one of four; CEL
  // spec.pod_failure_policy.rule.exactly_one_trigger (an empty onPodConditions list is no trigger).
  const podFailurePolicyRuleSchema = z
    .strictObject({
      action: stringChoice(POD_FAILURE_ACTIONS),
      onExitCodes: onExitCodesSchema.optional(),
      onPodConditions: z.array(onPodConditionSchema).optional(),
    })
    .superRefine((rule, ctx) => {
      const exitCodes = rule.onExitCodes !== undefined;
      const conditions = (rule.onPodConditions ?? []).length > 0;
      if (exitCodes !== conditions) return;
      ctx.addIssue({
        code: "custom",
        message: exitCodes
          ? "has both onExitCodes and onPodConditions; a rule takes exactly one trigger (write two rules)"
          : "needs a trigger: onExitCodes {operator, values} or onPodConditions [{type, status}]",
        input: rule,
      });
    });

  // KubernetesJobSuccessPolicyRule: CEL spec.success_policy.rule.succeeded_indexes (syntax),
  // succeeded_count >= 1, CEL spec.success_policy.rule.at_least_one_criterion. "" is unset.
  const successPolicyRuleSchema = z
    .strictObject({
      succeededIndexes: checkedString(indexListProblem)
        .optional()
        .transform((indexes) => (indexes === "" ? undefined : indexes)),
      succeededCount: protoInteger("int32", { min: 1 }).optional(),
    })
    .superRefine((rule, ctx) => {
      if (rule.succeededIndexes !== undefined || rule.succeededCount !== undefined) return;
      ctx.addIssue({
        code: "custom",
        message: 'needs succeededIndexes (such as "0" or "0-2,4"), succeededCount (1 or more), or both',
        input: rule,
      });
    });

  const rulesOf = <T extends z.ZodType>(rule: T, what: string) =>
    z
      .strictObject({ rules: z.array(rule).optional() })
      .superRefine(atLeastOne("rules", what))
      .transform(({ rules }) => ({ rules: rules ?? [] }));

  const specSchema = z.strictObject({
    namespace: namespaceSchema.describe(
      "Required. The Job's namespace: {value} (a DNS-1123 label) or {valueFrom} (a KubernetesNamespace's spec.name by default).",
    ),
    createNamespace: z.boolean().default(false).describe("Create the namespace too."),
    container: jobContainerSchema.describe("Required. {app, sidecars}: the containers of every Job pod."),
    pod: workloadPodSchema
      .optional()
      .describe("Pod settings: service account reference, init containers, scheduling, security, DNS."),
    parallelism: protoInteger("int32", { min: 0 })
      .default(PLANTON_DEFAULTS.parallelism)
      .describe("Pods running at once."),
    completions: protoInteger("int32", { min: 0 })
      .default(PLANTON_DEFAULTS.completions)
      .describe("Successful pods needed; the number of indexes when Indexed."),
    completionMode: stringChoice(COMPLETION_MODES, { emptyMeansDefault: PLANTON_DEFAULTS.completionMode })
      .default(PLANTON_DEFAULTS.completionMode)
      .describe("NonIndexed (interchangeable pods) or Indexed (each pod gets a completion index)."),
    backoffLimit: protoInteger("int32", { min: 0 })
      .default(PLANTON_DEFAULTS.backoffLimit)
      .describe("Pod failures before the Job fails."),
    backoffLimitPerIndex: protoInteger("uint32", { max: INT32_MAX, maxWhy: KUBERNETES_INT32 })
      .optional()
      .describe("Retries per completion index (Indexed only); unset: the global backoffLimit."),
    maxFailedIndexes: protoInteger("uint32", { max: INT32_MAX, maxWhy: KUBERNETES_INT32 })
      .optional()
      .describe("Failed indexes before the whole Job fails; needs backoffLimitPerIndex."),
    activeDeadlineSeconds: protoInteger("int64", {
      min: 1,
      max: MAX_DEADLINE_SECONDS,
      maxWhy:
        "the Job controller turns it into a Go time.Duration (nanoseconds in a signed 64-bit integer), which would overflow",
    })
      .optional()
      .describe("Seconds the Job may run before it is stopped; unset: no deadline."),
    ttlSecondsAfterFinished: protoInteger("int32", { min: 0 })
      .optional()
      .describe("Seconds after finishing when Kubernetes deletes the Job; 0: at once; unset: never."),
    suspend: z.boolean().default(false).describe("Create the Job without starting pods."),
    restartPolicy: stringChoice(RESTART_POLICIES, {
      emptyMeansDefault: PLANTON_DEFAULTS.restartPolicy,
      why: (input) =>
        input === "Always" ? "Always would restart completed containers, so the Job could never finish" : undefined,
    })
      .default(PLANTON_DEFAULTS.restartPolicy)
      .describe("Never (a new pod per failure) or OnFailure (restart the container in place)."),
    podFailurePolicy: rulesOf(podFailurePolicyRuleSchema, "rule {action, onExitCodes | onPodConditions}")
      .optional()
      .describe("Ordered rules {action, onExitCodes | onPodConditions}; needs restartPolicy Never."),
    successPolicy: rulesOf(successPolicyRuleSchema, "rule {succeededIndexes, succeededCount}")
      .optional()
      .describe("Rules {succeededIndexes, succeededCount} for early success (Indexed only)."),
  });

  const manifestSchema = z.strictObject({
    apiVersion: z.literal(PLANTON_API_VERSION),
    kind: z.literal(KIND),
    metadata: metadataSchema,
    spec: specSchema,
    // Written by Planton after a deployment; accepted and ignored.
    status: z.unknown().optional(),
  });
  return { manifestSchema, specSchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | undefined;

/** The v1alpha1 schemas, built on the first call. */
export function plantonSchemas(): Schemas {
  schemas ??= buildSchemas();
  return schemas;
}

export const plantonManifestSchema = () => plantonSchemas().manifestSchema;

/** A v1alpha1 manifest after validation, with every default applied. */
export type PlantonJobManifest = z.output<Schemas["manifestSchema"]>;
export type PlantonJobManifestInput = z.input<Schemas["manifestSchema"]>;
export type PlantonJobSpec = PlantonJobManifest["spec"];
export type PlantonPodFailurePolicyRule = NonNullable<PlantonJobSpec["podFailurePolicy"]>["rules"][number];
export type PlantonSuccessPolicyRule = NonNullable<PlantonJobSpec["successPolicy"]>["rules"][number];
