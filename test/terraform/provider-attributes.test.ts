/**
 * The provider's attributes of the object model: how the pod's volumes and mounts of a manifest
 * reach the cdktf structs of kubernetes_job_v1 (camelCase struct fields, before cdktf writes them
 * in snake_case).
 */
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { jobObjects, typedEngineObjects } from "../../lib/model";
import {
  jobConfig,
  NO_REFERENCES,
  octalMode,
  secretConfig,
  type References,
} from "../../lib/terraform/provider-attributes";
import { manifest, manifestFromYaml, yaml } from "../support/manifest";
import { hackJob, withJobSpec, withPod } from "../support/rich-job";
/* eslint-disable @typescript-eslint/no-explicit-any -- the converted attributes are checked by the assertions */

/** The Job's pod spec as provider attributes, with these references for created objects. */
function podAttributes(input: KubernetesJobManifest, refs: References = NO_REFERENCES): any {
  const objects = typedEngineObjects(jobObjects({ metadata: input.metadata, spec: input.spec }));
  return (jobConfig(objects.job, refs).spec.template as any).spec;
}

/** The provider's volumes and the container's volume mounts of a manifest with these mounts. */
function converted(volumeMounts: unknown[], refs: References = NO_REFERENCES) {
  const pod = podAttributes(manifest({ volumeMounts } as never), refs);
  return { volumes: pod.volume as any[], mounts: pod.container[0].volumeMount as any[] };
}

describe("octalMode", () => {
  test("writes file modes as the provider's octal strings", () => {
    expect(octalMode(0o755)).toBe("0755");
    expect(octalMode(0o644)).toBe("0644");
    expect(octalMode(0o400)).toBe("0400");
    expect(octalMode(0o777)).toBe("0777");
  });
});

describe("pod volumes", () => {
  test("mounts only the configMap key when one is given, at its path", () => {
    const {
      volumes: [volume],
    } = converted([
      { name: "script", mountPath: "/scripts", configMap: { name: "report-script", key: "run.sh", path: "bin/run" } },
    ]);
    expect(volume).toEqual({
      name: "script",
      configMap: { name: "report-script", items: [{ key: "run.sh", path: "bin/run" }] },
    });
  });

  test("uses the key as the item path when no path is given", () => {
    const { volumes } = converted([
      { name: "script", mountPath: "/scripts", configMap: { name: "cm", key: "run.sh" } },
    ]);
    expect(volumes[0].configMap).toEqual({ name: "cm", items: [{ key: "run.sh", path: "run.sh" }] });
  });

  test("mounts the whole configMap without items when no key is given", () => {
    const { volumes } = converted([{ name: "config", mountPath: "/config", configMap: { name: "cm" } }]);
    expect(volumes[0]).toEqual({ name: "config", configMap: { name: "cm" } });
  });

  test("names a ConfigMap the stack creates through its reference, and others as written", () => {
    const refs: References = (kind, name) => (kind === "ConfigMap" && name === "cm" ? "ref(cm)" : undefined);
    const { volumes } = converted(
      [
        { name: "config", mountPath: "/config", configMap: { name: "cm" } },
        { name: "other", mountPath: "/other", configMap: { name: "external" } },
      ],
      refs,
    );
    expect(volumes.map((volume) => volume.configMap)).toEqual([{ name: "ref(cm)" }, { name: "external" }]);
  });

  test("writes defaultMode as an octal string, read from YAML's 0o755", () => {
    const input = manifestFromYaml(yaml`
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
    expect(podAttributes(input).volume[0].configMap).toEqual({ name: "cm", defaultMode: "0755" });
  });

  test("leaves defaultMode out when it is 0", () => {
    const { volumes } = converted([
      { name: "config", mountPath: "/config", configMap: { name: "cm", defaultMode: 0 } },
    ]);
    expect(volumes[0].configMap).not.toHaveProperty("defaultMode");
  });

  test("mounts a secret by secretName, with items and defaultMode", () => {
    const { volumes } = converted([
      { name: "tls", mountPath: "/tls", secret: { name: "tls-cert", key: "tls.crt", defaultMode: 0o400 } },
    ]);
    expect(volumes[0]).toEqual({
      name: "tls",
      secret: { secretName: "tls-cert", defaultMode: "0400", items: [{ key: "tls.crt", path: "tls.crt" }] },
    });
  });

  test("mounts a hostPath with its type, and without a type when none or empty is given", () => {
    const {
      volumes: [typed, untyped, empty],
    } = converted([
      { name: "a", mountPath: "/a", hostPath: { path: "/var/log", type: "Directory" } },
      { name: "b", mountPath: "/b", hostPath: { path: "/var/run/docker.sock" } },
      { name: "c", mountPath: "/c", hostPath: { path: "/data", type: "" } },
    ]);
    expect(typed).toEqual({ name: "a", hostPath: { path: "/var/log", type: "Directory" } });
    expect(untyped).toEqual({ name: "b", hostPath: { path: "/var/run/docker.sock" } });
    expect(empty).toEqual({ name: "c", hostPath: { path: "/data" } });
  });

  test("mounts an emptyDir with medium and sizeLimit only when given", () => {
    const {
      volumes: [memory, plain],
    } = converted([
      { name: "scratch", mountPath: "/tmp", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } },
      { name: "cache", mountPath: "/cache", emptyDir: {} },
    ]);
    expect(memory).toEqual({
      name: "scratch",
      emptyDir: { medium: "Memory", sizeLimit: "256Mi" },
    });
    expect(plain).toEqual({ name: "cache", emptyDir: {} });
  });

  test("mounts a pvc as a persistentVolumeClaim", () => {
    const {
      volumes: [writable, readOnly],
    } = converted([
      { name: "out", mountPath: "/out", pvc: { claimName: "reports-archive" } },
      { name: "in", mountPath: "/in", pvc: { claimName: "inputs", readOnly: true } },
    ]);
    expect(writable).toEqual({
      name: "out",
      persistentVolumeClaim: { claimName: "reports-archive" },
    });
    expect(readOnly).toEqual({
      name: "in",
      persistentVolumeClaim: { claimName: "inputs", readOnly: true },
    });
  });
});

describe("container volume mounts", () => {
  test("mounts by name at the mount path, with readOnly when true (false is the default the API server does not store) and subPath when not empty", () => {
    const {
      mounts: [full, minimal, notReadOnly],
    } = converted([
      { name: "a", mountPath: "/a", readOnly: true, subPath: "x/y", emptyDir: {} },
      { name: "b", mountPath: "/b", subPath: "", emptyDir: {} },
      { name: "c", mountPath: "/c", readOnly: false, emptyDir: {} },
    ]);
    expect(full).toEqual({ name: "a", mountPath: "/a", readOnly: true, subPath: "x/y" });
    expect(minimal).toEqual({ name: "b", mountPath: "/b" });
    expect(notReadOnly).toEqual({ name: "c", mountPath: "/c" });
  });
});

describe("the conversion itself", () => {
  test("refuses a field of the model it has no conversion for, rather than letting cdktf drop it", () => {
    // GIVEN a Job whose pod spec holds a field the provider shapes do not describe
    const { metadata, spec } = manifest();
    const { job } = jobObjects({ metadata, spec });
    const withHostIpc = {
      ...job,
      spec: {
        ...job.spec,
        template: { ...job.spec.template, spec: { ...job.spec.template.spec!, hostIPC: true } },
      },
    };

    // THEN converting it fails, naming the field
    expect(() => jobConfig(withHostIpc, NO_REFERENCES)).toThrow(
      "Job.spec.template.spec.hostIPC: the provider attributes have no conversion for this field",
    );
  });

  test("hostNetwork, hostPID and schedulerName are host_network, host_pid and scheduler_name (podSpecFields)", () => {
    const { metadata, spec } = manifest();
    const { job } = jobObjects({ metadata, spec });
    const pod = { ...job.spec.template.spec!, hostNetwork: true, hostPID: true, schedulerName: "batch" };
    const converted = jobConfig(
      { ...job, spec: { ...job.spec, template: { ...job.spec.template, spec: pod } } },
      NO_REFERENCES,
    );
    expect(converted.spec.template.spec).toMatchObject({ hostNetwork: true, hostPid: true, schedulerName: "batch" });
  });

  test("writes a Secret's data as the plain text the provider encodes itself, escaped for Terraform", () => {
    const { metadata, spec } = manifest({ env: { secrets: { TOKEN: { value: "s3cr${x}t" } } } });
    const { envSecret } = jobObjects({ metadata, spec });
    expect(secretConfig(envSecret!, NO_REFERENCES)).toEqual({
      metadata: expect.objectContaining({ name: "nightly-report-env-secrets", namespace: "reports" }),
      type: "Opaque",
      data: { TOKEN: "s3cr$${x}t" },
    });
  });

  test("writes the TTL as a string and file modes as octal strings", () => {
    expect(octalMode(0o755)).toBe("0755");
    const { metadata, spec } = manifest({ ttlSecondsAfterFinished: 3600 });
    expect(jobConfig(jobObjects({ metadata, spec }).job, NO_REFERENCES).spec.ttlSecondsAfterFinished).toBe("3600");
  });
});

describe("the fields of a v1alpha1 Job, as the provider names them", () => {
  const pod = (job: Parameters<typeof jobConfig>[0]): any => (jobConfig(job, NO_REFERENCES).spec.template as any).spec;

  test("sidecars are further container blocks and init containers initContainer blocks", () => {
    const converted = pod(hackJob());
    expect(converted.container.map((c: any) => c.name)).toEqual(["app", "log-flusher"]);
    expect(converted.initContainer.map((c: any) => c.name)).toEqual(["init-marker"]);
  });

  test("tolerations, topology spread constraints, ports and DNS options are named in the singular; tolerationSeconds and ids are strings", () => {
    const converted = pod(
      withPod(
        {
          tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 30 }],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" }],
          dnsConfig: { options: [{ name: "ndots", value: "2" }] },
          securityContext: { runAsUser: 1000, fsGroup: 2000, supplementalGroups: [3000] },
        },
        { ports: [{ containerPort: 80, hostIP: "10.0.0.1" }] },
      ),
    );
    expect(converted.toleration).toEqual([{ key: "k", operator: "Exists", tolerationSeconds: "30" }]);
    expect(converted.topologySpreadConstraint).toEqual([
      { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" },
    ]);
    expect(converted.dnsConfig).toEqual({ option: [{ name: "ndots", value: "2" }] });
    expect(converted.securityContext).toEqual({ runAsUser: "1000", fsGroup: "2000", supplementalGroups: [3000] });
    expect(converted.container[0].port).toEqual([{ containerPort: 80, hostIp: "10.0.0.1" }]);
  });

  test("a probe's tcpSocket and grpc, a lifecycle hook and a pod affinity term's selector are lists of one block; ports are strings", () => {
    const converted = pod(
      withPod(
        {
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { app: "a" } }, topologyKey: "host" },
              ],
            },
          },
        },
        {
          livenessProbe: { tcpSocket: { port: 8080 } },
          readinessProbe: { grpc: { port: 9090 }, httpGet: undefined },
          lifecycle: { preStop: { httpGet: { path: "/stop", port: 8080 } } },
        },
      ),
    ).container;
    expect(converted[0].livenessProbe).toEqual({ tcpSocket: [{ port: "8080" }] });
    expect(converted[0].readinessProbe).toEqual({ grpc: [{ port: 9090 }] });
    expect(converted[0].lifecycle).toEqual({ preStop: [{ httpGet: { path: "/stop", port: "8080" } }] });
  });

  test("node affinity's nodeSelectorTerms are nodeSelectorTerm blocks", () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "k", operator: "Exists" as const }] }],
        },
      },
    };
    expect(pod(withPod({ affinity })).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerm: [{ matchExpressions: [{ key: "k", operator: "Exists" }] }],
        },
      },
    });
  });

  test('podFailurePolicy rules are rule blocks, pod conditions onPodCondition blocks; a TTL of 0 is written "0"', () => {
    const spec = jobConfig(
      withJobSpec({
        ttlSecondsAfterFinished: 0,
        podFailurePolicy: {
          rules: [
            { action: "FailJob", onExitCodes: { operator: "In", values: [42] } },
            { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
          ],
        },
      }),
      NO_REFERENCES,
    ).spec as any;
    expect(spec.ttlSecondsAfterFinished).toBe("0");
    expect(spec.podFailurePolicy).toEqual({
      rule: [
        { action: "FailJob", onExitCodes: { operator: "In", values: [42] } },
        { action: "Ignore", onPodCondition: [{ type: "DisruptionTarget", status: "True" }] },
      ],
    });
  });

  test("a successPolicy, which kubernetes_job_v1 cannot say, is refused with its path rather than dropped", () => {
    const job = withJobSpec({ successPolicy: { rules: [{ succeededCount: 1 }] } });
    expect(() => jobConfig(job, NO_REFERENCES)).toThrow(
      "Job.spec.successPolicy: the provider attributes have no conversion for this field",
    );
  });
});
