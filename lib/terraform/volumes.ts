import type {
  JobV1SpecTemplateSpecContainerVolumeMount,
  JobV1SpecTemplateSpecVolume,
} from "@cdktf/provider-kubernetes/lib/job-v1";
import type { VolumeMount } from "../manifest/schema";

/** The provider takes file modes as octal strings ("0755"). */
export function octalMode(mode: number): string {
  return `0${mode.toString(8)}`;
}

function projection(source: { key?: string; path?: string; defaultMode?: number }) {
  return {
    ...(source.defaultMode ? { defaultMode: octalMode(source.defaultMode) } : {}),
    ...(source.key !== undefined ? { items: [{ key: source.key, path: source.path ?? source.key }] } : {}),
  };
}

/**
 * One pod volume per mount, with the mount's name, in the manifest's order. `configMapName`
 * maps a ConfigMap name to a reference when this component creates that ConfigMap.
 */
export function renderVolume(mount: VolumeMount, configMapName: (name: string) => string): JobV1SpecTemplateSpecVolume {
  const { name } = mount;
  if (mount.configMap) {
    return { name, configMap: { name: configMapName(mount.configMap.name), ...projection(mount.configMap) } };
  }
  if (mount.secret) {
    return { name, secret: { secretName: mount.secret.name, ...projection(mount.secret) } };
  }
  if (mount.hostPath) {
    return {
      name,
      hostPath: { path: mount.hostPath.path, ...(mount.hostPath.type ? { type: mount.hostPath.type } : {}) },
    };
  }
  if (mount.emptyDir) {
    const { medium, sizeLimit } = mount.emptyDir;
    return { name, emptyDir: { ...(medium ? { medium } : {}), ...(sizeLimit ? { sizeLimit } : {}) } };
  }
  const { claimName, readOnly } = mount.pvc;
  return { name, persistentVolumeClaim: { claimName, ...(readOnly !== undefined ? { readOnly } : {}) } };
}

export function renderVolumeMount(mount: VolumeMount): JobV1SpecTemplateSpecContainerVolumeMount {
  return {
    name: mount.name,
    mountPath: mount.mountPath,
    ...(mount.readOnly !== undefined ? { readOnly: mount.readOnly } : {}),
    ...(mount.subPath ? { subPath: mount.subPath } : {}),
  };
}
