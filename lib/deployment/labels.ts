/**
 * Deployment settings a manifest carries in `metadata.labels`: Planton's own keys for the
 * cluster context, the state backend and the Docker config, and this project's keys for
 * waiting. They describe where a manifest is deployed, not the Job.
 */
export const LABELS = {
  context: "kubernetes.project-planton.org/context",
  backendType: "terraform.project-planton.org/backend.type",
  backendObject: "terraform.project-planton.org/backend.object",
  dockerConfigJsonFile: "kubernetes.project-planton.org/docker-config-json-file",
  waitForCompletion: "kubernetes-job-cdktf/wait-for-completion",
  timeout: "kubernetes-job-cdktf/timeout",
} as const;
