/**
 * Defaults of the KubernetesJob spec, as documented by Project Planton. The schema applies them
 * (lib/manifest/schema.ts); the README's field table is generated from the schema, so they live here once.
 */
export const DEFAULTS = {
  createNamespace: false,
  resources: {
    limits: { cpu: "1000m", memory: "1Gi" },
    requests: { cpu: "50m", memory: "100Mi" },
  },
  parallelism: 1,
  completions: 1,
  backoffLimit: 6,
  completionMode: "NonIndexed",
  restartPolicy: "Never",
  suspend: false,
  namespaceReference: { kind: "KubernetesNamespace", fieldPath: "spec.name" },
} as const satisfies {
  createNamespace: boolean;
  resources: Record<"limits" | "requests", Record<"cpu" | "memory", string>>;
  parallelism: number;
  completions: number;
  backoffLimit: number;
  completionMode: "NonIndexed" | "Indexed";
  restartPolicy: "Never" | "OnFailure";
  suspend: boolean;
  namespaceReference: { kind: string; fieldPath: string };
};

export const API_VERSION = "kubernetes.project-planton.org/v1";
export const KIND = "KubernetesJob";
