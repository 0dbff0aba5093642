/**
 * WorkloadContainer (apis/dev/planton/provider/kubernetes/workload_container.proto): the app
 * container, each sidecar and each init container. Field rules are in the schema; the rules that
 * relate fields of one container (unique port names, unique env names, unique mounts, requests at
 * most limits, the security context's combinations) are `containerProblems`, which the schema
 * runs too.
 */
import { z } from "zod";
import { error, type Path, type Problem } from "../../diagnostics";
import { dns1123SubdomainProblem } from "../k8s/dns-names";
import { imageRepoProblem, imageTagProblem } from "../k8s/image";
import { ianaServiceNameProblem } from "../k8s/qualified-names";
import { compareQuantities, parseQuantity } from "../k8s/quantity";
import { envSchema } from "./env";
import { lazily, message, protoInteger, protoString, quantityString, requiredString, stringIn } from "./fields";
import { lifecycleSchema, probeSchema } from "./probe";
import { volumeMountSchema } from "./volume-mount";
import { showValue } from "../../values";

export const IMAGE_PULL_POLICIES = ["Always", "IfNotPresent", "Never"] as const;
export const NETWORK_PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
export const SECCOMP_PROFILE_TYPES = ["RuntimeDefault", "Unconfined", "Localhost"] as const;

/** WorkloadContainer.name's CEL `container.name.dns_label` (empty allowed: the module names the app). */
const CONTAINER_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const containerNameProblem = (value: string) =>
  CONTAINER_NAME.test(value)
    ? undefined
    : "must be a lowercase DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";

/** WorkloadContainerPort.name's CEL `container.port.name`, then the API server's IANA service name rule. */
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const portNameProblem = (value: string) =>
  PORT_NAME.test(value)
    ? ianaServiceNameProblem(value)
    : "must contain only lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. http, grpc-web)";

/** Linux capability names, as container runtimes read them (e.g. NET_ADMIN, or ALL). */
const capabilityProblem = (value: string) =>
  /^[A-Za-z][A-Za-z0-9_]*$/.test(value)
    ? undefined
    : "is not a Linux capability name: letters, digits and '_' (e.g. NET_BIND_SERVICE, or ALL)";

const PORT_RANGE = { min: 1, max: 65535, why: "a port number" } as const;

/**
 * User and group IDs: int64 in the proto; the API server allows 0 to 2147483647
 * (validation.IsValidUserID / IsValidGroupID).
 */
export const idField = () =>
  protoInteger({
    type: "int64",
    min: 0,
    max: 2147483647,
    why: "Kubernetes allows user and group IDs up to 2147483647",
  });

/** WorkloadSeccompProfile: type required, localhostProfile exactly when type is Localhost. */
export function seccompProfileSchema() {
  return message({
    type: stringIn(SECCOMP_PROFILE_TYPES, { required: true }),
    localhostProfile: protoString(),
  }).superRefine((profile, ctx) => {
    // CEL seccomp.localhost_profile.required.
    if (profile.type === "Localhost" && profile.localhostProfile === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["localhostProfile"],
        message: 'is required when type is "Localhost": the profile file, relative to the kubelet\'s seccomp root',
        input: undefined,
      });
    } else if (profile.type !== "Localhost" && profile.localhostProfile !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["localhostProfile"],
        message: `${showValue(profile.localhostProfile)} is allowed only when type is "Localhost" (type is ${showValue(profile.type)}); remove it`,
        input: profile.localhostProfile,
      });
    }
  });
}

function buildContainerSchema() {
  const cpuMemory = () => message({ cpu: quantityString(), memory: quantityString() });
  const probe = probeSchema();
  return message({
    name: protoString(containerNameProblem),
    // buf.validate: image required; CEL container.image.repo and container.image.tag.
    image: message({
      repo: z.string().optional(),
      tag: z.string().optional(),
      pullSecretName: protoString(dns1123SubdomainProblem),
    }).superRefine((image, ctx) => {
      if (image.repo === undefined || image.repo === "") {
        ctx.addIssue({
          code: "custom",
          path: ["repo"],
          message: 'is required: the image repository (e.g. "busybox" or "ghcr.io/acme/api")',
          input: image.repo,
        });
      } else {
        const reason = imageRepoProblem(image.repo, true);
        if (reason)
          ctx.addIssue({
            code: "custom",
            path: ["repo"],
            message: `${showValue(image.repo)} ${reason}`,
            input: image.repo,
          });
      }
      if (image.tag === undefined || image.tag === "") {
        ctx.addIssue({
          code: "custom",
          path: ["tag"],
          message: 'is required: pin a version (e.g. "1.27.1"); avoid "latest" for anything you intend to roll back',
          input: image.tag,
        });
      } else {
        const reason = imageTagProblem(image.tag);
        if (reason)
          ctx.addIssue({
            code: "custom",
            path: ["tag"],
            message: `${showValue(image.tag)} ${reason}`,
            input: image.tag,
          });
      }
    }),
    imagePullPolicy: stringIn(IMAGE_PULL_POLICIES),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    workingDir: protoString(),
    ports: z
      .array(
        message({
          name: requiredString(portNameProblem),
          containerPort: protoInteger({ type: "int32", ...PORT_RANGE, checkUnset: true }),
          networkProtocol: stringIn(NETWORK_PROTOCOLS),
          appProtocol: protoString(),
          servicePort: protoInteger({ type: "int32", ...PORT_RANGE, zeroIsUnset: true }),
          hostPort: protoInteger({ type: "int32", ...PORT_RANGE, zeroIsUnset: true }),
        }),
      )
      .optional(),
    env: envSchema().optional(),
    resources: message({ limits: cpuMemory().optional(), requests: cpuMemory().optional() }).optional(),
    livenessProbe: probe.optional(),
    readinessProbe: probe.optional(),
    startupProbe: probe.optional(),
    volumeMounts: z.array(volumeMountSchema()).optional(),
    lifecycle: lifecycleSchema().optional(),
    securityContext: message({
      privileged: z.boolean().optional(),
      runAsUser: idField(),
      runAsGroup: idField(),
      runAsNonRoot: z.boolean().optional(),
      readOnlyRootFilesystem: z.boolean().optional(),
      allowPrivilegeEscalation: z.boolean().optional(),
      capabilities: message({
        add: z.array(requiredString(capabilityProblem)).optional(),
        drop: z.array(requiredString(capabilityProblem)).optional(),
      }).optional(),
      seccompProfile: seccompProfileSchema().optional(),
    }).optional(),
  }).superRefine((container, ctx) => {
    for (const problem of containerProblems(container, [])) {
      ctx.addIssue({ code: "custom", path: [...problem.path], message: problem.message, input: undefined });
    }
  });
}

/** The WorkloadContainer schema (built once, on first use). */
export const containerSchema = lazily(buildContainerSchema);

export type WorkloadContainer = z.output<ReturnType<typeof buildContainerSchema>>;
export type WorkloadContainerInput = z.input<ReturnType<typeof buildContainerSchema>>;

/** The first index of each key, and a problem for each later one. */
function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
  problem: (item: T, index: number, first: number) => Problem,
): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  items.forEach((item, index) => {
    const value = key(item);
    if (value === undefined) return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else problems.push(problem(item, index, first));
  });
  return problems;
}

/**
 * The rules that relate fields of one validated container, with paths under `path` (the
 * container's own path, e.g. ["spec", "container", "sidecars", 0]).
 */
export function containerProblems(container: WorkloadContainer, path: Path): Problem[] {
  const problems: Problem[] = [];
  const where = (...rest: (string | number)[]) => [...path, ...rest];
  const ports = container.ports ?? [];
  // validateContainerPorts: port names are unique within a container.
  problems.push(
    ...duplicates(
      ports,
      (port) => port.name,
      (port, index, first) =>
        error(
          where("ports", index, "name"),
          `${showValue(port.name)} is already the name of ports[${first}]; port names must be unique in a container`,
        ),
    ),
  );
  // An env name set twice has one value only (the last); say so instead of dropping one.
  const names = [
    ...(container.env?.variables ?? []).map((variable, index) => ({
      name: variable.name,
      at: ["variables", index] as const,
    })),
    ...(container.env?.secrets ?? []).map((secret, index) => ({ name: secret.name, at: ["secrets", index] as const })),
  ];
  problems.push(
    ...duplicates(
      names,
      (entry) => entry.name,
      (entry, _index, first) =>
        error(
          where("env", ...entry.at, "name"),
          `${showValue(entry.name)} is already set by env.${names[first].at[0]}[${names[first].at[1]}]; an env variable can have only one value`,
        ),
    ),
  );
  const mounts = container.volumeMounts ?? [];
  problems.push(
    ...duplicates(
      mounts,
      (mount) => mount.name,
      (mount, index, first) =>
        error(
          where("volumeMounts", index, "name"),
          `${showValue(mount.name)} is already mounted by volumeMounts[${first}]; a container mounts a volume once`,
        ),
    ),
    // validateVolumeMounts: mount paths are unique within a container.
    ...duplicates(
      mounts,
      (mount) => mount.mountPath,
      (mount, index, first) =>
        error(
          where("volumeMounts", index, "mountPath"),
          `${showValue(mount.mountPath)} is already used by volumeMounts[${first}]; mount paths must be unique in a container`,
        ),
    ),
  );
  for (const resource of ["cpu", "memory"] as const) {
    const request = container.resources?.requests?.[resource];
    const limit = container.resources?.limits?.[resource];
    if (request === undefined || limit === undefined) continue;
    const [parsedRequest, parsedLimit] = [parseQuantity(request), parseQuantity(limit)];
    if (parsedRequest && parsedLimit && compareQuantities(parsedRequest, parsedLimit) > 0) {
      problems.push(
        error(
          where("resources", "requests", resource),
          `${showValue(request)} is more than the limit ${showValue(limit)}; a request must be at most its limit`,
        ),
      );
    }
  }
  // validateProbe: successThreshold must be 1 for liveness and startup probes.
  for (const probe of ["livenessProbe", "startupProbe"] as const) {
    const threshold = container[probe]?.successThreshold;
    if (threshold !== undefined && threshold !== 1) {
      problems.push(
        error(
          where(probe, "successThreshold"),
          `${threshold} is not allowed; a ${probe} must have successThreshold 1 (or unset)`,
        ),
      );
    }
  }
  const security = container.securityContext;
  // ValidateSecurityContext: privilege escalation cannot be refused to a privileged container or
  // one given CAP_SYS_ADMIN.
  if (security?.allowPrivilegeEscalation === false) {
    if (security.privileged) {
      problems.push(
        error(
          where("securityContext", "allowPrivilegeEscalation"),
          "is false, but privileged is true; a privileged container always may escalate (leave this unset)",
        ),
      );
    }
    const sysAdmin = (security.capabilities?.add ?? []).findIndex((capability) =>
      /^(CAP_)?SYS_ADMIN$/i.test(capability),
    );
    if (sysAdmin >= 0) {
      problems.push(
        error(
          where("securityContext", "allowPrivilegeEscalation"),
          `is false, but capabilities.add[${sysAdmin}] adds SYS_ADMIN, which always allows escalation; remove one of them`,
        ),
      );
    }
  }
  return problems;
}
