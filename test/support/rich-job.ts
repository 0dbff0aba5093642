/**
 * Hand-written Job objects richer than the first dialect makes, for the typed engine's tests: the
 * object model's Job as a v1alpha1 manifest can mean it (several containers, init containers,
 * probes, lifecycle hooks, security contexts, scheduling, pod failure policy, per-index limits).
 * Written from the Kubernetes API (batch/v1 Job), not produced by the pipeline, so that the
 * conversion is tested independently of the dialect.
 */
import type { IJob } from "kubernetes-models/batch/v1/Job";

export type RichJob = IJob & { spec: NonNullable<IJob["spec"]> };

const LABELS = { "planton.ai/resource": "true", "planton.ai/name": "hack-job", "planton.ai/kind": "KubernetesJob" };

/**
 * What Planton's hack manifest (kubernetesjob/v1alpha1/iac/hack/manifest.yaml) means as a Job:
 * the app container with env of every kind, envFrom, two volume mounts, a postStart hook and a
 * restricted security context; the log-flusher sidecar as a second container; the init-marker
 * init container; pod labels and annotations, the referenced service account (not created by the
 * stack), automount off, an image pull secret, node selector, toleration, node affinity, pod
 * anti-affinity, topology spread, the pod security context, dnsConfig, hostAliases; an Indexed Job
 * with per-index limits and the four pod failure policy rules. Fields the manifest leaves empty
 * (priorityClassName "", runtimeClassName "", a rule's containerName "") are not set.
 */
export function hackJob(): RichJob {
  const work = { name: "work", mountPath: "/work" };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "hack-job", namespace: "hack-job-ns", labels: { ...LABELS } },
    spec: {
      parallelism: 2,
      completions: 4,
      completionMode: "Indexed",
      backoffLimit: 6,
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 1,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 3600,
      podFailurePolicy: {
        rules: [
          { action: "FailJob", onExitCodes: { operator: "In", values: [42] } },
          { action: "FailIndex", onExitCodes: { containerName: "log-flusher", operator: "NotIn", values: [1, 2] } },
          { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
          { action: "Count", onPodConditions: [{ type: "ConfigIssue", status: "Unknown" }] },
        ],
      },
      template: {
        metadata: {
          labels: { ...LABELS, team: "hack" },
          annotations: { "example.org/owner": "hack" },
        },
        spec: {
          serviceAccountName: "hack-service-account",
          automountServiceAccountToken: false,
          restartPolicy: "Never",
          terminationGracePeriodSeconds: 30,
          dnsPolicy: "ClusterFirst",
          dnsConfig: { options: [{ name: "ndots", value: "2" }] },
          hostAliases: [{ ip: "203.0.113.10", hostnames: ["legacy.internal.example"] }],
          imagePullSecrets: [{ name: "hack-registry-secret" }],
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }],
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 50,
                  preference: {
                    matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64", "amd64"] }],
                  },
                },
              ],
            },
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: { app: "hack-job" } },
                    topologyKey: "kubernetes.io/hostname",
                  },
                },
              ],
            },
          },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" },
          ],
          securityContext: {
            runAsUser: 1000,
            runAsGroup: 1000,
            runAsNonRoot: true,
            fsGroup: 1000,
            fsGroupChangePolicy: "OnRootMismatch",
          },
          initContainers: [
            {
              name: "init-marker",
              image: "busybox:1.36",
              command: ["/bin/sh", "-c", "echo prepared > /work/marker.txt"],
              volumeMounts: [{ ...work }],
            },
          ],
          containers: [
            {
              name: "app",
              image: "busybox:1.36",
              imagePullPolicy: "IfNotPresent",
              workingDir: "/work",
              command: ["/bin/sh", "-c"],
              args: ["echo processing index $JOB_COMPLETION_INDEX && cat /work/marker.txt && echo done"],
              resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
              env: [
                { name: "BATCH_SIZE", value: "100" },
                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                { name: "CPU_LIMIT", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
                { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "hack-job-env-secrets", key: "API_TOKEN" } } },
                { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "hack-existing-secret", key: "password" } } },
              ],
              envFrom: [{ configMapRef: { name: "hack-env-config", optional: true } }],
              volumeMounts: [{ ...work }, { name: "host-data", mountPath: "/host-data", readOnly: true }],
              lifecycle: { postStart: { exec: { command: ["/bin/sh", "-c", "true"] } } },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
            },
            {
              name: "log-flusher",
              image: "busybox:1.36",
              command: ["/bin/sh", "-c", "echo logs flushed"],
              resources: { requests: { cpu: "5m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
              volumeMounts: [{ ...work }],
            },
          ],
          volumes: [
            { name: "work", emptyDir: { sizeLimit: "32Mi" } },
            { name: "host-data", hostPath: { path: "/var/tmp", type: "Directory" } },
          ],
        },
      },
    },
  };
}

/** A Job with one container and nothing else, to which a test adds the fields it is about. */
export function plainJob(): RichJob {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "plain", namespace: "jobs" },
    spec: {
      completions: 1,
      backoffLimit: 6,
      template: {
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: true,
          containers: [{ name: "main", image: "busybox:1.36" }],
        },
      },
    },
  };
}

type PodSpec = NonNullable<RichJob["spec"]["template"]["spec"]>;

/** `job` with these pod spec fields (and the first container's fields) added. */
export function withPod(pod: Partial<PodSpec>, containerFields: object = {}, job: RichJob = plainJob()): RichJob {
  const spec = job.spec.template.spec as PodSpec;
  const [first, ...rest] = spec.containers;
  return {
    ...job,
    spec: {
      ...job.spec,
      template: {
        ...job.spec.template,
        spec: { ...spec, containers: [{ ...first, ...containerFields }, ...rest], ...pod },
      },
    },
  };
}

/** `job` with these Job spec fields added. */
export function withJobSpec(fields: Partial<RichJob["spec"]>, job: RichJob = plainJob()): RichJob {
  return { ...job, spec: { ...job.spec, ...fields } };
}
