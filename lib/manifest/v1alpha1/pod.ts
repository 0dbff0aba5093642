/**
 * WorkloadPod (apis/dev/planton/provider/kubernetes/workload_pod.proto): identity, init
 * containers, pod labels and annotations, scheduling, the pod security context, DNS, host aliases,
 * termination. Rules: buf.validate and CEL of the proto, and the API server's for these fields
 * (pkg/apis/core/validation: ValidatePodSpec, validatePodDNSConfig, ValidateHostAliases,
 * ValidatePodSecurityContext, validateSysctls).
 */
import { z } from "zod";
import { dns1123SubdomainProblem } from "../k8s/dns-names";
import { ipAddressProblem, sysctlNameProblem } from "../k8s/qualified-names";
import { containerSchema, idField, seccompProfileSchema } from "./container";
import {
  annotationMap,
  labelMap,
  lazily,
  message,
  protoInteger,
  protoString,
  requiredString,
  stringIn,
} from "./fields";
import { schedulingSchema } from "./scheduling";
import { IMAGE_PULL_SECRET_REF_DEFAULTS, SERVICE_ACCOUNT_REF_DEFAULTS, stringValueOrRef } from "./value-or-ref";
import { showValue } from "../../values";

export const DNS_POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"] as const;
export const FS_GROUP_CHANGE_POLICIES = ["Always", "OnRootMismatch"] as const;

/** validatePodDNSConfig: at most 3 nameservers, 32 search domains of at most 2048 characters in all. */
export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCHES = 32;
export const MAX_DNS_SEARCH_CHARS = 2048;

function dnsConfigSchema() {
  return message({
    nameservers: z
      .array(requiredString(ipAddressProblem))
      .max(MAX_DNS_NAMESERVERS, {
        error: (issue) =>
          `has ${(issue.input as unknown[]).length} nameservers; at most ${MAX_DNS_NAMESERVERS} are allowed`,
      })
      .optional(),
    searches: z
      .array(requiredString((value) => dns1123SubdomainProblem(value.replace(/\.$/, ""))))
      .max(MAX_DNS_SEARCHES, {
        error: (issue) =>
          `has ${(issue.input as unknown[]).length} search domains; at most ${MAX_DNS_SEARCHES} are allowed`,
      })
      .superRefine((searches, ctx) => {
        const chars = searches.join(" ").length;
        if (chars > MAX_DNS_SEARCH_CHARS) {
          ctx.addIssue({
            code: "custom",
            message: `take ${chars} characters; at most ${MAX_DNS_SEARCH_CHARS} are allowed in all`,
            input: searches,
          });
        }
      })
      .optional(),
    options: z.array(message({ name: requiredString(), value: protoString() })).optional(),
  });
}

function podSecurityContextSchema() {
  return message({
    runAsUser: idField(),
    runAsGroup: idField(),
    runAsNonRoot: z.boolean().optional(),
    fsGroup: idField(),
    fsGroupChangePolicy: stringIn(FS_GROUP_CHANGE_POLICIES),
    supplementalGroups: z.array(idField()).optional(),
    sysctls: z
      .array(message({ name: requiredString(sysctlNameProblem), value: requiredString() }))
      .superRefine((sysctls, ctx) => {
        // validateSysctls: each name once.
        const seen = new Map<string, number>();
        sysctls.forEach((sysctl, index) => {
          const first = seen.get(sysctl.name);
          if (first === undefined) seen.set(sysctl.name, index);
          else
            ctx.addIssue({
              code: "custom",
              path: [index, "name"],
              message: `${showValue(sysctl.name)} is already set by sysctls[${first}]; each sysctl can be set once`,
              input: sysctl.name,
            });
        });
      })
      .optional(),
    seccompProfile: seccompProfileSchema().optional(),
  });
}

function buildPodSchema() {
  return message({
    serviceAccount: stringValueOrRef(SERVICE_ACCOUNT_REF_DEFAULTS, dns1123SubdomainProblem).optional(),
    automountServiceAccountToken: z.boolean().optional(),
    imagePullSecrets: z.array(stringValueOrRef(IMAGE_PULL_SECRET_REF_DEFAULTS, dns1123SubdomainProblem)).optional(),
    initContainers: z.array(containerSchema()).optional(),
    labels: labelMap().optional(),
    annotations: annotationMap().optional(),
    scheduling: schedulingSchema().optional(),
    securityContext: podSecurityContextSchema().optional(),
    // buf.validate: int64 gte 0.
    terminationGracePeriodSeconds: protoInteger({ type: "int64", min: 0, why: "it must not be negative" }),
    dnsPolicy: stringIn(DNS_POLICIES),
    dnsConfig: dnsConfigSchema().optional(),
    hostAliases: z
      .array(
        message({
          ip: requiredString(ipAddressProblem),
          hostnames: z
            .array(requiredString(dns1123SubdomainProblem))
            .min(1, { error: () => "must have at least one hostname" }),
        }),
      )
      .optional(),
    hostNetwork: z.boolean().optional(),
    hostPid: z.boolean().optional(),
    // ValidatePodSpec: PriorityClass and RuntimeClass names are DNS-1123 subdomains.
    priorityClassName: protoString(dns1123SubdomainProblem),
    runtimeClassName: protoString(dns1123SubdomainProblem),
  }).superRefine((pod, ctx) => {
    // validatePodDNSConfig: dnsPolicy None takes all of resolv.conf from dnsConfig.
    if (pod.dnsPolicy === "None" && (pod.dnsConfig?.nameservers ?? []).length === 0) {
      ctx.addIssue({
        code: "custom",
        path: pod.dnsConfig ? ["dnsConfig", "nameservers"] : ["dnsConfig"],
        message: 'is required with dnsPolicy "None": give at least one nameserver in dnsConfig.nameservers',
        input: pod.dnsConfig,
      });
    }
  });
}

/** The WorkloadPod schema (built once, on first use). */
export const podSchema = lazily(buildPodSchema);

export type WorkloadPod = z.output<ReturnType<typeof buildPodSchema>>;
export type WorkloadPodInput = z.input<ReturnType<typeof buildPodSchema>>;
