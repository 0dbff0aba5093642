/**
 * Field builders for the current Planton API's messages, read as protojson reads them: proto3
 * strings and integers whose zero value means "unset", integers written as numbers or strings,
 * string fields limited by a CEL `in` list, quantities, label maps. Each message says the field's
 * value and what is allowed; the zod path is the field's path.
 */
import { z } from "zod";
import { JSON_SCHEMAS, QUANTITY_SCHEMAS } from "../schema";
import { labelValueProblem } from "../k8s/dns-names";
import { qualifiedNameProblem } from "../k8s/qualified-names";
import { parseQuantity, QUANTITY_SYNTAX } from "../k8s/quantity";
import { describeValue, showValue } from "../../values";
import { integerStringDigits } from "../protojson-integer";

/** A reason a string is not allowed, or undefined. */
export type StringProblem = (value: string) => string | undefined;

/** An object that rejects unknown fields, as protojson does. */
export const message = z.strictObject;

function firstProblem(value: string, problems: readonly StringProblem[]): string | undefined {
  for (const problem of problems) {
    const reason = problem(value);
    if (reason) return `${showValue(value)} ${reason}`;
  }
  return undefined;
}

/**
 * A proto3 `string` field: its zero value "" means unset, so "" and a missing field both give
 * undefined; any other value is checked by `problems`.
 */
export function protoString(...problems: StringProblem[]) {
  return z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined || value === "") return;
      const reason = firstProblem(value, problems);
      if (reason) ctx.addIssue({ code: "custom", message: reason, input: value });
    })
    .transform((value) => (value === "" ? undefined : value));
}

/** A string field buf.validate marks `required` (non-empty), checked by `problems`. */
export function requiredString(...problems: StringProblem[]) {
  return z.string().superRefine((value, ctx) => {
    if (value === "") {
      ctx.addIssue({ code: "custom", message: "is required and must not be empty", input: value });
      return;
    }
    const reason = firstProblem(value, problems);
    if (reason) ctx.addIssue({ code: "custom", message: reason, input: value });
  });
}

/**
 * A string field whose CEL rule allows only `values` (and "", meaning unset, unless `required`).
 * Read as the value, or undefined when unset.
 */
export function stringIn<const T extends string>(values: readonly T[], options: { required?: boolean } = {}) {
  const allowed = values.join(", ");
  const schema = z.unknown().transform((input, ctx): T | undefined => {
    if ((input === undefined || input === "") && !options.required) return undefined;
    if (typeof input === "string" && (values as readonly string[]).includes(input)) return input as T;
    const message =
      input === undefined || input === ""
        ? `is required; allowed: ${allowed}`
        : typeof input === "string"
          ? `${showValue(input)} is not allowed; allowed: ${allowed}`
          : `must be one of ${allowed}, got ${describeValue(input)}`;
    ctx.addIssue({ code: "custom", message, input });
    return z.NEVER;
  });
  JSON_SCHEMAS.set(schema, { type: "string", enum: options.required ? [...values] : ["", ...values] });
  return options.required ? schema.transform((value) => value as T) : schema.optional();
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** int64 values this tool reads exactly: JavaScript numbers are exact up to 2^53 - 1. */
const INT64_SAFE = Number.MAX_SAFE_INTEGER;

interface IntegerOptions {
  /** Proto type: int32 or int64 (uint32 is int64 with min 0 and max 2^32-1). */
  readonly type: "int32" | "int64" | "uint32";
  readonly min?: number;
  readonly max?: number;
  /** Where the bounds come from, said after a bound is crossed. */
  readonly why?: string;
  /** A proto3 field without presence: its zero value 0 means unset and reads as undefined. */
  readonly zeroIsUnset?: boolean;
  /**
   * A proto3 field without presence that buf.validate bounds: unset reads as 0 and must meet the
   * bounds too (protovalidate checks the zero value of such a field).
   */
  readonly checkUnset?: boolean;
}

/**
 * A proto integer as protojson reads it: a whole JSON number, or a string of digits (how protojson
 * writes 64-bit integers). Bounds: the type's, then `min`/`max` (buf.validate or Kubernetes).
 */
export function protoInteger(options: IntegerOptions) {
  const typeMin = options.type === "int32" ? INT32_MIN : options.type === "uint32" ? 0 : -INT64_SAFE;
  const typeMax = options.type === "int32" ? INT32_MAX : options.type === "uint32" ? 4294967295 : INT64_SAFE;
  const min = Math.max(options.min ?? typeMin, typeMin);
  const max = Math.min(options.max ?? typeMax, typeMax);
  // An int64 beyond 2^53 - 1 is valid in Planton but would be rounded here: said, not rounded.
  const readable = options.type === "int64" && max === INT64_SAFE ? "the largest whole number read exactly" : undefined;
  const reason = options.why ?? readable;
  const why = reason ? ` (${reason})` : "";
  const schema = z.unknown().transform((written, ctx): number | undefined => {
    if (written === undefined && !options.checkUnset) return undefined;
    const input = written ?? 0;
    const fail = (text: string) => {
      ctx.addIssue({ code: "custom", message: text, input });
      return z.NEVER;
    };
    const text = typeof input === "string" ? input.trim() : String(input);
    const numeric = typeof input === "number" || typeof input === "bigint";
    // A quoted integer may be any JSON number whose value is whole ("2.0", "1e3"), as protojson reads it.
    const digits = typeof input === "string" ? integerStringDigits(text, true) : text;
    if (digits === undefined || !(typeof input === "string" || numeric)) {
      return fail(`must be a whole number from ${min} to ${max}, got ${describeValue(input)}`);
    }
    const value = Number(digits);
    if (!Number.isInteger(value)) return fail(`must be a whole number, got ${text}`);
    if (typeof input === "number" && !Number.isSafeInteger(value)) {
      return fail(`is too large to be read exactly; allowed: ${min} to ${max}${why}`);
    }
    if (options.zeroIsUnset && value === 0) return undefined;
    if (written === undefined && (value < min || value > max)) {
      return fail(`is required: a whole number from ${min} to ${max}${why}`);
    }
    if (BigInt(digits) < BigInt(min)) return fail(`${text} is too small; the minimum is ${min}${why}`);
    if (BigInt(digits) > BigInt(max)) return fail(`${text} is too large; the maximum is ${max}${why}`);
    return value;
  });
  JSON_SCHEMAS.set(schema, {
    anyOf: [
      { type: "integer", minimum: min, maximum: max },
      { type: "string", pattern: "^-?[0-9]+$" },
    ],
  });
  return schema;
}

/** A Kubernetes quantity written as a string; "" means unset (proto3 string). */
export function quantityString() {
  const schema = z
    .union([z.string(), z.number()])
    .optional()
    .transform((value) => (value === undefined || value === "" ? undefined : String(value)))
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const parsed = parseQuantity(value);
      if (!parsed) {
        ctx.addIssue({ code: "custom", message: `${showValue(value)} is not ${QUANTITY_SYNTAX}`, input: value });
      } else if (parsed.numerator < 0n) {
        ctx.addIssue({ code: "custom", message: `${showValue(value)} must not be negative`, input: value });
      }
    });
  QUANTITY_SCHEMAS.add(schema);
  return schema;
}

/** A `map<string, string>` of labels: Kubernetes label keys and values. */
export function labelMap() {
  return z.record(
    z.string().superRefine((key, ctx) => {
      const reason = qualifiedNameProblem(key);
      if (reason) ctx.addIssue({ code: "custom", message: `${showValue(key)} ${reason}`, input: key });
    }),
    z.string().superRefine((value, ctx) => {
      const reason = labelValueProblem(value);
      if (reason) ctx.addIssue({ code: "custom", message: `${showValue(value)} ${reason}`, input: value });
    }),
  );
}

/** Kubernetes' limit on the total size of an object's annotations (ValidateAnnotationsSize). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** A `map<string, string>` of annotations: qualified-name keys, at most 256 KiB in all. */
export function annotationMap() {
  return z
    .record(
      z.string().superRefine((key, ctx) => {
        const reason = qualifiedNameProblem(key);
        if (reason) ctx.addIssue({ code: "custom", message: `${showValue(key)} ${reason}`, input: key });
      }),
      z.string(),
    )
    .superRefine((annotations, ctx) => {
      const size = Object.entries(annotations).reduce(
        (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value),
        0,
      );
      if (size > ANNOTATIONS_MAX_BYTES) {
        ctx.addIssue({
          code: "custom",
          message: `take ${size} bytes; Kubernetes allows at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations (keys and values)`,
          input: annotations,
        });
      }
    });
}

export { exactlyOne } from "../schema";

/** At most one of the given fields: a protobuf oneof, which protojson refuses to read twice. */
export function atMostOne<T extends object>(fields: readonly (keyof T & string)[], what: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const present = fields.filter((field) => value[field] !== undefined);
    if (present.length <= 1) return;
    ctx.addIssue({
      code: "custom",
      message: `has ${present.join(" and ")}; give at most one ${what} (one of ${fields.join(", ")})`,
      input: value,
    });
  };
}

/** Memoizes a schema builder, so that a module can export a schema without building it at import. */
export function lazily<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
