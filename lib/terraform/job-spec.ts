import type { JobV1Spec } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { KubernetesJobSpec } from "../manifest/schema";
import { renderContainer } from "./container";
import { renderVolume } from "./volumes";

/** Names of the objects the Job's pod uses, as references where this component creates them. */
export interface JobReferences {
  readonly serviceAccountName: string;
  readonly envSecretsName?: string;
  readonly imagePullSecretNames: readonly string[];
  readonly configMapName: (name: string) => string;
}

/**
 * The Job's spec. A suspended Job is rendered with parallelism 0: the provider has no `suspend`
 * argument, and with parallelism 0 the Job controller starts no pods.
 */
export function renderJobSpec(
  spec: KubernetesJobSpec,
  podLabels: Record<string, string>,
  refs: JobReferences,
): JobV1Spec {
  const parallelism = spec.suspend ? 0 : spec.parallelism;
  return {
    ...(parallelism !== undefined ? { parallelism } : {}),
    ...(spec.completions !== undefined ? { completions: spec.completions } : {}),
    completionMode: spec.completionMode,
    backoffLimit: spec.backoffLimit,
    ...(spec.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
    // A string attribute in the provider.
    ...(spec.ttlSecondsAfterFinished !== undefined
      ? { ttlSecondsAfterFinished: String(spec.ttlSecondsAfterFinished) }
      : {}),
    template: {
      metadata: { labels: podLabels },
      spec: {
        serviceAccountName: refs.serviceAccountName,
        restartPolicy: spec.restartPolicy,
        container: [renderContainer(spec, refs.envSecretsName)],
        ...(refs.imagePullSecretNames.length > 0
          ? { imagePullSecrets: refs.imagePullSecretNames.map((name) => ({ name })) }
          : {}),
        ...(spec.volumeMounts?.length
          ? { volume: spec.volumeMounts.map((mount) => renderVolume(mount, refs.configMapName)) }
          : {}),
      },
    },
  };
}
