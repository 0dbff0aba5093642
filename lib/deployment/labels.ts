/**
 * Deployment settings a manifest carries: the cluster context, the state backend, the Docker
 * config, and this project's keys for waiting. They describe where a manifest is deployed, not
 * the Job. The first dialect carries them in `metadata.labels` under Planton's keys of the time;
 * the current Planton API in `metadata.annotations`, under its current keys (plantonhq/openmcf
 * _changelog/2026-07/2026-07-09-120000-platform-keys-move-from-labels-to-annotations.md; the
 * backend keys are pkg/iac/tofu/tofuannotationkeys/keys.go's for the provisioner "terraform").
 */
import { isPlantonManifest, type AnyJobManifest } from "../manifest/dialects";

export const LABELS = {
  context: "kubernetes.project-planton.org/context",
  backendType: "terraform.project-planton.org/backend.type",
  backendObject: "terraform.project-planton.org/backend.object",
  dockerConfigJsonFile: "kubernetes.project-planton.org/docker-config-json-file",
  waitForCompletion: "kubernetes-job-cdktf/wait-for-completion",
  timeout: "kubernetes-job-cdktf/timeout",
} as const;

/**
 * The current API's keys. The backend has no `backend.object` any more: `bucket` and `key` (the
 * state file's path in the bucket), with `region` and `endpoint` (an S3-compatible store) for S3.
 */
export const ANNOTATIONS = {
  context: "kubernetes.planton.dev/context",
  backendType: "terraform.planton.dev/backend.type",
  backendBucket: "terraform.planton.dev/backend.bucket",
  backendKey: "terraform.planton.dev/backend.key",
  backendRegion: "terraform.planton.dev/backend.region",
  backendEndpoint: "terraform.planton.dev/backend.endpoint",
  dockerConfigJsonFile: "kubernetes.planton.dev/docker-config-json-file",
  waitForCompletion: "kubernetes-job-cdktf/wait-for-completion",
  timeout: "kubernetes-job-cdktf/timeout",
} as const;

export type DeploymentKeys = typeof LABELS | typeof ANNOTATIONS;

/** The keys a manifest's dialect reads its deployment settings from. */
export const deploymentKeys = (manifest: AnyJobManifest): DeploymentKeys =>
  isPlantonManifest(manifest) ? ANNOTATIONS : LABELS;
