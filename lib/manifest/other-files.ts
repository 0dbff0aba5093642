/**
 * Files that are given where a manifest is expected but are something else this tool (or
 * Kubernetes) reads: a clusters file, a refs file, a Kubernetes object. Each is named as what it
 * looks like, with the flag that takes it, instead of a list of unknown fields.
 */
import { error, type Problem } from "../diagnostics";
import { API_VERSION, KIND } from "./defaults";
import { closest } from "../suggest";
import { showValue } from "../values";

/** `batch/v1`, `v1`, `apps/v1beta2`: a Kubernetes API version (its group, if any, then its version). */
const KUBERNETES_API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v\d+(?:(?:alpha|beta)\d+)?$/;
/** Project Planton's API groups (kubernetes.project-planton.org, ...): those are its manifests. */
const PLANTON_GROUP = /(^|\.)project-planton\.org\//;

/** Why a document is not a manifest, when it is plainly another kind of file; undefined otherwise. */
export function notAManifest(value: unknown): Problem | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { apiVersion, kind, clusters, refs } = value as Record<string, unknown>;
  if (apiVersion === undefined && kind === undefined) {
    if (clusters !== undefined) return settingsFile("a clusters file", "clusters", "--clusters FILE", "clusters");
    if (refs !== undefined) return settingsFile("a refs file", "refs", "--refs FILE", "refs");
    return undefined;
  }
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  if (PLANTON_GROUP.test(apiVersion) || !KUBERNETES_API_VERSION.test(apiVersion)) return undefined;
  // A KubernetesJob (or a kind close to it) with a wrong apiVersion is a manifest with a mistake.
  if (/^Kubernetes/i.test(kind) || closest(kind, [KIND]) === KIND) return undefined;
  const rewrite =
    kind === "Job"
      ? `; to deploy this Job with kubernetes-job, write it as a ${KIND} manifest (see "The manifest" in the README)`
      : "";
  return error(
    [],
    `is a Kubernetes ${kind} (apiVersion ${showValue(apiVersion)}), not a ${KIND} manifest (apiVersion ${API_VERSION}): ` +
      `kubernetes-job reads ${KIND} manifests and produces Kubernetes objects from them (kubernetes-job render prints them); ` +
      `it does not convert Kubernetes objects${rewrite}`,
  );
}

function settingsFile(what: string, key: string, flag: string, contextKey: string): Problem {
  return error(
    [],
    `looks like ${what} (a list under "${key}:"), not a manifest: give it with ${flag} ` +
      `(the cdktf.json context key "${contextKey}"), not among the manifest paths`,
  );
}
