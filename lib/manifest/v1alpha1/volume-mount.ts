/**
 * A container's volume mount with its volume source (volume_mount.proto; fields as listed in
 * kubernetesjob/v1alpha1/reference.md): the same message as the first dialect's
 * `spec.volumeMounts[]`, with the same Kubernetes rules (names, absolute mount paths, relative
 * subPath and item paths, file modes, at most one source: a mount without one shares the volume
 * another container of the pod declares under the same name).
 */
import { z } from "zod";
import {
  absolutePathProblem,
  configMapKeyProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  relativePathProblem,
} from "../k8s/dns-names";
import { HOST_PATH_TYPES, VOLUME_SOURCES } from "../schema";
import { atMostOne, message, protoInteger, protoString, quantityString, requiredString, stringIn } from "./fields";

export { VOLUME_SOURCES };

/** defaultMode: 0 to 0777 (validation of VolumeSource modes); YAML 1.2 reads `0755` as decimal 755. */
const fileMode = () =>
  protoInteger({
    type: "int32",
    min: 0,
    max: 0o777,
    why: "a file mode, 0777 octal; write octal modes as 0o755 or as decimal (493), since YAML reads 0755 as the decimal 755",
  });

const keyToPathSource = () =>
  message({
    name: requiredString(dns1123SubdomainProblem),
    key: protoString(configMapKeyProblem),
    path: protoString(relativePathProblem),
    defaultMode: fileMode(),
  });

export function volumeMountSchema() {
  return message({
    name: requiredString(dns1123LabelProblem),
    mountPath: requiredString(absolutePathProblem),
    readOnly: z.boolean().optional(),
    subPath: protoString(relativePathProblem),
    configMap: keyToPathSource().optional(),
    secret: keyToPathSource().optional(),
    hostPath: message({
      path: requiredString(absolutePathProblem),
      type: stringIn(HOST_PATH_TYPES.filter((type) => type !== "")),
    }).optional(),
    emptyDir: message({
      medium: stringIn(["Memory"] as const),
      sizeLimit: quantityString(),
    }).optional(),
    pvc: message({
      claimName: requiredString(dns1123SubdomainProblem),
      readOnly: z.boolean().optional(),
    }).optional(),
    // A mount may omit its source when another container of the pod declares it (the pod's volumes
    // are the union of all containers' mounts, by name: workload_container.proto, volume_mounts).
  }).superRefine(atMostOne(VOLUME_SOURCES, "volume source"));
}
