import { octalMode, renderVolume, renderVolumeMount } from "../../lib/terraform/volumes";
import type { VolumeMount } from "../../lib/manifest/schema";
import { manifest, manifestFromYaml, yaml } from "../support/manifest";

/** The validated volume mounts of a manifest with these mounts. */
function mounts(volumeMounts: unknown[]): VolumeMount[] {
  return manifest({ volumeMounts } as never).spec.volumeMounts ?? [];
}

const sameName = (name: string) => name;

describe("octalMode", () => {
  test("writes file modes as the provider's octal strings", () => {
    expect(octalMode(0o755)).toBe("0755");
    expect(octalMode(0o644)).toBe("0644");
    expect(octalMode(0o400)).toBe("0400");
    expect(octalMode(0o777)).toBe("0777");
  });
});

describe("renderVolume", () => {
  test("mounts only the configMap key when one is given, at its path", () => {
    const [mount] = mounts([
      { name: "script", mountPath: "/scripts", configMap: { name: "report-script", key: "run.sh", path: "bin/run" } },
    ]);
    expect(renderVolume(mount, sameName)).toEqual({
      name: "script",
      configMap: { name: "report-script", items: [{ key: "run.sh", path: "bin/run" }] },
    });
  });

  test("uses the key as the item path when no path is given", () => {
    const [mount] = mounts([{ name: "script", mountPath: "/scripts", configMap: { name: "cm", key: "run.sh" } }]);
    expect(renderVolume(mount, sameName).configMap).toEqual({ name: "cm", items: [{ key: "run.sh", path: "run.sh" }] });
  });

  test("mounts the whole configMap without items when no key is given", () => {
    const [mount] = mounts([{ name: "config", mountPath: "/config", configMap: { name: "cm" } }]);
    expect(renderVolume(mount, sameName)).toEqual({ name: "config", configMap: { name: "cm" } });
  });

  test("names the configMap through the given lookup, so created ConfigMaps are referenced", () => {
    const [mount] = mounts([{ name: "config", mountPath: "/config", configMap: { name: "cm" } }]);
    expect(renderVolume(mount, (name) => `ref(${name})`).configMap).toEqual({ name: "ref(cm)" });
  });

  test("writes defaultMode as an octal string, read from YAML's 0o755", () => {
    const { spec } = manifestFromYaml(yaml`
      apiVersion: kubernetes.project-planton.org/v1
      kind: KubernetesJob
      metadata:
        name: nightly-report
      spec:
        namespace:
          value: reports
        image:
          repo: busybox
        volumeMounts:
          - name: script
            mountPath: /scripts
            configMap:
              name: cm
              defaultMode: 0o755
    `);
    expect(renderVolume(spec.volumeMounts![0], sameName).configMap).toEqual({ name: "cm", defaultMode: "0755" });
  });

  test("leaves defaultMode out when it is 0", () => {
    const [mount] = mounts([{ name: "config", mountPath: "/config", configMap: { name: "cm", defaultMode: 0 } }]);
    expect(renderVolume(mount, sameName).configMap).not.toHaveProperty("defaultMode");
  });

  test("mounts a secret by secretName, with items and defaultMode", () => {
    const [mount] = mounts([
      { name: "tls", mountPath: "/tls", secret: { name: "tls-cert", key: "tls.crt", defaultMode: 0o400 } },
    ]);
    expect(renderVolume(mount, (name) => `unused ${name}`)).toEqual({
      name: "tls",
      secret: { secretName: "tls-cert", defaultMode: "0400", items: [{ key: "tls.crt", path: "tls.crt" }] },
    });
  });

  test("mounts a hostPath with its type, and without a type when none or empty is given", () => {
    const [typed, untyped, empty] = mounts([
      { name: "a", mountPath: "/a", hostPath: { path: "/var/log", type: "Directory" } },
      { name: "b", mountPath: "/b", hostPath: { path: "/var/run/docker.sock" } },
      { name: "c", mountPath: "/c", hostPath: { path: "/data", type: "" } },
    ]);
    expect(renderVolume(typed, sameName)).toEqual({ name: "a", hostPath: { path: "/var/log", type: "Directory" } });
    expect(renderVolume(untyped, sameName)).toEqual({ name: "b", hostPath: { path: "/var/run/docker.sock" } });
    expect(renderVolume(empty, sameName)).toEqual({ name: "c", hostPath: { path: "/data" } });
  });

  test("mounts an emptyDir with medium and sizeLimit only when given", () => {
    const [memory, plain] = mounts([
      { name: "scratch", mountPath: "/tmp", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } },
      { name: "cache", mountPath: "/cache", emptyDir: {} },
    ]);
    expect(renderVolume(memory, sameName)).toEqual({
      name: "scratch",
      emptyDir: { medium: "Memory", sizeLimit: "256Mi" },
    });
    expect(renderVolume(plain, sameName)).toEqual({ name: "cache", emptyDir: {} });
  });

  test("mounts a pvc as a persistentVolumeClaim", () => {
    const [writable, readOnly] = mounts([
      { name: "out", mountPath: "/out", pvc: { claimName: "reports-archive" } },
      { name: "in", mountPath: "/in", pvc: { claimName: "inputs", readOnly: true } },
    ]);
    expect(renderVolume(writable, sameName)).toEqual({
      name: "out",
      persistentVolumeClaim: { claimName: "reports-archive" },
    });
    expect(renderVolume(readOnly, sameName)).toEqual({
      name: "in",
      persistentVolumeClaim: { claimName: "inputs", readOnly: true },
    });
  });
});

describe("renderVolumeMount", () => {
  test("mounts by name at the mount path, with readOnly when given and subPath when not empty", () => {
    const [full, minimal, notReadOnly] = mounts([
      { name: "a", mountPath: "/a", readOnly: true, subPath: "x/y", emptyDir: {} },
      { name: "b", mountPath: "/b", subPath: "", emptyDir: {} },
      { name: "c", mountPath: "/c", readOnly: false, emptyDir: {} },
    ]);
    expect(renderVolumeMount(full)).toEqual({ name: "a", mountPath: "/a", readOnly: true, subPath: "x/y" });
    expect(renderVolumeMount(minimal)).toEqual({ name: "b", mountPath: "/b" });
    expect(renderVolumeMount(notReadOnly)).toEqual({ name: "c", mountPath: "/c", readOnly: false });
  });
});
