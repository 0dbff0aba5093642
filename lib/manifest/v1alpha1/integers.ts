/**
 * Integer fields of the current Planton API, read as protojson reads them: a JSON number, or a
 * string of digits (protojson writes 64-bit integers as strings and reads every integer type from
 * either form). Each field is bounded by its proto type (int32, uint32, int64), its buf.validate
 * rule (`gte`) and, where Kubernetes holds it in a narrower type, by that.
 */
import { z } from "zod";
import { JSON_SCHEMAS } from "../schema";
import { describeValue, showValue } from "../../values";
import { integerStringDigits } from "../protojson-integer";

export type ProtoIntegerType = "int32" | "uint32" | "int64";

const TYPE_RANGES: Record<ProtoIntegerType, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

export interface IntegerBounds {
  /** The buf.validate lower bound (`gte`), when the proto has one. */
  readonly min?: number;
  /** A Kubernetes upper bound narrower than the proto type, and why it applies. */
  readonly max?: number;
  readonly maxWhy?: string;
}

/** An integer of a proto type within bounds; one message per value, quoting it as written. */
export function protoInteger(type: ProtoIntegerType, bounds: IntegerBounds = {}) {
  const [typeMin, typeMax] = TYPE_RANGES[type];
  const min = bounds.min === undefined ? typeMin : BigInt(bounds.min);
  const max = bounds.max === undefined ? typeMax : BigInt(bounds.max);
  const maxWhy = bounds.max === undefined ? `the largest ${type}` : (bounds.maxWhy ?? `the largest ${type}`);
  const schema = z.unknown().transform((input, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message, input });
      return z.NEVER;
    };
    const range = `a whole number from ${min} to ${max} (${type})`;
    const numeric = typeof input === "number" || typeof input === "bigint";
    // A quoted integer may be any JSON number whose value is whole ("2.0", "1e3"), as protojson reads it.
    const digits = typeof input === "string" ? integerStringDigits(input, true) : String(input);
    if (digits === undefined || !(typeof input === "string" || numeric)) {
      const got = typeof input === "string" ? `string ${showValue(input)}` : describeValue(input);
      return fail(`must be ${range}, got ${got}`);
    }
    const text = String(input);
    if (typeof input === "number" && !Number.isInteger(input)) return fail(`must be ${range}, got ${text}`);
    // A YAML number beyond 2^53 was rounded when it was read: its digits are not quoted.
    if (typeof input === "number" && !Number.isSafeInteger(input)) {
      return fail(`is too large to be read exactly; it must be ${range}`);
    }
    const value = BigInt(digits);
    if (value < min) return fail(`${text} is too small; the minimum is ${min}`);
    if (value > max) return fail(`${text} is too large; the maximum is ${max} (${maxWhy})`);
    return Number(value);
  });
  JSON_SCHEMAS.set(schema, {
    anyOf: [
      { type: "integer", minimum: Number(min), maximum: Number(max) },
      { type: "string", pattern: "^-?[0-9]+$" },
    ],
  });
  return schema;
}
