/**
 * The objects of a manifest of either dialect: each dialect has its own mapping into the one
 * object model (./job-objects.ts for the first, ./planton-objects.ts for the current Planton API);
 * everything downstream (both engines, render, the revision) sees only the objects.
 */
import { isPlantonManifest, type JobManifestParts } from "../manifest/dialects";
import { jobObjects, type JobObjects } from "./job-objects";
import { plantonJobObjects } from "./planton-objects";

export function objectsOf(manifest: JobManifestParts, dockerConfigJson?: string): JobObjects {
  const docker = dockerConfigJson !== undefined ? { dockerConfigJson } : {};
  return isPlantonManifest(manifest)
    ? plantonJobObjects({ metadata: manifest.metadata, spec: manifest.spec, ...docker })
    : jobObjects({ metadata: manifest.metadata, spec: manifest.spec, ...docker });
}
