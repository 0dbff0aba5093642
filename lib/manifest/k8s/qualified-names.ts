/**
 * More name rules of the Kubernetes API server (k8s.io/apimachinery/pkg/util/validation and
 * pkg/apis/core/validation), for the pod-level fields of the current Planton API: label and
 * annotation keys, IANA service names of ports, IP addresses, HTTP header names, sysctls. Each
 * returns a reason when the value is invalid, or undefined.
 */
import { isIP } from "node:net";
import { dns1123SubdomainProblem } from "./dns-names";

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MAX = 63;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const IANA_SVC_NAME_MAX = 15;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
// validation.IsValidSysctlName: dot- or slash-separated segments of lowercase letters, digits, '_' and '-'.
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const SYSCTL_NAME_MAX = 253;

/** Label and annotation keys: `[prefix/]name`, prefix a DNS-1123 subdomain (IsQualifiedName). */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split("/");
  if (parts.length > 2) return "must be a name with at most one '/': an optional DNS subdomain prefix and a name";
  const name = parts.at(-1) as string;
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === "") return "must not start with '/': the prefix before '/' must not be empty";
    const reason = dns1123SubdomainProblem(prefix);
    if (reason) return `has the prefix ${JSON.stringify(prefix)}, which ${reason}`;
  }
  if (name === "") return "must have a name (after the optional prefix and '/')";
  if (name.length > QUALIFIED_NAME_MAX) {
    return `must have a name part of at most ${QUALIFIED_NAME_MAX} characters (it has ${name.length})`;
  }
  if (!QUALIFIED_NAME.test(name)) {
    return "must be a qualified name: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, with an optional DNS subdomain prefix and '/' (e.g. example.com/my-name)";
  }
  return undefined;
}

/** Named container ports and probe ports (validation.IsValidPortName). */
export function ianaServiceNameProblem(value: string): string | undefined {
  if (value.length > IANA_SVC_NAME_MAX) {
    return `must be at most ${IANA_SVC_NAME_MAX} characters to be a port name (it has ${value.length})`;
  }
  if (!IANA_SVC_NAME.test(value)) {
    return "must be a port name: lowercase letters, digits and '-', starting and ending with a letter or digit";
  }
  if (value.includes("--")) return "must not contain '--' (two hyphens in a row)";
  if (!/[a-z]/.test(value)) return "must contain at least one letter";
  return undefined;
}

/** hostAliases[].ip and dnsConfig.nameservers (validation.IsValidIP). */
export function ipAddressProblem(value: string): string | undefined {
  return isIP(value) === 0 ? "must be an IPv4 or IPv6 address (e.g. 10.0.0.1)" : undefined;
}

/** httpGet.httpHeaders[].name (validation.IsHTTPHeaderName). */
export function httpHeaderNameProblem(value: string): string | undefined {
  return HTTP_HEADER_NAME.test(value) ? undefined : "must be an HTTP header name: letters, digits and '-'";
}

/** securityContext.sysctls[].name (validation.IsValidSysctlName). */
export function sysctlNameProblem(value: string): string | undefined {
  if (value.length > SYSCTL_NAME_MAX) return `must be at most ${SYSCTL_NAME_MAX} characters (it has ${value.length})`;
  if (!SYSCTL_NAME.test(value)) {
    return "must be a sysctl name: lowercase segments of letters, digits, '_' and '-', separated by '.' or '/' (e.g. net.core.somaxconn)";
  }
  return undefined;
}
