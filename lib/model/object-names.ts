/**
 * Names of the objects the component creates for a Job, derived from metadata.name. As the name is
 * a DNS-1123 label (at most 63 characters), each derived name is a valid DNS-1123 subdomain.
 */
export const envSecretsName = (jobName: string): string => `${jobName}-env-secrets`;
export const imagePullSecretName = (jobName: string): string => `${jobName}-image-pull-secret`;
export const serviceAccountName = (jobName: string): string => jobName;
export const CONTAINER_NAME = "job-container";
/** Env variables the component sets itself, before the user's. */
export const BUILT_IN_ENV = ["HOSTNAME", "K8S_POD_ID"] as const;
/** Namespaces every cluster already has: creating one fails at apply time. */
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;
