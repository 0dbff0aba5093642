/**
 * Planton's StringValueOrRef (apis/dev/planton/shared/foreignkey/v1/foreign_key.proto): a literal
 * `value` or a `valueFrom` reference {kind, env, name, fieldPath} to a field of another resource.
 * The validated shape is the first dialect's (`spec.namespace` in lib/manifest/schema.ts): exactly
 * one of `value` / `valueFrom`, the reference's kind and fieldPath defaulted from the field's
 * `default_kind` / `default_kind_field_path` options, so lib/manifest/references.ts resolves both
 * dialects' references with the same code.
 */
import { z } from "zod";
import { valueFromRefSchema } from "../schema";
import { message, type StringProblem } from "./fields";
import { showValue } from "../../values";

type OneOf<T, K extends keyof T> = {
  [P in K]-?: Required<Pick<T, P>> & { [Q in Exclude<K, P>]?: undefined } & Omit<T, K>;
}[K];

/** The field's `default_kind` and `default_kind_field_path` options. */
export interface RefDefaults {
  readonly kind: string;
  readonly fieldPath: string;
}

/** A ValueFromRef without defaults (env variables' `valueFrom`): only `name` is required. */
export const plainValueFromRef = () => valueFromRefSchema;

/**
 * A StringValueOrRef field. `valueProblems` check a literal value (for a ServiceAccount name, a
 * DNS-1123 subdomain). foreign_key.proto's CEL `string_value_or_ref.non_empty`: when present,
 * it carries a non-empty value or a reference; the oneof `literal_or_ref` allows only one.
 */
export function stringValueOrRef(defaults: RefDefaults, ...valueProblems: StringProblem[]) {
  const reference = valueFromRefSchema.extend({
    kind: valueFromRefSchema.shape.kind.transform((kind) => kind ?? defaults.kind),
    fieldPath: z
      .string()
      .optional()
      .transform((fieldPath) => (fieldPath === undefined || fieldPath === "" ? defaults.fieldPath : fieldPath)),
  });
  return message({
    value: z
      .string()
      .superRefine((value, ctx) => {
        for (const problem of valueProblems) {
          const reason = value === "" ? undefined : problem(value);
          if (reason) {
            ctx.addIssue({ code: "custom", message: `${showValue(value)} ${reason}`, input: value });
            return;
          }
        }
      })
      .optional(),
    valueFrom: reference.optional(),
  })
    .superRefine((field, ctx) => {
      if (field.value !== undefined && field.valueFrom !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: "has value and valueFrom; give exactly one: a literal value or a reference (valueFrom)",
          input: field,
        });
      } else if ((field.value === undefined || field.value === "") && field.valueFrom === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `needs a non-empty value or a reference (valueFrom), got ${field.value === "" ? 'value ""' : "neither"}`,
          input: field,
        });
      }
    })
    .transform((field) => field as OneOf<typeof field, "value" | "valueFrom">);
}

/** pod.serviceAccount (workload_pod.proto: default_kind KubernetesServiceAccount). */
export const SERVICE_ACCOUNT_REF_DEFAULTS: RefDefaults = {
  kind: "KubernetesServiceAccount",
  fieldPath: "status.outputs.service_account_name",
};

/** pod.imagePullSecrets[] (workload_pod.proto: default_kind KubernetesSecret). */
export const IMAGE_PULL_SECRET_REF_DEFAULTS: RefDefaults = { kind: "KubernetesSecret", fieldPath: "spec.name" };
