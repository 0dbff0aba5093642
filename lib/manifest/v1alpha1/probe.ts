/**
 * Probes (probe.proto, fields as listed in kubernetesjob/v1alpha1/reference.md) and lifecycle
 * hooks (workload_container.proto: WorkloadContainerLifecycle, WorkloadLifecycleHandler,
 * SleepAction). The handler rules are the API server's (pkg/apis/core/validation: validateProbe,
 * validateHandler, validateLifecycleHandler, validateHTTPGetAction, validateTCPSocketAction,
 * ValidatePortNumOrName): exactly one handler, a port given by number (1-65535) or by name.
 */
import { z } from "zod";
import { absolutePathProblem } from "../k8s/dns-names";
import { httpHeaderNameProblem, ianaServiceNameProblem } from "../k8s/qualified-names";
import { exactlyOne, message, protoInteger, protoString, requiredString, stringIn } from "./fields";

export const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
export const LIFECYCLE_HANDLERS = ["exec", "httpGet", "tcpSocket", "sleep"] as const;
export const HTTP_SCHEMES = ["HTTP", "HTTPS"] as const;

const PORT_RANGE = { min: 1, max: 65535, why: "a port number" } as const;

const portNumber = () => protoInteger({ type: "int32", ...PORT_RANGE, zeroIsUnset: true });

/** httpGet and tcpSocket name their port by number or by name: exactly one of the two. */
function portNumberOrName<T extends { portNumber?: number; portName?: string }>(value: T, ctx: z.RefinementCtx) {
  exactlyOne<T>(["portNumber", "portName"], "port")(value, ctx);
}

const execAction = () =>
  message({
    // validateExecAction: the command is required.
    command: z
      .array(z.string())
      .optional()
      .superRefine((command, ctx) => {
        if (command === undefined || command.length === 0) {
          ctx.addIssue({
            code: "custom",
            message: 'is required: the command to run, e.g. ["/bin/sh", "-c", "test -f /tmp/ready"]',
            input: command,
          });
        }
      }),
  });

const httpGetAction = () =>
  message({
    path: protoString(absolutePathProblem),
    portNumber: portNumber(),
    portName: protoString(ianaServiceNameProblem),
    host: protoString(),
    scheme: stringIn(HTTP_SCHEMES),
    httpHeaders: z
      .array(message({ name: requiredString(httpHeaderNameProblem), value: z.string().optional() }))
      .optional(),
  }).superRefine(portNumberOrName);

const tcpSocketAction = () =>
  message({
    portNumber: portNumber(),
    portName: protoString(ianaServiceNameProblem),
    host: protoString(),
  }).superRefine(portNumberOrName);

const grpcAction = () =>
  message({
    // validateGRPCAction: the port is a number, required.
    port: protoInteger({ type: "int32", ...PORT_RANGE, checkUnset: true }),
    service: protoString(),
  });

/** Probe timings are non-negative (validateProbe: ValidateNonnegativeField); 0 takes Kubernetes' default. */
const probeSeconds = () => protoInteger({ type: "int32", min: 0, why: "it must not be negative", zeroIsUnset: true });

export function probeSchema() {
  return message({
    initialDelaySeconds: probeSeconds(),
    periodSeconds: probeSeconds(),
    timeoutSeconds: probeSeconds(),
    successThreshold: probeSeconds(),
    failureThreshold: probeSeconds(),
    httpGet: httpGetAction().optional(),
    grpc: grpcAction().optional(),
    tcpSocket: tcpSocketAction().optional(),
    exec: execAction().optional(),
  }).superRefine(exactlyOne(PROBE_HANDLERS, "handler"));
}

export function lifecycleSchema() {
  const handler = message({
    exec: execAction().optional(),
    httpGet: httpGetAction().optional(),
    tcpSocket: tcpSocketAction().optional(),
    // SleepAction.seconds: int64, buf.validate gte 0.
    sleep: message({
      seconds: protoInteger({ type: "int64", min: 0, why: "it must not be negative" }),
    }).optional(),
  }).superRefine(exactlyOne(LIFECYCLE_HANDLERS, "action"));
  return message({ postStart: handler.optional(), preStop: handler.optional() });
}
