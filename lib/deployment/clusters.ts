/**
 * The clusters file: named clusters that `spec.targetCluster` selects, each with how to reach
 * it. Either a kubeconfig (path and context) or a host with its CA and an exec credential
 * plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin); never a static credential, so
 * no secret is written into the synthesized JSON: a host with a password, exec env variables and
 * args named like credentials are refused (the plugin inherits terraform's environment).
 */
import { isAbsolute, dirname, resolve } from "node:path";
import { z } from "zod";
import { CLUSTER_KINDS } from "../manifest";
import { readSettingsFile } from "../settings-file";
import { hasUrlPassword, namesCredential } from "./credentials";

/** Messages about exec's env and args never quote a value: it may be a credential. */
const NOT_SHOWN = { error: "must be a string (the value is not shown: it may be a credential)" };
const LEAVE_TO_ENVIRONMENT =
  "would be written into the stack file; leave it out: the exec plugin inherits the environment terraform runs in, so set it there";

function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return false;
  }
}

const execSchema = z
  .strictObject({
    apiVersion: z.string().min(1),
    command: z.string().min(1),
    args: z.array(z.string(NOT_SHOWN)).optional(),
    env: z.record(z.string(), z.string(NOT_SHOWN)).optional(),
  })
  .superRefine((exec, ctx) => {
    // exec.env is for settings such as AWS_PROFILE; credentials come from terraform's environment.
    for (const name of Object.keys(exec.env ?? {})) {
      if (namesCredential(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["env", name],
          message: `is a credential, which ${LEAVE_TO_ENVIRONMENT}`,
        });
      }
    }
    (exec.args ?? []).forEach((arg, index) => {
      const flag = /^--?([^=]+)(=?)/.exec(arg);
      if (flag && namesCredential(flag[1]) && (flag[2] === "=" || index + 1 < (exec.args ?? []).length)) {
        ctx.addIssue({
          code: "custom",
          path: ["args", index],
          message: `passes a credential (--${flag[1]}), which ${LEAVE_TO_ENVIRONMENT} or in a file the plugin reads`,
        });
      }
    });
  });

const clusterSchema = z
  .strictObject({
    kind: z.enum(CLUSTER_KINDS),
    name: z.string().min(1),
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    host: z
      .url({ error: "must be a URL such as https://203.0.113.10 (the value is not shown: it may hold a credential)" })
      .refine((url) => !hasUrlPassword(url) && !hasUserInfo(url), {
        message:
          "must not carry a user or password (user:password@host): it would be written into the stack file; authenticate with exec",
      })
      .optional(),
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
