/**
 * Name and key rules of the Kubernetes API server (k8s.io/apimachinery validation), for the
 * objects this component creates. Each returns a reason when the value is invalid, or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

/** Namespaces, volume names, Job names: what Kubernetes calls a DNS-1123 label. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > DNS1123_LABEL_MAX) {
    return `must be at most ${DNS1123_LABEL_MAX} characters (it has ${value.length})`;
  }
  if (!DNS1123_LABEL.test(value)) {
    return "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
  }
  return undefined;
}

/** ConfigMap, Secret, ServiceAccount and PersistentVolumeClaim names. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    return `must be at most ${DNS1123_SUBDOMAIN_MAX} characters (it has ${value.length})`;
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > LABEL_VALUE_MAX) {
    return `must be at most ${LABEL_VALUE_MAX} characters to be used as a label value (it has ${value.length})`;
  }
  if (!LABEL_VALUE.test(value)) {
    return "must be a valid label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Keys of ConfigMap and Secret data. */
export function configMapKeyProblem(value: string): string | undefined {
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    return `must be at most ${DNS1123_SUBDOMAIN_MAX} characters (it has ${value.length})`;
  }
  if (!CONFIG_MAP_KEY.test(value)) {
    return "must consist of letters, digits, '-', '_' and '.'";
  }
  if (value === "." || value === ".." || value.startsWith("..")) {
    return "must not be '.' or '..' or start with '..'";
  }
  return undefined;
}

export function envVarNameProblem(value: string): string | undefined {
  if (!ENV_VAR_NAME.test(value)) {
    return "must consist of letters, digits, '_', '-' and '.', and must not start with a digit";
  }
  return undefined;
}

/** subPath and projected item paths: relative, with no '..' element. */
export function relativePathProblem(value: string): string | undefined {
  if (value.startsWith("/")) return "must be a relative path";
  if (value.split("/").includes("..")) return "must not contain '..'";
  return undefined;
}

/** Paths on a host or in a container: absolute, with no '..' element. */
export function absolutePathProblem(value: string): string | undefined {
  if (!value.startsWith("/")) return "must be an absolute path (starting with '/')";
  if (value.split("/").includes("..")) return "must not contain '..'";
  return undefined;
}
