/**
 * The apiVersion of the current Planton API, alone in its module: lib/manifest/parse.ts tells the
 * dialects apart with it without loading the v1alpha1 schemas (a first-dialect run never does).
 */
import { showValue } from "../../values";

export const PLANTON_API_VERSION = "kubernetes.planton.dev/v1alpha1";

/** What is wrong with an apiVersion neither dialect has: both accepted versions are named. */
export function apiVersionProblem(apiVersion: unknown, firstDialect: string): string {
  const accepted = `${firstDialect} or ${PLANTON_API_VERSION}`;
  return apiVersion === undefined
    ? `is required: ${accepted}`
    : `${showValue(apiVersion)} is not supported: expected ${accepted}`;
}

/**
 * A document with another apiVersion that is written for the current API: Planton's domain in its
 * apiVersion, or a spec with the current API's container or pod (the first dialect has neither).
 * Its problems are then the current API's, not a list of fields the first dialect does not have.
 */
export function writtenForPlanton(value: Record<string, unknown>): boolean {
  const apiVersion = value.apiVersion ?? value.api_version;
  if (typeof apiVersion === "string" && apiVersion.includes("planton.dev/")) return true;
  const spec = value.spec;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return false;
  return ("container" in spec || "pod" in spec) && !("image" in spec);
}
