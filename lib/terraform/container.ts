import type { JobV1SpecTemplateSpecContainer } from "@cdktf/provider-kubernetes/lib/job-v1";
import { imageReference } from "../manifest/k8s/image";
import type { KubernetesJobSpec } from "../manifest/schema";
import { CONTAINER_NAME } from "../model/object-names";
import { renderEnv } from "./env";
import { renderVolumeMount } from "./volumes";

/** The Job's one container. */
export function renderContainer(
  spec: KubernetesJobSpec,
  envSecretsName: string | undefined,
): JobV1SpecTemplateSpecContainer {
  const { limits, requests } = spec.resources;
  return {
    name: CONTAINER_NAME,
    image: imageReference(spec.image.repo, spec.image.tag),
    ...(spec.command?.length ? { command: spec.command } : {}),
    ...(spec.args?.length ? { args: spec.args } : {}),
    resources: {
      limits: { cpu: limits.cpu, memory: limits.memory },
      requests: { cpu: requests.cpu, memory: requests.memory },
    },
    env: renderEnv(spec, envSecretsName),
    ...(spec.volumeMounts?.length ? { volumeMount: spec.volumeMounts.map(renderVolumeMount) } : {}),
  };
}
