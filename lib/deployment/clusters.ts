/**
 * The clusters file: named clusters that `spec.targetCluster` selects, each with how to reach
 * it. Either a kubeconfig (path and context) or a host with its CA and an exec credential
 * plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin); never a static credential, so
 * no secret is written into the synthesized JSON.
 */
import { isAbsolute, dirname, resolve } from "node:path";
import { z } from "zod";
import { CLUSTER_KINDS } from "../manifest";
import { readSettingsFile } from "../settings-file";

const execSchema = z.strictObject({
  apiVersion: z.string().min(1),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

const clusterSchema = z
  .strictObject({
    kind: z.enum(CLUSTER_KINDS),
    name: z.string().min(1),
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    host: z.url().optional(),
    clusterCaCertificate: z
      .string()
      .refine((pem) => pem.trimStart().startsWith("-----BEGIN CERTIFICATE-----"), {
        message: "must be a PEM certificate (-----BEGIN CERTIFICATE-----); decode a kubeconfig's base64 data first",
      })
      .optional(),
    exec: execSchema.optional(),
  })
  .superRefine((cluster, ctx) => {
    if ((cluster.kubeconfig === undefined) === (cluster.host === undefined)) {
      ctx.addIssue({ code: "custom", message: "needs exactly one of kubeconfig (with an optional context) or host" });
    }
    if (cluster.host !== undefined && cluster.exec === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["exec"],
        message: "is required with host: an exec credential plugin (static credentials are not written into Terraform)",
      });
    }
    if (cluster.host !== undefined && cluster.context !== undefined) {
      ctx.addIssue({ code: "custom", path: ["context"], message: "only applies with kubeconfig" });
    }
  });

export const clustersFileSchema = z.strictObject({ clusters: z.array(clusterSchema) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.clusters.forEach((cluster, index) => {
    const key = `${cluster.kind}/${cluster.name}`;
    if (seen.has(key))
      ctx.addIssue({ code: "custom", path: ["clusters", index, "name"], message: `${key} is defined twice` });
    seen.add(key);
  });
});

export type ClusterConnection = z.output<typeof clusterSchema>;

/** Reads a clusters file; kubeconfig paths in it are relative to the file. */
export function loadClustersFile(file: string): ClusterConnection[] {
  const { clusters } = readSettingsFile(file, clustersFileSchema, "clusters file");
  return clusters.map((cluster) =>
    cluster.kubeconfig && !isAbsolute(cluster.kubeconfig) && !cluster.kubeconfig.startsWith("~")
      ? { ...cluster, kubeconfig: resolve(dirname(file), cluster.kubeconfig) }
      : cluster,
  );
}
