/**
 * Values as terraform-plugin-sdk v2 hands them to the provider's expanders (d.Get: every attribute
 * of the schema, unset ones as their schema Default or Go's zero value), and how Go's
 * encoding/json then writes the API object (omitempty on plain fields, pointers sent when set).
 */
import { isObject, type Json, type JsonObject } from "./stack";

/** The provider (or the API server behind it) refuses the configuration at apply. */
export class ApplyError extends Error {}

/** A string attribute: unset is the schema Default, else "". */
export function str(body: JsonObject | undefined, key: string, schemaDefault = ""): string {
  const value = body?.[key];
  return typeof value === "string" ? value : value === undefined || value === null ? schemaDefault : String(value);
}

/** An int attribute: Terraform converts a numeric string; unset is the schema Default, else 0. */
export function int(body: JsonObject | undefined, key: string, schemaDefault = 0): number {
  const value = body?.[key];
  if (value === undefined || value === null) return schemaDefault;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n)) throw new ApplyError(`${key}: ${JSON.stringify(value)} is not a whole number`);
  return n;
}

export function bool(body: JsonObject | undefined, key: string, schemaDefault = false): boolean {
  const value = body?.[key];
  if (value === undefined || value === null) return schemaDefault;
  return value === true || value === "true";
}

/** Go's int32(v) on a 64-bit int: keeps the low 32 bits, so 4294967295 becomes -1. */
export const goInt32 = (v: number): number => Number(BigInt.asIntN(32, BigInt(v)));

export function stringMap(value: Json | undefined): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : String(v)] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function stringList(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.map((item) => (typeof item === "string" ? item : String(item))) : [];
}

/** Drops the keys Go's encoding/json would omit (`omitempty`): undefined, "", false, empty map or list. */
export function compact(object: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || value === "" || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isObject(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** A pointer field: sent whenever set, false and 0 included. */
export const pointer = <T extends Json>(value: T): { set: T } => ({ set: value });
export function withPointers(object: Record<string, Json | { set: Json } | undefined>): JsonObject {
  const plain: Record<string, Json | undefined> = {};
  const pointers: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (isPointer(value)) pointers[key] = value.set;
    else plain[key] = value;
  }
  return { ...compact(plain), ...pointers };
}
const isPointer = (value: unknown): value is { set: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).join() === "set";

/** An int attribute Go writes with omitempty (a plain int32): 0 is not sent. */
export const nonZero = (value: number): number | undefined => (value === 0 ? undefined : value);

/** strconv.ParseInt(text, 10, 64), as the provider reads ids and seconds it declares as strings; "" is unset. */
export function parseInt64(body: JsonObject | undefined, key: string): number | undefined {
  const text = str(body, key);
  if (text === "") return undefined;
  if (!/^[+-]?\d+$/.test(text)) {
    throw new ApplyError(`${key}: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  return Number(text);
}

/** A list of ints (TypeList or TypeSet of TypeInt). */
export function intList(value: Json | undefined): number[] {
  return Array.isArray(value) ? value.map((item) => Number(item)) : [];
}
