/**
 * The provider's expanders for a container's fields beyond image, command, env and mounts:
 * structures_container.go expandContainerPort, expandContainerEnvFrom, expandResourceFieldRef,
 * expandProbe (with expandExec, expandHTTPGet, expandTCPSocket, expandGRPC), expandLifeCycle and
 * expandContainerSecurityContext, with schema_container.go's defaults (probeSchema,
 * securityContextSchema, handlerFields). Read in the newest stored revisions of those files.
 */
import { bool, compact, int, nonZero, parseInt64, pointer, str, stringList, withPointers } from "./sdk-values";
import { block, blocks, type Json, type JsonObject } from "./stack";

/** intstr.Parse: a decimal number is an int port, anything else a port name. */
export function intOrString(text: string): number | string {
  return /^[+-]?\d+$/.test(text) ? Number(text) : text;
}

/** expandContainerPort: every field is read; protocol has schema Default "TCP"; hostPort 0 is omitted. */
export function expandPorts(container: JsonObject): JsonObject[] {
  return blocks(container, "port").map((port) =>
    compact({
      containerPort: int(port, "container_port"),
      hostIP: str(port, "host_ip"),
      hostPort: nonZero(int(port, "host_port")),
      name: str(port, "name"),
      protocol: str(port, "protocol", "TCP"),
    }),
  );
}

/** expandContainerEnvFrom, expandConfigMapRef, expandSecretRef: optional is always sent (false when unset). */
export function expandEnvFrom(container: JsonObject): JsonObject[] {
  const ref = (source: JsonObject | undefined) =>
    source ? withPointers({ name: str(source, "name"), optional: pointer(bool(source, "optional")) }) : undefined;
  return blocks(container, "env_from").map((from) =>
    compact({
      configMapRef: ref(block(from, "config_map_ref")),
      prefix: str(from, "prefix"),
      secretRef: ref(block(from, "secret_ref")),
    }),
  );
}

/** expandResourceFieldRef: divisor has schema Default "1" and is always parsed and sent. */
export function expandResourceFieldRef(ref: JsonObject): JsonObject {
  return compact({
    containerName: str(ref, "container_name"),
    resource: str(ref, "resource"),
    divisor: str(ref, "divisor", "1"),
  });
}

/** expandHTTPGet: host, path, scheme (handlerFields Default "HTTP") and port when not ""; headers as given. */
function expandHttpGet(action: JsonObject): JsonObject {
  const port = str(action, "port");
  return compact({
    host: str(action, "host"),
    path: str(action, "path"),
    scheme: str(action, "scheme", "HTTP"),
    port: port === "" ? undefined : intOrString(port),
    httpHeaders: blocks(action, "http_header").map((header) => ({
      name: str(header, "name"),
      value: str(header, "value"),
    })),
  });
}

/** A handler's action: exec, httpGet, tcpSocket (a list of blocks), and for probes grpc. */
function expandHandler(handler: JsonObject, withGrpc: boolean): Record<string, Json | undefined> {
  const exec = block(handler, "exec");
  const httpGet = block(handler, "http_get");
  const tcpSocket = block(handler, "tcp_socket");
  const grpc = block(handler, "grpc");
  const tcpPort = tcpSocket ? str(tcpSocket, "port") : "";
  return {
    exec: exec ? compact({ command: stringList(exec.command) }) : undefined,
    httpGet: httpGet ? expandHttpGet(httpGet) : undefined,
    tcpSocket: tcpSocket ? compact({ port: tcpPort === "" ? undefined : intOrString(tcpPort) }) : undefined,
    // expandGRPC: port as an int; service through ptrToString, so "" is sent when unset.
    grpc:
      withGrpc && grpc ? withPointers({ port: int(grpc, "port"), service: pointer(str(grpc, "service")) }) : undefined,
  };
}

/** expandProbe: the thresholds are plain int32 fields with probeSchema's Defaults 3, 10, 1, 1 (0 is omitted). */
export function expandProbe(probe: JsonObject): JsonObject {
  return compact({
    ...expandHandler(probe, true),
    failureThreshold: nonZero(int(probe, "failure_threshold", 3)),
    initialDelaySeconds: nonZero(int(probe, "initial_delay_seconds")),
    periodSeconds: nonZero(int(probe, "period_seconds", 10)),
    successThreshold: nonZero(int(probe, "success_threshold", 1)),
    timeoutSeconds: nonZero(int(probe, "timeout_seconds", 1)),
  });
}

/** expandLifeCycle / expandLifecycleHandlers: post_start and pre_stop are lists of blocks; no grpc. */
export function expandLifecycle(lifecycle: JsonObject): JsonObject {
  const handler = (key: string) => {
    const found = block(lifecycle, key);
    return found ? compact(expandHandler(found, false)) : undefined;
  };
  return compact({ postStart: handler("post_start"), preStop: handler("pre_stop") });
}

/** expandSeccompProfile: localhostProfile only with type Localhost. */
export function expandSeccompProfile(profile: JsonObject | undefined): JsonObject | undefined {
  if (!profile) return undefined;
  const type = str(profile, "type");
  return compact({ type, localhostProfile: type === "Localhost" ? str(profile, "localhost_profile") : undefined });
}

export function expandSeLinuxOptions(options: JsonObject | undefined): JsonObject | undefined {
  return options
    ? compact({
        level: str(options, "level"),
        role: str(options, "role"),
        type: str(options, "type"),
        user: str(options, "user"),
      })
    : undefined;
}

/**
 * expandContainerSecurityContext: `if v, ok := in[...]; ok` is always true, so the four booleans
 * are always sent: allow_privilege_escalation with its Default true, privileged and
 * read_only_root_filesystem with Default false, and run_as_non_root (no Default) as false.
 */
export function expandContainerSecurityContext(context: JsonObject): JsonObject {
  const capabilities = block(context, "capabilities");
  return withPointers({
    allowPrivilegeEscalation: pointer(bool(context, "allow_privilege_escalation", true)),
    capabilities: capabilities
      ? compact({ add: stringList(capabilities.add), drop: stringList(capabilities.drop) })
      : undefined,
    privileged: pointer(bool(context, "privileged")),
    readOnlyRootFilesystem: pointer(bool(context, "read_only_root_filesystem")),
    runAsGroup: parseInt64(context, "run_as_group"),
    runAsNonRoot: pointer(bool(context, "run_as_non_root")),
    runAsUser: parseInt64(context, "run_as_user"),
    seccompProfile: expandSeccompProfile(block(context, "seccomp_profile")),
    seLinuxOptions: expandSeLinuxOptions(block(context, "se_linux_options")),
  });
}
