/**
 * The clusters file: named clusters that `spec.targetCluster` selects, each with how to reach
 * it. Either a kubeconfig (path and context) or a host with its CA and an exec credential
 * plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin); never a static credential, so
 * no secret is written into the synthesized JSON: a host with a password, exec env variables and
 * args named like credentials, and any string of a cluster holding one (a URL with a password or
 * a token in its query, `NAME=value` of a credential) are refused (the plugin inherits
 * terraform's environment).
 */
import { basename, dirname, resolve } from "node:path";
import { z } from "zod";
import { CLUSTER_KINDS } from "../manifest/schema";
import { readSettingsFile } from "../manifest/yaml-file";
import { credentialProblem, hasUrlPassword, namesCredential, showName } from "./credentials";
import { kubeconfigFile, kubeconfigPathSchema, type KubeconfigFile } from "./kubeconfig";

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

/**
 * Programs whose `-p` is the password (`az login -p`, `oc login -p`). Elsewhere `-p` is a port,
 * a profile or a project (psql, aws-vault, gcloud), so a single letter says nothing by itself:
 * only these programs' documented password flag is refused; a long flag is judged by its name.
 */
const PASSWORD_SHORT_FLAG_PROGRAMS = new Set(["az", "oc"]);
/** `az ... -p value` inside one argument (a shell line given to `sh -c`). */
const SHORT_PASSWORD_IN_TEXT = /(?:^|[\s/;&|(])(az|oc)\s+(?:[^;&|\n]*?\s)?-p(?:=|\s+)?(?=[^\s-])/;

/** The program an exec runs: the command, or the one `env` runs after its options and assignments. */
function programOf(command: string, args: readonly string[]): { name: string; from: number } {
  const name = basename(command);
  if (name !== "env") return { name, from: 0 };
  const index = args.findIndex((arg) => !arg.startsWith("-") && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg));
  return index < 0 ? { name, from: 0 } : { name: basename(args[index]), from: index + 1 };
}

/** Why exec's argument `index` passes a credential by its flag, or undefined. */
function credentialFlag(args: readonly string[], index: number, program: { name: string; from: number }) {
  const arg = args[index];
  // A flag followed by another flag is a switch (`--oidc-use-access-token --token-cache-dir ...`).
  const hasNext = index + 1 < args.length && !args[index + 1].startsWith("-");
  // `--name=value`, `--name:value` (Windows-style), or `--name value` in the next argument.
  const flag = /^--?([^=:]+)([=:]?)/.exec(arg);
  const attached = flag ? arg.slice(flag[0].length) : "";
  const switched = flag !== null && flag[2] !== "" && /^(true|false)$/i.test(attached);
  if (flag && flag[1].length > 1 && namesCredential(flag[1]) && !switched && (flag[2] !== "" || hasNext)) {
    return `--${showName(flag[1]) ?? "(a name that is not shown)"}`;
  }
  if (index >= program.from && PASSWORD_SHORT_FLAG_PROGRAMS.has(program.name)) {
    if ((arg === "-p" && hasNext) || /^-p=?[^=]/.test(arg)) return `-p of ${program.name}`;
  }
  const inText = SHORT_PASSWORD_IN_TEXT.exec(arg);
  return inText ? `-p of ${inText[1]}` : undefined;
}

const execSchema = z
  .strictObject({
    apiVersion: z.string().min(1),
    command: z.string().min(1),
    args: z.array(z.string(NOT_SHOWN)).optional(),
    env: z.record(z.string(), z.string(NOT_SHOWN)).optional(),
  })
  .superRefine((exec, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    for (const [field, value] of [
      ["apiVersion", exec.apiVersion],
      ["command", exec.command],
    ] as const) {
      const found = credentialProblem(value);
      if (found) problem([field], `${found}, which ${LEAVE_TO_ENVIRONMENT}`);
    }
    const args = exec.args ?? [];
    const program = programOf(exec.command, args);
    args.forEach((arg, index) => {
      const flag = credentialFlag(args, index, program);
      if (flag) {
        problem(
          ["args", index],
          `passes a credential (${flag}), which ${LEAVE_TO_ENVIRONMENT} or in a file the plugin reads`,
        );
        return;
      }
      const found = credentialProblem(arg);
      if (found) problem(["args", index], `${found}, which ${LEAVE_TO_ENVIRONMENT}`);
    });
    // exec.env is for settings such as AWS_PROFILE; credentials come from terraform's environment.
    for (const [name, value] of Object.entries(exec.env ?? {})) {
      if (namesCredential(name)) {
        problem(["env", name], `is a credential, which ${LEAVE_TO_ENVIRONMENT}`);
        continue;
      }
      const found = credentialProblem(value);
      if (found) problem(["env", name], `${found}, which ${LEAVE_TO_ENVIRONMENT}`);
    }
  });

const IN_STACK = "which would be written into the stack file";
const HOST_INSTEAD =
  "authenticate with exec, whose plugin reads its credentials from the environment terraform runs in";
const KUBECONFIG_INSTEAD = "keep credentials in the kubeconfig file, not in its path or context name";

const clusterSchema = z
  .strictObject({
    kind: z.enum(CLUSTER_KINDS),
    name: z.string().min(1),
    kubeconfig: kubeconfigPathSchema.optional(),
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
    // Every other string that reaches the provider block (user:password@ in host is refused above).
    const host = cluster.host !== undefined && !hasUrlPassword(cluster.host) && !hasUserInfo(cluster.host);
    for (const [field, value, instead] of [
      ["host", host ? cluster.host : undefined, HOST_INSTEAD],
      ["kubeconfig", cluster.kubeconfig, KUBECONFIG_INSTEAD],
      ["context", cluster.context, KUBECONFIG_INSTEAD],
    ] as const) {
      const found = value === undefined ? undefined : credentialProblem(value);
      if (found) ctx.addIssue({ code: "custom", path: [field], message: `${found}, ${IN_STACK}; ${instead}` });
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

/** A cluster of the file; its kubeconfig keeps the path as written (see lib/deployment/kubeconfig.ts). */
export type ClusterConnection = Omit<z.output<typeof clusterSchema>, "kubeconfig"> & {
  readonly kubeconfig?: KubeconfigFile;
};

/** Reads a clusters file; kubeconfig paths in it are relative to the file. */
export function loadClustersFile(file: string): ClusterConnection[] {
  const { clusters } = readSettingsFile(file, clustersFileSchema, "clusters file");
  const base = dirname(resolve(file));
  return clusters.map(({ kubeconfig, ...cluster }) =>
    kubeconfig === undefined ? cluster : { ...cluster, kubeconfig: kubeconfigFile(kubeconfig, base) },
  );
}
