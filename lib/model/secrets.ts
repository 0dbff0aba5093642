/** The Secrets a Job's stack creates, whatever the dialect: values are base64 in the API. */
import type { ISecret } from "kubernetes-models/v1/Secret";

type ObjectMeta = NonNullable<ISecret["metadata"]>;

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** An Opaque Secret of the env values given in the manifest, or none when there are none. */
export function envValuesSecret(metadata: ObjectMeta, values: Record<string, string>): ISecret | undefined {
  if (Object.keys(values).length === 0) return undefined;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata,
    type: "Opaque",
    data: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, base64(value)])),
  };
}

/** The image pull Secret holding a Docker config JSON, or none without one. */
export function dockerConfigSecret(metadata: ObjectMeta, dockerConfigJson: string | undefined): ISecret | undefined {
  if (dockerConfigJson === undefined) return undefined;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata,
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": base64(dockerConfigJson) },
  };
}
